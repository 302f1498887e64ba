import { Global, Module } from '@nestjs/common';
import { AuditModule, AuditQueryModule } from '@tongxin/audit';
import { DistrictModule } from '@tongxin/district';
import { AuditEventsExportController } from './audit-events/audit-events-export.controller';
import { ListExporter } from './list-exporter';

/** The exporter, for every list's controller (core and, through the SDK, plugins'). */
@Global()
@Module({
  imports: [AuditModule, AuditQueryModule, DistrictModule],
  controllers: [AuditEventsExportController],
  providers: [ListExporter],
  exports: [ListExporter],
})
export class ExportsModule {}
