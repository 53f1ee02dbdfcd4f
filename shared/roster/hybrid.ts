import { columnGeneration, type LpSolver } from './column-generation';
import type { CompiledProblem } from './model';
import { solve, type SolveOptions, type SolveResult } from './solver';

/**
 * Whether column generation is worth running: it prices whole rows, so its cost grows with
 * the horizon and the number of people. Measured on the benchmark (2-core machine): up to
 * 56 days it converges in seconds; the 84-day and year-long instances are left to the
 * annealing alone.
 */
export function columnGenerationSuits(cp: CompiledProblem): boolean {
  return cp.D <= 56 && cp.E * cp.D <= 1800;
}

/**
 * The annealing with column generation in the middle: a short annealing run gives a
 * feasible roster (and the first columns), column generation with diving finds a roster
 * that trades work between many people at once, and the annealing polishes that for the
 * rest of the time. Without an LP solver, or on a problem too large for column
 * generation, it is the annealing alone.
 */
export function solveHybrid(cp: CompiledProblem, lp: LpSolver | null, opts: SolveOptions): SolveResult {
  if (!lp || !columnGenerationSuits(cp)) return solve(cp, opts);
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
  // The LP must converge within half the time and later dives end by four fifths, or the
  // annealing gets the time back; the first dive may go on until 5 % of the time (at least
  // half a second) is left, as on the larger instances it takes most of the minute (17's
  // ends at 40-48 s of 60: a run that cut it at four fifths gave 6020 against 5746, the
  // optimum). With no feasible roster yet, the annealing goes on: the first columns would
  // break rules.
  const cg = warm.x ? columnGeneration(cp, lp, { convergeBy: t0 + limit * 0.5, deadline: t0 + limit * 0.8, firstDiveDeadline: t0 + limit - Math.max(500, limit * 0.05), now, shouldStop: opts.shouldStop, start: warm.x, seed: opts.seed, onRoster: share }) : null;
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
  const iterations = warm.iterations + polish.iterations;
  if (polish.x && polish.objective < best.objective) {
    const firstFeasibleMs = warm.firstFeasibleMs ?? (polish.firstFeasibleMs === null ? null : t1 - t0 + polish.firstFeasibleMs);
    return { ...polish, firstFeasibleMs, bestMs: polish.bestMs === null ? null : t1 - t0 + polish.bestMs, iterations };
  }
  return { ...best, bestMs, iterations, last: polish.last };
}
