import { PluginError } from './plugin-error';
import type { PluginTx } from './runtime';
import {
  defineWorkflow,
  markdownTableIn,
  WorkflowDefinitionError,
  type WorkflowAction,
  type WorkflowJudge,
} from './workflow';
import { describeWorkflowTable, type WorkflowAnswer } from './workflow-testing';

/** A leave request: the smallest loop with a relation actor, a permission actor and 采办分离. */
type LeaveState = 'draft' | 'submitted' | 'approved' | 'refused' | 'withdrawn';
type LeaveAction = 'submit' | 'approve' | 'refuse' | 'withdraw' | 'edit';
type LeaveActor = 'author' | 'approver';

const names = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const definition = () => ({
  name: 'leave request',
  states: {
    draft: names('草稿', 'draft'),
    submitted: names('待审批', 'submitted'),
    approved: names('已批准', 'approved'),
    refused: names('未批准', 'refused'),
    withdrawn: names('已撤回', 'withdrawn'),
  },
  initial: ['draft'] as LeaveState[],
  final: ['approved', 'refused', 'withdrawn'] as LeaveState[],
  actors: { author: { relation: 'wrote the request' }, approver: { permission: 'leave.approve' } },
  actions: [
    { action: 'submit', from: ['draft'], to: 'submitted', actor: 'author', names: names('提交', 'Submit') },
    { action: 'approve', from: ['submitted'], to: 'approved', actor: 'approver', names: names('批准', 'Approve') },
    {
      action: 'refuse',
      from: ['submitted'],
      to: 'refused',
      actor: 'approver',
      requires: ['reason'],
      names: names('不批准', 'Refuse'),
    },
    {
      action: 'withdraw',
      from: ['draft', 'submitted'],
      to: 'withdrawn',
      actor: 'author',
      names: names('撤回', 'Withdraw'),
    },
    {
      action: 'edit',
      from: ['draft'],
      actor: 'author',
      names: names('修改', 'Edit'),
      notAllowedCode: 'LEAVE_CLOSED',
    },
  ] as WorkflowAction<LeaveState, LeaveAction, LeaveActor>[],
  separationOfDuties: [
    { rule: 'own-request', actions: ['approve', 'refuse'] as LeaveAction[], code: 'LEAVE_OWN_REQUEST' },
  ],
  codes: { notAllowed: 'LEAVE_TRANSITION_NOT_ALLOWED', forbidden: 'LEAVE_ACTION_FORBIDDEN' },
  audit: { prefix: 'leave', entity: 'leave_request' },
});

const LEAVE = defineWorkflow<LeaveState, LeaveAction, LeaveActor>(definition());

interface Leave {
  id: string;
  state: LeaveState;
  authorId: string;
}
interface Person {
  id: string;
  approves: boolean;
}

const judgeFor = (me: Person): WorkflowJudge<Leave, LeaveAction, LeaveActor> => ({
  fills: (actor, leave) => (actor === 'author' ? leave.authorId === me.id : me.approves),
  bars: (rule, leave) => rule === 'own-request' && leave.authorId === me.id,
});

const ann: Person = { id: 'ann', approves: false };
const boss: Person = { id: 'boss', approves: true };
/** An approver writing her own request: she may not approve it. */
const chief: Person = { id: 'chief', approves: true };

async function refusal(work: Promise<unknown>): Promise<PluginError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof PluginError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('defineWorkflow', () => {
  it('lists states, actions and the actions each state allows, in table order', () => {
    expect(LEAVE.states).toEqual(['draft', 'submitted', 'approved', 'refused', 'withdrawn']);
    expect(LEAVE.actions).toEqual(['submit', 'approve', 'refuse', 'withdraw', 'edit']);
    expect(LEAVE.actionsFrom('draft')).toEqual(['submit', 'withdraw', 'edit']);
    expect(LEAVE.actionsFrom('approved')).toEqual([]);
    expect([LEAVE.allows('withdraw', 'submitted'), LEAVE.allows('withdraw', 'approved')]).toEqual([true, false]);
    expect(LEAVE.isFinal('refused')).toBe(true);
    expect(LEAVE.isFinal('submitted')).toBe(false);
    expect(LEAVE.targetOf('edit', 'draft')).toBe('draft');
    expect(LEAVE.transitionOf('submit').requires).toEqual([]);
    expect(LEAVE.permissionOf('approve')).toBe('leave.approve');
    expect(LEAVE.actionName('refuse')).toEqual({ 'zh-CN': '不批准', en: 'refuse' });
  });

  it('answers what a caller may do: by actor, minus separation of duties, minus what the plugin hides', async () => {
    const mine: Leave = { id: '1', state: 'submitted', authorId: 'chief' };
    expect(await LEAVE.allowedActions(judgeFor(chief), mine)).toEqual(['withdraw']);
    expect(await LEAVE.allowedActions(judgeFor(boss), mine)).toEqual(['approve', 'refuse']);
    expect(await LEAVE.allowedActions(judgeFor(ann), mine)).toEqual([]);
    const hidden = { ...judgeFor(boss), offers: (action: LeaveAction) => action !== 'refuse' };
    expect(await LEAVE.allowedActions(hidden, mine)).toEqual(['approve']);
  });

  it('refuses in order: 409 for the state, 403 for the actor, 403 for separation of duties', async () => {
    const approved: Leave = { id: '1', state: 'approved', authorId: 'chief' };
    const state = await refusal(LEAVE.authorize(judgeFor(ann), approved, 'approve'));
    expect([state.code, state.status, state.details]).toEqual([
      'LEAVE_TRANSITION_NOT_ALLOWED',
      409,
      { state: 'approved', allowed: [] },
    ]);
    expect(state.params).toEqual({ action: { 'zh-CN': '批准', en: 'approve' }, state: names('已批准', 'approved') });

    const submitted: Leave = { id: '2', state: 'submitted', authorId: 'chief' };
    const actor = await refusal(LEAVE.authorize(judgeFor(ann), submitted, 'approve'));
    expect([actor.code, actor.status, actor.details]).toEqual([
      'LEAVE_ACTION_FORBIDDEN',
      403,
      { state: 'submitted', allowed: [] },
    ]);
    const own = await refusal(LEAVE.authorize(judgeFor(chief), submitted, 'approve'));
    expect([own.code, own.status, own.details]).toEqual(['LEAVE_OWN_REQUEST', 403, undefined]);

    expect(await LEAVE.authorize(judgeFor(boss), submitted, 'approve')).toEqual(
      expect.objectContaining({ action: 'approve', from: 'submitted', to: 'approved' }),
    );
  });

  it('uses an action’s own 409 code and the declared state column in the details', async () => {
    const ASSET = defineWorkflow<LeaveState, LeaveAction, LeaveActor>({ ...definition(), stateField: 'status' });
    const closed = await refusal(Promise.resolve().then(() => ASSET.assertAllowed('edit', { status: 'approved' })));
    expect([closed.code, closed.details, closed.params.status]).toEqual([
      'LEAVE_CLOSED',
      { status: 'approved', allowed: [] },
      names('已批准', 'approved'),
    ]);
    expect(ASSET.checkConstraint()).toBe(`"status" IN ('draft', 'submitted', 'approved', 'refused', 'withdrawn')`);
  });

  it('writes the audit line of a step', async () => {
    const lines: unknown[][] = [];
    const tx = { audit: async (...args: unknown[]) => void lines.push(args) } as unknown as PluginTx;
    const step = LEAVE.step('submit', { state: 'draft' });
    await LEAVE.recordStep(tx, step, 'id-1', { note: '年假' });
    expect(lines).toEqual([
      ['leave.submit', 'leave_request', 'id-1', { state: 'draft' }, { state: 'submitted', note: '年假' }],
    ]);
  });

  it('renders the README table, and reads one back from between its markers', () => {
    const table = LEAVE.markdownTable([{ header: 'reason', cell: (t) => (t.requires.length ? 'yes' : '—') }]);
    expect(table.split('\n').slice(0, 3)).toEqual([
      '| action | from | to | who | needs | reason |',
      '| --- | --- | --- | --- | --- | --- |',
      '| `submit` 提交 | draft | submitted | author | — | — |',
    ]);
    expect(table).toContain('| `edit` 修改 | draft | (unchanged) | author | — | — |');
    const padded = table.replace(/\| /g, '|   ').replace(/---/g, '--------');
    expect(markdownTableIn(`# Leave\n\n<!-- transitions:start -->\n\n${padded}\n\n<!-- transitions:end -->\n`)).toBe(
      table,
    );
  });

  describe('refuses a table that cannot be right, naming each problem', () => {
    const problems = (change: (d: ReturnType<typeof definition>) => void) => {
      const d = definition();
      change(d);
      try {
        defineWorkflow<LeaveState, LeaveAction, LeaveActor>(d);
      } catch (error) {
        expect(error).toBeInstanceOf(WorkflowDefinitionError);
        return (error as Error).message;
      }
      throw new Error('the definition was accepted');
    };

    it.each([
      [
        'an unknown state',
        (d: ReturnType<typeof definition>) => (d.actions[0]!.to = 'sent' as LeaveState),
        'action "submit" (to) names unknown state "sent"',
      ],
      [
        'an unreachable state',
        (d: ReturnType<typeof definition>) => d.actions.splice(3, 1),
        'state "withdrawn" cannot be reached from draft',
      ],
      [
        'a duplicate action',
        (d: ReturnType<typeof definition>) => d.actions.push({ ...d.actions[1]! }),
        'action "approve" is declared twice',
      ],
      [
        'a dead end not declared final',
        (d: ReturnType<typeof definition>) => d.final.splice(0, 1),
        'state "approved" is a dead end',
      ],
      [
        'an unknown actor',
        (d: ReturnType<typeof definition>) => (d.actions[0]!.actor = 'clerk' as LeaveActor),
        'action "submit" names unknown actor "clerk"',
      ],
      [
        'a separation rule on an unknown action',
        (d: ReturnType<typeof definition>) => d.separationOfDuties[0]!.actions.push('sign' as LeaveAction),
        'separation rule "own-request" names unknown action "sign"',
      ],
    ])('%s', (_what, change, message) => {
      expect(problems(change)).toContain(message);
    });
  });
});

/** The test helper run against an in-memory plugin that fires actions through `authorize`. */
describe('describeWorkflowTable', () => {
  const records = new Map<string, Leave>();
  let next = 0;
  const PATHS: Record<LeaveState, LeaveAction[]> = {
    draft: [],
    submitted: ['submit'],
    approved: ['submit', 'approve'],
    refused: ['submit', 'refuse'],
    withdrawn: ['withdraw'],
  };
  const stranger: Person = { id: 'stranger', approves: false };
  const actorFor = (action: LeaveAction) => (LEAVE.transitionOf(action).actor === 'author' ? ann : boss);

  async function fire(who: Person, leave: Leave, action: LeaveAction): Promise<WorkflowAnswer> {
    if (who === stranger) return { status: 404, body: { code: 'NOT_FOUND' } };
    try {
      const step = await LEAVE.authorize(judgeFor(who), records.get(leave.id)!, action);
      records.get(leave.id)!.state = step.to;
      return { status: 200, body: { state: step.to } };
    } catch (error) {
      if (!(error instanceof PluginError)) throw error;
      return { status: error.status, body: { code: error.code, details: error.details } };
    }
  }

  describeWorkflowTable(LEAVE, {
    async reach(state) {
      const leave: Leave = { id: String(++next), state: 'draft', authorId: ann.id };
      records.set(leave.id, leave);
      for (const action of PATHS[state]) await fire(actorFor(action), leave, action);
      return { ...leave };
    },
    actorFor,
    fire,
    stateOf: async (leave) => records.get(leave.id)!.state,
    outsiders: {
      author: [
        { name: 'an approver', who: boss },
        { name: 'a stranger who cannot see it', who: stranger, status: 404 },
      ],
      approver: [{ name: 'the author', who: ann }],
    },
  });

  it('covered every cell and every outsider, and left the refused records as they were', () => {
    // 5 states × 5 actions, each on its own record, plus one per outsider refused (5 actions, 3 of them the author's).
    expect(records.size).toBe(25 + 5 + 3);
  });
});
