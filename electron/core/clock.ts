/** Time source, injectable so tests are deterministic. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** An ISO timestamp strictly after `previous`, so optimistic-concurrency stamps never repeat. */
export function stampAfter(clock: Clock, previous: string | null): string {
  const now = clock.now();
  if (previous) {
    const prev = Date.parse(previous);
    if (Number.isFinite(prev) && now.getTime() <= prev) return new Date(prev + 1).toISOString();
  }
  return now.toISOString();
}

/** Today's date in the practice's local time zone, as YYYY-MM-DD. */
export function localDate(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}
