import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { canOn, findInScope, pageInScope } from '@tongxin/access';
import { AuditService } from '@tongxin/audit';
import type { RequestContext } from '@tongxin/context';
import { scopeOf, TenantTransaction } from '@tongxin/database';
import { conflict, maskPhone, pageOf, parseSort, type Page, type PageQueryDto } from '@tongxin/http';
import { escapeLike, OrgUnit } from '@tongxin/org';
import { PartnerBody } from './partner-body.entity';
import {
  toPartnerBodyDto,
  type CreatePartnerBodyDto,
  type PartnerBodyDto,
  type PartnerBodyQueryDto,
  PARTNER_BODY_SORTS,
  type PartnerTypeDto,
  type UpdatePartnerBodyDto,
} from './partner-body.dto';
import { PartnerTypeRegistry } from './partner-type.registry';

/**
 * Bodies outside the tree. A body linked to a unit is managed within that unit's subtree; an
 * unlinked one is district-wide and needs district scope.
 */
@Injectable()
export class PartnerBodyService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly audit: AuditService,
    private readonly types: PartnerTypeRegistry,
  ) {}

  listTypes(ctx: RequestContext, query: PageQueryDto): Page<PartnerTypeDto> {
    return pageOf(
      this.types.all().map((t) => ({ key: t.key, name: t[ctx.lang] })),
      query,
    );
  }

  list(ctx: RequestContext, query: PartnerBodyQueryDto): Promise<Page<PartnerBodyDto>> {
    const sort = parseSort(query.sort, PARTNER_BODY_SORTS, 'createdAt');
    return this.tx.run(ctx.tenantId, async (em) => {
      const qb = em.createQueryBuilder(PartnerBody, 'p');
      if (query.type) qb.andWhere('p.type = :type', { type: query.type });
      if (query.q) qb.andWhere(`p.name like :q escape '\\'`, { q: `%${escapeLike(query.q)}%` });
      return pageInScope(qb, ctx, 'partner.read', query, (p) => this.view(ctx, p), sort);
    });
  }

  get(ctx: RequestContext, id: string): Promise<PartnerBodyDto> {
    return this.tx.run(ctx.tenantId, async (em) =>
      this.view(ctx, await findInScope(em, PartnerBody, ctx, id, 'partner.read', 'partner_body')),
    );
  }

  /** The contact's phone in full for those who manage the body (`partner.write`); masked for readers. */
  private view(ctx: RequestContext, body: PartnerBody): PartnerBodyDto {
    const dto = toPartnerBodyDto(body);
    if (!canOn(ctx.ability, 'partner.write', scopeOf(body))) dto.contactPhone = maskPhone(dto.contactPhone);
    return dto;
  }

  create(ctx: RequestContext, dto: CreatePartnerBodyDto): Promise<PartnerBodyDto> {
    this.types.assertKnown(dto.type);
    return this.tx.run(ctx.tenantId, async (em) => {
      const unit = await this.owningUnit(em, ctx, dto.orgUnitId ?? null);
      const id = uuidv7();
      await em.insert(PartnerBody, {
        tenantId: ctx.tenantId,
        id,
        type: dto.type,
        name: dto.name,
        creditCode: dto.creditCode ?? null,
        contactName: dto.contactName ?? null,
        contactPhone: dto.contactPhone ?? null,
        orgUnitId: dto.orgUnitId ?? null,
        ...scopeOf(unit),
      });
      const saved = await em.findOneByOrFail(PartnerBody, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, {
        action: 'partner.create',
        entity: 'partner_body',
        entityId: id,
        after: saved,
      });
      return toPartnerBodyDto(saved);
    });
  }

  update(ctx: RequestContext, id: string, dto: UpdatePartnerBodyDto): Promise<PartnerBodyDto> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const before = await findInScope(em, PartnerBody, ctx, id, 'partner.write', 'partner_body', 'partner.read');
      const changes: Partial<PartnerBody> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.creditCode !== undefined) changes.creditCode = dto.creditCode;
      if (dto.contactName !== undefined) changes.contactName = dto.contactName;
      if (dto.contactPhone !== undefined) changes.contactPhone = dto.contactPhone;
      if (dto.orgUnitId !== undefined && dto.orgUnitId !== before.orgUnitId) {
        const unit = await this.owningUnit(em, ctx, dto.orgUnitId);
        Object.assign(changes, { orgUnitId: dto.orgUnitId, ...scopeOf(unit) });
      }
      await em.update(PartnerBody, { tenantId: ctx.tenantId, id }, changes);
      const after = await em.findOneByOrFail(PartnerBody, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, {
        action: 'partner.update',
        entity: 'partner_body',
        entityId: id,
        before,
        after,
      });
      return toPartnerBodyDto(after);
    });
  }

  remove(ctx: RequestContext, id: string): Promise<void> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const before = await findInScope(em, PartnerBody, ctx, id, 'partner.write', 'partner_body', 'partner.read');
      const members = await em.query<unknown[]>('select 1 from users where partner_body_id = $1 limit 1', [id]);
      if (members.length > 0) throw conflict('UNIT_HAS_MEMBERS');
      await em.delete(PartnerBody, { tenantId: ctx.tenantId, id });
      await this.audit.record(em, ctx, { action: 'partner.delete', entity: 'partner_body', entityId: id, before });
    });
  }

  /** The unit whose scope the body takes: the linked one, or the district root when unlinked. */
  private async owningUnit(em: EntityManager, ctx: RequestContext, orgUnitId: string | null): Promise<OrgUnit> {
    return findInScope(em, OrgUnit, ctx, orgUnitId ?? ctx.rootUnitId, 'partner.write', 'org_unit', 'org.read');
  }
}
