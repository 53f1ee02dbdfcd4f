import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { LeaveBalanceOut, LeaveImpact, leaveChannels } from '../../../../shared/contract/leave';
import type { AssignmentOut, LeaveOut } from '../../../../shared/contract/rota';
import { SpokeError } from '../../../../shared/errors';
import { formatDayWithYear } from '../../../../shared/rota/dates';
import { assignmentsAffectedByLeave, carryOver, daysOverBalance, leaveBalance, leaveDaysTaken, leaveYearContaining, overlappingLeave, type LeaveYear } from '../../../../shared/rota/leave';
import { LEAVE_TYPE_LABELS, type LeaveRequest, type RotaStaff } from '../../../../shared/rota/model';
import type { RotaEdit } from '../../../../shared/rota/rules';
import type { Actor } from '../audit/log';
import type { CallContext, CoreContext, HandlerTable } from '../context';
import { conflictOut, deltaOut, toLeaveRequest, toRotaStaff, type RotaFeature } from '../rota/feature';
import type { StaffRepo } from '../staff/repo';
import type { LeaveRecord, LeaveRepo } from './repo';

type Input<C extends keyof typeof leaveChannels> = z.output<(typeof leaveChannels)[C]['input']>;


function describe(l: Pick<LeaveRequest, 'type' | 'startDate' | 'startHalf' | 'endDate' | 'endHalf'>): string {
  const from = `${formatDayWithYear(l.startDate)}${l.startHalf === 'pm' ? ' PM' : ''}`;
  const to = `${formatDayWithYear(l.endDate)}${l.endHalf === 'am' ? ' AM' : ''}`;
  const what = LEAVE_TYPE_LABELS[l.type].toLowerCase();
  if (l.startDate !== l.endDate) return `${what} from ${from} to ${to}`;
  return l.startHalf === l.endHalf ? `${what} on ${formatDayWithYear(l.startDate)} ${l.startHalf.toUpperCase()}` : `${what} on ${formatDayWithYear(l.startDate)}`;
}

/** Leave: requests, decisions (with the rota cells they affect) and balances. */
export class LeaveFeature {
  constructor(
    private readonly ctx: CoreContext,
    readonly repo: LeaveRepo,
    private readonly staff: StaffRepo,
    private readonly rota: RotaFeature,
  ) {}

  private person(staffId: string): RotaStaff {
    const s = this.staff.get(staffId);
    if (!s) throw new SpokeError('not_found', 'That staff member no longer exists. Reload the page.');
    return toRotaStaff(s);
  }

  private out(l: LeaveRecord): LeaveOut {
    const p = this.staff.get(l.staffId);
    return { ...l, days: p ? leaveDaysTaken(toRotaStaff(p), l, null, this.rota.bankHolidayDates()) : 0 };
  }

  private mustGet(id: string): LeaveRecord {
    const l = this.repo.get(id);
    if (!l) throw new SpokeError('not_found', 'That leave request no longer exists. Reload the page.');
    return l;
  }

  list(input: Input<'leave.list'>): LeaveOut[] {
    let rows = input.from || input.to ? this.repo.overlapping(input.from ?? '0000-01-01', input.to ?? '9999-12-31') : this.repo.all();
    if (input.staffId) rows = rows.filter((l) => l.staffId === input.staffId);
    if (input.status) rows = rows.filter((l) => l.status === input.status);
    return rows.map((l) => this.out(l));
  }

  request(input: Input<'leave.request'>, call: CallContext): LeaveOut {
    const profile = call.profile;
    if (!profile) throw new SpokeError('not_signed_in', 'Sign in to continue.');
    if (profile.appRole !== 'practice_manager' && profile.staffId !== input.staffId) {
      throw new SpokeError('forbidden', 'You can request leave only for yourself. A practice manager can record leave for others.');
    }
    const actor = this.ctx.actorOf(profile);
    this.rota.validator();
    const saved = this.ctx.db.transaction(() => {
      const person = this.person(input.staffId);
      if (person.archived) throw new SpokeError('invalid_input', `${person.displayName} is archived: leave cannot be requested for them.`, { staffId: `${person.displayName} is archived` });
      const candidate: LeaveRequest = { ...input, id: randomUUID(), status: 'requested', updatedAt: '' };
      const clash = overlappingLeave(candidate, this.repo.ofStaff(input.staffId).map(toLeaveRequest))[0];
      if (clash) {
        const msg = `This overlaps ${person.displayName}'s ${clash.status} ${describe(clash)}`;
        throw new SpokeError('invalid_input', `${msg}. Change the dates, or withdraw that request first.`, { startDate: msg });
      }
      const at = this.ctx.now();
      const id = this.repo.insert({ ...input, status: 'requested', requestedBy: actor.name }, at);
      const saved = this.mustGet(id);
      this.ctx.audit.record(at, actor, 'leave requested', 'leave', id, null, saved);
      return saved;
    })();
    // A request changes no conflict (only approved leave does), but the validator holds every request.
    this.rota.applyEdits([{ kind: 'upsertLeave', leave: toLeaveRequest(saved) }], [saved.startDate, saved.endDate]);
    return this.out(saved);
  }

  withdraw(input: Input<'leave.withdraw'>, call: CallContext) {
    const profile = call.profile;
    if (!profile) throw new SpokeError('not_signed_in', 'Sign in to continue.');
    this.rota.validator();
    const before = this.ctx.db.transaction(() => {
      const l = this.mustGet(input.id);
      if (profile.appRole !== 'practice_manager' && profile.staffId !== l.staffId) throw new SpokeError('forbidden', 'You can withdraw only your own leave requests.');
      if (profile.appRole !== 'practice_manager' && l.status === 'approved') {
        throw new SpokeError('forbidden', 'This leave is already approved: ask a practice manager to cancel it.');
      }
      if (l.updatedAt !== input.expectedUpdatedAt) throw new SpokeError('conflict', 'This leave request was changed by someone else after you opened it. Reload and try again.');
      const at = this.ctx.stampAfter(l.updatedAt);
      this.repo.tombstone(l.id, at);
      this.ctx.audit.record(at, this.ctx.actorOf(profile), 'leave withdrawn', 'leave', l.id, l, null);
      return l;
    })();
    this.rota.applyEdits([{ kind: 'removeLeave', id: before.id }], [before.startDate, before.endDate]);
    return { ok: true as const };
  }

  /** The cells approving this leave would leave someone assigned while away. */
  private affected(l: LeaveRecord): AssignmentOut[] {
    return assignmentsAffectedByLeave(l, this.rota.repo.assignmentsOfStaff(l.staffId, l.startDate, l.endDate));
  }

  balanceOf(person: RotaStaff, asOf: string, extra?: LeaveRequest): LeaveBalanceOut {
    const settings = this.rota.settings();
    const year = leaveYearContaining(asOf, settings);
    const leave = this.repo.ofStaff(person.id).map(toLeaveRequest);
    const all = extra ? [...leave.filter((l) => l.id !== extra.id), extra] : leave;
    const previous: LeaveYear = leaveYearContaining(`${Number(year.start.slice(0, 4)) - 1}${year.start.slice(4)}`, settings);
    // Carry-over is last year's unused balance, capped; last year's own carry-over is not chained
    // further back. A year Spoke holds no leave for was not tracked here, so nothing is carried from it.
    const trackedLastYear = leave.some((l) => l.endDate >= previous.start && l.startDate <= previous.end);
    const bankHolidays = this.rota.bankHolidayDates();
    const carried = trackedLastYear ? carryOver(leaveBalance({ staff: person, settings, leaveYear: previous, leave, bankHolidays }).remainingDays, settings) : 0;
    const b = leaveBalance({ staff: person, settings, leaveYear: year, leave: all, carriedOverDays: carried, bankHolidays });
    const r2 = (n: number) => Math.round(n * 100) / 100;
    return {
      staffId: person.id,
      displayName: person.displayName,
      leaveYear: b.leaveYear,
      proRata: r2(b.proRata),
      yearShare: r2(b.yearShare),
      entitlementDays: b.totalDays,
      bankHolidayDays: r2(b.bankHolidayDays),
      carriedOverDays: b.carriedOverDays,
      takenDays: b.takenDays,
      bankHolidaysTakenDays: b.bankHolidaysTakenDays,
      pendingDays: b.pendingDays,
      remainingDays: r2(b.remainingDays),
    };
  }

  /** The balance as it would be after approval, the days the request takes, and how many of them are beyond the balance. */
  private overBalance(l: LeaveRecord, person: RotaStaff): { balance: LeaveBalanceOut | null; remainingBefore: number; days: number; beyond: number } {
    if (l.type !== 'annual') return { balance: null, remainingBefore: 0, days: 0, beyond: 0 };
    const request = toLeaveRequest(l);
    const current = this.balanceOf(person, l.startDate, { ...request, status: 'requested' });
    const beyond = daysOverBalance(request, current, person, current.leaveYear, this.rota.bankHolidayDates());
    const after = this.balanceOf(person, l.startDate, { ...request, status: 'approved' });
    return { balance: after, remainingBefore: current.remainingDays, days: leaveDaysTaken(person, l, current.leaveYear, this.rota.bankHolidayDates()), beyond };
  }

  impact(id: string): LeaveImpact {
    const l = this.mustGet(id);
    const person = this.person(l.staffId);
    const { balance, days, beyond } = this.overBalance(l, person);
    // Ask the validator what approval would add, then put the request back as it is.
    const validator = this.rota.validator();
    const approved: LeaveRequest = { ...toLeaveRequest(l), status: 'approved' };
    let added: ReturnType<typeof conflictOut>[] = [];
    if (l.status !== 'approved') {
      const delta = validator.applyEdit({ kind: 'upsertLeave', leave: approved });
      validator.applyEdit(l.status === 'declined' ? { kind: 'removeLeave', id: l.id } : { kind: 'upsertLeave', leave: toLeaveRequest(l) });
      added = delta.added.map(conflictOut);
    }
    return { leave: this.out(l), affected: this.affected(l), balance, daysFromBalance: days, overBalance: beyond > 0, conflictsIfApproved: added };
  }

  decide(input: Input<'leave.decide'>, actor: Actor) {
    this.rota.validator();
    const done = this.ctx.db.transaction(() => {
      const before = this.mustGet(input.id);
      if (before.updatedAt !== input.expectedUpdatedAt) throw new SpokeError('conflict', 'This leave request was changed by someone else after you opened it. Reload and decide again.');
      const person = this.person(before.staffId);
      const at = this.ctx.stampAfter(before.updatedAt);
      const cleared: AssignmentOut[] = [];
      let affected: AssignmentOut[] = [];
      let override = false;
      if (input.decision === 'approve') {
        if (before.status === 'approved') throw new SpokeError('conflict', 'This leave is already approved.');
        const clash = overlappingLeave({ ...toLeaveRequest(before), status: 'approved' }, this.repo.ofStaff(before.staffId).map(toLeaveRequest))[0];
        if (clash) throw new SpokeError('invalid_input', `This overlaps ${person.displayName}'s ${clash.status} ${describe(clash)}. Decline or withdraw one of them first.`);
        const { remainingBefore, days, beyond } = this.overBalance(before, person);
        if (beyond > 0) {
          if (!input.overrideBalance) {
            const msg = `${person.displayName} has ${remainingBefore} days of annual leave left; this request takes ${days}, ${beyond} beyond the balance. Approve anyway to override (it is recorded)`;
            throw new SpokeError('invalid_input', `${msg}.`, { overrideBalance: msg });
          }
          override = true;
        }
        affected = this.affected(before);
        if (input.clearAffected) {
          for (const a of affected) {
            this.rota.repo.tombstoneAssignment(a.id, this.ctx.stampAfter(a.updatedAt));
            cleared.push(a);
          }
        }
      } else if (before.status === 'declined') throw new SpokeError('conflict', 'This leave is already declined.');
      this.repo.decide(before.id, input.decision === 'approve' ? 'approved' : 'declined', actor.name, input.reason || null, override, at);
      const after = this.mustGet(before.id);
      this.ctx.audit.record(at, actor, input.decision === 'approve' ? (override ? 'leave approved beyond balance (override)' : 'leave approved') : 'leave declined', 'leave', before.id, before, {
        ...after,
        clearedAssignments: cleared,
      });
      return { after, cleared, affected };
    })();
    const edits: RotaEdit[] = [
      ...done.cleared.map((a) => ({ kind: 'removeAssignment' as const, id: a.id })),
      done.after.status === 'declined' ? { kind: 'removeLeave' as const, id: done.after.id } : { kind: 'upsertLeave' as const, leave: toLeaveRequest(done.after) },
    ];
    const delta = this.rota.applyEdits(edits, [done.after.startDate, done.after.endDate]);
    return { leave: this.out(done.after), affected: done.affected, cleared: done.cleared.map((a) => a.id), ...deltaOut(delta) };
  }

  balances(input: Input<'leave.balances'>): LeaveBalanceOut[] {
    const asOf = input.asOf ?? this.ctx.today();
    const people = input.staffId ? [this.person(input.staffId)] : this.staff.list(false).map(toRotaStaff);
    return people.map((p) => this.balanceOf(p, asOf));
  }

  readonly handlers: HandlerTable<typeof leaveChannels> = {
    'leave.list': (input) => this.list(input),
    'leave.request': (input, call) => this.request(input, call),
    'leave.withdraw': (input, call) => this.withdraw(input, call),
    'leave.impact': (input) => this.impact(input.id),
    'leave.decide': (input, call) => this.decide(input, this.ctx.actorOf(call.profile)),
    'leave.balances': (input) => this.balances(input),
  };
}
