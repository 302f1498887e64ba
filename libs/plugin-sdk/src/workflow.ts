import type { Names } from './manifest';
import { PluginError } from './plugin-error';
import type { PluginTx } from './runtime';

/**
 * A record's life as one explicit state machine, declared once as a table: the states, the
 * actions that move between them, who may fire each, and the separation-of-duties rules. The
 * plugin's service asks it what a caller may do (`allowedActions`) and to authorize an action
 * (`authorize`, with the shared 409/403 refusals); the README prints it (`markdownTable`), the
 * entity's CHECK constraint comes from it, and `describeWorkflowTable` tests every cell of it.
 * Modelled on Vendure's finite-state machine (a table validated when it is defined), with the
 * grid's refusal ordering and its README check on top. See docs/plugins.md, "Workflows".
 */

/** Who may fire an action: a permission the caller holds, or a relation to the record. */
export interface WorkflowActor {
  /** The permission the actor holds (the one its routes require). */
  permission?: string;
  /** A relation to the record the permission alone does not give (`the case was dispatched to them`). */
  relation?: string;
}

/** One row of the table: an action, the states it leaves, the state it enters, who fires it. */
export interface WorkflowAction<S extends string = string, A extends string = string, Actor extends string = string> {
  action: A;
  from: readonly S[];
  /** The state it enters; omitted, the record keeps its state (an edit allowed only in some states). */
  to?: S;
  actor: Actor;
  /** Body fields the action needs beyond the action itself (for the README). */
  requires?: readonly string[];
  names: Names;
  /** The 409 code when the state does not allow this action, if not the workflow's own. */
  notAllowedCode?: string;
}

/** 采办分离 and the like: a named rule barring a caller from some actions; the judge answers it per record. */
export interface SeparationOfDuties<A extends string = string> {
  rule: string;
  actions: readonly A[];
  /** The 403 code of the refusal (the message is the plugin's, with `{action}`). */
  code: string;
}

export interface WorkflowDefinition<
  S extends string,
  A extends string,
  Actor extends string,
  T extends WorkflowAction<S, A, Actor>,
> {
  /** Names the workflow in definition errors (`grid case`). */
  name: string;
  /** The column holding the state, which also names it in refusal details (`state`, `status`). */
  stateField?: string;
  /** Every state, in the order lists show them, with its names for messages. */
  states: Record<S, Names>;
  /** States a record is created in; every other state must be reachable from them. */
  initial: readonly S[];
  /** States nobody works on any more (an action may still leave one, like reopening a closed case). */
  final: readonly S[];
  actors: Record<Actor, WorkflowActor>;
  /** The table, in the order `allowedActions` and the README list the actions. */
  actions: readonly T[];
  separationOfDuties?: readonly SeparationOfDuties<A>[];
  codes: {
    /** 409: the record's state does not allow the action. Details `{ <stateField>, allowed }`. */
    notAllowed: string;
    /** 403: the caller does not fill the action's actor. Details `{ <stateField>, allowed }` (the caller's own). */
    forbidden?: string;
  };
  /** Where `recordStep` writes the audit line: `<prefix>.<action>` on entity type `entity`. */
  audit?: { prefix: string; entity: string };
}

/**
 * What the workflow needs to know about one caller, from the plugin: whether they fill an actor
 * for a record, whether a separation rule bars them, and whether an action is offered at all.
 */
export interface WorkflowJudge<R, A extends string, Actor extends string> {
  fills(actor: Actor, record: R, action: A): boolean | Promise<boolean>;
  /** True when the rule bars the caller from the record's actions it lists. */
  bars?(rule: string, record: R): boolean | Promise<boolean>;
  /**
   * False hides an action the table allows but the record's own rule will refuse with its own
   * code (escalating from the top level): not offered in `allowedActions`, not refused by `authorize`.
   */
  offers?(action: A, record: R): boolean | Promise<boolean>;
}

/** An authorized action: what the service applies and what the history records. */
export interface WorkflowStep<S extends string, A extends string, T> {
  action: A;
  from: S;
  to: S;
  transition: T;
}

/** A table row with its defaults filled in (`requires: []`). */
export type WorkflowTransition<T> = T & { requires: readonly string[] };

/** A column the plugin adds to its README table (`public reply`). */
export interface WorkflowTableColumn<T> {
  header: string;
  cell: (transition: WorkflowTransition<T>) => string;
}

/** The definition is wrong: thrown by `defineWorkflow` when the plugin loads, naming what to fix. */
export class WorkflowDefinitionError extends Error {
  constructor(workflow: string, problems: string[]) {
    super(`Workflow "${workflow}" is not valid:\n- ${problems.join('\n- ')}`);
    this.name = 'WorkflowDefinitionError';
  }
}

export interface Workflow<
  S extends string,
  A extends string,
  Actor extends string,
  T extends WorkflowAction<S, A, Actor>,
> {
  readonly name: string;
  readonly stateField: string;
  readonly states: readonly S[];
  readonly actions: readonly A[];
  readonly transitions: readonly WorkflowTransition<T>[];
  readonly final: readonly S[];
  readonly actors: Readonly<Record<Actor, WorkflowActor>>;
  readonly separationOfDuties: readonly SeparationOfDuties<A>[];
  readonly codes: WorkflowDefinition<S, A, Actor, T>['codes'];
  isFinal(state: S): boolean;
  isState(value: unknown): value is S;
  stateNames(state: S): Names;
  transitionOf(action: A): WorkflowTransition<T>;
  /** The actions the table allows from a state, whoever asks. */
  actionsFrom(state: S): A[];
  /** Does the table allow the action from the state (whoever asks)? */
  allows(action: A, state: S): boolean;
  /** The state the action leads to from `state` (itself for an action without `to`). */
  targetOf(action: A, state: S): S;
  /** An action as a message names it: its Chinese name, in English the key the API uses. */
  actionName(action: A): Names;
  /** The permission of the action's actor, for its route's `@RequirePermission`. */
  permissionOf(action: A): string | undefined;
  /** The record's state (its `stateField`). */
  stateOf(record: object): S;
  /** The actions this caller may fire on the record now, in table order. */
  allowedActions<R extends object>(judge: WorkflowJudge<R, A, Actor>, record: R): Promise<A[]>;
  /** 409 `codes.notAllowed` (or the action's own) unless the record's state allows the action. */
  assertAllowed(action: A, record: object): void;
  /**
   * Refusals in order: 409 when the state does not allow it (with the state's actions); 403
   * `codes.forbidden` when the caller does not fill the actor (with the caller's own actions);
   * 403 with the rule's code when a separation rule bars them. Returns the step to apply.
   */
  authorize<R extends object>(judge: WorkflowJudge<R, A, Actor>, record: R, action: A): Promise<WorkflowStep<S, A, T>>;
  /**
   * The step for an action the plugin fires itself, or on a route that checked its permission
   * first: only the state is checked (the 409).
   */
  step(action: A, record: object): WorkflowStep<S, A, T>;
  /** Writes the step's audit line: `<prefix>.<action>`, `{ state: from }` → `{ state: to, ...after }`. */
  recordStep(
    tx: PluginTx,
    step: WorkflowStep<S, A, T>,
    entityId: string,
    after?: object,
    before?: object,
  ): Promise<void>;
  /** `"state" IN ('a', 'b')`: the entity's `@Check`, so the database refuses a state the table does not know. */
  checkConstraint(column?: string): string;
  /** The table as markdown for a README: action, from, to, who, needs, then the plugin's own columns. */
  markdownTable(extra?: readonly WorkflowTableColumn<T>[]): string;
}

/** Declares a workflow and checks it at once: unknown states, unreachable states, duplicate actions, unknown actors. */
export function defineWorkflow<
  S extends string,
  A extends string,
  Actor extends string,
  T extends WorkflowAction<S, A, Actor> = WorkflowAction<S, A, Actor>,
>(definition: WorkflowDefinition<S, A, Actor, T>): Workflow<S, A, Actor, T> {
  validateWorkflow(definition);
  const stateField = definition.stateField ?? 'state';
  const states = Object.keys(definition.states) as S[];
  const transitions = definition.actions.map((t) => ({ ...t, requires: t.requires ?? [] }));
  const byAction = new Map(transitions.map((t) => [t.action, t]));
  const separation = definition.separationOfDuties ?? [];
  const forbidden = definition.codes.forbidden;

  const transitionOf = (action: A) => {
    const t = byAction.get(action);
    if (!t) throw new Error(`Workflow "${definition.name}" has no action "${action}"`);
    return t;
  };
  const actionsFrom = (state: S) => transitions.filter((t) => t.from.includes(state)).map((t) => t.action);
  const stateOf = (record: object) => (record as Record<string, unknown>)[stateField] as S;
  const actionName = (action: A): Names => ({ 'zh-CN': transitionOf(action).names['zh-CN'], en: action });
  const barring = async <R extends object>(judge: WorkflowJudge<R, A, Actor>, record: R, action: A) => {
    for (const rule of separation)
      if (rule.actions.includes(action) && judge.bars && (await judge.bars(rule.rule, record))) return rule;
    return null;
  };

  const workflow: Workflow<S, A, Actor, T> = {
    name: definition.name,
    stateField,
    states,
    actions: transitions.map((t) => t.action),
    transitions,
    final: definition.final,
    actors: definition.actors,
    separationOfDuties: separation,
    codes: definition.codes,
    isFinal: (state) => definition.final.includes(state),
    isState: (value): value is S => typeof value === 'string' && states.includes(value as S),
    stateNames: (state) => definition.states[state],
    transitionOf,
    actionsFrom,
    allows: (action, state) => transitionOf(action).from.includes(state),
    targetOf: (action, state) => transitionOf(action).to ?? state,
    actionName,
    permissionOf: (action) => definition.actors[transitionOf(action).actor].permission,
    stateOf,

    async allowedActions(judge, record) {
      const allowed: A[] = [];
      for (const action of actionsFrom(stateOf(record))) {
        if (!(await judge.fills(transitionOf(action).actor, record, action))) continue;
        if (await barring(judge, record, action)) continue;
        if (judge.offers && !(await judge.offers(action, record))) continue;
        allowed.push(action);
      }
      return allowed;
    },

    assertAllowed(action, record) {
      const state = stateOf(record);
      const t = transitionOf(action);
      if (t.from.includes(state)) return;
      throw new PluginError(
        t.notAllowedCode ?? definition.codes.notAllowed,
        409,
        { action: actionName(action), [stateField]: definition.states[state] },
        { [stateField]: state, allowed: actionsFrom(state) },
      );
    },

    async authorize(judge, record, action) {
      workflow.assertAllowed(action, record);
      const t = transitionOf(action);
      const state = stateOf(record);
      if (!(await judge.fills(t.actor, record, action)))
        throw new PluginError(
          forbidden ?? 'FORBIDDEN',
          403,
          { action: actionName(action) },
          { [stateField]: state, allowed: await workflow.allowedActions(judge, record) },
        );
      const rule = await barring(judge, record, action);
      if (rule) throw new PluginError(rule.code, 403, { action: actionName(action) });
      return { action, from: state, to: t.to ?? state, transition: t };
    },

    step(action, record) {
      workflow.assertAllowed(action, record);
      const t = transitionOf(action);
      const state = stateOf(record);
      return { action, from: state, to: t.to ?? state, transition: t };
    },

    async recordStep(tx, step, entityId, after = {}, before = {}) {
      if (!definition.audit) throw new Error(`Workflow "${definition.name}" declares no audit entity`);
      await tx.audit(
        `${definition.audit.prefix}.${step.action}`,
        definition.audit.entity,
        entityId,
        { [stateField]: step.from, ...before },
        { [stateField]: step.to, ...after },
      );
    },

    checkConstraint: (column = stateField) => `"${column}" IN (${states.map((s) => `'${s}'`).join(', ')})`,

    markdownTable(extra = []) {
      const header = ['action', 'from', 'to', 'who', 'needs', ...extra.map((c) => c.header)];
      const rows = transitions.map((t) => [
        `\`${t.action}\` ${t.names['zh-CN']}`,
        t.from.join(', '),
        t.to ?? '(unchanged)',
        t.actor,
        t.requires.join(', ') || '—',
        ...extra.map((c) => c.cell(t)),
      ]);
      return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
    },
  };
  return workflow;
}

function validateWorkflow<
  S extends string,
  A extends string,
  Actor extends string,
  T extends WorkflowAction<S, A, Actor>,
>(d: WorkflowDefinition<S, A, Actor, T>): void {
  const problems: string[] = [];
  const states = new Set<string>(Object.keys(d.states));
  const known = (where: string, list: readonly string[]) => {
    for (const s of list) if (!states.has(s)) problems.push(`${where} names unknown state "${s}"`);
  };
  if (!states.size) problems.push('it has no states');
  if (!d.initial.length) problems.push('it has no initial state');
  known('initial', d.initial);
  known('final', d.final);

  const seen = new Set<string>();
  for (const t of d.actions) {
    if (seen.has(t.action)) problems.push(`action "${t.action}" is declared twice`);
    seen.add(t.action);
    if (!t.from.length) problems.push(`action "${t.action}" leaves no state`);
    known(`action "${t.action}" (from)`, t.from);
    if (t.to !== undefined) known(`action "${t.action}" (to)`, [t.to]);
    if (!Object.hasOwn(d.actors, t.actor)) problems.push(`action "${t.action}" names unknown actor "${t.actor}"`);
  }
  for (const rule of d.separationOfDuties ?? [])
    for (const a of rule.actions)
      if (!seen.has(a)) problems.push(`separation rule "${rule.rule}" names unknown action "${a}"`);

  // Every state is reachable from an initial one; a state no action leaves must be declared final.
  const reached = new Set<string>(d.initial);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of d.actions)
      if (t.to !== undefined && !reached.has(t.to) && t.from.some((s) => reached.has(s))) {
        reached.add(t.to);
        grew = true;
      }
  }
  for (const s of states) {
    if (!reached.has(s))
      problems.push(`state "${s}" cannot be reached from ${d.initial.join(', ') || 'any initial state'}`);
    if (!d.final.includes(s as S) && !d.actions.some((t) => t.from.includes(s as S)))
      problems.push(`state "${s}" is a dead end: no action leaves it and it is not final`);
  }
  if (problems.length) throw new WorkflowDefinitionError(d.name, problems);
}

/**
 * The transition table between `<!-- <marker>:start -->` and `<!-- <marker>:end -->` in a README,
 * with prettier's padding taken out, to compare with `markdownTable()`.
 */
export function markdownTableIn(readme: string, marker = 'transitions'): string | undefined {
  const between = new RegExp(`<!-- ${marker}:start -->([\\s\\S]*?)<!-- ${marker}:end -->`).exec(readme)?.[1]?.trim();
  return between?.replace(/ +/g, ' ').replace(/-{3,}/g, '---');
}
