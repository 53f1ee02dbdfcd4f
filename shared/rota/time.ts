/**
 * Europe/London local time <-> UTC for session starts and ends, through Intl (the
 * runtime's time-zone database), so the two clock changes a year come out right without a
 * date library. Sessions are daytime, so the hour that does not exist in spring and the
 * hour that happens twice in autumn only matter for odd inputs; those are resolved the
 * way calendar programs do (a missing time moves forward; a repeated time is the first).
 */
export const PRACTICE_TIME_ZONE = 'Europe/London';

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: PRACTICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(utcMs: number): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Minutes London is ahead of UTC at this instant (0 in winter, 60 in summer). */
export function londonOffsetMinutes(utcMs: number): number {
  if (!Number.isFinite(utcMs) || Math.abs(utcMs) > 8.64e15) return 0;
  const w = wallClock(utcMs);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** UTC ms of local midnight-as-if-no-change for each date (see sessionInstant), cached. */
const dayBase = new Map<string, number>();

/**
 * The UTC instant (ms) of a London wall-clock time on a date. `time` is HH:MM.
 */
export function londonToUtc(date: string, time: string): number {
  const naive = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), Number(time.slice(0, 2)), Number(time.slice(3, 5)));
  // Offsets either side of the changes (01:00 UTC): try the earlier one first, so an
  // ambiguous autumn time resolves to its first occurrence (BST).
  const before = londonOffsetMinutes(naive - 60 * 60_000 * 3);
  const after = londonOffsetMinutes(naive + 60 * 60_000 * 3);
  for (const off of before >= after ? [before, after] : [after, before]) {
    const candidate = naive - off * 60_000;
    if (londonOffsetMinutes(candidate) === off) return candidate;
  }
  // In the spring gap: neither offset fits; read the time with the winter offset (moves forward).
  return naive - Math.min(before, after) * 60_000;
}

/**
 * The same, cached per date for the rules engine: sessions are between 06:00 and 23:59,
 * after the 01:00 UTC change on its day, so the offset at local noon holds for them.
 */
export function sessionInstant(date: string, minutesOfDay: number): number {
  let base = dayBase.get(date);
  if (base === undefined) {
    const off = londonOffsetMinutes(londonToUtc(date, '12:00'));
    base = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - off * 60_000;
    if (dayBase.size > 20_000) dayBase.clear();
    dayBase.set(date, base);
  }
  return base + minutesOfDay * 60_000;
}

/** London local date and HH:MM of a UTC instant. */
export function utcToLondon(utcMs: number): { date: string; time: string } {
  if (!Number.isFinite(utcMs) || Math.abs(utcMs) > 8.64e15) return { date: '', time: '' };
  const w = wallClock(utcMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return { date: `${w.year}-${p(w.month)}-${p(w.day)}`, time: `${p(w.hour)}:${p(w.minute)}` };
}
