/**
 * The rota's vocabulary without zod: session and weekday lists, labels, defaults and the
 * small pure helpers the rules engine needs. Kept apart from the schemas (model.ts, which
 * re-exports all of this) so the UI can run the engine without bundling the schema library.
 */
import type { RoleCategory } from '../domain/roles';
import type { DutyTemplate, LeaveRequest, LeaveType, RotaSettings, SiteSessionTimes } from './model';

/** AM, PM and the extended-hours evening; a site may also run weekend sessions. */
export const ROTA_SESSIONS = ['am', 'pm', 'eve'] as const;
export type RotaSession = (typeof ROTA_SESSIONS)[number];

export const ROTA_SESSION_LABELS: Record<RotaSession, string> = { am: 'AM', pm: 'PM', eve: 'evening' };

/** Monday first, as practices plan weeks. Sunday exists because extended hours may run then. */
export const ROTA_WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type RotaWeekday = (typeof ROTA_WEEKDAYS)[number];

export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Defaults from how English practices run: AM about 08:00-12:30, PM 13:30-18:30. */
export const DEFAULT_SESSION_TIMES: Record<RotaSession, { start: string; end: string }> = {
  am: { start: '08:00', end: '12:30' },
  pm: { start: '13:30', end: '18:30' },
  eve: { start: '18:30', end: '20:00' },
};

/** The usual pattern for a site: Monday to Friday AM and PM at the default times. */
export function defaultSiteSessions(siteId: string, opts: { eveningOn?: RotaWeekday[]; saturdayAm?: boolean } = {}): SiteSessionTimes[] {
  const rows: SiteSessionTimes[] = [];
  for (const weekday of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) {
    for (const session of ['am', 'pm'] as const) rows.push({ siteId, weekday, session, ...DEFAULT_SESSION_TIMES[session] });
    if (opts.eveningOn?.includes(weekday)) rows.push({ siteId, weekday, session: 'eve', ...DEFAULT_SESSION_TIMES.eve });
  }
  if (opts.saturdayAm) rows.push({ siteId, weekday: 'sat', session: 'am', start: '09:00', end: '12:30' });
  return rows;
}

/** Role groups are the catalogue's role categories (GPs, nursing, allied, ...). */
export const ROLE_GROUPS = ['gp', 'nursing', 'allied', 'pharmacy', 'wellbeing', 'admin'] as const satisfies readonly RoleCategory[];

/** The default set a new practice starts with; codes are what people type into the grid. */
export const DEFAULT_DUTIES: readonly DutyTemplate[] = [
  { code: 'SURG', name: 'Routine surgery', colour: '#A4D1F2' },
  { code: 'DD', name: 'Duty doctor', colour: '#F2A1A1', requiredCompetency: 'duty_doctor' },
  { code: 'TRI', name: 'Telephone triage', colour: '#FFD966', requiredCompetency: 'telephone_triage' },
  { code: 'HV', name: 'Home visits', colour: '#C5E0B4', requiredCompetency: 'home_visits' },
  {
    code: 'NC',
    name: 'Nurse clinic',
    colour: '#B4C7E7',
    requiredRoleIds: ['practice_nurse', 'arrs_practice_nurse', 'advanced_nurse_practitioner', 'nursing_associate'],
  },
  { code: 'HCA', name: 'HCA clinic', colour: '#D9C3E9', requiredRoleGroup: 'nursing' },
  { code: 'ADM', name: 'Admin and correspondence', colour: '#D9D9D9' },
  { code: 'TEACH', name: 'Teaching', colour: '#F8CBAD' },
  { code: 'EXT', name: 'Extended hours', colour: '#9DC3E6' },
];

export const LEAVE_TYPES = ['annual', 'study', 'sick', 'parental', 'compassionate', 'toil', 'other'] as const;

export const LEAVE_TYPE_LABELS: Record<LeaveType, string> = {
  annual: 'Annual leave',
  study: 'Study leave',
  sick: 'Sick leave',
  parental: 'Parental leave',
  compassionate: 'Compassionate leave',
  toil: 'Time off in lieu (TOIL)',
  other: 'Other leave',
};

/** Whether leave covers a session of a date (leave covering the PM also covers the evening). */
export function leaveCovers(l: Pick<LeaveRequest, 'startDate' | 'startHalf' | 'endDate' | 'endHalf'>, date: string, session: RotaSession): boolean {
  if (date < l.startDate || date > l.endDate) return false;
  if (session === 'am') return !(date === l.startDate && l.startHalf === 'pm');
  return !(date === l.endDate && l.endHalf === 'am');
}

/**
 * The named leads a practice keeps until the hub's list arrives, with the hub's codes
 * (migration 6 renamed the three that differed: dpo, caldicott, health_safety).
 */
export const NAMED_LEAD_TYPES = [
  { id: 'safeguarding_adults', label: 'Safeguarding lead (adults)' },
  { id: 'safeguarding_children', label: 'Safeguarding lead (children)' },
  { id: 'ipc', label: 'Infection prevention and control lead' },
  { id: 'information_governance', label: 'Information governance lead' },
  { id: 'data_protection_officer', label: 'Data Protection Officer' },
  { id: 'caldicott_guardian', label: 'Caldicott Guardian' },
  { id: 'siro', label: 'Senior Information Risk Owner (SIRO)' },
  { id: 'complaints', label: 'Complaints lead' },
  { id: 'health_and_safety', label: 'Health and safety lead' },
  { id: 'fire_safety', label: 'Fire safety lead' },
  { id: 'freedom_to_speak_up', label: 'Freedom to Speak Up Guardian' },
  { id: 'prescribing', label: 'Prescribing lead' },
  { id: 'clinical', label: 'Clinical lead' },
] as const;

export function namedLeadLabel(leadType: string): string {
  return NAMED_LEAD_TYPES.find((t) => t.id === leadType)?.label ?? leadType;
}

export const PATTERN_WEEKS = ['A', 'B', 'C', 'D'] as const;

export const DEFAULT_ROTA_SETTINGS: RotaSettings = {
  leaveYearStartMonth: 4,
  leaveYearStartDay: 1,
  fullTimeAnnualLeaveDays: 27,
  bankHolidaysProRata: true,
  carryOverLimitDays: 5,
  maxConsecutiveWorkingDays: 6,
  minRestHours: 11,
  maxAverageWeeklyHours: 48,
  // The Working Time Regulations 1998 (reg. 4): a rolling 17-week reference period by default.
  referencePeriodWeeks: 17,
};
