import { Global, Module } from '@nestjs/common';
import { AuditModule } from '@tongxin/audit';
import { DistrictModule } from '@tongxin/district';
import { ListExporter } from './list-exporter';

/** The exporter, for every list's controller (core and, through the SDK, plugins'). */
@Global()
@Module({ imports: [AuditModule, DistrictModule], providers: [ListExporter], exports: [ListExporter] })
export class ExportsModule {}
