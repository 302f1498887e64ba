import { Module } from '@nestjs/common';
import { AuditModule } from '@tongxin/audit';
import { RoleAssignmentService } from './role-assignment.service';
import { RoleService } from './role.service';
import { RolesController } from './roles.controller';

@Module({
  imports: [AuditModule],
  controllers: [RolesController],
  providers: [RoleService, RoleAssignmentService],
  exports: [RoleService, RoleAssignmentService],
})
export class RolesModule {}
