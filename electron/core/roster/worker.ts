// One search thread of the auto-roster: receives the problem, a seed and an absolute
// deadline, posts every better roster found and a final result. A shared stop flag lets
// the parent end all threads at once (cancel, or a target reached).
import { parentPort, workerData } from 'node:worker_threads';
import { compileProblem, type RosterProblem } from '../../../shared/roster/model';
import { SharedIncumbent } from '../../../shared/roster/incumbent';
import { columnGenerationSuits, solveHybrid, windowSearchSuits } from '../../../shared/roster/hybrid';
import type { Tuning } from '../../../shared/roster/solver';
import { highs, highsLp } from './highs-lp';

export interface WorkerInput {
  problem: RosterProblem;
  seed: number;
  /** Date.now() value by which the worker must have posted its result. */
  deadline: number;
  stop: SharedArrayBuffer;
  target?: number;
  tuning?: Partial<Tuning>;
  /** The threads' shared best roster (SharedIncumbent.createBuffer). */
  incumbent?: SharedArrayBuffer;
  /** Whether this thread runs column generation (with HiGHS) between annealing runs. */
  columnGeneration?: boolean;
  /** Whether its column generation aims at the LP bound first (small problems, one thread). */
  aimAtBound?: boolean;
  /** Whether it aims later, in the other half of the tree (HybridRole.aimLater). */
  aimLater?: boolean;
}

export type WorkerMessage =
  | { type: 'progress'; objective: number; x: Int32Array; at: number }
  | { type: 'done'; objective: number; x: Int32Array | null; firstFeasibleAt: number | null; iterations: number; leastHard: number }
  | { type: 'error'; message: string };

const input = workerData as WorkerInput;
const port = parentPort;
async function run(port: NonNullable<typeof parentPort>): Promise<void> {
  try {
    const cp = compileProblem(input.problem);
    const stop = new Int32Array(input.stop);
    // HiGHS is loaded only where column generation will run; if it cannot be loaded, this
    // thread anneals alone rather than failing.
    const h = input.columnGeneration && (columnGenerationSuits(cp) || windowSearchSuits(cp)) ? await highs().catch(() => null) : null;
    const start = Date.now();
    const r = solveHybrid(cp, h ? () => highsLp(h) : null, {
      seed: input.seed,
      timeLimitMs: Math.max(0, input.deadline - start),
      now: () => Date.now(),
      shouldStop: () => Atomics.load(stop, 0) !== 0,
      target: input.target,
      tuning: input.tuning,
      incumbent: input.incumbent ? new SharedIncumbent(input.incumbent, cp.E * cp.D) : undefined,
      onProgress: (b) => port.postMessage({ type: 'progress', objective: b.objective, x: b.x.slice(), at: Date.now() } satisfies WorkerMessage),
    }, { aimAtBound: input.aimAtBound, aimLater: input.aimLater });
    port.postMessage({
      type: 'done', objective: r.objective, x: r.x, firstFeasibleAt: r.firstFeasibleMs === null ? null : start + r.firstFeasibleMs, iterations: r.iterations, leastHard: r.leastHard,
    } satisfies WorkerMessage);
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage);
  }
}

if (port) void run(port);
