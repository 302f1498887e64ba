export * from './referral.entity';
export * from './referral-states';
export * from './referral-directory';
export * from './referral.service';
export * from './referral.dto';
export * from './referrals.controller';
