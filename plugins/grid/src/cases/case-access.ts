import {
  NotFoundError,
  callerAccount,
  type PluginRequestContext,
  type PluginTx,
  type Scope,
  type Tongxin,
  type WorkflowJudge,
  isUuid,
} from '@tongxin/plugin-sdk';
import { CASE_DISPATCH, CASE_HANDLE, CASE_READ, CASE_REPORT, CASE_VERIFY } from '../constants';
import { GridCase } from './case.entity';
import { CASE_WORKFLOW, type CaseAction, type CaseActor } from './case-workflow';

/** What the service needs to know about the caller, looked up once per request. */
export interface Caller {
  ctx: PluginRequestContext;
  /** The department (or other partner body) the caller works for, if any. */
  partnerBodyId: string | null;
  /** The caller's home unit (cases dispatched to it are theirs to pick up). */
  homeUnitId: string | null;
  /** Holds `case.handle` anywhere: a department's staff act on cases dispatched to their department. */
  handlesAnywhere: boolean;
}

export async function callerOf(tongxin: Tongxin, tx: PluginTx, ctx: PluginRequestContext): Promise<Caller> {
  const user = await callerAccount(tx, ctx);
  return {
    ctx,
    partnerBodyId: user?.partnerBodyId ?? null,
    homeUnitId: user?.orgUnitId ?? null,
    handlesAnywhere: tongxin.grantedUnits(ctx, CASE_HANDLE).length > 0,
  };
}

async function scopeOfUnit(tx: PluginTx, unitId: string): Promise<Scope | null> {
  return tx.hierarchy.unit(unitId);
}

/**
 * A case is visible to those who can read cases where it is, to its department's staff while it
 * is dispatched to them, and to the person it is dispatched to.
 */
export function canSee(tongxin: Tongxin, caller: Caller, c: GridCase): boolean {
  return (
    tongxin.can(caller.ctx, CASE_READ, c) ||
    isHandlerByPartner(caller, c) ||
    (c.handlerUserId !== null && c.handlerUserId === caller.ctx.userId)
  );
}

function isHandlerByPartner(caller: Caller, c: GridCase): boolean {
  return c.handlerPartnerId !== null && caller.handlesAnywhere && c.handlerPartnerId === caller.partnerBodyId;
}

/**
 * The same condition as `canSee`, in SQL over alias `c`: branches any one of which makes a case
 * visible, for `cursorPageOfAny`. Each is one indexed column, so a list reads only its page.
 */
export function visibleBranches(tongxin: Tongxin, caller: Caller) {
  const branches = tongxin.scopeBranches(caller.ctx, CASE_READ, 'c');
  if (caller.ctx.userId)
    branches.push({ sql: 'c.handler_user_id = :callerId', params: { callerId: caller.ctx.userId } });
  if (caller.partnerBodyId && caller.handlesAnywhere)
    branches.push({
      sql: 'c.handler_partner_id = :callerPartnerId',
      params: { callerPartnerId: caller.partnerBodyId },
    });
  return branches;
}

/** Loads a case the caller can see; otherwise the same 404 as a case that does not exist. */
export async function visibleCase(tongxin: Tongxin, tx: PluginTx, caller: Caller, id: string, lock = false) {
  const qb = tx.repository(GridCase).queryBuilder('c').where('c.id = :id', { id });
  if (lock) qb.setLock('pessimistic_write');
  const c = isUuid(id) ? await qb.getOne() : null;
  if (!c || !canSee(tongxin, caller, c)) throw new NotFoundError('grid_cases');
  return c;
}

/** Is the caller the handler of the case's current dispatch? */
export async function isHandler(tongxin: Tongxin, tx: PluginTx, caller: Caller, c: GridCase): Promise<boolean> {
  // Dispatched to one person: theirs alone.
  if (c.handlerUserId) return c.handlerUserId === caller.ctx.userId;
  if (isHandlerByPartner(caller, c)) return true;
  if (c.handlerUnitId) {
    const unit = await scopeOfUnit(tx, c.handlerUnitId);
    return unit !== null && tongxin.can(caller.ctx, CASE_HANDLE, unit);
  }
  return false;
}

/** Does the caller fill the actor role for this case? */
export async function fills(
  tongxin: Tongxin,
  tx: PluginTx,
  caller: Caller,
  c: GridCase,
  actor: CaseActor,
): Promise<boolean> {
  switch (actor) {
    case 'reporter':
      return tongxin.can(caller.ctx, CASE_REPORT, c);
    case 'dispatcher': {
      const unit = await scopeOfUnit(tx, c.handlingUnitId);
      return unit !== null && tongxin.can(caller.ctx, CASE_DISPATCH, unit);
    }
    case 'handler':
      return isHandler(tongxin, tx, caller, c);
    case 'verifier': {
      const unit = await scopeOfUnit(tx, c.handlingUnitId);
      return unit !== null && tongxin.can(caller.ctx, CASE_VERIFY, unit);
    }
    case 'referral':
      return false;
  }
}

/** 采办分离: whoever handled a case may not verify, close or reopen it. */
export function handledBy(caller: Caller, c: GridCase): boolean {
  const me = caller.ctx.userId;
  return me !== null && (c.handlerUserId === me || c.resolvedBy === me);
}

/**
 * The caller as the case workflow sees them: who fills which actor (besides the transition's
 * actor, whoever filed a draft may discard it), 采办分离, escalation offered only below the top
 * level (escalating from there is refused by its own rule, `GRID_CASE_AT_TOP_LEVEL`), referral
 * only when some practice receives them, and closing a referred case once it came back resolved.
 */
export function caseJudge(
  tongxin: Tongxin,
  tx: PluginTx,
  caller: Caller,
): WorkflowJudge<GridCase, CaseAction, CaseActor> {
  return {
    fills: (actor, c, action) =>
      (action === 'cancel' && c.state === 'collected' && c.reportedBy === caller.ctx.userId) ||
      fills(tongxin, tx, caller, c, actor),
    bars: (rule, c) => rule === 'handled-it' && handledBy(caller, c),
    offers: async (action, c) => {
      if (action === 'escalate') return c.handlingLevel > 1;
      // Offered when a practice the district enabled receives referrals; closed once it reported back.
      if (action === 'refer') return (await tx.referrals.kinds()).length > 0;
      if (action === 'close') return c.referralStatus === 'resolved';
      return true;
    },
  };
}

/** The transitions this caller may fire on the case now: what `allowedActions` shows clients. */
export function allowedActions(tongxin: Tongxin, tx: PluginTx, caller: Caller, c: GridCase): Promise<CaseAction[]> {
  return CASE_WORKFLOW.allowedActions(caseJudge(tongxin, tx, caller), c);
}
