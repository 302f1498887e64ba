import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditService } from '@tongxin/audit';
import type { OperatorContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { conflict, notFound, isUuid, pageOf, type Page, type PageQueryDto } from '@tongxin/http';
import { assertStrongPassword, hashPassword, User } from '@tongxin/identity';
import { OrgUnit } from '@tongxin/org';
import { RoleAssignment, RoleService } from '@tongxin/roles';
import { Tenant, type TenantStatus } from '@tongxin/tenancy';
import type { ProvisionedTenantDto, ProvisionTenantDto, TenantDto } from './platform.dto';

const toTenantDto = (t: Tenant): TenantDto => ({
  id: t.id,
  code: t.code,
  name: t.name,
  divisionCode: t.divisionCode,
  status: t.status,
  createdAt: t.createdAt,
});

/**
 * A district's tenant comes to life in one transaction: the tenant row, its level-1 root unit,
 * the system roles, and the first district administrator assigned at the root.
 */

/** A status as a message names it (`租户已处于暂停状态`); English keeps the key the API uses. */
const TENANT_STATUS_NAMES: Record<TenantStatus, { 'zh-CN': string; en: string }> = {
  active: { 'zh-CN': '启用', en: 'active' },
  suspended: { 'zh-CN': '暂停', en: 'suspended' },
};
@Injectable()
export class TenantProvisioningService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly roles: RoleService,
    private readonly audit: AuditService,
  ) {}

  /** One row per district: a few thousand at most, read whole and paged in memory. */
  list(query: PageQueryDto): Promise<Page<TenantDto>> {
    return this.tx.platform(async (em) =>
      pageOf((await em.find(Tenant, { order: { code: 'ASC' } })).map(toTenantDto), query),
    );
  }

  async provision(
    actor: Pick<OperatorContext, 'operatorId' | 'requestId' | 'sourceAddress'> | null,
    dto: ProvisionTenantDto,
  ): Promise<ProvisionedTenantDto> {
    assertStrongPassword(dto.admin.password, { username: dto.admin.username });
    const passwordHash = await hashPassword(dto.admin.password);
    const tenantId = uuidv7();
    const rootUnitId = uuidv7();
    const adminUserId = uuidv7();
    await this.tx.platform(async (em) => {
      if (await em.existsBy(Tenant, { code: dto.code })) throw conflict('TENANT_CODE_TAKEN', { code: dto.code });
      await em.insert(Tenant, {
        id: tenantId,
        code: dto.code,
        name: dto.name,
        divisionCode: dto.divisionCode,
        status: 'active',
      });
      // Same transaction, now with the new tenant set, so a failure leaves no half-made tenant.
      await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      const root = {
        tenantId,
        id: rootUnitId,
        parentId: null,
        level: 1,
        code: dto.divisionCode,
        name: dto.rootUnitName ?? `${dto.name}委`,
        districtId: rootUnitId,
        streetId: null,
        communityId: null,
        gridId: null,
        groupId: null,
      };
      await em.insert(OrgUnit, root);
      const roleIds = await this.roles.seedSystemRoles(em, tenantId);
      await em.insert(User, {
        tenantId,
        id: adminUserId,
        username: dto.admin.username,
        displayName: dto.admin.displayName,
        phone: dto.admin.phone ?? null,
        passwordHash,
        orgUnitId: rootUnitId,
        partnerBodyId: null,
        districtId: rootUnitId,
      });
      await em.insert(RoleAssignment, {
        tenantId,
        id: uuidv7(),
        userId: adminUserId,
        roleId: roleIds.get('district_admin')!,
        orgUnitId: rootUnitId,
        grantedBy: null,
        revokedAt: null,
        districtId: rootUnitId,
      });
      await this.audit.recordAs(em, tenantId, this.actor(actor), {
        action: 'tenant.provision',
        entity: 'tenant',
        entityId: tenantId,
        after: { code: dto.code, name: dto.name, divisionCode: dto.divisionCode, rootUnitId, adminUserId },
      });
      if (actor) await this.recordForOperators(em, actor, 'tenant.provision', tenantId, { code: dto.code });
    });
    const tenant = await this.tx.platform((em) => em.findOneByOrFail(Tenant, { id: tenantId }));
    return { ...toTenantDto(tenant), rootUnitId, adminUserId };
  }

  /** Suspending refuses the tenant's logins, refreshes and every request with an existing token. */
  setStatus(actor: OperatorContext | null, id: string, status: TenantStatus): Promise<TenantDto> {
    return this.tx.platform(async (em) => {
      if (!isUuid(id)) throw notFound('tenant');
      const tenant = await em.findOne(Tenant, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!tenant) throw notFound('tenant');
      if (tenant.status === status) throw conflict('TENANT_ALREADY_IN_STATE', { status: TENANT_STATUS_NAMES[status] });
      await em.update(Tenant, { id }, { status });
      await em.query(`select set_config('app.tenant_id', $1, true)`, [id]);
      await this.audit.recordAs(em, id, this.actor(actor), {
        action: status === 'suspended' ? 'tenant.suspend' : 'tenant.resume',
        entity: 'tenant',
        entityId: id,
        before: { status: tenant.status },
        after: { status },
      });
      if (actor)
        await this.recordForOperators(em, actor, status === 'suspended' ? 'tenant.suspend' : 'tenant.resume', id, {
          code: tenant.code,
        });
      return toTenantDto({ ...tenant, status });
    });
  }

  /** The operators' own trail (GET /api/v1/platform/audit) has what they did to districts too. */
  private recordForOperators(
    em: EntityManager,
    actor: Pick<OperatorContext, 'operatorId' | 'requestId' | 'sourceAddress'>,
    action: string,
    tenantId: string,
    after: object,
  ) {
    return this.audit.recordPlatform(
      em,
      {
        actorId: actor.operatorId,
        actorType: 'operator',
        requestId: actor.requestId,
        sourceAddress: actor.sourceAddress,
      },
      { action, entity: 'tenant', entityId: tenantId, tenantId, after },
    );
  }

  private actor(actor: Pick<OperatorContext, 'operatorId' | 'requestId' | 'sourceAddress'> | null) {
    return actor
      ? {
          actorId: actor.operatorId,
          actorType: 'operator' as const,
          requestId: actor.requestId,
          sourceAddress: actor.sourceAddress,
        }
      : { actorId: null, actorType: 'system' as const, requestId: null };
  }
}
