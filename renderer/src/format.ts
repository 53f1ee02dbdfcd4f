/** How the UI writes practice data: names, contracts, WTE, dates. */
import type { Staff } from '../../shared/contract/staff';

export function fullName(s: Pick<Staff, 'givenName' | 'familyName'>): string {
  return `${s.givenName} ${s.familyName}`;
}

/** 8 -> "8", 22.5 -> "22.5", 18.75 -> "18.75" (no trailing zeros). */
export function formatAmount(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** "8 sessions", "1 session", "30 hours". */
export function formatContract(c: Staff['contract']): string {
  const unit = c.kind === 'sessions' ? 'session' : 'hour';
  return `${formatAmount(c.amount)} ${unit}${c.amount === 1 ? '' : 's'}`;
}

export function formatWte(n: number): string {
  return n.toFixed(2);
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "2025-03-04" -> "4 March 2025" (read as a calendar date, not shifted by time zone). */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return iso;
  return dateFormat.format(new Date(y, m - 1, d));
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

/** Today as YYYY-MM-DD in the practice's local time. */
export function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
