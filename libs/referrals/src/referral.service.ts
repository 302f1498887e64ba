import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { canOn, canSomewhere, scopeFilter } from '@tongxin/access';
import { AuditService, type AuditActor } from '@tongxin/audit';
import type { AppAbility, RequestContext } from '@tongxin/context';
import { scopeOf, TenantTransaction, type Scope } from '@tongxin/database';
import {
  decodeCursor,
  DomainError,
  isUuid,
  notFound,
  pageSize,
  toPage,
  ValidationFailed,
  type Page,
} from '@tongxin/http';
import { Clock, OutboxRelay, OutboxWriter, type TaskData } from '@tongxin/jobs';
import { NotificationService } from '@tongxin/notifications';
import type {
  Names,
  OpenReferralInput,
  ReceivedReferral,
  ReferralKindView,
  ReferralStatus,
  ReferralView,
} from '@tongxin/plugin-sdk';
import { ReferralDirectory, type ReferralKind } from './referral-directory';
import { Referral } from './referral.entity';
import { OPEN_STATUSES, REFERRAL_TRANSITIONS, STATUS_NAMES, type ReferralAction } from './referral-states';
import type { ReferralQueryDto } from './referral.dto';

/** Who acts on a referral: the signed-in caller (with their grants), or the system (jobs, events). */
export interface ReferralActor {
  userId: string | null;
  requestId: string | null;
  sourceAddress?: string | null;
  /** Absent for the system: then no scope applies (the plugin's own bookkeeping). */
  ability?: AppAbility;
  anonymous?: boolean;
}

/** The longest reason (open, refuse) a referral keeps. */
const MAX_REASON = 500;

const SCOPE_COLUMNS_SQL = `district_id as "districtId", street_id as "streetId", community_id as "communityId",
  grid_id as "gridId", group_id as "groupId"`;

const unknownNames = (key: string): Names => ({ 'zh-CN': key, en: key });

/**
 * Referrals between practices: opened by the origin plugin inside its own transaction
 * (`tx.referrals.open`), accepted or refused by the target's receivers (`/api/v1/referrals`),
 * resolved by the target plugin (`tx.referrals.reportOutcome`). Each change reaches the other side
 * through the outbox; what a disabled plugin missed is sent again when it is enabled (`resume`).
 */
@Injectable()
export class ReferralService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly directory: ReferralDirectory,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly clock: Clock,
  ) {}

  // ---- The origin's side, through the SDK (inside the origin plugin's transaction) ----

  async open(
    em: EntityManager,
    tenantId: string,
    originPluginId: string,
    actor: ReferralActor,
    input: OpenReferralInput,
    now: Date,
  ): Promise<ReferralView> {
    const kind = this.directory.kind(String(input.kind ?? ''));
    if (!kind) throw new DomainError('REFERRAL_KIND_NOT_FOUND', 404, { kind: String(input.kind ?? '') });
    if (!(await this.directory.isEnabled(em, kind.pluginId)))
      throw new DomainError('REFERRAL_TARGET_DISABLED', 409, { plugin: kind.pluginNames }, { plugin: kind.pluginId });
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (!reason || reason.length > MAX_REASON)
      throw new DomainError('REFERRAL_REASON_REQUIRED', 400, { max: MAX_REASON });
    const sourceUnit = await this.unitScope(em, input.recordUnitId);
    if (!sourceUnit) throw notFound('org_unit');
    const target = await this.resolveTarget(em, kind, actor, sourceUnit, input);
    const payload = this.validPayload(kind, input.payload);
    const open: unknown[] = await em.query(
      `select 1 from referrals where source_plugin_id = $1 and source_record_id = $2 and kind = $3
          and status = any($4::text[]) limit 1`,
      [originPluginId, input.recordId, kind.kind, OPEN_STATUSES],
    );
    if (open.length) throw new DomainError('REFERRAL_ALREADY_OPEN', 409, { kind: kind.declaration.names });

    const row = em.create(Referral, {
      tenantId,
      id: uuidv7(),
      ...target.scope,
      kind: kind.kind,
      targetPluginId: kind.pluginId,
      targetUnitId: target.unitId,
      targetPartnerBodyId: target.partnerBodyId,
      sourcePluginId: originPluginId,
      sourceRecordId: input.recordId,
      sourceRef: input.recordRef ?? null,
      sourceUnitId: input.recordUnitId,
      status: 'pending',
      reason,
      payload,
      openedBy: actor.userId,
      openedAt: now,
      targetRecordId: null,
      targetRef: null,
      acceptedBy: null,
      acceptedAt: null,
      refusalReason: null,
      refusedBy: null,
      refusedAt: null,
      result: null,
      resolvedAt: null,
      targetNotified: false,
      originSeenStatus: null,
    });
    await em.insert(Referral, row as never);
    await this.tell(em, tenantId, kind.pluginId, 'referral.received', { referralId: row.id }, actor.userId);
    await this.record(em, tenantId, actor, 'referral.open', row, null, this.auditFacts(row));
    return this.view(em, row);
  }

  /** The referrals of an origin plugin's records, newest first. */
  async ofRecords(em: EntityManager, pluginId: string, recordIds: readonly string[]): Promise<ReferralView[]> {
    const ids = [...new Set(recordIds)].filter((id) => isUuid(id));
    if (!ids.length) return [];
    const rows = await em
      .createQueryBuilder(Referral, 'r')
      .where('r.source_plugin_id = :pluginId and r.source_record_id = any(cast(:ids as uuid[]))', { pluginId, ids })
      .orderBy('r.id', 'DESC')
      .getMany();
    return this.views(em, rows);
  }

  /** A referral the plugin opened or receives (with what the origin sent), or null. */
  async getForPlugin(em: EntityManager, pluginId: string, id: string): Promise<ReceivedReferral | null> {
    const row = isUuid(id) ? await em.findOneBy(Referral, { id }) : null;
    if (!row || (row.sourcePluginId !== pluginId && row.targetPluginId !== pluginId)) return null;
    return this.received(em, row);
  }

  /** The target plugin reports what became of the case: the referral is resolved, the origin told. */
  async reportOutcome(
    em: EntityManager,
    tenantId: string,
    pluginId: string,
    actor: ReferralActor,
    id: string,
    outcome: { result: string; closedAt?: Date },
    now: Date,
  ): Promise<ReferralView> {
    const row = await this.lock(em, id);
    if (!row || row.targetPluginId !== pluginId) throw notFound('referral');
    const kind = this.directory.kind(row.kind);
    if (!kind?.declaration.outcomes[outcome.result])
      throw new Error(`${pluginId}: "${outcome.result}" is not an outcome of referral kind ${row.kind}`);
    const before = this.auditFacts(row);
    this.move(row, 'resolve', 'REFERRAL_NOT_ACCEPTED');
    row.result = outcome.result;
    row.resolvedAt = outcome.closedAt ?? now;
    await em.save(row);
    await this.tell(
      em,
      tenantId,
      row.sourcePluginId,
      'referral.updated',
      { referralId: row.id, change: 'resolved' },
      actor.userId,
    );
    await this.record(em, tenantId, actor, 'referral.resolve', row, before, this.auditFacts(row));
    return this.view(em, row);
  }

  /**
   * The kinds the district may refer to: those of the plugins it has enabled (`enabled`, when the
   * request already knows them: a page of cases asks once per case, and asks no query).
   */
  async enabledKinds(em: EntityManager, known?: readonly string[]): Promise<ReferralKindView[]> {
    const kinds = this.directory.kinds();
    if (!kinds.length) return [];
    const enabled = known ?? (await this.enabledPlugins(em));
    return kinds
      .filter((k) => enabled.includes(k.pluginId))
      .map((k) => ({
        kind: k.kind,
        pluginId: k.pluginId,
        names: k.declaration.names,
        pluginNames: k.pluginNames,
        target: k.declaration.target,
      }));
  }

  // ---- The receivers' side, through /api/v1/referrals ----

  /** Referrals the caller may receive: of the enabled kinds whose permission they hold over the target. */
  list(ctx: RequestContext, query: ReferralQueryDto): Promise<Page<ReferralView>> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const limit = pageSize(query);
      const branches: string[] = [];
      const params: Record<string, unknown> = {};
      this.directory
        .kinds()
        .filter((k) => ctx.enabledPlugins.includes(k.pluginId))
        .filter((k) => !query.kind || k.kind === query.kind)
        .forEach((k, i) => {
          const condition = this.receiverCondition(ctx, k, i);
          if (!condition) return;
          branches.push(`(r.kind = :kind${i} and ${condition.sql})`);
          Object.assign(params, condition.params, { [`kind${i}`]: k.kind });
        });
      if (!branches.length) return { items: [], nextCursor: null };
      const qb = em
        .createQueryBuilder(Referral, 'r')
        .where(`(${branches.join(' or ')})`, params)
        .orderBy('r.id', 'DESC')
        .limit(limit + 1);
      if (query.status) qb.andWhere('r.status = :status', { status: query.status });
      const after = decodeCursor(query.cursor);
      if (after) qb.andWhere('r.id < :after', { after });
      const rows = await qb.getMany();
      const views = await this.views(em, rows);
      return toPage(views, limit, (v) => v);
    });
  }

  get(ctx: RequestContext, id: string): Promise<ReceivedReferral> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const row = isUuid(id) ? await em.findOneBy(Referral, { id }) : null;
      if (!row || !this.mayReceive(ctx, row)) throw notFound('referral');
      return this.received(em, row);
    });
  }

  /** The receiver takes it on: the target plugin creates its own record, linked; the origin is told. */
  async accept(ctx: RequestContext, id: string): Promise<ReceivedReferral> {
    const result = await this.tx.run(ctx.tenantId, async (em) => {
      const { row, kind } = await this.forReceiver(em, ctx, id);
      const before = this.auditFacts(row);
      this.move(row, 'accept', 'REFERRAL_NOT_PENDING');
      const created = await this.directory.accept(em, ctx, kind, await this.received(em, row));
      Object.assign(row, {
        targetRecordId: created.recordId,
        targetRef: created.ref ?? null,
        acceptedBy: ctx.userId,
        acceptedAt: this.clock.now(),
      });
      await em.save(row);
      await this.tell(
        em,
        ctx.tenantId,
        row.sourcePluginId,
        'referral.updated',
        { referralId: row.id, change: 'accepted' },
        ctx.userId,
      );
      await this.audit.record(em, ctx, {
        action: 'referral.accept',
        entity: 'referral',
        entityId: row.id,
        before,
        after: this.auditFacts(row),
      });
      return this.received(em, row);
    });
    this.relay.kick(ctx.tenantId);
    return result;
  }

  /** The receiver hands it back with a reason: the origin's dispatcher gets it again, never lost. */
  async refuse(ctx: RequestContext, id: string, reasonGiven: string | undefined): Promise<ReceivedReferral> {
    const reason = typeof reasonGiven === 'string' ? reasonGiven.trim() : '';
    const result = await this.tx.run(ctx.tenantId, async (em) => {
      const { row } = await this.forReceiver(em, ctx, id);
      if (!reason || reason.length > MAX_REASON)
        throw new DomainError('REFERRAL_REASON_REQUIRED', 400, { max: MAX_REASON });
      const before = this.auditFacts(row);
      this.move(row, 'refuse', 'REFERRAL_NOT_PENDING');
      Object.assign(row, { refusalReason: reason, refusedBy: ctx.userId, refusedAt: this.clock.now() });
      await em.save(row);
      await this.tell(
        em,
        ctx.tenantId,
        row.sourcePluginId,
        'referral.updated',
        { referralId: row.id, change: 'refused' },
        ctx.userId,
      );
      await this.notifyOpenerOfRefusal(em, ctx.tenantId, row);
      await this.audit.record(em, ctx, {
        action: 'referral.refuse',
        entity: 'referral',
        entityId: row.id,
        before,
        after: this.auditFacts(row),
      });
      return this.received(em, row);
    });
    this.relay.kick(ctx.tenantId);
    return result;
  }

  // ---- Delivery (the worker) and resumption (enabling a plugin) ----

  /** Runs a referral's news in the plugin it concerns, inside the task's transaction and receipt. */
  async deliver(em: EntityManager, task: TaskData): Promise<void> {
    const referralId = typeof task.payload.referralId === 'string' ? task.payload.referralId : '';
    const row = isUuid(referralId) ? await this.lock(em, referralId) : null;
    if (!row) return;
    if (task.name === 'referral.received') {
      const kind = this.directory.kind(row.kind);
      // Accepted or refused before the news arrived (a redelivery, or a quick receiver): nothing to tell.
      if (kind && row.status === 'pending' && !row.targetNotified)
        await this.directory.received(em, task.tenantId, kind, await this.received(em, row));
      row.targetNotified = true;
    } else if (task.name === 'referral.updated') {
      const change = task.payload.change as Exclude<ReferralStatus, 'pending'>;
      await this.directory.updated(em, task.tenantId, row.sourcePluginId, change, await this.view(em, row));
      row.originSeenStatus = change;
    } else throw new Error(`unknown referral news ${task.name}`);
    await em.save(row);
  }

  /**
   * When a district enables a plugin again: sends the news it missed while it was off (referrals
   * that arrived for it, changes to those it opened). Returns how many.
   */
  async resume(em: EntityManager, tenantId: string, pluginId: string): Promise<number> {
    const arrived: { id: string }[] = await em.query(
      `select id from referrals where target_plugin_id = $1 and status = 'pending' and not target_notified`,
      [pluginId],
    );
    for (const r of arrived) await this.tell(em, tenantId, pluginId, 'referral.received', { referralId: r.id }, null);
    const changed: { id: string; status: string }[] = await em.query(
      `select id, status from referrals where source_plugin_id = $1 and status <> 'pending'
          and origin_seen_status is distinct from status`,
      [pluginId],
    );
    for (const r of changed)
      await this.tell(em, tenantId, pluginId, 'referral.updated', { referralId: r.id, change: r.status }, null);
    return arrived.length + changed.length;
  }

  // ---- Helpers ----

  /** The one place a status changes: the transition must start from the row's status. */
  private move(row: Referral, action: ReferralAction, refusal: 'REFERRAL_NOT_PENDING' | 'REFERRAL_NOT_ACCEPTED') {
    const transition = REFERRAL_TRANSITIONS[action];
    if (row.status !== transition.from)
      throw new DomainError(refusal, 409, { status: STATUS_NAMES[row.status] }, { status: row.status });
    row.status = transition.to;
  }

  private async forReceiver(em: EntityManager, ctx: RequestContext, id: string) {
    const row = await this.lock(em, id);
    const kind = row ? this.directory.kind(row.kind) : null;
    if (!row || !kind || !this.mayReceive(ctx, row)) throw notFound('referral');
    if (!ctx.enabledPlugins.includes(kind.pluginId) || !(await this.directory.isEnabled(em, kind.pluginId)))
      throw new DomainError('REFERRAL_TARGET_DISABLED', 409, { plugin: kind.pluginNames }, { plugin: kind.pluginId });
    return { row, kind };
  }

  private lock(em: EntityManager, id: string): Promise<Referral | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return em.createQueryBuilder(Referral, 'r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  }

  private receiverPermission(kind: ReferralKind): string {
    return `plugin:${kind.pluginId}.${kind.declaration.permission}`;
  }

  /** A receiver holds the kind's permission over the target's scope, or works for the target body and holds it. */
  private mayReceive(ctx: RequestContext, row: Referral): boolean {
    const kind = this.directory.kind(row.kind);
    if (!kind) return false;
    const permission = this.receiverPermission(kind);
    if (canOn(ctx.ability, permission, scopeOf(row))) return true;
    return (
      row.targetPartnerBodyId !== null &&
      ctx.partnerBodyId === row.targetPartnerBodyId &&
      canSomewhere(ctx.ability, permission)
    );
  }

  /** `mayReceive` as SQL over alias `r`, parameters named apart per kind. */
  private receiverCondition(ctx: RequestContext, kind: ReferralKind, i: number) {
    const permission = this.receiverPermission(kind);
    const conditions: string[] = [];
    const params: Record<string, unknown> = {};
    const inScope = this.scopeSql(ctx.ability, permission, i);
    if (inScope) {
      conditions.push(inScope.sql);
      Object.assign(params, inScope.params);
    }
    if (ctx.partnerBodyId && kind.declaration.target === 'partner' && canSomewhere(ctx.ability, permission)) {
      conditions.push(`r.target_partner_body_id = :partner${i}`);
      params[`partner${i}`] = ctx.partnerBodyId;
    }
    return conditions.length ? { sql: `(${conditions.join(' or ')})`, params } : null;
  }

  /** scopeFilter over `r`, its parameters renamed apart for the kind's branch. */
  private scopeSql(
    ability: AppAbility,
    permission: string,
    i: number,
  ): { sql: string; params: Record<string, unknown> } | null {
    const filter = scopeFilter(ability, permission, 'r');
    if (filter.sql === 'FALSE') return null;
    const params = Object.fromEntries(Object.entries(filter.params).map(([name, value]) => [`k${i}_${name}`, value]));
    return { sql: filter.sql.replace(/:\.\.\.(scope_r_\w+)/g, `:...k${i}_$1`), params };
  }

  private async resolveTarget(
    em: EntityManager,
    kind: ReferralKind,
    actor: ReferralActor,
    sourceUnit: Scope & { id: string },
    input: OpenReferralInput,
  ): Promise<{ unitId: string | null; partnerBodyId: string | null; scope: Scope }> {
    const wanted = kind.declaration.target;
    const given = wanted === 'unit' ? input.targetUnitId : input.targetPartnerBodyId;
    const other = wanted === 'unit' ? input.targetPartnerBodyId : input.targetUnitId;
    if (!given || other) throw new DomainError('REFERRAL_TARGET_REQUIRED', 400, { target: TARGET_NAMES[wanted] });
    if (wanted === 'unit') {
      const unit = await this.unitScope(em, given);
      // The record's own unit and those above it (按责转办 goes up), or any unit the caller may read.
      const visible =
        unit &&
        (!actor.ability ||
          Object.values(scopeOf(sourceUnit)).includes(unit.id) ||
          canOn(actor.ability, 'org.read', scopeOf(unit)));
      if (!unit || !visible) throw notFound('org_unit');
      return { unitId: unit.id, partnerBodyId: null, scope: scopeOf(unit) };
    }
    const rows: (Scope & { id: string; orgUnitId: string | null })[] = isUuid(given)
      ? await em.query(
          `select id, org_unit_id as "orgUnitId", ${SCOPE_COLUMNS_SQL} from partner_bodies where id = $1`,
          [given],
        )
      : [];
    const body = rows[0];
    // As tx.partners.visibleTo: a body on the district's register, or one linked inside partner.read.
    const visible =
      body && (!actor.ability || body.orgUnitId === null || canOn(actor.ability, 'partner.read', scopeOf(body)));
    if (!body || !visible) throw notFound('partner_body');
    return { unitId: null, partnerBodyId: body.id, scope: scopeOf(body) };
  }

  private async unitScope(em: EntityManager, id: string | undefined): Promise<(Scope & { id: string }) | null> {
    if (!isUuid(id)) return null;
    const rows: (Scope & { id: string })[] = await em.query(
      `select id, ${SCOPE_COLUMNS_SQL} from org_units where id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The opener's payload against the kind's class: unknown properties refused, as for request bodies. */
  private validPayload(kind: ReferralKind, payload: Record<string, unknown> | undefined): Record<string, unknown> {
    const given = payload ?? {};
    const type = kind.declaration.payload;
    if (!type) return given;
    const errors = validateSync(plainToInstance(type, given), {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: false,
      validationError: { target: true, value: false },
    });
    if (errors.length) throw new ValidationFailed(errors);
    return given;
  }

  private async enabledPlugins(em: EntityManager): Promise<string[]> {
    const rows: { plugin_id: string }[] = await em.query('select plugin_id from tenant_plugins where enabled');
    return rows.map((r) => r.plugin_id);
  }

  private async tell(
    em: EntityManager,
    tenantId: string,
    pluginId: string,
    name: 'referral.received' | 'referral.updated',
    payload: Record<string, unknown>,
    actorId: string | null,
  ): Promise<void> {
    await this.outbox.write(em, tenantId, { kind: 'referral', pluginId, name, payload, actorId });
  }

  /** Whoever opened it hears it came back, in their language, whether or not the origin plugin does more. */
  private async notifyOpenerOfRefusal(em: EntityManager, tenantId: string, row: Referral): Promise<void> {
    if (!row.openedBy) return;
    const rows: { lang: 'zh-CN' | 'en' }[] = await em.query(
      'select preferred_language as lang from users where id = $1',
      [row.openedBy],
    );
    const lang = rows[0]?.lang ?? 'zh-CN';
    const kindName = this.directory.kind(row.kind)?.declaration.names[lang] ?? row.kind;
    const ref = row.sourceRef ?? row.sourceRecordId;
    await this.notifications.send(em, tenantId, null, {
      userIds: [row.openedBy],
      kind: 'referral.refused',
      title: lang === 'en' ? `Referral of ${ref} refused (${kindName})` : `${ref} 的移交被退回（${kindName}）`,
      body: row.refusalReason ?? '',
      data: { referralId: row.id, sourcePluginId: row.sourcePluginId, sourceRecordId: row.sourceRecordId },
      dedupeKey: `referral.refused:${row.id}`,
    });
  }

  private auditFacts(row: Referral) {
    return {
      kind: row.kind,
      status: row.status,
      source: { pluginId: row.sourcePluginId, recordId: row.sourceRecordId, ref: row.sourceRef },
      target: { unitId: row.targetUnitId, partnerBodyId: row.targetPartnerBodyId, recordId: row.targetRecordId },
      result: row.result,
    };
  }

  private record(
    em: EntityManager,
    tenantId: string,
    actor: ReferralActor,
    action: string,
    row: Referral,
    before: object | null,
    after: object,
  ): Promise<void> {
    const auditActor: AuditActor = {
      actorId: actor.userId,
      actorType: actor.userId ? 'user' : actor.anonymous ? 'anonymous' : 'system',
      requestId: actor.requestId,
      sourceAddress: actor.sourceAddress ?? null,
    };
    return this.audit.recordAs(em, tenantId, auditActor, {
      action,
      entity: 'referral',
      entityId: row.id,
      before,
      after,
    });
  }

  private async view(em: EntityManager, row: Referral): Promise<ReferralView> {
    return (await this.views(em, [row]))[0]!;
  }

  /** Views of a page of rows: the targets' names in one query. */
  private async views(em: EntityManager, rows: Referral[]): Promise<ReferralView[]> {
    if (!rows.length) return [];
    const names = new Map<string, string>();
    const found: { id: string; name: string }[] = await em.query(
      `select id, name from org_units where id = any($1::uuid[])
        union all select id, name from partner_bodies where id = any($2::uuid[])`,
      [
        rows.map((r) => r.targetUnitId).filter((id): id is string => !!id),
        rows.map((r) => r.targetPartnerBodyId).filter((id): id is string => !!id),
      ],
    );
    for (const f of found) names.set(f.id, f.name);
    return rows.map((r) => {
      const kind = this.directory.kind(r.kind);
      const outcomeNames = r.result ? (kind?.declaration.outcomes[r.result] ?? unknownNames(r.result)) : null;
      return {
        id: r.id,
        kind: r.kind,
        kindNames: kind?.declaration.names ?? unknownNames(r.kind),
        status: r.status,
        source: { pluginId: r.sourcePluginId, recordId: r.sourceRecordId, ref: r.sourceRef, unitId: r.sourceUnitId },
        target: {
          pluginId: r.targetPluginId,
          pluginNames: kind?.pluginNames ?? unknownNames(r.targetPluginId),
          unitId: r.targetUnitId,
          partnerBodyId: r.targetPartnerBodyId,
          name: names.get(r.targetUnitId ?? r.targetPartnerBodyId ?? '') ?? null,
          recordId: r.targetRecordId,
          ref: r.targetRef,
        },
        reason: r.reason,
        refusalReason: r.refusalReason,
        outcome:
          r.result && outcomeNames && r.resolvedAt
            ? { result: r.result, names: outcomeNames, closedAt: r.resolvedAt.toISOString() }
            : null,
        openedAt: r.openedAt.toISOString(),
        openedBy: r.openedBy,
        acceptedAt: r.acceptedAt?.toISOString() ?? null,
        refusedAt: r.refusedAt?.toISOString() ?? null,
      };
    });
  }

  private async received(em: EntityManager, row: Referral): Promise<ReceivedReferral> {
    return { ...(await this.view(em, row)), payload: row.payload };
  }
}

const TARGET_NAMES = {
  unit: { 'zh-CN': '接收组织', en: 'a target unit' },
  partner: { 'zh-CN': '接收单位（共建单位）', en: 'a target partner body' },
} as const;
