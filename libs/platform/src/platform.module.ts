import { Module } from '@nestjs/common';
import { AuditModule, AuditQueryModule } from '@tongxin/audit';
import { IdentityModule } from '@tongxin/identity';
import { RolesModule } from '@tongxin/roles';
import { OperatorAuthService } from './operator-auth.service';
import { PlatformController } from './platform.controller';
import { TenantProvisioningService } from './tenant-provisioning.service';

@Module({
  imports: [AuditModule, AuditQueryModule, IdentityModule, RolesModule],
  controllers: [PlatformController],
  providers: [OperatorAuthService, TenantProvisioningService],
  exports: [TenantProvisioningService],
})
export class PlatformModule {}
