import { describeWorkflowTable, type WorkflowAnswer } from '@tongxin/plugin-sdk';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import {
  type RegistrationAction,
  type RegistrationStatus,
  REGISTRATION_WORKFLOW,
} from '../src/registrations/registration-workflow';
import { DUAL, dualDistrict, inServiceMember, startDualApp, type DualDistrict, type Person } from './support';

/**
 * The registration workflow's table through the real app (the SDK's `describeWorkflowTable`):
 * every status × every action fired on a registration by id, and everyone who may not fire one.
 * `move` (POST registrations/transfer) and `restore` (the plugin's own) are covered by
 * registrations.e2e.spec.ts.
 */

/** Who fires an action, resolved per registration: its own member, the community, or outsiders. */
type Who = 'own member' | 'community' | 'another member' | 'another community';

interface Registration {
  id: string;
  member: Person;
}

describe('dual-report registration statuses', () => {
  let t: TestApp;
  let d: DualDistrict;
  let n = 0;

  beforeAll(async () => {
    t = await startDualApp();
    d = await dualDistrict(t, 'drwf');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const person = (who: Who, r: Registration): Person =>
    ({
      'own member': r.member,
      community: d.communityStaffA,
      'another member': d.memberA1,
      'another community': d.communityStaffB,
    })[who];

  async function fire(who: Who, r: Registration, action: RegistrationAction): Promise<WorkflowAnswer> {
    const as = bearer(person(who, r).token);
    if (action === 'edit') return t.http.patch(`${DUAL}/registrations/${r.id}`).set(as).send({ note: '改' });
    const body = action === 'refuse' ? { reason: '不在本社区居住' } : {};
    return t.http.post(`${DUAL}/registrations/${r.id}/${action}`).set(as).send(body);
  }

  async function must(answer: Promise<WorkflowAnswer>, status: number) {
    const res = await answer;
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  }

  /** The path to each status, by the API: apply, then the steps; a move leaves the old one `transferred`. */
  async function reach(status: RegistrationStatus): Promise<Registration> {
    const member = await inServiceMember(t, d, `wfmember${++n}`, d.taxBureau, d.gridA.id);
    const applied = t.http
      .post(`${DUAL}/registrations`)
      .set(bearer(member.token))
      .send({ communityId: d.communityA.id });
    const r: Registration = { id: (await must(applied, 201)).id, member };
    const steps: Record<RegistrationStatus, RegistrationAction[]> = {
      pending: [],
      approved: ['approve'],
      refused: ['refuse'],
      withdrawn: ['withdraw'],
      transferred: ['approve'],
    };
    for (const action of steps[status])
      await must(
        fire(REGISTRATION_WORKFLOW.transitionOf(action).actor === 'member' ? 'own member' : 'community', r, action),
        200,
      );
    if (status === 'transferred') {
      const moved = t.http.post(`${DUAL}/registrations/transfer`).set(bearer(member.token));
      await must(moved.send({ communityId: d.communityB.id }), 201);
    }
    return r;
  }

  describeWorkflowTable(REGISTRATION_WORKFLOW, {
    reach,
    actorFor: (action) => (REGISTRATION_WORKFLOW.transitionOf(action).actor === 'member' ? 'own member' : 'community'),
    fire,
    async stateOf(r) {
      const res = await t.http.get(`${DUAL}/registrations/${r.id}`).set(bearer(d.admin.token));
      return (res.body as { status: RegistrationStatus }).status;
    },
    outsiders: {
      // The member holds no review permission; the other community cannot see the registration.
      reviewer: [
        { name: 'the member', who: 'own member' },
        { name: 'another community', who: 'another community', status: 404 },
      ],
      // Community staff hold no apply permission; another member sees only their own.
      member: [
        { name: 'the community', who: 'community' },
        { name: 'another member', who: 'another member', status: 404 },
      ],
    },
    only: { actions: ['approve', 'refuse', 'withdraw', 'edit'] },
  });
});
