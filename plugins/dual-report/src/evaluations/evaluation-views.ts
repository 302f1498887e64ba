import type { PluginRequestContext, PluginTx, Tongxin } from '@tongxin/plugin-sdk';
import { namesOf } from '../registrations/names';
import type { DualReportEvaluation } from './evaluation.entity';
import type { CommunityScoreView, EvaluationView, ItemScoreView } from './evaluations.dto';

type Item = { id: string; title: string; sortOrder: number };

/** Assessment items by id (titles and order), for the ids scored in `rows`. */
export async function itemsOf(tx: PluginTx, rows: Pick<DualReportEvaluation, 'itemScores'>[]) {
  const ids = [...new Set(rows.flatMap((r) => Object.keys(r.itemScores)))];
  const items = ids.length
    ? await tx.query<Item>(
        `select id, title, sort_order as "sortOrder" from dual_report_agreement_items where id = any($1::uuid[])`,
        [ids],
      )
    : [];
  return new Map(items.map((i) => [i.id, i]));
}

/** `{ itemId: score }` as a list in the agreement's order. */
export function itemScoreList(scores: Record<string, number>, items: Map<string, Item>): ItemScoreView[] {
  return Object.entries(scores)
    .map(([itemId, score]) => ({ itemId, score, item: items.get(itemId) }))
    .sort((a, b) => (a.item?.sortOrder ?? 0) - (b.item?.sortOrder ?? 0) || a.itemId.localeCompare(b.itemId))
    .map(({ itemId, score, item }) => ({ itemId, title: item?.title ?? '', score }));
}

/** Views with the names of the community, the member and the unit, and the items' titles. */
export async function evaluationViews(tx: PluginTx, rows: DualReportEvaluation[]): Promise<EvaluationView[]> {
  const names = await namesOf(tx, {
    units: rows.map((e) => e.unitId),
    users: rows.map((e) => e.memberId),
    partners: rows.map((e) => e.partnerId),
  });
  const items = await itemsOf(tx, rows);
  return rows.map((e) => ({
    id: e.id,
    direction: e.direction,
    year: e.year,
    communityId: e.unitId,
    communityName: names.get(e.unitId) ?? '',
    memberId: e.memberId,
    memberName: e.memberId ? (names.get(e.memberId) ?? '') : null,
    partnerId: e.partnerId,
    partnerName: e.partnerId ? (names.get(e.partnerId) ?? '') : null,
    pairingId: e.pairingId,
    score: e.score,
    itemScores: itemScoreList(e.itemScores, items),
    comment: e.comment,
    evaluatedBy: e.evaluatedBy,
    evaluatedAt: e.evaluatedAt.toISOString(),
  }));
}

export const communityScore = (e: EvaluationView): CommunityScoreView => ({
  communityId: e.communityId,
  communityName: e.communityName,
  score: e.score,
  itemScores: e.itemScores,
  comment: e.comment,
});

/**
 * Rows of `alias` where the caller holds any of `permissions` (each scope condition names its
 * parameters after the alias, so they are renamed apart before being joined with OR).
 */
export function anyScope(tongxin: Tongxin, ctx: PluginRequestContext, permissions: string[], alias: string) {
  const params: Record<string, unknown> = {};
  const parts = permissions.map((permission, i) => {
    const c = tongxin.scopeCondition(ctx, permission, alias);
    let sql = c.sql;
    for (const [name, value] of Object.entries(c.params)) {
      sql = sql.replace(new RegExp(`:(\\.\\.\\.)?${name}\\b`, 'g'), `:$1p${i}_${name}`);
      params[`p${i}_${name}`] = value;
    }
    return sql;
  });
  return { sql: `(${parts.join(' or ')})`, params };
}

export const average = (scores: number[]) =>
  scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null;
