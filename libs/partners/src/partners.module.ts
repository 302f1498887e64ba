import { Global, Module } from '@nestjs/common';
import { AuditModule } from '@tongxin/audit';
import { PartnerBodyService } from './partner-body.service';
import { PartnerTypeRegistry } from './partner-type.registry';
import { PartnersController } from './partners.controller';

// Global so the plugin host can register partner types plugins contribute.
@Global()
@Module({
  imports: [AuditModule],
  controllers: [PartnersController],
  providers: [PartnerBodyService, PartnerTypeRegistry],
  exports: [PartnerBodyService, PartnerTypeRegistry],
})
export class PartnersModule {}
