import type { Workflow, WorkflowAction } from './workflow';

/**
 * Jest tables for a plugin's workflow, called inside a plugin's `describe`: every state × action
 * (allowed: the record enters the table's state; not allowed: the 409 with the state's actions,
 * and the state unchanged), and every outsider of every actor (403 or 404, state unchanged). Uses Jest's
 * globals, so call it from a spec file only.
 */

/** What the plugin's answer to a fired action looked like (a supertest response fits). */
export interface WorkflowAnswer {
  status: number;
  body: { code?: string; details?: unknown } & Record<string, unknown>;
}

export interface WorkflowTableHarness<S extends string, A extends string, Actor extends string, R, Who> {
  /** A fresh record in the state, brought there by the plugin's own API or service. */
  reach(state: S): Promise<R>;
  /** Someone who fills the action's actor on the records `reach` makes. */
  actorFor(action: A): Who;
  /** Fires the action as `who` (the plugin's route or service, with whatever body it needs). */
  fire(who: Who, record: R, action: A): Promise<WorkflowAnswer>;
  /** The record's state as the plugin reads it back. */
  stateOf(record: R): Promise<S>;
  /**
   * Per actor, callers who do not fill it on those records: each is refused every action of that
   * actor with 403, or with `status` 404 when they may not even see the record (someone else's own).
   */
  outsiders?: Partial<Record<Actor, readonly { name: string; who: Who; status?: 403 | 404 }[]>>;
  /** Restrict the table (actions the plugin fires itself, states `reach` cannot make). */
  only?: { states?: readonly S[]; actions?: readonly A[] };
}

export function describeWorkflowTable<
  S extends string,
  A extends string,
  Actor extends string,
  T extends WorkflowAction<S, A, Actor>,
  R,
  Who,
>(workflow: Workflow<S, A, Actor, T>, harness: WorkflowTableHarness<S, A, Actor, R, Who>): void {
  const states = harness.only?.states ?? workflow.states;
  const actions = harness.only?.actions ?? workflow.actions;
  const field = workflow.stateField;

  describe(`the ${workflow.name} workflow: every action from every state`, () => {
    const cells = states.flatMap((state) => actions.map((action) => [state, action] as const));
    it.each(cells)('from %s, %s', async (state, action) => {
      const record = await harness.reach(state);
      const answer = await harness.fire(harness.actorFor(action), record, action);
      const t = workflow.transitionOf(action);
      if (t.from.includes(state)) {
        expect(answer.status).toBeLessThan(300);
        expect(await harness.stateOf(record)).toBe(workflow.targetOf(action, state));
      } else {
        expect({ status: answer.status, code: answer.body.code }).toEqual({
          status: 409,
          code: t.notAllowedCode ?? workflow.codes.notAllowed,
        });
        expect(answer.body.details).toEqual({ [field]: state, allowed: workflow.actionsFrom(state) });
        expect(await harness.stateOf(record)).toBe(state);
      }
    });
  });

  const refusals = actions.flatMap((action) => {
    const t = workflow.transitionOf(action);
    const from = t.from.find((s) => states.includes(s));
    const outsiders = harness.outsiders?.[t.actor] ?? [];
    return from === undefined ? [] : outsiders.map((o) => [action, o.name, from, o.who, o.status ?? 403] as const);
  });
  if (refusals.length)
    describe(`the ${workflow.name} workflow: who may not fire what`, () => {
      it.each(refusals)('%s is refused to %s (from %s)', async (action, _name, from, who, status) => {
        const record = await harness.reach(from);
        const answer = await harness.fire(who, record, action);
        expect(answer.status).toBe(status);
        expect(await harness.stateOf(record)).toBe(from);
      });
    });
}
