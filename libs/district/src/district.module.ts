import { Module } from '@nestjs/common';
import { AuditModule } from '@tongxin/audit';
import { DistrictClockService } from './district-clock.service';
import { DistrictController } from './district.controller';
import { DistrictService } from './district.service';

@Module({
  imports: [AuditModule],
  controllers: [DistrictController],
  providers: [DistrictService, DistrictClockService],
  exports: [DistrictClockService],
})
export class DistrictModule {}
