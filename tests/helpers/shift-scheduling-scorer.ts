/**
 * An independent scorer for the Curtois & Qu shift scheduling benchmark, written straight
 * from the benchmark's rules and sharing no code with the solver, so that tests and the
 * benchmark check the solver rather than the solver checking itself.
 */
export interface ScorerInstance {
  days: number;
  shifts: Map<string, { minutes: number; cannotFollow: Set<string> }>;
  staff: Map<string, { max: Map<string, number>; maxMin: number; minMin: number; maxCons: number; minCons: number; minOff: number; maxWk: number }>;
  daysOff: Map<string, Set<number>>;
  on: { e: string; d: number; s: string; w: number }[];
  off: { e: string; d: number; s: string; w: number }[];
  cover: { d: number; s: string; req: number; under: number; over: number }[];
}

export function readInstance(text: string): ScorerInstance {
  const inst: ScorerInstance = { days: 0, shifts: new Map(), staff: new Map(), daysOff: new Map(), on: [], off: [], cover: [] };
  let sec = '';
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (!l || l.startsWith('#')) continue;
    if (l.startsWith('SECTION_')) { sec = l; continue; }
    const c = l.split(',').map((s) => s.trim());
    const n = (i: number): number => Number(c[i]);
    if (sec === 'SECTION_HORIZON') inst.days = n(0);
    else if (sec === 'SECTION_SHIFTS') inst.shifts.set(c[0]!, { minutes: n(1), cannotFollow: new Set((c[2] ?? '').split('|').filter(Boolean)) });
    else if (sec === 'SECTION_STAFF') {
      const max = new Map<string, number>();
      for (const p of c[1]!.split('|').filter(Boolean)) { const [s, m] = p.split('='); max.set(s!, Number(m)); }
      inst.staff.set(c[0]!, { max, maxMin: n(2), minMin: n(3), maxCons: n(4), minCons: n(5), minOff: n(6), maxWk: n(7) });
    } else if (sec === 'SECTION_DAYS_OFF') inst.daysOff.set(c[0]!, new Set(c.slice(1).filter(Boolean).map(Number)));
    else if (sec === 'SECTION_SHIFT_ON_REQUESTS') inst.on.push({ e: c[0]!, d: n(1), s: c[2]!, w: n(3) });
    else if (sec === 'SECTION_SHIFT_OFF_REQUESTS') inst.off.push({ e: c[0]!, d: n(1), s: c[2]!, w: n(3) });
    else if (sec === 'SECTION_COVER') inst.cover.push({ d: n(0), s: c[1]!, req: n(2), under: n(3), over: n(4) });
  }
  return inst;
}

/** roster[employee] = shift ID or '' per day. */
export type BenchRoster = Record<string, string[]>;

export interface Score {
  violations: string[];
  objective: number;
}

export function score(inst: ScorerInstance, roster: BenchRoster): Score {
  const v: string[] = [];
  const D = inst.days;
  for (const [id, s] of inst.staff) {
    const row = roster[id];
    if (!row || row.length !== D) { v.push(`${id}: row missing or not ${D} days`); continue; }
    const count = new Map<string, number>();
    let minutes = 0;
    for (let d = 0; d < D; d++) {
      const x = row[d]!;
      if (x === '') continue;
      const sh = inst.shifts.get(x);
      if (!sh) { v.push(`${id} day ${d}: unknown shift ${x}`); continue; }
      count.set(x, (count.get(x) ?? 0) + 1);
      minutes += sh.minutes;
      if (inst.daysOff.get(id)?.has(d)) v.push(`${id} day ${d}: works a day off`);
      if (d + 1 < D && row[d + 1] !== '' && sh.cannotFollow.has(row[d + 1]!)) v.push(`${id} day ${d}: ${row[d + 1]} may not follow ${x}`);
    }
    for (const [x, k] of count) if (k > (s.max.get(x) ?? Infinity)) v.push(`${id}: ${k} x ${x} over max ${s.max.get(x)}`);
    if (minutes > s.maxMin || minutes < s.minMin) v.push(`${id}: ${minutes} minutes outside [${s.minMin}, ${s.maxMin}]`);
    // Runs of work and of rest.
    let start = 0;
    for (let d = 1; d <= D; d++) {
      if (d < D && (row[d] !== '') === (row[start] !== '')) continue;
      const len = d - start; const working = row[start] !== '';
      if (working && len > s.maxCons) v.push(`${id}: ${len} days in a row from day ${start}`);
      if (start > 0 && d < D) {
        if (working && len < s.minCons) v.push(`${id}: only ${len} working days from day ${start}`);
        if (!working && len < s.minOff) v.push(`${id}: only ${len} days off from day ${start}`);
      }
      start = d;
    }
    let wk = 0;
    for (let sat = 5; sat < D; sat += 7) if (row[sat] !== '' || (sat + 1 < D && row[sat + 1] !== '')) wk++;
    if (wk > s.maxWk) v.push(`${id}: ${wk} weekends over ${s.maxWk}`);
  }
  for (const id of Object.keys(roster)) if (!inst.staff.has(id)) v.push(`unknown employee ${id}`);
  let obj = 0;
  for (const r of inst.on) if (roster[r.e]?.[r.d] !== r.s) obj += r.w;
  for (const r of inst.off) if (roster[r.e]?.[r.d] === r.s) obj += r.w;
  for (const c of inst.cover) {
    let n = 0;
    for (const id of inst.staff.keys()) if (roster[id]?.[c.d] === c.s) n++;
    obj += n < c.req ? (c.req - n) * c.under : (n - c.req) * c.over;
  }
  return { violations: v, objective: obj };
}

/** Reads a reference roster file: blocks of "  ID: <2-char cells>" lines, each followed by its objective. */
export function readReferenceRosters(text: string): { roster: BenchRoster; objective: number }[] {
  const out: { roster: BenchRoster; objective: number }[] = [];
  let cur: BenchRoster = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([^:\s]+): (.*)$/.exec(line);
    const f = /Final solution.*?:\s*(\d+)/.exec(line);
    if (f) { out.push({ roster: cur, objective: Number(f[1]) }); cur = {}; continue; }
    if (!m || line.startsWith('--')) continue;
    const cells = m[2]!;
    const row: string[] = [];
    for (let i = 0; i + 2 <= cells.length; i += 2) row.push(cells.slice(i, i + 2).replace(/[=.\s]/g, ''));
    cur[m[1]!] = row;
  }
  return out;
}
