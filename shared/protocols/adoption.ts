/**
 * Adoption, not overwrite: where a practice stands with each central protocol, and when
 * staff must sign again. Pure functions of the item, the practice's adoption record and
 * today's date, so the inbox, the hub reports and the tests agree on one rule.
 */

export type ChangeKind = 'substantive' | 'minor';

/** What the hub offers: the newest version of a central item. */
export interface OfferedVersion {
  version: number;
  mandatory: boolean;
  /** The date the central team expects practices to have adopted it by. */
  effective: string | null;
  review: string | null;
  change: ChangeKind;
}

/** What the practice has done with the item. */
export interface AdoptionRecord {
  adoptedVersion: number | null;
  /** Declined (optional items only) at this version, with the reason given. */
  declinedVersion: number | null;
}

export type AdoptionState =
  /** Never adopted; not yet due (or optional). */
  | 'new'
  /** Adopted an older version; the newer one is not yet due. */
  | 'update_available'
  /** Mandatory, effective date passed, and the practice has not adopted that version. */
  | 'overdue'
  /** Declined (optional only) and nothing newer offered since. */
  | 'declined'
  /** Adopted the newest version; review date still ahead. */
  | 'adopted'
  /** Adopted; its review date is within 30 days. */
  | 'review_due'
  /** Adopted; its review date has passed. */
  | 'review_overdue';

export const REVIEW_DUE_DAYS = 30;

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Where the practice stands with one central item today (dates as YYYY-MM-DD). */
export function adoptionState(offered: OfferedVersion, record: AdoptionRecord, today: string): AdoptionState {
  const adopted = record.adoptedVersion;
  if (adopted !== null && adopted >= offered.version) return reviewState(offered.review, today);
  if (record.declinedVersion !== null && record.declinedVersion >= offered.version && !offered.mandatory) return 'declined';
  const due = offered.mandatory && offered.effective !== null && offered.effective <= today;
  if (due) return 'overdue';
  return adopted === null ? 'new' : 'update_available';
}

/** Review dates, for central items adopted at their newest version and local protocols alike. */
export function reviewState(review: string | null, today: string): 'adopted' | 'review_due' | 'review_overdue' {
  if (review === null) return 'adopted';
  if (review < today) return 'review_overdue';
  if (review <= addDays(today, REVIEW_DUE_DAYS)) return 'review_due';
  return 'adopted';
}

/** Why an adoption or a decline is refused, or null when it may go ahead. */
export function adoptionRefusal(
  action: { kind: 'adopt'; version: number } | { kind: 'decline'; version: number; reason: string },
  offered: OfferedVersion,
): string | null {
  if (action.version !== offered.version) {
    return `Version ${action.version} is no longer the one offered; version ${offered.version} is. Reload to see it.`;
  }
  if (action.kind === 'decline') {
    if (offered.mandatory) return 'A mandatory protocol cannot be declined.';
    if (action.reason.trim() === '') return 'Give a reason for declining.';
  }
  return null;
}

/** One version of what staff read: the central version plus the local addendum version. */
export interface ReadVersion {
  central: number | null;
  addendum: number | null;
}

/** How each version of the central text and of the addendum was changed. */
export interface ChangeHistory {
  central: ReadonlyMap<number, ChangeKind>;
  addendum: ReadonlyMap<number, ChangeKind>;
}

function substantiveBetween(changes: ReadonlyMap<number, ChangeKind>, signed: number | null, current: number | null): boolean {
  if (current === null) return false;
  const from = signed ?? 0;
  for (let v = from + 1; v <= current; v++) if (changes.get(v) === 'substantive') return true;
  return false;
}

/**
 * Whether a person must sign (again): never signed, or a substantive change to the central
 * text or to the local addendum since the version they signed. Minor changes do not ask
 * for a new signature.
 */
export function needsSignature(signed: ReadVersion | null, inForce: ReadVersion, history: ChangeHistory): boolean {
  if (signed === null) return true;
  return substantiveBetween(history.central, signed.central, inForce.central) || substantiveBetween(history.addendum, signed.addendum, inForce.addendum);
}
