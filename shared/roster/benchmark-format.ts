import type { RosterProblem, RosterEmployee, RosterShiftType } from './model';

/**
 * Reads the Curtois & Qu shift scheduling format (schedulingbenchmarks.org) into the
 * solver's RosterProblem. Every mistake is reported with its line number and the reason.
 */
export class BenchmarkFormatError extends Error {
  override name = 'BenchmarkFormatError';
  constructor(readonly line: number, reason: string) {
    super(line > 0 ? `line ${line}: ${reason}` : reason);
  }
}

const SECTIONS = ['SECTION_HORIZON', 'SECTION_SHIFTS', 'SECTION_STAFF', 'SECTION_DAYS_OFF', 'SECTION_SHIFT_ON_REQUESTS', 'SECTION_SHIFT_OFF_REQUESTS', 'SECTION_COVER'] as const;
type Section = (typeof SECTIONS)[number];

export function parseBenchmark(text: string): RosterProblem {
  const lines = text.split(/\r?\n/);
  const bySection = new Map<Section, { line: number; cells: string[] }[]>();
  const seenAt = new Map<Section, number>();
  let section: Section | null = null;
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('SECTION_')) {
      if (!(SECTIONS as readonly string[]).includes(line)) throw new BenchmarkFormatError(n, `unknown section "${line}"`);
      section = line as Section;
      if (seenAt.has(section)) throw new BenchmarkFormatError(n, `${section} appears twice (first on line ${seenAt.get(section)})`);
      seenAt.set(section, n);
      bySection.set(section, []);
      return;
    }
    if (!section) throw new BenchmarkFormatError(n, 'data before the first SECTION_ heading');
    bySection.get(section)!.push({ line: n, cells: line.split(',').map((c) => c.trim()) });
  });
  for (const s of ['SECTION_HORIZON', 'SECTION_SHIFTS', 'SECTION_STAFF', 'SECTION_COVER'] as const) {
    if (!bySection.has(s)) throw new BenchmarkFormatError(0, `the file has no ${s} section`);
  }
  const int = (v: string | undefined, n: number, what: string, min = 0): number => {
    if (v === undefined || v === '') throw new BenchmarkFormatError(n, `${what} is missing`);
    if (!/^-?\d+$/.test(v)) throw new BenchmarkFormatError(n, `${what} "${v}" is not a whole number`);
    const x = Number(v);
    if (x < min) throw new BenchmarkFormatError(n, `${what} ${x} is below ${min}`);
    return x;
  };
  const arity = (r: { line: number; cells: string[] }, k: number, what: string): void => {
    if (r.cells.length !== k) throw new BenchmarkFormatError(r.line, `${what} needs ${k} comma-separated fields, found ${r.cells.length}`);
  };

  const hz = bySection.get('SECTION_HORIZON')!;
  if (hz.length !== 1) throw new BenchmarkFormatError(hz[1]?.line ?? seenAt.get('SECTION_HORIZON')!, 'SECTION_HORIZON must hold exactly one number');
  const days = int(hz[0]!.cells[0], hz[0]!.line, 'the horizon', 1);
  if (hz[0]!.cells.length !== 1) throw new BenchmarkFormatError(hz[0]!.line, 'SECTION_HORIZON must hold exactly one number');
  const dayOf = (v: string | undefined, n: number): number => {
    const d = int(v, n, 'the day');
    if (d >= days) throw new BenchmarkFormatError(n, `day ${d} is outside the horizon 0-${days - 1}`);
    return d;
  };

  const shifts: RosterShiftType[] = [];
  const shiftLine = new Map<string, number>();
  const id = (v: string | undefined, n: number, what: string): string => {
    if (!v) throw new BenchmarkFormatError(n, `${what} is missing`);
    if (!/^[A-Za-z0-9_\-.]+$/.test(v)) throw new BenchmarkFormatError(n, `${what} "${v}" has characters other than letters, digits, _ - .`);
    return v;
  };
  for (const r of bySection.get('SECTION_SHIFTS')!) {
    if (r.cells.length < 2 || r.cells.length > 3) throw new BenchmarkFormatError(r.line, `a shift needs "ID, minutes, successors", found ${r.cells.length} fields`);
    const sid = id(r.cells[0], r.line, 'the shift ID');
    if (shiftLine.has(sid)) throw new BenchmarkFormatError(r.line, `shift "${sid}" is already defined on line ${shiftLine.get(sid)}`);
    shiftLine.set(sid, r.line);
    const minutes = int(r.cells[1], r.line, `the length of shift "${sid}"`, 1);
    const succ = (r.cells[2] ?? '').split('|').map((s) => s.trim()).filter((s) => s !== '');
    shifts.push({ id: sid, minutes, cannotBeFollowedBy: succ });
  }
  if (shifts.length === 0) throw new BenchmarkFormatError(seenAt.get('SECTION_SHIFTS')!, 'no shift types are defined');
  const shiftKnown = (s: string, n: number): string => {
    if (!shiftLine.has(s)) throw new BenchmarkFormatError(n, `unknown shift "${s}"`);
    return s;
  };
  for (const s of shifts) for (const n of s.cannotBeFollowedBy ?? []) shiftKnown(n, shiftLine.get(s.id)!);

  const employees: RosterEmployee[] = [];
  const empLine = new Map<string, number>();
  for (const r of bySection.get('SECTION_STAFF')!) {
    arity(r, 8, 'a staff line');
    const eid = id(r.cells[0], r.line, 'the employee ID');
    if (empLine.has(eid)) throw new BenchmarkFormatError(r.line, `employee "${eid}" is already listed on line ${empLine.get(eid)}`);
    empLine.set(eid, r.line);
    const maxShifts: Record<string, number> = {};
    for (const part of r.cells[1]!.split('|').map((s) => s.trim()).filter((s) => s !== '')) {
      const m = /^([^=]+)=(.*)$/.exec(part);
      if (!m) throw new BenchmarkFormatError(r.line, `"${part}" should be ShiftID=max`);
      const sid = shiftKnown(m[1]!.trim(), r.line);
      if (sid in maxShifts) throw new BenchmarkFormatError(r.line, `shift "${sid}" has two maximums`);
      maxShifts[sid] = int(m[2]!.trim(), r.line, `the maximum for shift "${sid}"`);
    }
    const maxMinutes = int(r.cells[2], r.line, 'MaxTotalMinutes');
    const minMinutes = int(r.cells[3], r.line, 'MinTotalMinutes');
    const maxCons = int(r.cells[4], r.line, 'MaxConsecutiveShifts');
    const minCons = int(r.cells[5], r.line, 'MinConsecutiveShifts');
    const minOff = int(r.cells[6], r.line, 'MinConsecutiveDaysOff');
    const maxWk = int(r.cells[7], r.line, 'MaxWeekends');
    if (minMinutes > maxMinutes) throw new BenchmarkFormatError(r.line, `employee "${eid}": MinTotalMinutes ${minMinutes} is above MaxTotalMinutes ${maxMinutes}`);
    if (minCons > maxCons) throw new BenchmarkFormatError(r.line, `employee "${eid}": MinConsecutiveShifts ${minCons} is above MaxConsecutiveShifts ${maxCons}`);
    employees.push({ id: eid, maxShifts, maxMinutes, minMinutes, maxConsecutiveDays: maxCons, minConsecutiveDays: minCons, minConsecutiveDaysOff: minOff, maxWeekends: maxWk });
  }
  if (employees.length === 0) throw new BenchmarkFormatError(seenAt.get('SECTION_STAFF')!, 'no staff are listed');
  const empKnown = (e: string | undefined, n: number): string => {
    if (!e) throw new BenchmarkFormatError(n, 'the employee ID is missing');
    if (!empLine.has(e)) throw new BenchmarkFormatError(n, `unknown employee "${e}"`);
    return e;
  };

  const daysOff: { employee: string; day: number }[] = [];
  for (const r of bySection.get('SECTION_DAYS_OFF') ?? []) {
    const eid = empKnown(r.cells[0], r.line);
    for (const c of r.cells.slice(1)) { if (c === '') continue; daysOff.push({ employee: eid, day: dayOf(c, r.line) }); }
  }
  const requests: RosterProblem['requests'] = [];
  for (const [sec, kind] of [['SECTION_SHIFT_ON_REQUESTS', 'on'], ['SECTION_SHIFT_OFF_REQUESTS', 'off']] as const) {
    for (const r of bySection.get(sec) ?? []) {
      arity(r, 4, 'a request');
      requests.push({ employee: empKnown(r.cells[0], r.line), day: dayOf(r.cells[1], r.line), shift: shiftKnown(r.cells[2]!, r.line), weight: int(r.cells[3], r.line, 'the weight'), kind });
    }
  }
  const cover: RosterProblem['cover'] = [];
  const coverLine = new Map<string, number>();
  for (const r of bySection.get('SECTION_COVER')!) {
    arity(r, 5, 'a cover line');
    const day = dayOf(r.cells[0], r.line);
    const sid = shiftKnown(r.cells[1]!, r.line);
    const key = `${day}/${sid}`;
    if (coverLine.has(key)) throw new BenchmarkFormatError(r.line, `cover for day ${day}, shift "${sid}" is already given on line ${coverLine.get(key)}`);
    coverLine.set(key, r.line);
    cover.push({ day, shifts: [sid], requirement: int(r.cells[2], r.line, 'the requirement'), underWeight: int(r.cells[3], r.line, 'the under-cover weight'), overWeight: int(r.cells[4], r.line, 'the over-cover weight') });
  }
  return { days, firstWeekday: 0, shifts, employees, cover, daysOff, requests };
}
