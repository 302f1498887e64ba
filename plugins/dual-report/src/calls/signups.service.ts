import {
  Injectable,
  NotFoundError,
  Tongxin,
  type PluginRequestContext,
  type PluginTx,
  isUuid,
  isUniqueViolation,
} from '@tongxin/plugin-sdk';
import { ATTENDANCE_CONFIRM } from '../constants';
import type { DualReportSettings } from '../settings';
import { callCaller, callForStaff, lockCall, visibleCall, type CallCaller } from './call-access';
import { callWithSignups, signupViews } from './call-views';
import type { DualReportCall } from './call.entity';
import type { AttendanceDto, CallNoteDto, SignUpDto } from './calls.dto';
import { DualReportSignup } from './signup.entity';
import { CURRENT_SQL } from '../registrations';
import { callsErrors } from './errors';

const HOUR = 3_600_000;

/**
 * 机关报到、党员报到: members sign up for themselves where they reported, liaisons sign their
 * unit up where it is paired; the community confirms who came, the hours and what was done.
 */
@Injectable()
export class SignupsService {
  constructor(private readonly tongxin: Tongxin) {}

  /**
   * Signs the caller (or, `asUnit`, their unit) up. A call the caller cannot see is not found, as
   * an unknown id is. The call row is locked while the places are counted, so two people racing
   * for the last place get one place between them.
   */
  signUp(ctx: PluginRequestContext, id: string, dto: SignUpDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const caller = await callCaller(this.tongxin, tx, ctx);
      const call = await visibleCall(this.tongxin, tx, ctx, caller, id, { lock: true });
      if (!call) throw new NotFoundError('dual_report_calls');
      const who = dto.asUnit ? await this.unitWho(tx, caller, call) : await this.memberWho(tx, caller, call);
      if (call.status !== 'open' || tx.now >= call.endsAt) throw callsErrors.CALL_CLOSED({ title: call.title });
      const live = await tx
        .repository(DualReportSignup)
        .queryBuilder('s')
        .where(`s.call_id = :callId and s.status <> 'cancelled'`, { callId: call.id })
        .getMany();
      const same = (s: DualReportSignup) =>
        who.memberId ? s.memberId === who.memberId : s.memberId === null && s.partnerId === who.partnerId;
      if (live.some(same)) throw callsErrors.ALREADY_SIGNED_UP({ title: call.title });
      if (live.length >= call.capacity) throw callsErrors.CALL_FULL({ title: call.title, capacity: call.capacity });
      const signup = await once(
        tx.repository(DualReportSignup).insert(
          {
            callId: call.id,
            ...who,
            status: 'signed',
            signedAt: tx.now,
            signedBy: ctx.userId,
            confirmedAt: null,
            confirmedBy: null,
            hours: 0,
            workDone: '',
          },
          { unitId: call.unitId },
        ),
        call.title,
      );
      await tx.audit('signup.create', 'dual_report_signup', signup.id, null, { callId: call.id, ...who });
      return (await signupViews(tx, [signup]))[0]!;
    });
  }

  /** Withdraws one's own sign-up (or one's unit's), before the call starts. */
  cancel(ctx: PluginRequestContext, id: string, signupId: string, dto: CallNoteDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const call = await lockCall(tx, id);
      const signup = call && isUuid(signupId) ? await tx.repository(DualReportSignup).findById(signupId) : null;
      const caller = await callCaller(this.tongxin, tx, ctx);
      const mine =
        signup?.memberId === ctx.userId ||
        (signup?.memberId === null && (signup.signedBy === ctx.userId || signup.partnerId === caller.liaisonOf));
      if (!call || !signup || signup.callId !== call.id || !mine) throw new NotFoundError('dual_report_signups');
      if (signup.status !== 'signed') throw callsErrors.NOT_SIGNED_UP({ id: signup.id });
      if (tx.now >= call.startsAt) throw callsErrors.CALL_STARTED({ title: call.title });
      await tx.repository(DualReportSignup).update(signup.id, { status: 'cancelled' });
      await tx.audit(
        'signup.cancel',
        'dual_report_signup',
        signup.id,
        { status: 'signed' },
        { status: 'cancelled', note: dto.note ?? '' },
      );
      return (await signupViews(tx, [{ ...signup, status: 'cancelled' }]))[0]!;
    });
  }

  /**
   * The call's staff confirm who came, for how long and what they did. All entries or none: one
   * that names no live sign-up of this call, one already confirmed, or hours out of range refuses
   * the whole batch.
   */
  confirmAttendance(ctx: PluginRequestContext, id: string, dto: AttendanceDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const call = await callForStaff(this.tongxin, tx, ctx, id, ATTENDANCE_CONFIRM);
      if (call.status === 'cancelled') throw callsErrors.CALL_CLOSED({ title: call.title });
      if (tx.now < call.startsAt) throw callsErrors.CALL_NOT_STARTED({ title: call.title });
      const ids = dto.entries.map((e) => e.signupId);
      if (new Set(ids).size !== ids.length) throw callsErrors.ATTENDANCE_DUPLICATE();
      const signups = await tx
        .repository(DualReportSignup)
        .queryBuilder('s')
        .where('s.call_id = :callId and s.id in (:...ids)', { callId: call.id, ids })
        .getMany();
      const byId = new Map(signups.map((s) => [s.id, s]));
      const { maxHoursPerSignup } = await tx.settings<DualReportSettings>();
      const max = Math.min(maxHoursPerSignup, (call.endsAt.getTime() - call.startsAt.getTime()) / HOUR);
      for (const e of dto.entries) {
        const s = byId.get(e.signupId);
        if (!s || s.status === 'cancelled') throw callsErrors.NOT_SIGNED_UP({ id: e.signupId });
        if (s.status !== 'signed') throw callsErrors.ALREADY_CONFIRMED({ id: s.id });
        if (e.attended ? !(e.hours !== undefined && e.hours > 0 && e.hours <= max) : (e.hours ?? 0) !== 0)
          throw callsErrors.HOURS_OUT_OF_RANGE({ id: s.id, max: round2(max) });
      }
      for (const e of dto.entries) {
        const changes = {
          status: e.attended ? ('attended' as const) : ('absent' as const),
          hours: e.attended ? e.hours! : 0,
          workDone: e.attended ? (e.workDone ?? '').trim() : '',
          confirmedAt: tx.now,
          confirmedBy: ctx.userId,
        };
        await tx.repository(DualReportSignup).update(e.signupId, changes);
        await tx.audit('signup.confirm', 'dual_report_signup', e.signupId, { status: 'signed' }, changes);
        if (e.attended) await notifyServed(tx, call, byId.get(e.signupId)!, changes.hours);
      }
      return callWithSignups(tx, call);
    });
  }

  /**
   * A member signs up where they reported: an approved registration with the call's community.
   * The refusal names no call: it may be one the caller cannot see.
   */
  private async memberWho(tx: PluginTx, caller: CallCaller, call: DualReportCall) {
    const [registered] = await tx.query<{ id: string }>(
      // Approved here, or approved here and moving away (the move still pending).
      `select id from dual_report_registrations r where member_id = $1 and unit_id = $2 and ${CURRENT_SQL('r')}`,
      [caller.userId, call.communityId],
    );
    if (!registered) throw callsErrors.NOT_REGISTERED_HERE();
    return { memberId: caller.userId, partnerId: null, memberPartnerId: caller.partnerId };
  }

  /** A liaison signs their unit up where it is actively paired. */
  private async unitWho(tx: PluginTx, caller: CallCaller, call: DualReportCall) {
    if (!caller.liaisonOf) throw callsErrors.NOT_A_LIAISON();
    const [paired] = await tx.query<{ id: string }>(
      `select id from dual_report_pairings where partner_id = $1 and unit_id = $2 and status = 'active'`,
      [caller.liaisonOf, call.communityId],
    );
    if (!paired) throw callsErrors.UNIT_NOT_PAIRED();
    return { memberId: null, partnerId: caller.liaisonOf, memberPartnerId: null };
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A race past the duplicate check loses on the partial unique indexes: the same answer as a second try. */
async function once<T>(work: Promise<T>, title: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (
      isUniqueViolation(error, 'uq_dual_report_signups_member') ||
      isUniqueViolation(error, 'uq_dual_report_signups_partner')
    )
      throw callsErrors.ALREADY_SIGNED_UP({ title });
    throw error;
  }
}

/** Tells the member (or whoever signed their unit up) the hours logged. */
async function notifyServed(tx: PluginTx, call: DualReportCall, signup: DualReportSignup, hours: number) {
  await tx.notifications.notify({
    userIds: [signup.memberId ?? signup.signedBy],
    kind: 'service-logged',
    params: { title: call.title, hours },
    data: { callId: call.id, signupId: signup.id, hours },
    dedupeKey: `service-logged:${signup.id}`,
  });
}
