/** Working-time arithmetic: one BMA session is 4 h 10 min; 9 sessions = 37.5 h = 1 WTE. */
export const SESSION_HOURS = 25 / 6;
export const FULL_TIME_HOURS = 37.5;
export const MAX_SESSIONS_PER_WEEK = 11;
export const MAX_HOURS_PER_WEEK = 48;

export type ContractKind = 'sessions' | 'hours';

export interface ContractTerms {
  kind: ContractKind;
  /** Sessions per week when kind = sessions; hours per week when kind = hours. */
  amount: number;
}

export function weeklyHours(c: ContractTerms): number {
  return c.kind === 'sessions' ? c.amount * SESSION_HOURS : c.amount;
}

/** Whole-time equivalent, rounded to two places as NWRS reports it. */
export function wte(c: ContractTerms): number {
  return Math.round((weeklyHours(c) / FULL_TIME_HOURS) * 100) / 100;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday',
};
export const SESSION_PERIODS = ['am', 'pm'] as const;
export type SessionPeriod = (typeof SESSION_PERIODS)[number];
export const SESSION_LABELS: Record<SessionPeriod, string> = { am: 'Morning', pm: 'Afternoon' };
