import {
  decodeCursor,
  Injectable,
  NotFoundError,
  pageSize,
  toPage,
  Tongxin,
  type PageQueryDto,
  type PluginRequestContext,
  type PluginTx,
  type Scope,
  type TenantRepository,
  isUuid,
  subtreeCondition,
  unitInScope,
  isUniqueViolation,
  pageOf,
} from '@tongxin/plugin-sdk';
import { COMMUNITY_LEVEL, PAIRING_MANAGE, PAIRING_READ, UNIT_PARTNER_TYPE } from '../constants';
import { callerPartner } from '../shared/scope';
import { DualReportAgreementItem, type AgreementItemKind } from './agreement-item.entity';
import { lockPairing, RENEWAL_TIMER, scheduleRenewal } from './pairing-timers';
import { itemsOf, LIST_OF_KIND, pairingDetail, pairingViews } from './pairing-views';
import { DualReportPairing } from './pairing.entity';
import type {
  AgreementItemDto,
  CreatePairingDto,
  ListPairingsQueryDto,
  PairingNoteDto,
  UnpairedUnitsView,
  UpdatePairingDto,
} from './pairings.dto';
import { pairingsErrors } from './errors';

type Line = AgreementItemDto & { kind: AgreementItemKind };

/**
 * 结对共建: a unit (机关企事业单位, 驻区单位) pairs with a community under a co-building agreement
 * with its three lists, for a term, reminded before it ends. Every unit must have a community:
 * the district sees which do not.
 */
@Injectable()
export class PairingsService {
  constructor(private readonly tongxin: Tongxin) {}

  create(ctx: PluginRequestContext, dto: CreatePairingDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const community = await tx.hierarchy.unit(dto.communityId);
      if (!community || !this.visible(ctx, community)) throw new NotFoundError('org_unit');
      this.tongxin.assertCan(ctx, PAIRING_MANAGE, community);
      if (community.level !== COMMUNITY_LEVEL) throw pairingsErrors.NOT_A_COMMUNITY({ unit: community.name });
      const unit = await tx.partners.visibleTo(ctx, dto.partnerId);
      if (!unit || unit.type !== UNIT_PARTNER_TYPE) throw pairingsErrors.NOT_A_UNIT({ id: dto.partnerId });
      assertTerm(dto.termStart, dto.termEnd);
      const lines: Line[] = (Object.keys(LIST_OF_KIND) as AgreementItemKind[]).flatMap((kind) =>
        (dto[LIST_OF_KIND[kind]] ?? []).map((item) => ({ ...item, kind })),
      );
      assertAssessed(lines);
      const existing = await tx
        .repository(DualReportPairing)
        .queryBuilder('p')
        .where(`p.partner_id = :partnerId and p.unit_id = :unitId and p.status = 'active'`, {
          partnerId: unit.id,
          unitId: community.id,
        })
        .getOne();
      if (existing) throw alreadyPaired(unit.name, community.name);

      const pairing = await tx
        .repository(DualReportPairing)
        .insert(
          {
            unitId: community.id,
            partnerId: unit.id,
            signedOn: dto.signedOn,
            termStart: dto.termStart,
            termEnd: dto.termEnd,
            status: 'active',
            endedAt: null,
            createdBy: ctx.userId,
          },
          { unitId: community.id },
        )
        // A race past the check above loses on the partial unique index: the same 409 as a retry.
        .catch((error: unknown) => {
          throw isActiveDuplicate(error) ? alreadyPaired(unit.name, community.name) : error;
        });
      await addLines(tx, pairing, lines, []);
      await scheduleRenewal(tx, pairing);
      await tx.audit('pairing.create', 'dual_report_pairing', pairing.id, null, {
        communityId: community.id,
        partnerId: unit.id,
        signedOn: dto.signedOn,
        termStart: dto.termStart,
        termEnd: dto.termEnd,
        items: lines,
      });
      return pairingDetail(tx, pairing);
    });
  }

  /** Pairings of communities where the caller reads them, newest first. */
  list(ctx: PluginRequestContext, query: ListPairingsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const scope = this.tongxin.scopeCondition(ctx, PAIRING_READ, 'p');
      const qb = tx.repository(DualReportPairing).queryBuilder('p').where(scope.sql, scope.params);
      if (query.unitId) {
        const sub = subtreeCondition('p', await unitInScope(this.tongxin, tx, ctx, query.unitId, PAIRING_READ));
        qb.andWhere(sub.sql, sub.params);
      }
      if (query.partnerId) qb.andWhere('p.partner_id = :partnerId', { partnerId: query.partnerId });
      if (query.status) qb.andWhere('p.status = :status', { status: query.status });
      return page(tx, qb, query);
    });
  }

  /** The caller's own unit's active pairings (a unit sits outside the tree: no scope applies). */
  mine(ctx: PluginRequestContext, query: PageQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const partnerId = await callerPartner(tx, ctx);
      const qb = tx
        .repository(DualReportPairing)
        .queryBuilder('p')
        .where(partnerId ? `p.partner_id = :partnerId and p.status = 'active'` : 'false', { partnerId });
      return page(tx, qb, query);
    });
  }

  get(ctx: PluginRequestContext, id: string) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const pairing = isUuid(id) ? await tx.repository(DualReportPairing).findById(id) : null;
      if (!pairing || !this.tongxin.can(ctx, PAIRING_READ, pairing)) throw new NotFoundError('dual_report_pairings');
      return pairingDetail(tx, pairing);
    });
  }

  /** Renewal (a new last day moves the reminder) and changes to the agreement's lists. */
  update(ctx: PluginRequestContext, id: string, dto: UpdatePairingDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const pairing = await this.writable(tx, ctx, id);
      const items = await itemsOf(tx, [pairing.id]);
      const removed = (dto.removeItemIds ?? []).map((itemId) => {
        const item = items.find((i) => i.id === itemId);
        if (!item) throw pairingsErrors.AGREEMENT_ITEM_UNKNOWN({ id: itemId });
        return item;
      });
      const added: Line[] = dto.addItems ?? [];
      assertAssessed([...items.filter((i) => !removed.includes(i)), ...added]);
      await assertNotScored(tx, pairing, removed);
      const termEnd = dto.termEnd ?? pairing.termEnd;
      assertTerm(pairing.termStart, termEnd);
      if (!removed.length && !added.length && termEnd === pairing.termEnd) return pairingDetail(tx, pairing);

      if (removed.length)
        await tx.query('delete from dual_report_agreement_items where pairing_id = $1 and id = any($2::uuid[])', [
          pairing.id,
          removed.map((i) => i.id),
        ]);
      await addLines(tx, pairing, added, items);
      const before = { termEnd: pairing.termEnd };
      if (termEnd !== pairing.termEnd) {
        pairing.termEnd = termEnd;
        await tx.repository(DualReportPairing).update(pairing.id, { termEnd });
        await scheduleRenewal(tx, pairing);
      }
      await tx.audit('pairing.update', 'dual_report_pairing', pairing.id, before, {
        termEnd,
        added,
        removed: removed.map(({ id: itemId, kind, title }) => ({ id: itemId, kind, title })),
      });
      return pairingDetail(tx, pairing);
    });
  }

  /** Ends the pairing: the agreement stops and its reminder with it. */
  end(ctx: PluginRequestContext, id: string, dto: PairingNoteDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const pairing = await this.writable(tx, ctx, id);
      Object.assign(pairing, { status: 'ended', endedAt: tx.now });
      await tx.repository(DualReportPairing).update(pairing.id, { status: 'ended', endedAt: tx.now });
      await tx.timers.cancel(RENEWAL_TIMER, pairing.id);
      await tx.audit(
        'pairing.end',
        'dual_report_pairing',
        pairing.id,
        { status: 'active' },
        { status: 'ended', note: dto.note ?? '' },
      );
      return pairingDetail(tx, pairing);
    });
  }

  /** The district's units with no active pairing: for those who read pairings district-wide. */
  unpairedUnits(ctx: PluginRequestContext, query: PageQueryDto): Promise<UnpairedUnitsView> {
    return this.tongxin.transaction(ctx, async (tx) => {
      this.tongxin.assertCan(ctx, PAIRING_READ, await tx.hierarchy.root());
      const units = await tx.partners.list({ type: UNIT_PARTNER_TYPE });
      const paired = new Set(
        (
          await tx
            .repository(DualReportPairing)
            .queryBuilder('p')
            .select('distinct p.partner_id', 'partnerId')
            .where(`p.status = 'active'`)
            .getRawMany<{ partnerId: string }>()
        ).map((r) => r.partnerId),
      );
      const items = units
        .filter((u) => !paired.has(u.id))
        .map(({ id, name }) => ({ id, name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
      return {
        units: units.length,
        paired: units.length - items.length,
        unpaired: items.length,
        ...pageOf(items, query),
      };
    });
  }

  private visible(ctx: PluginRequestContext, scope: Scope) {
    return this.tongxin.can(ctx, PAIRING_READ, scope) || this.tongxin.can(ctx, PAIRING_MANAGE, scope);
  }

  /** The active pairing, locked, that the caller manages: 404 out of sight, 403 read-only, 409 ended. */
  private async writable(tx: PluginTx, ctx: PluginRequestContext, id: string) {
    const pairing = isUuid(id) ? await lockPairing(tx, id) : null;
    if (!pairing || !this.visible(ctx, pairing)) throw new NotFoundError('dual_report_pairings');
    this.tongxin.assertCan(ctx, PAIRING_MANAGE, pairing);
    if (pairing.status === 'ended') throw pairingsErrors.PAIRING_ENDED({ endedOn: await endedOn(tx, pairing) });
    return pairing;
  }
}

const endedOn = async (tx: PluginTx, p: DualReportPairing) => (p.endedAt ? tx.clock.dateOf(p.endedAt) : '');

/** The term's last day comes after its first. */
function assertTerm(termStart: string, termEnd: string) {
  if (termEnd <= termStart) throw pairingsErrors.TERM_INVALID({ termStart, termEnd });
}

/** The year-end evaluation scores the assessment items: an agreement keeps at least one. */
function assertAssessed(lines: { kind: AgreementItemKind }[]) {
  if (!lines.some((l) => l.kind === 'assessment')) throw pairingsErrors.ASSESSMENT_REQUIRED();
}

/** An assessment item a unit's evaluation already scored stays, or the score would lose its subject. */
async function assertNotScored(tx: PluginTx, pairing: DualReportPairing, removed: DualReportAgreementItem[]) {
  const assessed = removed.filter((i) => i.kind === 'assessment');
  if (!assessed.length) return;
  const [scored] = await tx.query<{ key: string }>(
    `select k.key from dual_report_evaluations e, jsonb_object_keys(e.item_scores) k(key)
      where e.pairing_id = $1 and k.key = any($2::text[]) limit 1`,
    [pairing.id, assessed.map((i) => i.id)],
  );
  const item = scored && assessed.find((i) => i.id === scored.key);
  if (item) throw pairingsErrors.AGREEMENT_ITEM_SCORED({ title: item.title });
}

/** Appends lines to the pairing's lists, after what each list already holds. */
async function addLines(tx: PluginTx, pairing: DualReportPairing, lines: Line[], existing: DualReportAgreementItem[]) {
  const next = new Map<AgreementItemKind, number>();
  for (const i of existing) next.set(i.kind, Math.max(next.get(i.kind) ?? 0, i.sortOrder + 1));
  for (const line of lines) {
    const sortOrder = next.get(line.kind) ?? 0;
    next.set(line.kind, sortOrder + 1);
    await tx
      .repository(DualReportAgreementItem)
      .insert(
        { pairingId: pairing.id, kind: line.kind, title: line.title, description: line.description ?? '', sortOrder },
        { unitId: pairing.unitId },
      );
  }
}

async function page(
  tx: PluginTx,
  qb: ReturnType<TenantRepository<DualReportPairing>['queryBuilder']>,
  query: PageQueryDto,
) {
  const limit = pageSize(query);
  const after = decodeCursor(query.cursor);
  if (after) qb.andWhere('p.id < :after', { after });
  const rows = await qb
    .orderBy('p.id', 'DESC')
    .limit(limit + 1)
    .getMany();
  const result = toPage(rows, limit, (p) => p);
  return { items: await pairingViews(tx, result.items), nextCursor: result.nextCursor };
}

const alreadyPaired = (unit: string, community: string) => pairingsErrors.ALREADY_PAIRED({ unit, community });

function isActiveDuplicate(error: unknown): boolean {
  return isUniqueViolation(error, 'uq_dual_report_pairings_active');
}
