import type { CompiledProblem } from './model';
import { Prng } from './prng';
import { RowDP } from './row-dp';
import type { Incumbent } from './incumbent';
import { RosterState } from './state';

export interface SolveProgress {
  objective: number;
  elapsedMs: number;
  /** Pattern per cell (employee-major); copy it if you keep it. */
  x: Int32Array;
}

export interface SolveOptions {
  seed?: number;
  /** Search budget in milliseconds, measured with `now`. */
  timeLimitMs: number;
  now?: () => number;
  /** Checked often; returning true ends the search with the best roster so far. */
  shouldStop?: () => boolean;
  onProgress?: (best: SolveProgress) => void;
  /** A starting roster (pattern per cell), e.g. the current rota. */
  initial?: Int32Array;
  /** Stop as soon as a roster this good is found (a known optimum or a target). */
  target?: number;
  tuning?: Partial<Tuning>;
  /** The best roster shared with other search threads (a portfolio sharing its incumbent). */
  incumbent?: Incumbent;
}

/** Search knobs; the defaults are what measured best on the benchmark. */
export interface Tuning {
  hardWeight: number; // per unit of hard violation, in multiples of the largest weight
  hot: number; // start temperature, in multiples of the largest weight
  cold: number; // end temperature (absolute)
  pDp: number;
  pRuin: number;
  pSwap: number;
  /** Window lengths for row re-optimisation (capped at the horizon). */
  windows: number[];
  /** Ruin and recreate picks people who share a shift type with the first one. */
  related: boolean;
  /** Ejection chain: someone takes an under-covered shift, someone else takes what they drop. */
  pChain: number;
  oscillate: boolean;
}
export const DEFAULT_TUNING: Tuning = { hardWeight: 2, hot: 1, cold: 0.05, pDp: 0.2, pRuin: 0.05, pSwap: 0.44, windows: [7, 10, 14], related: false, pChain: 0.02, oscillate: false };

export interface SolveResult {
  /** Best roster with no hard violation, or null if none was found. */
  x: Int32Array | null;
  objective: number;
  firstFeasibleMs: number | null;
  bestMs: number | null;
  iterations: number;
  /** Least hard violation reached (0 when a feasible roster was found). */
  leastHard: number;
  /** The last roster searched (useful to explain why nothing feasible was found). */
  last: Int32Array;
}

const EPS = 1e-9;

/**
 * Anytime search: simulated annealing over penalty-weighted hard rules, with three kinds
 * of move measured to work together on the benchmark:
 * - re-optimising one person's row over a window of days by dynamic programming (RowDP)
 *   against everyone else's cover (the large-neighbourhood move);
 * - ruin and recreate: several people's rows cleared on a window and rebuilt one by one
 *   by the same dynamic program (lets two people trade work);
 * - cheap incremental moves: change one cell; swap two people's cells over a block of
 *   days (cover unchanged, so only requests and hard rules move).
 */
export function solve(cp: CompiledProblem, opts: SolveOptions): SolveResult {
  const now = opts.now ?? (() => Date.now());
  const t0 = now();
  const limit = opts.timeLimitMs;
  const rng = new Prng(opts.seed ?? 1);
  const rnd = (): number => rng.next();
  const st = new RosterState(cp, opts.initial);
  const dp = new RowDP(cp);
  const E = cp.E; const D = cp.D;
  const tu: Tuning = { ...DEFAULT_TUNING, ...opts.tuning };
  const hw0 = tu.hardWeight * cp.weightScale + 1;
  let hw = hw0;
  const total = (): number => st.cover + st.pref + hw * st.hard;

  let best: Int32Array | null = null;
  let bestObj = Infinity;
  let firstFeasibleMs: number | null = null;
  let bestMs: number | null = null;
  let leastHard = st.hard;
  let iterations = 0;
  const target = opts.target ?? -Infinity;

  const record = (): void => {
    if (st.hard < leastHard) leastHard = st.hard;
    if (st.hard > EPS) return;
    const obj = st.cover + st.pref;
    if (obj < bestObj - EPS) {
      bestObj = obj;
      const el = now() - t0;
      if (firstFeasibleMs === null) firstFeasibleMs = el;
      bestMs = el;
      if (best) best.set(st.x); else best = st.x.slice();
      opts.incumbent?.offer(obj, best);
      opts.onProgress?.({ objective: Math.round(obj), elapsedMs: el, x: best });
    }
  };

  const windowFor = (): [number, number] => {
    const choices = tu.windows.length ? tu.windows : D <= 28 ? [D, D, 14, 7] : D <= 56 ? [28, 14, 14, 7] : [21, 14, 14, 7];
    const L = Math.min(D, choices[rng.int(choices.length)]!);
    const a = rng.int(D - L + 1);
    return [a, a + L];
  };

  // Which people can work a common shift type (trading work needs one).
  const skills: Uint8Array[] = [];
  for (let e = 0; e < E; e++) {
    const m = new Uint8Array(cp.P);
    for (let d = 0; d < D; d++) for (const p of cp.domain[e * D + d]!) m[p] = 1;
    skills.push(m);
  }
  const shareSkill = (e1: number, e2: number): boolean => {
    const a = skills[e1]!; const b = skills[e2]!;
    for (let p = 1; p < cp.P; p++) if (a[p] && b[p]) return true;
    return false;
  };

  const applyRow = (e: number, a: number, pats: Int32Array): void => {
    for (let i = 0; i < pats.length; i++) st.set(e, a + i, pats[i]!);
  };

  // Feasibility repair. Every hard rule is about one person's row, so a row can always be
  // mended on its own; the annealing may still leave a few breaches when mending one costs
  // more cover than the penalty of the breach (measured on Instance 22: single days off
  // between 5-day runs in a row with two shifts of slack over a year). Here each breaching
  // row is re-solved by the dynamic program with the breach priced far above any cover,
  // over windows that grow until the row is clean: short windows keep most of the cover,
  // long ones move the whole pattern.
  // Days where a row breaks a rule tied to a place in it (runs, succession), or null when
  // the breach is row-wide (minutes, per-type or weekend counts, 7-day minutes).
  const breachDays = (e: number): number[] | null => {
    const base = e * D; const forb = cp.forbidden[e]!; const P = cp.P;
    const out: number[] = [];
    let runStart = 0; let runWork = st.x[base]! !== 0;
    const maxC = cp.maxCons[e]!; const minC = cp.minCons[e]!; const minO = cp.minOff[e]!;
    for (let d = 1; d <= D; d++) {
      const w = d < D ? st.x[base + d]! !== 0 : !runWork;
      if (d < D && forb[st.x[base + d - 1]! * P + st.x[base + d]!]) out.push(d);
      if (w !== runWork) {
        const len = d - runStart;
        const bad = runWork ? len > maxC || (runStart > 0 && d < D && len < minC) : runStart > 0 && d < D && len < minO;
        if (bad) out.push(runStart + (len >> 1));
        runWork = w; runStart = d;
      }
    }
    let rest = st.empHard[e]!;
    // Each local breach counts at least one unit; more units than local breaches means a row-wide one too.
    rest -= out.length;
    return rest > EPS && out.length === 0 ? null : out.length ? out : null;
  };
  const repairUntil = (deadline: number): void => {
    const big = cp.weightScale * 1e4 + 1;
    for (const L0 of [14, 28, 56, 112, 182, D]) {
      const L = Math.min(D, L0);
      for (let e = 0; e < E; e++) {
        if (st.empHard[e]! <= EPS) continue;
        const bad = breachDays(e);
        const starts: number[] = [];
        if (bad === null || L === D) { const step = Math.max(7, Math.floor(L / 2)); for (let a = 0; a < D; a += step) { starts.push(Math.min(a, D - L)); if (a + L >= D) break; } }
        else for (const d of bad) { const a = Math.max(0, Math.min(D - L, d - (L >> 1))); if (starts[starts.length - 1] !== a) starts.push(a); }
        for (const a of starts) {
          if (st.empHard[e]! <= EPS) break;
          if (now() > deadline || opts.shouldStop?.()) return;
          const b = Math.min(D, a + L);
          const pats = dp.solve(st, e, a, b, big);
          if (pats) {
            const h0 = st.empHard[e]!;
            applyRow(e, a, pats);
            st.refreshHard();
            if (st.empHard[e]! < h0 - EPS) st.commit(); else st.revert();
          }
        }
      }
      if (st.hard <= EPS) return;
      if (L === D) return;
    }
  };
  // Construction: sweep every person's row with the dynamic program until feasible or
  // a sweep stops helping (bounded by time).
  const constructUntil = t0 + limit * 0.3;
  for (let sweep = 0; sweep < 6; sweep++) {
    const before = total();
    const order = Array.from({ length: E }, (_, i) => i);
    for (let i = E - 1; i > 0; i--) { const j = rng.int(i + 1); const t = order[i]!; order[i] = order[j]!; order[j] = t; }
    for (const e of order) {
      const L = Math.min(D, 28);
      for (let a = 0; a < D; a += L) {
        const b = Math.min(D, a + L);
        const pats = dp.solve(st, e, a, b, hw);
        if (!pats) continue;
        const old = total();
        applyRow(e, a, pats);
        st.refreshHard();
        if (total() <= old + EPS) st.commit(); else st.revert();
      }
      if (now() > constructUntil || opts.shouldStop?.()) break;
    }
    record();
    // A first feasible roster early (a year-long instance may take many sweeps).
    if (sweep === 0 && !best && st.hard > EPS) { repairUntil(t0 + limit * 0.5); record(); }
    if (total() >= before - EPS || now() > constructUntil || opts.shouldStop?.()) break;
  }
  record();

  if (st.hard > EPS) { repairUntil(t0 + limit * 0.5); record(); }

  // Annealing temperatures scale with the weights: hot enough to trade a request for
  // cover early, cold enough to polish one unit at the end.
  const Thot = Math.max(tu.cold, cp.weightScale * tu.hot);
  const Tcold = tu.cold;
  let T = Thot;
  let cur = total();
  let lastImprove = now();
  let sinceRestart = 0;

  // Ejection chain: an under-covered (day, shift) is forced onto someone who can work it,
  // their row is re-optimised around it, and each cover that falls short because of it is
  // forced onto someone else the same way.
  const forcedDp = (e: number, d: number, q: number): boolean => {
    const k = e * D + d;
    const dom = cp.domain[k]!;
    if (!dom.includes(q)) return false;
    const a = Math.max(0, d - 3 - rng.int(5)); const b = Math.min(D, d + 4 + rng.int(5));
    cp.domain[k] = Int32Array.of(q);
    const pats = dp.solve(st, e, a, b, hw, T * 0.3, rnd);
    cp.domain[k] = dom;
    if (!pats) return false;
    applyRow(e, a, pats);
    return true;
  };
  const shortRows: number[] = [];
  const chain = (): boolean => {
    if (cp.rows === 0) return false;
    const start = rng.int(cp.rows);
    let row = -1;
    for (let i = 0; i < cp.rows; i++) { const rr = (start + i) % cp.rows; if (st.cnt[rr]! < cp.rowReq[rr]!) { row = rr; break; } }
    if (row < 0) return false;
    const d = cp.rowDay[row]!;
    const pick = (dd: number, rr: number): [number, number] | null => {
      for (let tries = 0; tries < 8; tries++) {
        const e = rng.int(E);
        const el = cp.rowEligible[rr]; if (el && !el[e]) continue;
        const dom = cp.domain[e * D + dd]!;
        const cands: number[] = [];
        for (const q of dom) { const l = cp.dayPatternRows[dd * cp.P + q]!; for (let i = 0; i < l.length; i += 2) if (l[i] === rr) { cands.push(q); break; } }
        if (cands.length === 0 || cands.includes(st.x[e * D + dd]!)) continue;
        return [e, cands[rng.int(cands.length)]!];
      }
      return null;
    };
    const first = pick(d, row);
    if (!first) return false;
    // Rows already short stay allowed; only newly short ones are chased.
    shortRows.length = 0;
    for (let rr = 0; rr < cp.rows; rr++) if (st.cnt[rr]! < cp.rowReq[rr]!) shortRows.push(rr);
    const before = new Set(shortRows);
    if (!forcedDp(first[0], d, first[1])) return false;
    let chased = 0;
    for (let rr = 0; rr < cp.rows && chased < 3; rr++) {
      if (st.cnt[rr]! >= cp.rowReq[rr]! || before.has(rr)) continue;
      const nxt = pick(cp.rowDay[rr]!, rr);
      if (nxt && nxt[0] !== first[0]) { forcedDp(nxt[0], cp.rowDay[rr]!, nxt[1]); chased++; }
    }
    return true;
  };

  let infeasSeen = 0;
  let lastRepair = now();
  let lastFeasible = now();
  const sharedX = new Int32Array(E * D);
  const accept = (delta: number): boolean => delta <= EPS || rnd() < Math.exp(-delta / T);

  const dpEmployees: number[] = [];
  for (;;) {
    iterations++;
    if ((iterations & 63) === 0) {
      const t = now();
      if (t - t0 >= limit || opts.shouldStop?.() || bestObj <= target) break;
      const f = Math.min(1, (t - t0) / limit);
      T = Thot * Math.pow(Tcold / Thot, f);
      // Strategic oscillation: the price of a broken rule rises while the search stays
      // infeasible and falls while it stays feasible, so it can cross infeasible ground.
      if (tu.oscillate) {
        if (st.hard > EPS) infeasSeen++;
        if ((iterations & 1023) === 0) {
          hw = infeasSeen > 8 ? Math.min(hw0 * 4, hw * 1.3) : Math.max(hw0 * 0.3, hw / 1.3);
          infeasSeen = 0;
          cur = total();
        }
      }
      // Searching among rosters that break rules for long (their penalty is below the cover
      // they buy): mend the rows, then search on from there.
      if (st.hard <= EPS) lastFeasible = t;
      else if (t - lastFeasible > Math.max(1000, limit * 0.05) && t - lastRepair > Math.max(1000, limit * 0.05)) {
        st.commit(); repairUntil(t0 + limit); record(); cur = total(); lastRepair = now();
      }
      // Restart from the best when the search has wandered without improving for long.
      // Another thread's best, when better, is where this one restarts.
      if (t - lastImprove > Math.max(2000, limit * 0.15) && sinceRestart > 5000 && cur > bestObj + EPS) {
        const shared = opts.incumbent ? opts.incumbent.read(sharedX) : Infinity;
        const from = shared < bestObj - EPS ? sharedX : best;
        if (from) {
          st.commit();
          for (let k = 0; k < st.x.length; k++) if (st.x[k] !== from[k]) { const e = Math.floor(k / D); st.set(e, k - e * D, from[k]!); }
          st.refreshHard(); st.commit();
          if (from === sharedX) record();
          cur = total(); lastImprove = t; sinceRestart = 0;
        }
      }
    }
    sinceRestart++;
    const r = rnd();
    if (r < tu.pDp) {
      // Row re-optimisation.
      const e = rng.int(E);
      const [a, b] = windowFor();
      const pats = dp.solve(st, e, a, b, hw, T * 0.5, rnd, T * 2);
      if (!pats) continue;
      applyRow(e, a, pats);
    } else if (r < tu.pDp + tu.pRuin) {
      // Ruin and recreate 2-3 people on a window.
      const k = 2 + rng.int(2);
      const [a, b] = windowFor();
      dpEmployees.length = 0;
      const e0 = rng.int(E); dpEmployees.push(e0);
      for (let tries = 0; dpEmployees.length < k && tries < 20; tries++) {
        const e = rng.int(E);
        if (dpEmployees.includes(e)) continue;
        if (tu.related && !shareSkill(e0, e)) continue;
        dpEmployees.push(e);
      }
      for (const e of dpEmployees) for (let d = a; d < b; d++) { const dom = cp.domain[e * D + d]!; if (dom.includes(0)) st.set(e, d, 0); }
      let ok = true;
      for (const e of dpEmployees) {
        const pats = dp.solve(st, e, a, b, hw, T * 0.5, rnd);
        if (!pats) { ok = false; break; }
        applyRow(e, a, pats);
      }
      if (!ok) { st.revert(); continue; }
    } else if (r < tu.pDp + tu.pRuin + tu.pChain) {
      if (!chain()) { st.revert(); continue; }
    } else if (r < tu.pDp + tu.pRuin + tu.pChain + tu.pSwap) {
      // Swap two people's cells over a block of days.
      const e1 = rng.int(E); let e2 = rng.int(E - 1); if (e2 >= e1) e2++;
      if (E < 2) continue;
      const len = 1 + rng.int(Math.min(D, 4));
      const a = rng.int(D - len + 1);
      let changed = false; let bad = false;
      for (let d = a; d < a + len; d++) {
        const p1 = st.x[e1 * D + d]!; const p2 = st.x[e2 * D + d]!;
        if (p1 === p2) continue;
        if (!cp.domain[e1 * D + d]!.includes(p2) || !cp.domain[e2 * D + d]!.includes(p1)) { bad = true; break; }
        changed = true;
      }
      if (bad || !changed) continue;
      for (let d = a; d < a + len; d++) {
        const p1 = st.x[e1 * D + d]!; const p2 = st.x[e2 * D + d]!;
        if (p1 !== p2) { st.set(e1, d, p2); st.set(e2, d, p1); }
      }
    } else {
      // Change one cell.
      const e = rng.int(E); const d = rng.int(D);
      const dom = cp.domain[e * D + d]!;
      if (dom.length < 2) continue;
      const curP = st.x[e * D + d]!;
      let q = dom[rng.int(dom.length - 1)]!;
      if (q === curP) q = dom[dom.length - 1]!;
      st.set(e, d, q);
    }
    st.refreshHard();
    const nt = total();
    if (accept(nt - cur)) {
      st.commit();
      if (nt < cur - EPS) {
        cur = nt;
        if (st.hard <= EPS && st.cover + st.pref < bestObj - EPS) { record(); lastImprove = now(); sinceRestart = 0; }
        else if (st.hard < leastHard) leastHard = st.hard;
      } else cur = nt;
    } else st.revert();
  }
  return { x: best, objective: best ? Math.round(bestObj) : Infinity, firstFeasibleMs, bestMs, iterations, leastHard: best ? 0 : leastHard, last: st.x.slice() };
}
