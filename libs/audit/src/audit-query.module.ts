import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditQueryService, PlatformAuditQueryService } from './audit-query.service';

/** District admins' view of the trail, and operators' of the platform's (their route is in libs/platform). */
@Module({
  controllers: [AuditController],
  providers: [AuditQueryService, PlatformAuditQueryService],
  exports: [AuditQueryService, PlatformAuditQueryService],
})
export class AuditQueryModule {}
