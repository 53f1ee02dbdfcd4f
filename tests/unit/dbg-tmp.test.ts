import { it } from 'vitest';
import { parseBenchmark } from '../../shared/roster/benchmark-format';
import { compileProblem } from '../../shared/roster/model';
import { solve } from '../../shared/roster/solver';
import { RowDP } from '../../shared/roster/row-dp';
import { RosterState } from '../../shared/roster/state';
import { readInstance, score, type BenchRoster } from '../helpers/shift-scheduling-scorer';
// copy of makeInstance
function makeInstance(p: { days: number; shifts: number; staff: number; seed: number }): string {
  let s = p.seed;
  const r = (n: number): number => { s = (s * 1103515245 + 12345) % 2147483648; return s % n; };
  const ids = ['E', 'L'].slice(0, p.shifts);
  const lines = ['SECTION_HORIZON', String(p.days), '', 'SECTION_SHIFTS'];
  ids.forEach((id, i) => lines.push(`${id},${480 + 120 * i},${i === 1 && r(2) ? 'E' : ''}`));
  lines.push('', 'SECTION_STAFF');
  for (let e = 0; e < p.staff; e++) {
    const maxS = ids.map((id) => `${id}=${r(3) === 0 ? 0 : 1 + r(p.days)}`).join('|');
    const maxMin = 480 * (1 + r(p.days)) + 240; const minMin = Math.max(0, maxMin - 480 * (1 + r(3)));
    lines.push(`S${e},${maxS},${maxMin},${minMin},${1 + r(4)},${1 + r(2)},${1 + r(2)},${r(2)}`);
  }
  lines.push('', 'SECTION_DAYS_OFF');
  for (let e = 0; e < p.staff; e++) if (r(2)) lines.push(`S${e},${r(p.days)}`);
  lines.push('', 'SECTION_SHIFT_ON_REQUESTS');
  for (let k = 0; k < 3; k++) lines.push(`S${r(p.staff)},${r(p.days)},${ids[r(ids.length)]},${1 + r(3)}`);
  lines.push('', 'SECTION_SHIFT_OFF_REQUESTS');
  for (let k = 0; k < 2; k++) lines.push(`S${r(p.staff)},${r(p.days)},${ids[r(ids.length)]},${1 + r(3)}`);
  lines.push('', 'SECTION_COVER');
  for (let d = 0; d < p.days; d++) for (const id of ids) lines.push(`${d},${id},${r(3)},${1 + r(100)},${1 + r(5)}`);
  return lines.join('\n');
}
it('dbg', () => {
  const text = makeInstance({ days: 5, shifts: 2, staff: 1, seed: 62781 });
  console.log(text);
  const cp = compileProblem(parseBenchmark(text));
  const r = solve(cp, { timeLimitMs: 150, seed: 7 });
  console.log('solver', r.objective, Array.from(r.x ?? []));
  const inst = readInstance(text);
  const ids = ['', 'E', 'L'];
  let best = 1e9; let bx: number[] = [];
  for (let k = 0; k < 3 ** 5; k++) { const row: number[] = []; let t = k; for (let d = 0; d < 5; d++) { row.push(t % 3); t = Math.floor(t / 3); } const ro: BenchRoster = { S0: row.map((i) => ids[i]!) }; const s = score(inst, ro); if (!s.violations.length && s.objective < best) { best = s.objective; bx = row; } }
  console.log('brute', best, bx);
  const st = new RosterState(cp, Int32Array.from(bx));
  console.log('state of brute', st.hard, st.objective());
  const st0 = new RosterState(cp);
  const dp = new RowDP(cp);
  console.log('dp from empty', Array.from(dp.solve(st0, 0, 0, 5, 201) ?? []));
});
