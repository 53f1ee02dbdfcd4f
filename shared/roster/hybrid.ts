import { columnGeneration, type ColumnGenerationOptions, type LpFactory, type LpSolver } from './column-generation';
import type { CompiledProblem } from './model';
import { Prng } from './prng';
import { solve, type SolveOptions, type SolveResult } from './solver';

/**
 * Whether column generation is worth running: it prices whole rows, so its cost grows with
 * the horizon and the number of people. Measured on the benchmark (2-core machine): up to
 * 56 days it converges in seconds; on Instance 18 (84 days, 22 people) it had not converged
 * after 55 s.
 */
export function columnGenerationSuits(size: { D: number; E: number }): boolean {
  return size.D <= 56 && size.E * size.D <= 1800;
}

/**
 * Whether column generation on windows of days is worth running instead, for longer
 * horizons with few people. Measured on the benchmark at 60 s (2-core machine), windows on
 * both threads: Instance 18 (84 days, 22 people) at 4610-4892 over seven runs against 4942
 * with the annealing alone; with 40-50 people the windows cost the annealing more than they
 * give (19: 3662 against 3641, 20: 5517 against 5373, 22: 58085 against 51091).
 */
export function windowSearchSuits(size: { D: number; E: number }): boolean {
  return !columnGenerationSuits(size) && size.E <= 32;
}

/**
 * Whether both threads run column generation, one of them aiming at the LP bound first (the
 * tree on cover shortfalls in column-generation.ts): for problems so small that the LP
 * converges within a second or two, the annealing thread has done its part after its first
 * second. Measured on Instances 1-7 (up to 560 person-days; CLI, 10 s): 7 at its optimum in
 * 16 of 36 runs against 0 of 36 with that thread annealing, 1-6 as before.
 */
export function aimSuits(size: { D: number; E: number }): boolean {
  return columnGenerationSuits(size) && size.E * size.D <= 600;
}

/** How this thread's search differs from the others'. */
export interface HybridRole {
  /** Column generation aims at the LP bound first (ColumnGenerationOptions.aimAtBound). */
  aimAtBound?: boolean;
  /**
   * Column generation dives freely first and aims at the LP bound from AIM_LATER_FROM of the
   * time (once its dives have stopped finding better rosters, AIM_LATER_QUIET), taking the
   * tree's first branching the other way round (aimRaiseFirst): the half of the tree the
   * aimAtBound thread reaches last.
   */
  aimLater?: boolean;
}

/**
 * When the aimLater thread turns from free dives to the tree, as a fraction of the time.
 * Measured on 24 November (CLI, 10 s, two threads, one 2-core machine, seeds 1-36 for 7 and
 * 1-24 for 5 and 6), against the second thread diving freely throughout: Instance 7 at 1056
 * in 24 and 21 of 36 runs (two builds) against 11 of 36; 6 at 1950 in 20 of 24 against 23 of
 * 24; 5 at 1143 in 21 and 22 of 24. The other way round (the tree straight after the root
 * LP, free dives from 60 % of the time): 7 in 26 of 36, 6 in 16 of 24. Without the far side
 * first (both threads in the same half): 7 in 14 of 36. (Measured when the tree took the
 * nearer whole number first; it now caps first, and the first branching's other way round
 * is the raise.)
 */
const AIM_LATER_FROM = 0.45;
/**
 * ...and not while its free dives still find better rosters: it turns only once the best
 * roster held (either thread's) has not improved for this fraction of the time. Measured on
 * 24 November (CLI, 10 s, two threads, 2-core machine) against turning at AIM_LATER_FROM
 * whatever the dives were doing: Instance 6 at 1950 in 70 of 72 runs against 59 of 72 (on 6
 * the free dives find 1950 at 2.8-5.3 s in-process, and the tree does not find it); 7 at
 * 1056 in 83 of 108 against 95 of 108 (its free dives improve slowly and take the tree's
 * time); 5 at 1143 in 71 of 72 both ways. So all three in one run each about 0.74 of the
 * time, against 0.71: a trade, kept as 6 becomes nearly certain. A quiet time of 0.15 left 6
 * at 30 of 36; waiting only while the best is within one point of the tree's first target,
 * 6 in 31 and 7 in 29 of 36.
 */
const AIM_LATER_QUIET = 0.3;

/**
 * Where the aimAtBound thread's dives and tree end, as a fraction of the time, when another
 * thread shares the best roster (and so polishes it at the end). Every other search ends its
 * dives by four fifths and polishes the rest with the annealing. On Instance 7 (optimum
 * 1056) this thread's tree is what finds the optimum (24 of the 26 hits in 36 traced runs
 * ending at four fifths), at any time from 3.5 s on, and the polish after it found nothing.
 * Measured on 24 November (CLI, 10 s, two threads, 2-core machine), going on to 95 %: 7 at
 * 1056 in 62 of 72 runs (seeds 1-72), 6 of them found after four fifths of the time, and 28
 * of 36 on the final build (90 of 108 in all), against 26 and 27 of 36 (seeds 1-36) ending at
 * four fifths in the same hour; 5 at 1143 in 36 and 36 of 36 and 6 at 1950 in 35 and 33 of
 * 36 (experiment and final builds), against 35 and 35 of 36 before. The second thread's
 * dives going on to 95 % instead found 1056 in no run after four fifths.
 */
const AIM_AT_BOUND_UNTIL = 0.95;

/** Where column generation's dives end, as a fraction of the time (see AIM_AT_BOUND_UNTIL). */
export function divesEnd(size: { D: number; E: number }, role: HybridRole, shared: boolean): number {
  return shared && aimWhen(size, role) === 'start' ? AIM_AT_BOUND_UNTIL : 0.8;
}

/** When a thread in this role aims at the LP bound on a problem of this size, if at all. */
function aimWhen(size: { D: number; E: number }, role: HybridRole): 'start' | 'later' | 'never' {
  if (!aimSuits(size)) return 'never';
  if (role.aimLater === true && role.aimAtBound !== true) return 'later';
  return role.aimAtBound === true ? 'start' : 'never';
}

/**
 * The annealing with column generation in the middle: a short annealing run gives a
 * feasible roster (and the first columns), column generation with diving finds a roster
 * that trades work between many people at once, and the annealing polishes that for the
 * rest of the time. On longer horizons with few people, column generation searches windows
 * of days instead (solveWithWindows). Without an LP solver, or on a problem too large for
 * either, it is the annealing alone.
 */
export function solveHybrid(cp: CompiledProblem, newLp: LpFactory | null, opts: SolveOptions, role: HybridRole = {}): SolveResult {
  if (newLp && windowSearchSuits(cp)) return solveWithWindows(cp, newLp, opts);
  if (!newLp || !columnGenerationSuits(cp)) return solve(cp, opts);
  // The LP is made before the annealing starts, as it was when the time split below was
  // measured: the runs are bounded by time, and making it after moved them (Instance 5,
  // seed 1, 10 s: 1145 three times, against 1143 twice this way).
  return withNewLp(newLp, (lp) => solveWithColumns(cp, lp, opts, role));
}

function solveWithColumns(cp: CompiledProblem, lp: LpSolver, opts: SolveOptions, role: HybridRole): SolveResult {
  const now = opts.now ?? (() => Date.now());
  const t0 = now();
  const limit = opts.timeLimitMs;
  const warm = solve(cp, { ...opts, now, timeLimitMs: Math.min(2000, limit * 0.1) });
  const stopped = (): boolean => opts.shouldStop?.() ?? false;
  if (stopped() || warm.objective <= (opts.target ?? -Infinity) || now() - t0 >= limit) return warm;

  // Each better dive is shared at once, so the other thread can polish it while this one
  // dives again.
  let bestMs = warm.bestMs;
  const share = (x: Int32Array, objective: number): void => {
    if (objective >= warm.objective) return;
    bestMs = now() - t0;
    opts.incumbent?.offer(objective, x);
    opts.onProgress?.({ objective: Math.round(objective), elapsedMs: bestMs, x });
  };
  // The LP must converge within half the time and later dives end by four fifths (on one
  // thread of a small problem later, see divesEnd), or the annealing gets the time back; the
  // first dive may go on until 5 % of the time (at least half a second) is left, as on the
  // larger instances it takes most of the minute (17's ends at 40-48 s of 60: a run that cut
  // it at four fifths gave 6020 against 5746, the optimum). With no feasible roster yet, the
  // annealing goes on: the first columns would break rules.
  const cg = warm.x ? columnGeneration(cp, lp, { convergeBy: t0 + limit * 0.5, deadline: t0 + limit * divesEnd(cp, role, opts.incumbent !== undefined), firstDiveDeadline: t0 + limit - Math.max(500, limit * 0.05), now, shouldStop: opts.shouldStop, start: warm.x, seed: opts.seed, onRoster: share, ...aiming(cp, opts, role, t0 + limit * AIM_LATER_FROM) }) : null;
  const cgBetter = cg?.x != null && cg.objective < warm.objective;
  const best: SolveResult = cgBetter ? { ...warm, x: cg.x, objective: Math.round(cg.objective) } : warm;
  if (stopped() || best.objective <= (opts.target ?? -Infinity)) return { ...best, bestMs };

  // Without a better roster from column generation, go on from the best any thread has.
  let from = best.x ?? warm.last;
  if (!cgBetter && opts.incumbent) {
    const shared = new Int32Array(cp.E * cp.D);
    if (opts.incumbent.read(shared) < best.objective) from = shared;
  }
  const t1 = now();
  const rest = Math.max(0, t0 + limit - t1);
  const polish = solve(cp, {
    ...opts, now, seed: (opts.seed ?? 1) + 1, timeLimitMs: rest, initial: from,
    // From column generation's roster, cool: a hot start would throw its structure away.
    // Otherwise the annealing goes on as it would have.
    tuning: cgBetter ? { ...opts.tuning, hot: 0.05 } : opts.tuning,
  });
  if (polish.x && polish.objective < best.objective) return continued(warm, polish, t1 - t0);
  return { ...best, bestMs, iterations: warm.iterations + polish.iterations, last: polish.last };
}

/**
 * Where both threads run column generation (aimSuits), each also stops where it cannot beat
 * the other's best; one aims at the LP bound first, the other later, in the other half.
 */
function aiming(cp: CompiledProblem, opts: SolveOptions, role: HybridRole, laterFrom: number): Pick<ColumnGenerationOptions, 'bestElsewhere' | 'aimAtBound' | 'aimFrom' | 'aimQuietMs' | 'aimRaiseFirst'> {
  if (!aimSuits(cp)) return {};
  const shared = opts.incumbent;
  const bestElsewhere = shared ? (): number => shared.objective() : undefined;
  const when = aimWhen(cp, role);
  if (when === 'later') return { bestElsewhere, aimAtBound: true, aimFrom: laterFrom, aimQuietMs: opts.timeLimitMs * AIM_LATER_QUIET, aimRaiseFirst: true };
  return { bestElsewhere, aimAtBound: when === 'start' };
}

/** Window lengths in days, each swept in turn (windowSweep). */
const WINDOW_DAYS = [28, 42, 56];

/**
 * When the windows start, as a fraction of the time (the annealing before them). Measured on
 * Instance 18 (CLI, 60 s, two threads, seeds 1-16, 25 November) with the windows swept and
 * one dive each: from 15 % of the time, 4521-4691 (all 16 below Gurobi-60's 4760, median
 * 4599.5); from 20 %, 4582-4695 (seeds 1-8); from 30 %, 4490-4795 (15 of 16, median 4552.5):
 * a lower median but a longer tail.
 */
const WINDOWS_FROM = 0.15;

/**
 * For horizons too long to price whole rows: the annealing for the first 15 % of the time,
 * then column generation on windows of 28, 42 or 56 days with every other day kept (a large
 * neighbourhood that column generation searches near exactly), each window from the best
 * roster any thread has, swept in order (windowSweep) with one dive each. Measured on
 * Instance 18 (CLI, 60 s, two threads, seeds 1-16, 24-25 November): 4521-4691, median 4599.5,
 * against 4579-4815 (median 4645.5, 3 of 16 above Gurobi-60's 4760) with windows of random
 * length and place, dived until each one's time (15 % of the whole) was up, from 30 %. One
 * thread from the same annealing rosters (seeds 1-6, 42 s): random windows 4702-4888 (mean
 * 4779); swept 4594-4828 (4689); swept with one dive 4488-4725 (4620). The dives after a
 * window's first rarely found more; the next window's first dive does. (Earlier, with random
 * windows: starting them at 10 % or 50 %, giving each 8 % or 25 % of the time, or windows of
 * 56 or 70 days did no better.)
 */
function solveWithWindows(cp: CompiledProblem, newLp: LpFactory, opts: SolveOptions): SolveResult {
  const now = opts.now ?? (() => Date.now());
  const t0 = now();
  const limit = opts.timeLimitMs;
  const end = t0 + limit;
  const stopped = (): boolean => opts.shouldStop?.() ?? false;
  const warm = solve(cp, { ...opts, now, timeLimitMs: limit * WINDOWS_FROM });
  if (stopped() || warm.objective <= (opts.target ?? -Infinity) || now() >= end) return warm;
  if (!warm.x) {
    // No feasible roster yet: the windows need one to start from, so the annealing goes on.
    const t1 = now();
    return continued(warm, solve(cp, { ...opts, now, seed: (opts.seed ?? 1) + 1, timeLimitMs: Math.max(0, end - t1), initial: warm.last }), t1 - t0);
  }
  let x = warm.x; let objective = warm.objective; let bestMs = warm.bestMs;
  const rng = new Prng((opts.seed ?? 1) * 31 + 7);
  const shared = opts.incumbent ? new Int32Array(cp.E * cp.D) : null;
  const nextWindow = windowSweep(cp.D, rng);
  while (!stopped()) {
    const left = end - now();
    if (left < 300) break;
    if (shared && opts.incumbent) { const o = opts.incumbent.read(shared); if (o < objective) { x = shared.slice(); objective = o; } }
    const [from, days] = nextWindow();
    const budget = Math.min(left - 100, Math.max(2000, limit * 0.15));
    const ts = now();
    const r = withNewLp(newLp, (lp) => columnGeneration(cp, lp, { deadline: ts + budget, convergeBy: ts + budget * 0.6, now, shouldStop: opts.shouldStop, start: x, seed: rng.int(1 << 30), window: { from, to: from + days }, dives: 1 }));
    if (r.x && r.objective < objective) {
      x = r.x; objective = r.objective; bestMs = now() - t0;
      opts.incumbent?.offer(objective, x);
      opts.onProgress?.({ objective: Math.round(objective), elapsedMs: bestMs, x });
    }
  }
  return { ...warm, x, objective: Math.round(objective), bestMs };
}

/**
 * The windows in sweeps, as in variable neighbourhood search: every window of the shortest
 * length a week apart, then every one of the next length, and so on, then again. Each sweep
 * starts on a random day of the first week, so that two threads (and two sweeps) place their
 * windows differently. The short windows take tens of milliseconds and mend what they can
 * before the long ones (seconds each) are searched. Each call gives the next window as
 * [first day, length in days].
 */
export function windowSweep(D: number, rng: Prng): () => [number, number] {
  const sweep: [number, number][] = [];
  let next = 0;
  return () => {
    if (next === sweep.length) {
      sweep.length = 0; next = 0;
      const shift = rng.int(7);
      for (const L0 of WINDOW_DAYS) {
        const L = Math.min(D, L0);
        for (let a = shift; ; a += 7) { const from = Math.min(a, D - L); sweep.push([from, L]); if (from + L >= D) break; }
      }
    }
    return sweep[next++]!;
  };
}

/**
 * The result of an annealing run that went on from an earlier one `offset` ms after the
 * search began: its times counted from the search's start, its first feasible roster the
 * earlier run's when that had one, and the two runs' iterations together.
 */
function continued(earlier: SolveResult, later: SolveResult, offset: number): SolveResult {
  const shift = (ms: number | null): number | null => (ms === null ? null : offset + ms);
  return {
    ...later,
    firstFeasibleMs: earlier.firstFeasibleMs ?? shift(later.firstFeasibleMs),
    bestMs: shift(later.bestMs),
    iterations: earlier.iterations + later.iterations,
  };
}

/** Runs a search on a new LP, which is freed after. */
function withNewLp<T>(newLp: LpFactory, run: (lp: LpSolver) => T): T {
  const lp = newLp();
  try {
    return run(lp);
  } finally {
    lp.dispose();
  }
}
