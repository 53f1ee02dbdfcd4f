/**
 * The named-leads register as the practice manager reads it: each lead type with its
 * lead and deputy, vacancies flagged, and each person's approved leave in the period
 * shown beside them. Whether a lead and deputy are both away on a working day is the rules
 * engine's `rota.leads_absent` conflict, so the register and the rota agree.
 */
import { addDays, dayNumber } from './dates';
import type { LeaveRequest, LeaveType, NamedLead, RotaStaff } from './model';
import { NAMED_LEAD_TYPES, namedLeadLabel } from './vocabulary';

export interface Absence {
  leaveId: string;
  type: LeaveType;
  from: string;
  to: string;
  /** 'am' or 'pm' when it is a single half day. */
  half: 'am' | 'pm' | null;
}

export interface NamedLeadRow {
  leadType: string;
  label: string;
  /** The register entry in post on `asOf`; null = nobody appointed (vacant). */
  entry: NamedLead | null;
  leadName: string | null;
  deputyName: string | null;
  vacant: boolean;
  noDeputy: boolean;
  /** The lead or deputy has left or is archived: as good as vacant. */
  holderGone: boolean;
  leadAbsences: Absence[];
  deputyAbsences: Absence[];
}

function absencesOf(staffId: string | null, leave: readonly LeaveRequest[], from: string, to: string): Absence[] {
  if (staffId === null) return [];
  return leave
    .filter((l) => l.staffId === staffId && l.status === 'approved' && l.endDate >= from && l.startDate <= to)
    .sort((a, b) => (a.startDate < b.startDate ? -1 : 1))
    .map((l) => ({ leaveId: l.id, type: l.type, from: l.startDate, to: l.endDate, half: l.startDate === l.endDate && l.startHalf === l.endHalf ? l.startHalf : null }));
}

/**
 * One row per lead type the practice keeps (the default list plus any other types in
 * `leads`), for the entry in post on `asOf`; absences are those from `asOf` for `days`.
 */
export function namedLeadRegister(leads: readonly NamedLead[], staff: readonly RotaStaff[], leave: readonly LeaveRequest[], asOf: string, days = 28): NamedLeadRow[] {
  const byId = new Map(staff.map((s) => [s.id, s]));
  const to = addDays(asOf, Math.max(0, days - 1));
  const types = [...NAMED_LEAD_TYPES.map((t) => t.id as string), ...leads.map((l) => l.leadType).filter((t) => !NAMED_LEAD_TYPES.some((d) => d.id === t))];
  const unique = [...new Set(types)];
  return unique.map((leadType) => {
    const inPost = leads
      .filter((l) => l.leadType === leadType && l.from <= asOf && (l.to === null || l.to >= asOf))
      .sort((a, b) => dayNumber(b.from) - dayNumber(a.from))[0];
    const lead = inPost?.leadStaffId ? byId.get(inPost.leadStaffId) : undefined;
    const deputy = inPost?.deputyStaffId ? byId.get(inPost.deputyStaffId) : undefined;
    const gone = (s: RotaStaff | undefined) => s !== undefined && (s.archived || (s.endDate !== null && s.endDate < asOf));
    return {
      leadType,
      label: namedLeadLabel(leadType),
      entry: inPost ?? null,
      leadName: lead?.displayName ?? null,
      deputyName: deputy?.displayName ?? null,
      vacant: !inPost || inPost.leadStaffId === null,
      noDeputy: !inPost || inPost.deputyStaffId === null,
      holderGone: gone(lead) || gone(deputy),
      leadAbsences: absencesOf(inPost?.leadStaffId ?? null, leave, asOf, to),
      deputyAbsences: absencesOf(inPost?.deputyStaffId ?? null, leave, asOf, to),
    };
  });
}
