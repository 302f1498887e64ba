import { Module } from '@nestjs/common';
import { AuditModule } from '@tongxin/audit';
import { OrgImportService } from './import/org-import.service';
import { OrgUnitController } from './org-unit.controller';
import { OrgUnitService } from './org-unit.service';

@Module({
  imports: [AuditModule],
  controllers: [OrgUnitController],
  providers: [OrgUnitService, OrgImportService],
  exports: [OrgUnitService],
})
export class OrgModule {}
