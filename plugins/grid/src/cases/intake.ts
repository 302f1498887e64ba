import { timeOrderedId, type OrgUnitView, type PluginTx } from '@tongxin/plugin-sdk';
import { GRID_LEVEL } from '../constants';
import type { GridBoundary } from '../grids/grid-profile.entity';
import type { GridItem } from '../items/grid-item.entity';
import type { CaseAttributeValue } from '../items/item-attributes';
import { contains } from '../shared/geo';
import { GridCase } from './case.entity';
import { GridCaseEvent } from './case-event.entity';
import type { CaseSource } from './case-workflow';
import { CaseReported, type CaseReportedV1 } from './events';
import { casesErrors } from './errors';

export interface CaseIntake {
  source: CaseSource;
  item: GridItem;
  unit: OrgUnitView;
  description: string;
  address?: string;
  latitude?: number | null;
  longitude?: number | null;
  reporterName?: string;
  reporterPhone?: string;
  /** The account filing it, null for Open311 clients. */
  reportedBy: string | null;
  needsVolunteers?: boolean;
  /** Stay collected (问题采集) until someone reports it. */
  draft?: boolean;
  /** Answers to the item's attributes (Open311 `attribute[code]`). */
  attributes?: CaseAttributeValue[];
}

/** The next case number of the district day, e.g. `20261122-0007`; serialised per tenant and day. */
async function nextNumber(tx: PluginTx): Promise<{ number: string; numberDay: string; numberSeq: number }> {
  const numberDay = await tx.clock.dateOf(tx.now);
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`grid-case-number:${tx.tenantId}:${numberDay}`]);
  const [row] = await tx.query<{ seq: number }>(
    'select coalesce(max(number_seq), 0)::int + 1 as seq from grid_cases where number_day = $1',
    [numberDay],
  );
  const numberSeq = row!.seq;
  return { number: `${numberDay.replaceAll('-', '')}-${String(numberSeq).padStart(4, '0')}`, numberDay, numberSeq };
}

/** The grid whose boundary contains the point, if any grid has drawn one around it. */
export async function gridAt(tx: PluginTx, lat: number, lng: number): Promise<string | null> {
  const rows = await tx.query<{ unitId: string; boundary: GridBoundary }>(
    'select unit_id as "unitId", boundary from grid_profiles where boundary is not null',
  );
  return rows.find((r) => contains(r.boundary, lat, lng))?.unitId ?? null;
}

/** A location given for a grid with a drawn boundary must lie inside it. */
async function assertInsideGrid(tx: PluginTx, unit: OrgUnitView, lat?: number | null, lng?: number | null) {
  if (unit.level !== GRID_LEVEL || lat == null || lng == null) return;
  const [profile] = await tx.query<{ boundary: GridBoundary | null }>(
    'select boundary from grid_profiles where unit_id = $1',
    [unit.id],
  );
  if (profile?.boundary && !contains(profile.boundary, lat, lng))
    throw casesErrors.CASE_LOCATION_OUTSIDE_GRID({ unit: unit.name, latitude: lat, longitude: lng });
}

/**
 * Files a case: 问题采集 (collected) and, unless it is a draft, 上报 (reported) in the same
 * transaction, with both lines of history. The handling unit starts where the problem is (a party
 * group's case is handled by its grid): 小事不出网格.
 */
export async function fileCase(tx: PluginTx, input: CaseIntake): Promise<GridCase> {
  await assertInsideGrid(tx, input.unit, input.latitude, input.longitude);
  const handling = input.unit.level > GRID_LEVEL ? (await tx.hierarchy.parent(input.unit.id))! : input.unit;
  const numbering = await nextNumber(tx);
  const state = input.draft ? 'collected' : 'reported';
  const c = await tx.repository(GridCase).insert(
    {
      // Id and creation time from the transaction's clock, so a filing period is a range of ids (case-search.ts).
      id: timeOrderedId(tx.now),
      createdAt: tx.now,
      ...numbering,
      source: input.source,
      itemId: input.item.id,
      description: input.description,
      address: input.address ?? '',
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      reporterName: input.reporterName ?? '',
      reporterPhone: input.reporterPhone ?? '',
      reportedBy: input.reportedBy,
      unitId: input.unit.id,
      state,
      handlingUnitId: handling.id,
      handlingLevel: handling.level,
      needsVolunteers: input.needsVolunteers ?? false,
      attributes: input.attributes ?? [],
      reportedAt: input.draft ? null : tx.now,
    },
    { unitId: input.unit.id },
  );
  await recordEvent(tx, c, 'collect', null, 'collected', { source: input.source, itemCode: input.item.code });
  if (!input.draft) await announceReported(tx, c, input.item);
  return c;
}

/** The `report` line of history and the `case-reported` event. */
export async function announceReported(tx: PluginTx, c: GridCase, item: GridItem): Promise<void> {
  await recordEvent(tx, c, 'report', 'collected', 'reported');
  const payload: CaseReportedV1 = {
    caseId: c.id,
    number: c.number,
    unitId: c.unitId,
    itemCode: item.code,
    source: c.source,
    description: c.description,
    address: c.address,
    needsVolunteers: c.needsVolunteers,
  };
  await tx.events.publish(CaseReported, payload);
}

/**
 * Appends one line to the case's history: `note` is the staff's own (internal), `publicReply`
 * what the transition answers the resident (published through Open311).
 */
export async function recordEvent(
  tx: PluginTx,
  c: GridCase,
  action: string,
  fromState: string | null,
  toState: string,
  details: Record<string, unknown> = {},
  note = '',
  publicReply = '',
): Promise<void> {
  await tx
    .repository(GridCaseEvent)
    .insert(
      { caseId: c.id, action, fromState, toState, actorId: tx.actorId, occurredAt: tx.now, note, publicReply, details },
      { unitId: c.unitId },
    );
}
