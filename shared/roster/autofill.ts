/**
 * One auto-fill run: the rota snapshot mapped to the solver's model, searched within a
 * time budget, the best roster reported as it improves, and the result read back into
 * RotaEdits and explanations. Pure (no I/O): the renderer's Web Worker runs it, and so do
 * the benchmark and the integration test, so they measure what the app runs.
 */
import { compileProblem, RosterModelError, toRoster, type CompiledProblem } from './model';
import { solve } from './solver';
import { autofillEdits, buildAutofill, describeRoster, explainGaps, type AutofillModel, type AutofillRequest, type GapExplanation, type RosterBreakdown } from './practice';
import type { RotaEdit } from '../rota/rules';

/**
 * The budget the app gives one run: a wall-clock limit, ending sooner once nothing better
 * has turned up for `quietMs` after a first roster. The benchmark uses the same.
 */
export const AUTOFILL_LIMITS = { timeLimitMs: 4000, quietMs: 1200, progressEveryMs: 120 } as const;

export interface AutofillProgress {
  elapsedMs: number;
  objective: number;
  breakdown: RosterBreakdown;
  /** The best roster so far, as the assignments it would add. */
  edits: RotaEdit[];
}

export interface AutofillResult {
  /** True when the roster keeps every hard rule (it may still leave gaps, explained). */
  feasible: boolean;
  objective: number;
  breakdown: RosterBreakdown;
  edits: RotaEdit[];
  explanations: GapExplanation[];
  firstFeasibleMs: number | null;
  totalMs: number;
  iterations: number;
}

export interface AutofillOptions {
  timeLimitMs: number;
  seed?: number;
  now?: () => number;
  shouldStop?: () => boolean;
  /** Stop once this long has passed without a better roster (after a first one). */
  quietMs?: number;
  /** Report at most this often (the first roster at once, the last one at the end). */
  progressEveryMs?: number;
  onProgress?: (p: AutofillProgress) => void;
  newId: () => string;
}

export class AutofillError extends Error {
  override name = 'AutofillError';
}

export function runAutofill(req: AutofillRequest, opts: AutofillOptions): AutofillResult {
  const now = opts.now ?? (() => Date.now());
  const t0 = now();
  let model: AutofillModel;
  let cp: CompiledProblem;
  try {
    model = buildAutofill(req);
    cp = compileProblem(model.problem);
  } catch (err) {
    if (err instanceof RosterModelError || err instanceof RangeError) throw new AutofillError(`Auto-fill cannot start: ${err.message}`);
    throw err;
  }
  let lastBetter = now();
  const quiet = opts.quietMs ?? Infinity;
  let seenFeasible = false;
  let firstAt: number | null = null;
  const every = opts.progressEveryMs ?? 0;
  let lastReport = -Infinity;
  let pending: { x: Int32Array; objective: number } | null = null;
  const report = (x: Int32Array, objective: number): void => {
    lastReport = now();
    pending = null;
    const roster = toRoster(cp, x);
    opts.onProgress?.({ elapsedMs: lastReport - t0, objective, breakdown: describeRoster(model, roster), edits: autofillEdits(model, roster, opts.newId) });
  };
  const r = solve(cp, {
    seed: opts.seed ?? 1,
    timeLimitMs: Math.max(0, opts.timeLimitMs - (now() - t0)),
    now,
    shouldStop: () => (opts.shouldStop?.() ?? false) || (seenFeasible && now() - lastBetter > quiet),
    onProgress: (b) => {
      seenFeasible = true;
      lastBetter = now();
      if (firstAt === null) firstAt = lastBetter - t0;
      if (!opts.onProgress) return;
      // Reading a roster back costs about a millisecond: only for the reports actually sent.
      if (lastBetter - lastReport < every) {
        pending = { x: b.x.slice(), objective: b.objective };
        return;
      }
      report(b.x, b.objective);
    },
  });
  // Set inside the search's callback, which TypeScript's narrowing cannot see.
  const last = pending as { x: Int32Array; objective: number } | null;
  if (last) report(last.x, last.objective);
  // No roster keeping every hard rule: offer nothing rather than something that breaks one.
  const roster = r.x ? toRoster(cp, r.x) : model.staffIds.map((_, e) => model.dates.map((_, d) => [...(model.kept.get(e * model.dates.length + d) ?? [])]));
  return {
    feasible: r.x !== null,
    objective: r.x ? r.objective : Number.NaN,
    breakdown: describeRoster(model, roster),
    edits: r.x ? autofillEdits(model, roster, opts.newId) : [],
    explanations: explainGaps(model, roster),
    firstFeasibleMs: firstAt,
    totalMs: now() - t0,
    iterations: r.iterations,
  };
}
