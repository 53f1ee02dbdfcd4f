import fs from 'node:fs';
import { parseBenchmark } from '/work/wt/solver/shared/roster/benchmark-format';
import { compileProblem } from '/work/wt/solver/shared/roster/model';
import { solve } from '/work/wt/solver/shared/roster/solver';
import { RosterState } from '/work/wt/solver/shared/roster/state';
const [inst, secs, seed] = process.argv.slice(2);
const t = Date.now();
const cp = compileProblem(parseBenchmark(fs.readFileSync(`/work/wt/solver/bench/shift-scheduling/instances/Instance${inst}.txt`, 'utf8')));
const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const r = solve(cp, { now: cpu, timeLimitMs: Number(secs) * 1000, seed: Number(seed ?? 1), tuning: JSON.parse(process.env.TUNE ?? '{}') });
const chk = r.x ? new RosterState(cp, r.x) : null;
console.log(JSON.stringify({ inst, obj: r.objective, first: r.firstFeasibleMs, bestMs: r.bestMs, it: r.iterations, hard: chk?.hard, chkObj: chk?.objective(), least: r.leastHard, ms: Date.now() - t }));
if (process.env.BREAK && r.x) {
  const st = new RosterState(cp, r.x);
  let under = 0, over = 0, uc = 0, oc = 0;
  for (let k = 0; k < cp.rows; k++) { const c = st.cnt[k]!, q = cp.rowReq[k]!; if (c < q) { under += q - c; uc += (q - c) * cp.rowUnder[k]!; } else { over += c - q; oc += (c - q) * cp.rowOver[k]!; } }
  let mins = 0; for (let e = 0; e < cp.E; e++) { let m = 0; for (let d = 0; d < cp.D; d++) m += cp.patternMinutes[r.x[e * cp.D + d]!]!; mins += m; console.log(cp.source.employees[e]!.id, m, cp.minMin[e], cp.maxMin[e]); }
  console.log({ under, uc, over, oc, pref: st.pref, mins });
}
