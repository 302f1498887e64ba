import type { PluginTx, ReferralView, Tongxin } from '@tongxin/plugin-sdk';
import { PLUGIN_ID } from '../constants';
import { allowedActions, type Caller } from './case-access';
import type { GridCaseEvent } from './case-event.entity';
import type { GridCasePhoto } from './case-photo.entity';
import type { CaseAction } from './case-workflow';
import type { GridCase } from './case.entity';
import type {
  CaseEventView,
  CaseReferralView,
  CaseSummaryView,
  CaseView,
  PhotoView,
  SupervisionView,
} from './cases.dto';
import { currentReferral } from './case-referrals';
import type { GridSupervision } from './supervision.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

interface Names {
  items: Map<string, { code: string; name: string }>;
  handlers: Map<string, string>;
  /** The people cases are with (handlerUserId), by display name. */
  people: Map<string, string>;
}

/**
 * Item codes and names for a page of cases: one query; the names of the units, departments and
 * people handling them: one more (tx.names), when any case is dispatched.
 */
async function namesFor(tx: PluginTx, cases: GridCase[]): Promise<Names> {
  if (!cases.length) return { items: new Map(), handlers: new Map(), people: new Map() };
  const itemIds = [...new Set(cases.map((c) => c.itemId))];
  const rows = await tx.query<{ id: string; code: string; name: string }>(
    'select id, code, name from grid_items where id = any($1::uuid[])',
    [itemIds],
  );
  const items = new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
  const names = await tx.names({
    units: cases.map((c) => c.handlerUnitId),
    partnerBodies: cases.map((c) => c.handlerPartnerId),
    users: cases.map((c) => c.handlerUserId),
  });
  const handlers = new Map([...names.units, ...names.partnerBodies]);
  return { items, handlers, people: names.users };
}

function summary(c: GridCase, names: Names, allowed: CaseAction[]): CaseSummaryView {
  const item = names.items.get(c.itemId);
  const handlerId = c.handlerUnitId ?? c.handlerPartnerId;
  return {
    id: c.id,
    number: c.number,
    source: c.source,
    state: c.state,
    itemId: c.itemId,
    itemCode: item?.code ?? '',
    itemName: item?.name ?? '',
    description: c.description,
    address: c.address,
    latitude: c.latitude,
    longitude: c.longitude,
    unitId: c.unitId,
    handlingUnitId: c.handlingUnitId,
    handlingLevel: c.handlingLevel,
    handler: handlerId ? handlerView(c, names, handlerId) : null,
    dispatchedAt: iso(c.dispatchedAt),
    respondBy: iso(c.respondBy),
    acceptedAt: iso(c.acceptedAt),
    deadlineAt: iso(c.deadlineAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    overdueAt: iso(c.overdueAt),
    escalations: c.escalations,
    reopenCount: c.reopenCount,
    satisfaction: c.satisfaction,
    needsVolunteers: c.needsVolunteers,
    createdAt: c.createdAt.toISOString(),
    // A case just filed has no update time of its own yet: it was last changed when it was filed.
    updatedAt: (c.updatedAt ?? c.createdAt).toISOString(),
    referralStatus: c.referralStatus ?? null,
    allowedActions: allowed,
  };
}

/** Where the case is: with a person (named), else with the unit or department. */
function handlerView(c: GridCase, names: Names, handlerId: string) {
  const orgName = names.handlers.get(handlerId) ?? '';
  const person = c.handlerUserId ? names.people.get(c.handlerUserId) : undefined;
  return {
    unitId: c.handlerUnitId,
    partnerId: c.handlerPartnerId,
    userId: c.handlerUserId,
    name: person ?? orgName,
    orgName,
  };
}

/**
 * A page of cases as the caller sees them, each with the transitions the caller may fire: the
 * handling units and units dispatched to are read in one query first, so the permission checks
 * that follow ask the transaction's cache, not the database, case by case.
 */
export async function caseSummaries(
  tx: PluginTx,
  cases: GridCase[],
  caller: Caller,
  tongxin: Tongxin,
): Promise<CaseSummaryView[]> {
  const names = await namesFor(tx, cases);
  if (cases.length)
    await tx.hierarchy.units(
      cases.flatMap((c) => (c.handlerUnitId ? [c.handlingUnitId, c.handlerUnitId] : [c.handlingUnitId])),
    );
  return Promise.all(cases.map(async (c) => summary(c, names, await allowedActions(tongxin, tx, caller, c))));
}

export function photoView(p: GridCasePhoto): PhotoView {
  return {
    id: p.id,
    stage: p.stage,
    published: p.published,
    contentType: p.contentType,
    size: p.size,
    url: `/api/v1/plugins/${PLUGIN_ID}/cases/${p.caseId}/photos/${p.id}`,
  };
}

/**
 * The full case: the summary, the reporter's contact, the resolution, photos and what the caller
 * may do. A case just filed needs no reads: pass its item (it has no handler and no photos yet),
 * which keeps intake's transaction short.
 */
export async function caseView(
  tx: PluginTx,
  c: GridCase,
  allowedActions: CaseAction[],
  options: { justFiled?: { item: { code: string; name: string } }; lang?: 'zh-CN' | 'en' } = {},
): Promise<CaseView> {
  const { justFiled, lang = 'zh-CN' } = options;
  const view = justFiled
    ? summary(
        c,
        { items: new Map([[c.itemId, justFiled.item]]), handlers: new Map(), people: new Map() },
        allowedActions,
      )
    : summary(c, await namesFor(tx, [c]), allowedActions);
  const photos = justFiled
    ? []
    : await tx.query<GridCasePhoto>(
        `select id, case_id as "caseId", stage, published, content_type as "contentType", size
           from grid_case_photos where case_id = $1 order by id`,
        [c.id],
      );
  return {
    ...view,
    reporterName: c.reporterName,
    reporterPhone: c.reporterPhone,
    resolution: c.resolution,
    photos: photos.map(photoView),
    attributes: c.attributes ?? [],
    referral: justFiled ? null : referralView(await currentReferral(tx, c), lang),
  };
}

function referralView(r: ReferralView | null, lang: 'zh-CN' | 'en'): CaseReferralView | null {
  if (!r) return null;
  return {
    id: r.id,
    kind: r.kind,
    kindName: r.kindNames[lang],
    status: r.status,
    practice: r.target.pluginNames[lang],
    target: r.target.name,
    reason: r.reason,
    refusalReason: r.refusalReason,
    outcome: r.outcome?.names[lang] ?? null,
    outcomeAt: r.outcome?.closedAt ?? null,
  };
}

/**
 * A case's history, each line naming who acted (their display name, for anyone who can see the
 * case: the record says who did what, as a paper form is signed; docs/plugins.md `displayNames`).
 */
export async function historyViews(tx: PluginTx, events: GridCaseEvent[]): Promise<CaseEventView[]> {
  const actorIds = events.flatMap((e) => (e.actorId ? [e.actorId] : []));
  const names = actorIds.length ? await tx.users.displayNames(actorIds) : new Map<string, string>();
  return events.map((e) => eventView(e, names));
}

function eventView(e: GridCaseEvent, names: Map<string, string>): CaseEventView {
  return {
    id: e.id,
    action: e.action,
    fromState: e.fromState,
    toState: e.toState,
    actorId: e.actorId,
    actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
    occurredAt: e.occurredAt.toISOString(),
    note: e.note,
    publicReply: e.publicReply,
    details: e.details,
  };
}

export function supervisionView(s: GridSupervision): SupervisionView {
  return {
    id: s.id,
    caseId: s.caseId,
    reason: s.reason,
    openedAt: s.openedAt.toISOString(),
    closedAt: iso(s.closedAt),
    note: s.note,
  };
}
