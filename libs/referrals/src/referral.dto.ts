import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@tongxin/http';
import type { Language } from '@tongxin/http';
import type { ReceivedReferral, ReferralKindView, ReferralView } from '@tongxin/plugin-sdk';

const STATUSES = ['pending', 'accepted', 'refused', 'resolved'] as const;

export class ReferralQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ example: 'mediation.dispute', description: 'One kind only' })
  @IsOptional()
  @IsString()
  @MaxLength(81)
  kind?: string;
}

export class RefuseReferralDto {
  @ApiProperty({ description: 'Why it does not belong here: the origin’s dispatcher reads it', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  reason!: string;
}

export class ReferralSourceDto {
  @ApiProperty({ example: 'grid' }) pluginId!: string;
  @ApiProperty() recordId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'WG-20261203-0001' }) ref!: string | null;
  @ApiProperty() unitId!: string;
}

export class ReferralTargetDto {
  @ApiProperty({ example: 'mediation' }) pluginId!: string;
  @ApiProperty({ description: 'The practice, in the caller’s language' }) pluginName!: string;
  @ApiProperty({ nullable: true, type: String }) unitId!: string | null;
  @ApiProperty({ nullable: true, type: String }) partnerBodyId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The unit’s or partner body’s name' }) name!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The target’s own record, once accepted' })
  recordId!: string | null;
  @ApiProperty({ nullable: true, type: String }) ref!: string | null;
}

export class ReferralOutcomeDto {
  @ApiProperty({ example: 'agreement' }) result!: string;
  @ApiProperty({ description: 'The outcome, in the caller’s language' }) name!: string;
  @ApiProperty() closedAt!: string;
}

export class ReferralDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'mediation.dispute' }) kind!: string;
  @ApiProperty({ description: 'The kind, in the caller’s language' }) kindName!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ type: ReferralSourceDto }) source!: ReferralSourceDto;
  @ApiProperty({ type: ReferralTargetDto }) target!: ReferralTargetDto;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String }) refusalReason!: string | null;
  @ApiProperty({ nullable: true, type: ReferralOutcomeDto }) outcome!: ReferralOutcomeDto | null;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ nullable: true, type: String }) acceptedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) refusedAt!: string | null;
}

/** One referral as its receivers open it: with what the origin sent (lists leave it out: it may hold personal data). */
export class ReceivedReferralDto extends ReferralDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the origin sent with it' })
  payload!: Record<string, unknown>;
}

export class ReferralPageDto {
  @ApiProperty({ type: [ReferralDto] }) items!: ReferralDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ReferralKindDto {
  @ApiProperty({ example: 'mediation.dispute' }) kind!: string;
  @ApiProperty() pluginId!: string;
  @ApiProperty({ description: 'The kind, in the caller’s language' }) name!: string;
  @ApiProperty({ description: 'The practice, in the caller’s language' }) pluginName!: string;
  @ApiProperty({ enum: ['unit', 'partner'] }) target!: string;
}

export class ReferralKindPageDto {
  @ApiProperty({ type: [ReferralKindDto] }) items!: ReferralKindDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

/** A referral as a receiver reads it in a list, names in their language. */
export function referralDto(view: ReferralView, lang: Language): ReferralDto {
  return {
    id: view.id,
    kind: view.kind,
    kindName: view.kindNames[lang],
    status: view.status,
    source: view.source,
    target: {
      pluginId: view.target.pluginId,
      pluginName: view.target.pluginNames[lang],
      unitId: view.target.unitId,
      partnerBodyId: view.target.partnerBodyId,
      name: view.target.name,
      recordId: view.target.recordId,
      ref: view.target.ref,
    },
    reason: view.reason,
    refusalReason: view.refusalReason,
    outcome: view.outcome
      ? { result: view.outcome.result, name: view.outcome.names[lang], closedAt: view.outcome.closedAt }
      : null,
    openedAt: view.openedAt,
    acceptedAt: view.acceptedAt,
    refusedAt: view.refusedAt,
  };
}

/** One referral as its receiver opens it: with what the origin sent. */
export function receivedReferralDto(view: ReceivedReferral, lang: Language): ReceivedReferralDto {
  return { ...referralDto(view, lang), payload: view.payload };
}

export function referralKindDto(kind: ReferralKindView, lang: Language): ReferralKindDto {
  return {
    kind: kind.kind,
    pluginId: kind.pluginId,
    name: kind.names[lang],
    pluginName: kind.pluginNames[lang],
    target: kind.target,
  };
}
