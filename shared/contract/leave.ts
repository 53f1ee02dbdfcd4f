/**
 * Leave: requests (anyone, for themselves; a practice manager for anyone), approval or
 * decline by a practice manager (showing, and optionally clearing, the rota cells it
 * affects), and balances per person from the practice's leave settings.
 */
import { z } from 'zod';
import { HalfDay, LeaveType } from '../rota/model';
import { multiline } from '../text';
import { ExpectedUpdatedAt, Id } from './common';
import { AssignmentOut, ConflictOut, LeaveOut, RotaDate } from './rota';
import { defineChannels, managerOnly } from './spec';

export const LeaveNote = multiline('Note', 500, 0);
export const DecisionReason = multiline('Reason', 500, 0);

export const LeaveRequestInput = z
  .strictObject({
    staffId: Id,
    type: LeaveType,
    startDate: RotaDate,
    startHalf: HalfDay.default('am'),
    endDate: RotaDate,
    endHalf: HalfDay.default('pm'),
    note: LeaveNote.default(''),
  })
  .superRefine((l, ctx) => {
    if (l.endDate < l.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'Leave must end on or after the day it starts' });
    else if (l.endDate === l.startDate && l.startHalf === 'pm' && l.endHalf === 'am') {
      ctx.addIssue({ code: 'custom', path: ['endHalf'], message: 'Leave on one day cannot start in the afternoon and end in the morning' });
    }
  });
export type LeaveRequestInput = z.input<typeof LeaveRequestInput>;

export const LeaveDecideInput = z.strictObject({
  id: Id,
  expectedUpdatedAt: ExpectedUpdatedAt,
  decision: z.enum(['approve', 'decline']),
  /** Approving: also clear the rota cells the leave covers, in the same transaction. */
  clearAffected: z.boolean().default(false),
  /** Approving leave beyond the person's balance: the manager chose to, and it is recorded. */
  overrideBalance: z.boolean().default(false),
  reason: DecisionReason.default(''),
});
export type LeaveDecideInput = z.input<typeof LeaveDecideInput>;

export const LeaveBalanceOut = z.object({
  staffId: Id,
  displayName: z.string(),
  leaveYear: z.object({ start: z.string(), end: z.string() }),
  proRata: z.number(),
  yearShare: z.number(),
  entitlementDays: z.number(),
  bankHolidayDays: z.number(),
  carriedOverDays: z.number(),
  takenDays: z.number(),
  bankHolidaysTakenDays: z.number(),
  pendingDays: z.number(),
  remainingDays: z.number(),
});
export type LeaveBalanceOut = z.infer<typeof LeaveBalanceOut>;

/** What approving a request would do: the cells it empties, the balance after, the gaps it opens. */
export const LeaveImpact = z.object({
  leave: LeaveOut,
  affected: z.array(AssignmentOut),
  balance: LeaveBalanceOut.nullable(),
  /** Days this request takes from the annual-leave balance (0 for other leave types). */
  daysFromBalance: z.number(),
  overBalance: z.boolean(),
  /** Conflicts approving would add (named lead and deputy both away, coverage short...). */
  conflictsIfApproved: z.array(ConflictOut),
});
export type LeaveImpact = z.infer<typeof LeaveImpact>;

export const LeaveDecision = z.object({
  leave: LeaveOut,
  /** Approving: the assignments the leave covers, as they were (cleared ones included). */
  affected: z.array(AssignmentOut),
  cleared: z.array(Id),
  conflictsAdded: z.array(ConflictOut),
  conflictsRemoved: z.array(ConflictOut),
});

export const leaveChannels = defineChannels({
  'leave.list': {
    doc: 'Leave requests, optionally for one person, a status or a date range (overlapping).',
    input: z.strictObject({
      staffId: Id.optional(),
      status: z.enum(['requested', 'approved', 'declined']).optional(),
      from: RotaDate.optional(),
      to: RotaDate.optional(),
    }),
    output: z.array(LeaveOut),
    access: 'signedIn',
    kind: 'read',
  },
  'leave.request': {
    doc: 'Request leave: anyone for themselves, a practice manager for anyone. Overlapping leave is refused.',
    input: LeaveRequestInput,
    output: LeaveOut,
    access: 'signedIn',
    kind: 'write',
  },
  'leave.withdraw': {
    doc: 'Withdraw a leave request (the person who asked, or a practice manager).',
    input: z.strictObject({ id: Id, expectedUpdatedAt: ExpectedUpdatedAt }),
    output: z.object({ ok: z.literal(true) }),
    access: 'signedIn',
    kind: 'write',
  },
  'leave.impact': {
    doc: 'What approving a request would do: the assignments it affects, the balance, the conflicts it adds.',
    input: z.strictObject({ id: Id }),
    output: LeaveImpact,
    access: managerOnly,
    kind: 'read',
  },
  'leave.decide': {
    doc: 'Approve (optionally clearing the affected assignments in the same step) or decline a request. Beyond the balance needs overrideBalance, which is recorded.',
    input: LeaveDecideInput,
    output: LeaveDecision,
    access: managerOnly,
    kind: 'write',
  },
  'leave.balances': {
    doc: 'Annual leave balances per person for the leave year holding a date (default today).',
    input: z.strictObject({ asOf: RotaDate.optional(), staffId: Id.optional() }),
    output: z.array(LeaveBalanceOut),
    access: 'signedIn',
    kind: 'read',
  },
});
