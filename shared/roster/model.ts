/*
 * The rostering problem the auto-roster solves (RosterProblem).
 *
 * One model serves both the practice rota and the public shift scheduling benchmark
 * (Curtois & Qu), so the benchmark measures the solver users get.
 *
 * - days: a horizon of `days` consecutive days; `firstWeekday` says what day 0 is
 *   (0 = Monday ... 6 = Sunday). A weekend is a Saturday and the following Sunday; a
 *   weekend counts as worked when either day is worked.
 * - shifts (shift types): an id, paid minutes, optionally `start`/`end` in minutes from the
 *   start of the day (end may pass 1440 for a night) and `cannotBeFollowedBy` (shift ids
 *   that may not be worked the next day). A practice session at a site is one shift type
 *   per (session, site), e.g. "AM@Main", "PM@Branch"; competencies and roles are not shift
 *   types but cover rows over the people who hold them (below).
 * - employees: per-type maximums (`maxShifts`, 0 = cannot work it: a skill or role rule),
 *   total minutes within [minMinutes, maxMinutes] (the contract), max/min consecutive
 *   working days, min consecutive days off, max worked weekends, and for the practice:
 *   `maxShiftsPerDay` (sessions per day, default 1; several shifts in a day must not
 *   overlap in time), `minRestMinutes` (660 = the 11-hour rest between the end of one
 *   day's work and the start of the next) and `maxMinutesPer7Days` (2880 = the 48-hour
 *   week, checked over every 7 consecutive days).
 * - cover: per day, a requirement over a SET of shift types ("1 GP on any duty session")
 *   and optionally over a subset of employees (those with a competency or role, or the
 *   people who may stand in for a named lead), with a weight per person short and a weight
 *   per person over. Each matching shift a person works that day counts once. A required
 *   role is a cover row with a large under-weight.
 * - daysOff: a person may not work that day (leave), or only the listed shifts of it
 *   (half-day leave: list the morning sessions).
 * - locked: a pre-assigned or manually fixed cell (the listed shifts exactly, or [] for a
 *   fixed day off); the solver never changes it.
 * - requests: weighted wishes to work (`on`) or not to work (`off`) a shift on a day.
 *
 * Hard rules: succession, per-type maximum, minutes, consecutive runs (a run already under
 * way on day 0 is not held to the minimum, and a run reaching the last day is complete),
 * weekends, days off, locks, rest, 7-day minutes, sessions per day. Objective (minimised):
 * unmet on-requests + met off-requests + weighted under/over cover.
 *
 * The solver works on "day patterns": a pattern is what one person does in one day (off,
 * one shift, or, with maxShiftsPerDay > 1, a set of non-overlapping shifts). The benchmark
 * is the special case where patterns are single shifts, so the practice extensions cost
 * it nothing: they only add patterns and, when set, the rest and 7-day checks.
 */

export interface RosterShiftType {
  id: string;
  minutes: number;
  /** Minutes from midnight of the day the shift starts. */
  start?: number;
  /** Minutes from midnight of the start day; may exceed 1440. */
  end?: number;
  cannotBeFollowedBy?: string[];
}

export interface RosterEmployee {
  id: string;
  /** Per shift id; a missing id means no limit. */
  maxShifts?: Record<string, number>;
  minMinutes?: number;
  maxMinutes?: number;
  maxConsecutiveDays?: number;
  minConsecutiveDays?: number;
  minConsecutiveDaysOff?: number;
  maxWeekends?: number;
  maxShiftsPerDay?: number;
  minRestMinutes?: number;
  maxMinutesPer7Days?: number;
}

export interface RosterCover {
  day: number;
  shifts: string[];
  /** Only these people count towards it (a competency, role or named lead's deputies). */
  employees?: string[];
  requirement: number;
  underWeight: number;
  overWeight: number;
}

export interface RosterDayOff {
  employee: string;
  day: number;
  /** Only these shifts are blocked (half-day leave); absent means the whole day. */
  shifts?: string[];
}

export interface RosterLock {
  employee: string;
  day: number;
  /** Exactly these shifts that day; [] fixes a day off. */
  shifts: string[];
  /**
   * At least these shifts: the solver may add others that day but never drops these (an
   * assignment already in the practice rota when auto-fill fills the rest of the day).
   */
  atLeast?: boolean;
}

export interface RosterRequest {
  employee: string;
  day: number;
  shift: string;
  weight: number;
  kind: 'on' | 'off';
}

export interface RosterProblem {
  days: number;
  firstWeekday?: number;
  shifts: RosterShiftType[];
  employees: RosterEmployee[];
  cover: RosterCover[];
  daysOff?: RosterDayOff[];
  locked?: RosterLock[];
  requests?: RosterRequest[];
}

/** roster[employee index][day] = shift ids worked that day ([] = off). */
export type Roster = string[][][];

export class RosterModelError extends Error {
  override name = 'RosterModelError';
}

const BIG = 1 << 29;

/**
 * The problem compiled to flat arrays for the solver. Patterns are indexed per problem;
 * pattern 0 is "off".
 */
export interface CompiledProblem {
  source: RosterProblem;
  E: number;
  D: number;
  T: number;
  P: number;
  /** patternShifts[p] = shift type indices worked in pattern p. */
  patternShifts: number[][];
  patternMinutes: Int32Array;
  /** Forbidden succession class of a pattern (patterns with the same successors share one). */
  patternClass: Int32Array;
  /** Per employee: forbidden[p * P + q] = 1 if q may not follow p the next day. */
  forbidden: Uint8Array[];
  isSaturday: Uint8Array;
  isSunday: Uint8Array;
  weekendOf: Int32Array;
  weekends: number;
  maxType: Int32Array; // E * T
  minMin: Int32Array;
  maxMin: Int32Array;
  maxCons: Int32Array;
  minCons: Int32Array;
  minOff: Int32Array;
  maxWk: Int32Array;
  max7: Int32Array; // 0 = unchecked
  /** Cell domains: domain[e * D + d] = allowed patterns (locked cells have one). */
  domain: Int32Array[];
  /** prefCost[e][d * P + p] = request penalty of pattern p. */
  prefCost: Int32Array[];
  /** Whether an employee has any request (lets moves skip zero-cost rows quickly). */
  rows: number;
  rowDay: Int32Array;
  rowReq: Int32Array;
  rowUnder: Int32Array;
  rowOver: Int32Array;
  /** rowEligible[r] = null (everyone) or a 0/1 mask over employees. */
  rowEligible: (Uint8Array | null)[];
  /** For day d and pattern p: rows touched and contributions, as flat pairs [row, n, row, n, ...]. */
  dayPatternRows: Int32Array[]; // index d * P + p
  /** Largest single-unit penalty, used to scale hard-rule penalties. */
  weightScale: number;
  /** Unit for minute violations (shortest shift). */
  minuteUnit: number;
}

function overlap(a: RosterShiftType, b: RosterShiftType): boolean {
  if (a.start === undefined || a.end === undefined || b.start === undefined || b.end === undefined) return true;
  return a.start < b.end && b.start < a.end;
}

/** Checks the problem for contradictions and compiles it; throws RosterModelError. */
export function compileProblem(pr: RosterProblem): CompiledProblem {
  const D = pr.days;
  if (!Number.isInteger(D) || D < 1) throw new RosterModelError('The horizon must be a whole number of days, at least 1.');
  const T = pr.shifts.length;
  const shiftIndex = new Map<string, number>();
  pr.shifts.forEach((s, i) => {
    if (shiftIndex.has(s.id)) throw new RosterModelError(`Shift type "${s.id}" is defined twice.`);
    if (!Number.isFinite(s.minutes) || s.minutes < 0) throw new RosterModelError(`Shift type "${s.id}" has a negative or missing length.`);
    shiftIndex.set(s.id, i);
  });
  const shiftOf = (id: string, where: string): number => {
    const i = shiftIndex.get(id);
    if (i === undefined) throw new RosterModelError(`${where}: unknown shift type "${id}".`);
    return i;
  };
  const E = pr.employees.length;
  const empIndex = new Map<string, number>();
  pr.employees.forEach((e, i) => {
    if (empIndex.has(e.id)) throw new RosterModelError(`Employee "${e.id}" is listed twice.`);
    empIndex.set(e.id, i);
  });
  const empOf = (id: string, where: string): number => {
    const i = empIndex.get(id);
    if (i === undefined) throw new RosterModelError(`${where}: unknown employee "${id}".`);
    return i;
  };
  const dayOk = (d: number, where: string): void => {
    if (!Number.isInteger(d) || d < 0 || d >= D) throw new RosterModelError(`${where}: day ${d} is outside the horizon 0-${D - 1}.`);
  };

  // Succession between shift types.
  const shiftForbid = new Uint8Array(T * T);
  pr.shifts.forEach((s, i) => {
    for (const n of s.cannotBeFollowedBy ?? []) shiftForbid[i * T + shiftOf(n, `Shift type "${s.id}"`)] = 1;
  });

  // Patterns: off, every single shift, and (only if someone may work several) non-overlapping sets.
  const maxPerDay = Math.max(1, ...pr.employees.map((e) => e.maxShiftsPerDay ?? 1));
  const patternShifts: number[][] = [[]];
  for (let t = 0; t < T; t++) patternShifts.push([t]);
  if (maxPerDay > 1) {
    const extend = (cur: number[], from: number): void => {
      for (let t = from; t < T; t++) {
        const st = pr.shifts[t]!;
        if (cur.some((c) => overlap(pr.shifts[c]!, st))) continue;
        const next = [...cur, t];
        if (next.length >= 2) patternShifts.push(next);
        if (next.length < maxPerDay) extend(next, t + 1);
      }
    };
    extend([], 0);
  }
  const P = patternShifts.length;
  const patternMinutes = new Int32Array(P);
  patternShifts.forEach((ps, p) => { patternMinutes[p] = ps.reduce((a, t) => a + pr.shifts[t]!.minutes, 0); });

  // Succession per pattern pair, then per employee when rest rules apply.
  const baseForbid = new Uint8Array(P * P);
  for (let p = 1; p < P; p++) for (let q = 1; q < P; q++) {
    let f = 0;
    for (const a of patternShifts[p]!) for (const b of patternShifts[q]!) if (shiftForbid[a * T + b]) f = 1;
    baseForbid[p * P + q] = f;
  }
  const classKey = new Map<string, number>();
  const patternClass = new Int32Array(P);
  for (let p = 0; p < P; p++) {
    const key = Array.from(baseForbid.subarray(p * P, p * P + P)).join('') + (p === 0 ? 'off' : 'w');
    let c = classKey.get(key);
    if (c === undefined) { c = classKey.size; classKey.set(key, c); }
    patternClass[p] = c;
  }
  const restCache = new Map<number, Uint8Array>();
  const forbidden: Uint8Array[] = pr.employees.map((emp) => {
    const rest = emp.minRestMinutes ?? 0;
    if (rest <= 0) return baseForbid;
    const cached = restCache.get(rest);
    if (cached) return cached;
    const f = baseForbid.slice();
    for (let p = 1; p < P; p++) for (let q = 1; q < P; q++) {
      let lastEnd = -Infinity; let firstStart = Infinity;
      for (const a of patternShifts[p]!) lastEnd = Math.max(lastEnd, pr.shifts[a]!.end ?? -Infinity);
      for (const b of patternShifts[q]!) firstStart = Math.min(firstStart, pr.shifts[b]!.start ?? Infinity);
      if (Number.isFinite(lastEnd) && Number.isFinite(firstStart) && firstStart + 1440 - lastEnd < rest) f[p * P + q] = 1;
    }
    restCache.set(rest, f);
    return f;
  });

  const firstWeekday = pr.firstWeekday ?? 0;
  const isSaturday = new Uint8Array(D); const isSunday = new Uint8Array(D); const weekendOf = new Int32Array(D).fill(-1);
  let weekends = 0;
  for (let d = 0; d < D; d++) {
    const wd = (firstWeekday + d) % 7;
    if (wd === 5) { isSaturday[d] = 1; weekendOf[d] = weekends; if (d + 1 < D) weekendOf[d + 1] = weekends; weekends++; }
    if (wd === 6) { isSunday[d] = 1; if (d === 0) { weekendOf[d] = weekends; weekends++; } }
  }

  const maxType = new Int32Array(E * T).fill(BIG);
  const minMin = new Int32Array(E); const maxMin = new Int32Array(E).fill(BIG);
  const maxCons = new Int32Array(E).fill(BIG); const minCons = new Int32Array(E); const minOff = new Int32Array(E);
  const maxWk = new Int32Array(E).fill(BIG); const max7 = new Int32Array(E);
  pr.employees.forEach((emp, e) => {
    const w = `Employee "${emp.id}"`;
    for (const [sid, m] of Object.entries(emp.maxShifts ?? {})) {
      if (!Number.isInteger(m) || m < 0) throw new RosterModelError(`${w}: the maximum for shift "${sid}" must be a whole number, 0 or more.`);
      maxType[e * T + shiftOf(sid, w)] = m;
    }
    minMin[e] = emp.minMinutes ?? 0; maxMin[e] = emp.maxMinutes ?? BIG;
    if (minMin[e] > maxMin[e]) throw new RosterModelError(`${w}: minimum total minutes ${minMin[e]} is above the maximum ${maxMin[e]}.`);
    maxCons[e] = emp.maxConsecutiveDays ?? BIG; minCons[e] = emp.minConsecutiveDays ?? 0; minOff[e] = emp.minConsecutiveDaysOff ?? 0;
    if (maxCons[e] < 1 && minMin[e] > 0) throw new RosterModelError(`${w}: may not work any day in a row but must work ${minMin[e]} minutes.`);
    if (minCons[e] > maxCons[e]) throw new RosterModelError(`${w}: minimum consecutive days ${minCons[e]} is above the maximum ${maxCons[e]}.`);
    maxWk[e] = emp.maxWeekends ?? BIG; max7[e] = emp.maxMinutesPer7Days ?? 0;
  });

  // Domains: skills (max 0), sessions per day, days off, locks.
  const blocked = new Map<number, Set<number> | 'all'>();
  for (const off of pr.daysOff ?? []) {
    const e = empOf(off.employee, 'Day off'); dayOk(off.day, `Day off for "${off.employee}"`);
    const k = e * D + off.day;
    if (!off.shifts) { blocked.set(k, 'all'); continue; }
    const cur = blocked.get(k);
    if (cur === 'all') continue;
    const set = cur ?? new Set<number>();
    for (const s of off.shifts) set.add(shiftOf(s, `Day off for "${off.employee}"`));
    blocked.set(k, set);
  }
  const locks = new Map<number, number>();
  const atLeast = new Map<number, number[]>();
  for (const l of pr.locked ?? []) {
    const e = empOf(l.employee, 'Locked cell'); dayOk(l.day, `Locked cell for "${l.employee}"`);
    const want = l.shifts.map((s) => shiftOf(s, `Locked cell for "${l.employee}"`)).sort((a, b) => a - b);
    if (l.atLeast) {
      const k = e * D + l.day;
      atLeast.set(k, [...new Set([...(atLeast.get(k) ?? []), ...want])]);
      continue;
    }
    const p = patternShifts.findIndex((ps) => ps.length === want.length && ps.every((t, i) => t === want[i]));
    if (p < 0) throw new RosterModelError(`Locked cell for "${l.employee}" on day ${l.day}: shifts ${l.shifts.join(', ')} overlap or are too many for one day.`);
    const k = e * D + l.day;
    if (locks.has(k) && locks.get(k) !== p) throw new RosterModelError(`"${l.employee}" has two different locked assignments on day ${l.day}.`);
    locks.set(k, p);
  }
  const domain: Int32Array[] = new Array<Int32Array>(E * D);
  for (let e = 0; e < E; e++) {
    const cap = pr.employees[e]!.maxShiftsPerDay ?? 1;
    const skill: number[] = [];
    for (let p = 0; p < P; p++) {
      const ps = patternShifts[p]!;
      if (ps.length > cap) continue;
      if (ps.some((t) => maxType[e * T + t] === 0)) continue;
      if (patternMinutes[p]! > maxMin[e]!) continue;
      skill.push(p);
    }
    for (let d = 0; d < D; d++) {
      const k = e * D + d;
      const b = blocked.get(k);
      const lock = locks.get(k);
      let dom = b === undefined ? skill : b === 'all' ? [0] : skill.filter((p) => !patternShifts[p]!.some((t) => b.has(t)));
      if (lock !== undefined) {
        if (b !== undefined && !dom.includes(lock)) throw new RosterModelError(`"${pr.employees[e]!.id}" is locked to work on day ${d}, which is a day off for them.`);
        dom = [lock];
      } else {
        const must = atLeast.get(k);
        if (must) {
          // Kept shifts are allowed whatever the skills say (they are already in the rota); only what is added is checked.
          const withMust: number[] = [];
          for (let p = 1; p < P; p++) {
            const ps = patternShifts[p]!;
            if (ps.length > cap || !must.every((t) => ps.includes(t))) continue;
            if (ps.some((t) => !must.includes(t) && (maxType[e * T + t] === 0 || b === 'all' || (b !== undefined && b.has(t))))) continue;
            withMust.push(p);
          }
          if (withMust.length === 0) throw new RosterModelError(`"${pr.employees[e]!.id}" has shifts on day ${d} that overlap or are too many for one day.`);
          dom = withMust;
        }
      }
      domain[k] = Int32Array.from(dom);
    }
  }

  // A contract no roster can meet is a contradiction in the data, not a search failure.
  for (let e = 0; e < E; e++) {
    let most = 0;
    for (let d = 0; d < D; d++) { let m = 0; for (const p of domain[e * D + d]!) m = Math.max(m, patternMinutes[p]!); most += m; }
    if (most < minMin[e]!) throw new RosterModelError(`"${pr.employees[e]!.id}" must work at least ${minMin[e]} minutes but can work at most ${most} (days off, skills and per-shift limits allow no more).`);
  }

  const prefCost: Int32Array[] = [];
  for (let e = 0; e < E; e++) prefCost.push(new Int32Array(D * P));
  for (const r of pr.requests ?? []) {
    const e = empOf(r.employee, 'Request'); dayOk(r.day, `Request for "${r.employee}"`);
    const t = shiftOf(r.shift, `Request for "${r.employee}"`);
    if (!Number.isFinite(r.weight) || r.weight < 0) throw new RosterModelError(`Request for "${r.employee}" on day ${r.day}: the weight must be 0 or more.`);
    const pc = prefCost[e]!;
    for (let p = 0; p < P; p++) {
      const has = patternShifts[p]!.includes(t);
      if (r.kind === 'on' ? !has : has) pc[r.day * P + p] = pc[r.day * P + p]! + r.weight;
    }
  }

  const rows = pr.cover.length;
  const rowDay = new Int32Array(rows); const rowReq = new Int32Array(rows);
  const rowUnder = new Int32Array(rows); const rowOver = new Int32Array(rows);
  const rowEligible: (Uint8Array | null)[] = [];
  const lists: number[][] = Array.from({ length: D * P }, () => []);
  let weightScale = 1;
  pr.cover.forEach((c, r) => {
    dayOk(c.day, 'Cover');
    if (!Number.isInteger(c.requirement) || c.requirement < 0) throw new RosterModelError(`Cover on day ${c.day}: the requirement must be a whole number, 0 or more.`);
    if (c.underWeight < 0 || c.overWeight < 0) throw new RosterModelError(`Cover on day ${c.day}: weights must be 0 or more.`);
    rowDay[r] = c.day; rowReq[r] = c.requirement; rowUnder[r] = c.underWeight; rowOver[r] = c.overWeight;
    weightScale = Math.max(weightScale, c.underWeight, c.overWeight);
    const set = new Set(c.shifts.map((s) => shiftOf(s, `Cover on day ${c.day}`)));
    if (c.employees) {
      const m = new Uint8Array(E);
      for (const id of c.employees) m[empOf(id, `Cover on day ${c.day}`)] = 1;
      rowEligible.push(m);
    } else rowEligible.push(null);
    for (let p = 1; p < P; p++) {
      let n = 0;
      for (const t of patternShifts[p]!) if (set.has(t)) n++;
      if (n > 0) lists[c.day * P + p]!.push(r, n);
    }
  });
  for (const pc of prefCost) for (let i = 0; i < pc.length; i++) weightScale = Math.max(weightScale, pc[i]!);
  const dayPatternRows = lists.map((l) => Int32Array.from(l));
  const lens = pr.shifts.map((s) => s.minutes).filter((m) => m > 0);
  const minuteUnit = lens.length ? Math.min(...lens) : 60;

  return {
    source: pr, E, D, T, P, patternShifts, patternMinutes, patternClass, forbidden,
    isSaturday, isSunday, weekendOf, weekends, maxType, minMin, maxMin, maxCons, minCons, minOff, maxWk, max7,
    domain, prefCost, rows, rowDay, rowReq, rowUnder, rowOver, rowEligible, dayPatternRows, weightScale, minuteUnit,
  };
}

/** Pattern indices (E * D) to the public roster shape. */
export function toRoster(cp: CompiledProblem, x: Int32Array): Roster {
  const out: Roster = [];
  for (let e = 0; e < cp.E; e++) {
    const row: string[][] = [];
    for (let d = 0; d < cp.D; d++) row.push(cp.patternShifts[x[e * cp.D + d]!]!.map((t) => cp.source.shifts[t]!.id));
    out.push(row);
  }
  return out;
}
