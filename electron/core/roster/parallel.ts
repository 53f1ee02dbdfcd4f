// Runs the auto-roster search on several threads (one per core by default), each with its
// own seed, and keeps the best roster any of them finds.
import { Worker } from 'node:worker_threads';
import { aimSuits, windowSearchSuits } from '../../../shared/roster/hybrid';
import { SharedIncumbent } from '../../../shared/roster/incumbent';
import type { RosterProblem } from '../../../shared/roster/model';
import type { Tuning } from '../../../shared/roster/solver';
import type { WorkerInput, WorkerMessage } from './worker';

export interface ParallelOptions {
  /** Date.now() by which every thread must have answered. */
  deadline: number;
  seed: number;
  threads?: number;
  target?: number;
  /** Where the built worker is (dist/node/roster-worker.mjs next to the caller's bundle). */
  workerUrl: URL;
  onProgress?: (objective: number, at: number) => void;
  /** Polled every 50 ms; true stops every thread with the best so far. */
  shouldStop?: () => boolean;
  tuning?: Partial<Tuning>[];
  /** Whether a stalled thread may restart from another thread's best (default true). */
  shareIncumbent?: boolean;
  /** Column generation on every thread (true), none (false), or the second thread (default; the only one when there is one). */
  columnGeneration?: boolean;
}

export interface ParallelResult {
  objective: number;
  x: Int32Array | null;
  firstFeasibleAt: number | null;
  bestAt: number | null;
  iterations: number;
  leastHard: number;
}

// The threads search differently as well as from different seeds: measured on the
// benchmark, short row windows suit some instances and whole-month rows others, and the
// best of the two beats two copies of either.
const THREAD_TUNINGS: Partial<Tuning>[] = [{}, { windows: [7, 14, 28, 56] }];
// The second thread also runs column generation (shared/roster/hybrid.ts): measured on the
// benchmark, it reaches rosters neither annealing finds (Instance 14 at its optimum).
const THREAD_COLUMN_GENERATION = [false, true];

export async function solveInParallel(problem: RosterProblem, opts: ParallelOptions): Promise<ParallelResult> {
  const threads = Math.max(1, opts.threads ?? 2);
  // Column generation on windows of days runs on every thread: on Instance 18 (60 s, seeds
  // 1-3) 4697, 4614 and 4610 so, against 4811, 4743 and 4687 with the first thread annealing
  // alone.
  const windows = windowSearchSuits({ D: problem.days, E: problem.employees.length });
  // On small problems both threads run column generation, the first aiming at the LP bound
  // from the start, the second diving freely and then aiming in the other half of the tree.
  const aim = threads > 1 && aimSuits({ D: problem.days, E: problem.employees.length });
  const stopBuf = new SharedArrayBuffer(4);
  const stop = new Int32Array(stopBuf);
  const res: ParallelResult = { objective: Infinity, x: null, firstFeasibleAt: null, bestAt: null, iterations: 0, leastHard: Infinity };
  let error: string | null = null;
  const offer = (objective: number, x: Int32Array | null, at: number): void => {
    if (x === null || objective >= res.objective) return;
    res.objective = objective; res.x = x; res.bestAt = at;
    if (res.firstFeasibleAt === null || at < res.firstFeasibleAt) res.firstFeasibleAt = at;
    opts.onProgress?.(objective, at);
    if (opts.target !== undefined && objective <= opts.target) Atomics.store(stop, 0, 1);
  };
  const incumbent = SharedIncumbent.createBuffer(problem.employees.length * problem.days);
  const poll = setInterval(() => { if (opts.shouldStop?.()) Atomics.store(stop, 0, 1); }, 50);
  // A thread that misses its deadline (a very slow machine) is ended, keeping the best so far.
  const hardStop = setTimeout(() => Atomics.store(stop, 0, 1), Math.max(0, opts.deadline - Date.now()));
  try {
    await Promise.all(Array.from({ length: threads }, (_, i) => new Promise<void>((resolve) => {
      const input: WorkerInput = { problem, seed: opts.seed * 7919 + i, deadline: opts.deadline, stop: stopBuf, target: opts.target, tuning: (opts.tuning ?? THREAD_TUNINGS)[i % (opts.tuning ?? THREAD_TUNINGS).length], incumbent: opts.shareIncumbent === false ? undefined : incumbent, columnGeneration: opts.columnGeneration ?? (threads === 1 || windows || aim || THREAD_COLUMN_GENERATION[i % THREAD_COLUMN_GENERATION.length]), aimAtBound: aim && i === 0, aimLater: aim && i === 1 };
      const w = new Worker(opts.workerUrl, { workerData: input });
      let finished = false;
      const late = setTimeout(() => finish(), Math.max(0, opts.deadline - Date.now()) + 400);
      const finish = (): void => { if (!finished) { finished = true; clearTimeout(late); void w.terminate(); resolve(); } };
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') offer(m.objective, m.x, m.at);
        else if (m.type === 'done') {
          offer(m.objective, m.x, Date.now());
          res.iterations += m.iterations;
          res.leastHard = Math.min(res.leastHard, m.leastHard);
          if (m.firstFeasibleAt !== null && (res.firstFeasibleAt === null || m.firstFeasibleAt < res.firstFeasibleAt)) res.firstFeasibleAt = m.firstFeasibleAt;
          finish();
        } else { error = m.message; finish(); }
      });
      w.on('error', (err) => { error = err.message; finish(); });
      w.on('exit', finish);
    })));
  } finally {
    clearInterval(poll);
    clearTimeout(hardStop);
  }
  if (error !== null && res.x === null) throw new Error(error);
  if (res.x) res.leastHard = 0;
  return res;
}
