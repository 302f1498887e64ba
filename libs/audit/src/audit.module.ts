import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The writer, imported by every slice that writes. */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
