import {
  Injectable,
  Tongxin,
  type PluginRequestContext,
  type PluginTx,
  subtreeCondition,
  unitInScope,
  cursorPage,
  cursorPageOfAny,
  pageOf,
  type PageQueryDto,
} from '@tongxin/plugin-sdk';
import { CASE_DISPATCH, CASE_READ, CASE_REPORT, CASE_SUPERVISE, COMMUNITY_LEVEL } from '../constants';
import { departmentServing, departmentsServingAny } from '../shared/departments';
import { within } from '../shared/scope';
import { fileableItem } from '../items';
import { GridItem } from '../items/grid-item.entity';
import type { GridSettings } from '../settings';
import { allowedActions, callerOf, caseJudge, visibleCase, visibleBranches, type Caller } from './case-access';
import { GridCaseEvent } from './case-event.entity';
import { handlerRecipients } from './case-notify';
import { cancelDeadlineTimers, markOverdue, scheduleDeadlineTimers } from './case-timers';
import {
  actionName,
  actionsFrom,
  CASE_STATE_NAMES,
  CASE_WORKFLOW,
  transitionOf,
  type CaseAction,
} from './case-workflow';
import { GridCase, NO_HANDLER } from './case.entity';
import type {
  CaseReasonDto,
  CaseReplyNoteDto,
  CaseReplyReasonDto,
  CreateCaseDto,
  DispatchCaseDto,
  ListCasesQueryDto,
  ListSupervisionsQueryDto,
  ReferCaseDto,
} from './cases.dto';
import { closeReferredCase, referCase } from './case-referrals';
import { caseSummaries, caseView, historyViews, supervisionView } from './case-views';
import { caseSort, searchConditions } from './case-search';
import { announceReported, fileCase, recordEvent } from './intake';
import { GridSupervision } from './supervision.entity';
import { CaseClosed, type CaseClosedV1 } from './events';
import { casesErrors } from './errors';

type TransitionBody = Partial<DispatchCaseDto & CaseReplyReasonDto & CaseReplyNoteDto & ReferCaseDto>;

/** The closed loop: intake, the transitions of case-workflow.ts, history and supervision. */
@Injectable()
export class CasesService {
  constructor(private readonly tongxin: Tongxin) {}

  create(ctx: PluginRequestContext, dto: CreateCaseDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await unitInScope(this.tongxin, tx, ctx, dto.unitId, CASE_REPORT);
      const item = await fileableItem(tx, dto.itemId);
      const c = await fileCase(tx, { ...dto, item, unit, reportedBy: ctx.userId });
      await tx.audit('case.create', 'grid_case', c.id, null, { number: c.number, state: c.state, unitId: unit.id });
      return caseView(tx, c, await allowedActions(this.tongxin, tx, await callerOf(this.tongxin, tx, ctx), c), {
        justFiled: { item },
        lang: ctx.lang,
      });
    });
  }

  /**
   * Cases the caller can see, newest first unless `sort` says otherwise, a cursor page at a time,
   * found by number, text and filing period (case-search.ts), each with what the caller may do next.
   */
  list(ctx: PluginRequestContext, query: ListCasesQueryDto) {
    const sort = caseSort(query.sort);
    return this.tongxin.transaction(ctx, async (tx) => {
      const caller = await callerOf(this.tongxin, tx, ctx);
      const qb = tx.repository(GridCase).queryBuilder('c').where('true');
      if (query.unitId) {
        const unit = await unitInScope(this.tongxin, tx, ctx, query.unitId, CASE_READ);
        const sub = subtreeCondition('c', unit);
        qb.andWhere(sub.sql, sub.params);
      }
      if (query.state) qb.andWhere('c.state = :state', { state: query.state });
      if (query.itemId) qb.andWhere('c.item_id = :itemId', { itemId: query.itemId });
      if (query.source) qb.andWhere('c.source = :source', { source: query.source });
      if (query.overdue !== undefined) qb.andWhere(query.overdue ? 'c.overdue_at is not null' : 'c.overdue_at is null');
      if (query.mine) {
        const mine = ['c.handler_user_id = :me'];
        const params: Record<string, unknown> = { me: ctx.userId };
        if (caller.partnerBodyId) {
          mine.push('c.handler_partner_id = :myPartner');
          params.myPartner = caller.partnerBodyId;
        }
        if (caller.homeUnitId) {
          mine.push('c.handler_unit_id = :myUnit');
          params.myUnit = caller.homeUnitId;
        }
        qb.andWhere(`(${mine.join(' OR ')})`, params);
      }
      for (const condition of await searchConditions(tx, query)) qb.andWhere(condition.sql, condition.params);
      // Visible by scope, or dispatched to the caller or their department: each read in the
      // list's order (see cursorPageOfAny); the default keeps the id order of the indexes.
      const order = sort.name === '-createdAt' ? 'newest' : sort;
      const page = await cursorPageOfAny(qb, 'c', visibleBranches(this.tongxin, caller), query, order);
      return { items: await caseSummaries(tx, page.items, caller, this.tongxin), nextCursor: page.nextCursor };
    });
  }

  get(ctx: PluginRequestContext, id: string) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const caller = await callerOf(this.tongxin, tx, ctx);
      const c = await visibleCase(this.tongxin, tx, caller, id);
      return caseView(tx, c, await allowedActions(this.tongxin, tx, caller, c), { lang: ctx.lang });
    });
  }

  history(ctx: PluginRequestContext, id: string, query: PageQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const c = await visibleCase(this.tongxin, tx, await callerOf(this.tongxin, tx, ctx), id);
      const rows = await tx
        .repository(GridCaseEvent)
        .queryBuilder('e')
        .where('e.case_id = :id', { id: c.id })
        .orderBy('e.id', 'ASC')
        .getMany();
      const page = pageOf(rows, query);
      return { items: await historyViews(tx, page.items), nextCursor: page.nextCursor };
    });
  }

  /**
   * Fires one transition of the state machine. Refusals, in order: 404 when the caller cannot see
   * the case; 409 `GRID_CASE_TRANSITION_NOT_ALLOWED` (with the state's transitions) when the state
   * does not allow it; 403 `GRID_CASE_ACTION_FORBIDDEN` (with the caller's own) when the caller
   * does not fill the transition's role; 403 `GRID_CASE_SEPARATION_OF_DUTIES` for a handler
   * verifying their own work.
   */
  transition(ctx: PluginRequestContext, id: string, action: CaseAction, body: TransitionBody) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const caller = await callerOf(this.tongxin, tx, ctx);
      const c = await visibleCase(this.tongxin, tx, caller, id, true);
      // The workflow's refusals, in order: 409 for the state, 403 for the actor, 403 for 采办分离.
      const step = await CASE_WORKFLOW.authorize(caseJudge(this.tongxin, tx, caller), c, action);
      const changes = await this.apply(tx, caller, c, action, body);
      Object.assign(c, changes, { state: step.to });
      await tx.repository(GridCase).update(c.id, { ...changes, state: step.to });
      await CASE_WORKFLOW.recordStep(tx, step, c.id, pick(changes));
      return caseView(tx, c, await allowedActions(this.tongxin, tx, caller, c), { lang: ctx.lang });
    });
  }

  /** The transition's own rules and effects; returns the columns it changes (besides the state). */
  private async apply(
    tx: PluginTx,
    caller: Caller,
    c: GridCase,
    action: CaseAction,
    body: TransitionBody,
  ): Promise<Partial<GridCase>> {
    const to = transitionOf(action).to;
    const note = body.note ?? '';
    // Only transitions that answer the resident carry a public reply (their DTOs alone accept one).
    const reply = transitionOf(action).publicReply ? (body.publicReply ?? '') : '';
    const history = (details: Record<string, unknown> = {}) =>
      recordEvent(tx, c, action, c.state, to, details, note, reply);
    switch (action) {
      case 'report': {
        const item = (await tx.repository(GridItem).findById(c.itemId))!;
        await announceReported(tx, c, item);
        return { reportedAt: tx.now };
      }
      case 'dispatch':
        return this.dispatch(tx, caller, c, body);
      case 'accept': {
        const inTime = c.respondBy !== null && tx.now <= c.respondBy;
        await history({ respondedInTime: inTime });
        return {
          acceptedAt: tx.now,
          respondedInTime: c.respondedInTime ?? inTime,
          handlerUserId: c.handlerUserId ?? caller.ctx.userId,
        };
      }
      case 'return':
        await cancelDeadlineTimers(tx, c);
        await history({ handlerUnitId: c.handlerUnitId, handlerPartnerId: c.handlerPartnerId });
        return {};
      case 'resolve':
        await cancelDeadlineTimers(tx, c);
        await history({ onTime: c.deadlineAt !== null && tx.now <= c.deadlineAt });
        return { resolvedAt: tx.now, resolvedBy: caller.ctx.userId, resolution: note };
      case 'verify': {
        await history();
        await closeSupervisions(tx, c);
        const onTime = c.deadlineAt !== null && c.resolvedAt !== null && c.resolvedAt <= c.deadlineAt;
        const closed: CaseClosedV1 = { caseId: c.id, number: c.number, unitId: c.unitId, onTime };
        await tx.events.publish(CaseClosed, closed);
        return { closedAt: tx.now, closedBy: caller.ctx.userId };
      }
      case 'reject': {
        await history();
        // Back to the handler on the same deadline; a deadline already gone is overdue at once.
        const changes: Partial<GridCase> = { resolvedAt: null };
        if (c.deadlineAt && c.deadlineAt > tx.now) await scheduleDeadlineTimers(tx, c, c.deadlineAt);
        else if (!c.overdueAt) Object.assign(changes, await markOverdue(tx, c));
        await notifyHandler(tx, c, 'case-rejected', { number: c.number, note });
        return changes;
      }
      case 'escalate': {
        if (c.handlingLevel <= 1) throw casesErrors.CASE_AT_TOP_LEVEL({ number: c.number });
        const parent = (await tx.hierarchy.parent(c.handlingUnitId))!;
        await cancelDeadlineTimers(tx, c);
        await history({
          fromUnitId: c.handlingUnitId,
          fromLevel: c.handlingLevel,
          toUnitId: parent.id,
          toLevel: parent.level,
        });
        return {
          handlingUnitId: parent.id,
          handlingLevel: parent.level,
          escalations: c.escalations + 1,
          ...NO_HANDLER,
        };
      }
      case 'cancel':
        await cancelDeadlineTimers(tx, c);
        await closeSupervisions(tx, c);
        await history();
        return {};
      case 'reopen': {
        const { reopenWindowDays } = await tx.settings<GridSettings>();
        if (c.closedAt && tx.now.getTime() - c.closedAt.getTime() > reopenWindowDays * 86_400_000)
          throw casesErrors.CASE_REOPEN_WINDOW_PASSED({ days: reopenWindowDays });
        await history();
        return { closedAt: null, closedBy: null, reopenCount: c.reopenCount + 1, ...NO_HANDLER };
      }
      case 'refer':
        return referCase(tx, c, body);
      case 'close':
        await closeSupervisions(tx, c);
        return closeReferredCase(tx, c, note, reply);
      case 'take-back':
        // Only the grid fires it, on news of a refusal (case-referrals.ts): no caller fills its actor.
        throw new Error('take-back is applied by referrals.onUpdate');
    }
  }

  /**
   * 分类派单: to a unit in the handling unit's subtree, or (from a community up) to a department,
   * optionally to one person there, with a deadline from the item's time limit.
   */
  private async dispatch(tx: PluginTx, caller: Caller, c: GridCase, body: TransitionBody) {
    if (!!body.unitId === !!body.partnerId) throw casesErrors.CASE_DISPATCH_TARGET_REQUIRED();
    const item = body.itemId
      ? await fileableItem(tx, body.itemId)
      : (await tx.repository(GridItem).findById(c.itemId))!;
    let target: { unitId: string | null; partnerId: string | null; name: string };
    if (body.unitId) {
      const unit = await tx.hierarchy.unit(body.unitId);
      const handling = (await tx.hierarchy.unit(c.handlingUnitId))!;
      if (!unit || !within(unit, handling)) throw casesErrors.CASE_DISPATCH_OUTSIDE({ unit: handling.name });
      target = { unitId: unit.id, partnerId: null, name: unit.name };
    } else {
      const handling = (await tx.hierarchy.unit(c.handlingUnitId))!;
      const partner = await departmentServing(tx, body.partnerId!, handling);
      if (!partner) throw casesErrors.CASE_NOT_A_DEPARTMENT({ unit: handling.name });
      if (c.handlingLevel > COMMUNITY_LEVEL) throw casesErrors.CASE_DEPARTMENT_FROM_GRID();
      target = { unitId: null, partnerId: partner.id, name: partner.name };
    }
    if (body.handlerUserId) await this.assertHandlerBelongs(tx, caller, body.handlerUserId, target);

    const settings = await tx.settings<GridSettings>();
    const deadline = body.deadline
      ? new Date(body.deadline)
      : item.timeLimitUnit === 'working_days'
        ? await tx.clock.addWorkingDays(tx.now, item.timeLimit)
        : new Date(tx.now.getTime() + item.timeLimit * 3_600_000);
    if (deadline <= tx.now) throw casesErrors.CASE_DEADLINE_PASSED({ deadline: deadline.toISOString() });
    const respondBy = new Date(Math.min(deadline.getTime(), tx.now.getTime() + settings.responseLimitMinutes * 60_000));
    const changes: Partial<GridCase> = {
      itemId: item.id,
      handlerUnitId: target.unitId,
      handlerPartnerId: target.partnerId,
      handlerUserId: body.handlerUserId ?? null,
      dispatchedBy: caller.ctx.userId,
      dispatchedAt: tx.now,
      firstDispatchedAt: c.firstDispatchedAt ?? tx.now,
      respondBy,
      acceptedAt: null,
      deadlineAt: deadline,
      resolvedAt: null,
      resolvedBy: null,
      overdueAt: null,
    };
    await recordEvent(
      tx,
      c,
      'dispatch',
      c.state,
      'dispatched',
      {
        handlerUnitId: target.unitId,
        handlerPartnerId: target.partnerId,
        handlerUserId: body.handlerUserId ?? null,
        handlerName: target.name,
        itemCode: item.code,
        deadline: deadline.toISOString(),
      },
      body.note ?? '',
      body.publicReply ?? '',
    );
    const dispatched = Object.assign(Object.create(Object.getPrototypeOf(c)) as GridCase, c, changes);
    await scheduleDeadlineTimers(tx, dispatched, deadline);
    await notifyHandler(tx, dispatched, 'case-dispatched', {
      number: c.number,
      item: item.name,
      deadline: (await tx.clock.calendar()).format(deadline),
      description: c.description,
    });
    return changes;
  }

  /**
   * The person a case is dispatched to: someone the dispatcher may see (else they could test any
   * id for membership of a department), active, and of the target unit or department.
   */
  private async assertHandlerBelongs(
    tx: PluginTx,
    caller: Caller,
    userId: string,
    target: { unitId: string | null; partnerId: string | null; name: string },
  ) {
    const user = await tx.users.visibleTo(caller.ctx, userId);
    let belongs = false;
    if (user && user.status === 'active') {
      if (target.partnerId) belongs = user.partnerBodyId === target.partnerId;
      else {
        const home = await tx.hierarchy.unit(user.orgUnitId);
        const unit = (await tx.hierarchy.unit(target.unitId!))!;
        belongs = !!home && within(home, unit);
      }
    }
    if (!belongs) throw casesErrors.CASE_HANDLER_NOT_IN_TARGET({ target: target.name });
  }

  /** Opens a 督办 by hand (a supervisor pressing a slow case before its deadline). */
  supervise(ctx: PluginRequestContext, id: string, dto: CaseReasonDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const caller = await callerOf(this.tongxin, tx, ctx);
      const c = await visibleCase(this.tongxin, tx, caller, id);
      this.tongxin.assertCan(ctx, CASE_SUPERVISE, c);
      if (CASE_WORKFLOW.isFinal(c.state))
        throw casesErrors.CASE_TRANSITION_NOT_ALLOWED(
          { action: actionName('supervise'), state: CASE_STATE_NAMES[c.state] },
          {
            state: c.state,
            allowed: actionsFrom(c.state),
          },
        );
      const s = await tx.repository(GridSupervision).insert(
        {
          caseId: c.id,
          reason: 'manual',
          openedAt: tx.now,
          openedBy: ctx.userId,
          handlerUnitId: c.handlerUnitId,
          handlerPartnerId: c.handlerPartnerId,
          note: dto.note,
          closedAt: null,
        },
        { unitId: c.unitId },
      );
      await recordEvent(tx, c, 'supervise', c.state, c.state, { supervisionId: s.id }, dto.note);
      await notifyHandler(tx, c, 'case-supervised', { number: c.number, note: dto.note });
      return supervisionView(s);
    });
  }

  departments(ctx: PluginRequestContext, query: PageQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const units = await Promise.all(
        this.tongxin.grantedUnits(ctx, CASE_DISPATCH).map(async (g) => (await tx.hierarchy.unit(g.unitId))!),
      );
      return pageOf(await departmentsServingAny(tx, units), query);
    });
  }

  /** 督办 records of cases the caller can read, newest first. */
  supervisions(ctx: PluginRequestContext, query: ListSupervisionsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const scope = this.tongxin.scopeCondition(ctx, CASE_READ, 's');
      const qb = tx.repository(GridSupervision).queryBuilder('s').where(scope.sql, scope.params);
      if (query.open !== undefined) qb.andWhere(query.open ? 's.closed_at is null' : 's.closed_at is not null');
      const page = await cursorPage(qb, 's', query);
      return { items: page.items.map(supervisionView), nextCursor: page.nextCursor };
    });
  }
}

async function closeSupervisions(tx: PluginTx, c: GridCase): Promise<void> {
  await tx.query(
    'update grid_supervisions set closed_at = $2, updated_at = $2 where case_id = $1 and closed_at is null',
    [c.id, tx.now],
  );
}

/** Tells the case's handler; `kind` is one of the notifications in ./index.ts, filled from `params`. */
async function notifyHandler(tx: PluginTx, c: GridCase, kind: string, params: Record<string, string>) {
  const userIds = await handlerRecipients(tx, c);
  if (userIds.length)
    await tx.notifications.notify({
      userIds,
      kind,
      params,
      data: { caseId: c.id, number: c.number },
      dedupeKey: `${kind}:${c.id}:${tx.now.toISOString()}`,
    });
}

/** The audit trail keeps dates as ISO strings and skips unchanged nulls. */
function pick(changes: Partial<GridCase>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}
