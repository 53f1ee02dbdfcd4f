/**
 * Auto-fill off the UI thread: runs the pure solver (shared/roster/autofill.ts) on the
 * rota it is given and posts the best roster so far (at most every progressEveryMs) and the
 * result. Cancel is the page terminating this worker: the search loop never yields, and
 * nothing is saved from here, so stopping it cannot leave anything half-done.
 */
import { AutofillError, runAutofill, type AutofillProgress, type AutofillResult } from '../../../../shared/roster/autofill';
import type { AutofillRequest } from '../../../../shared/roster/practice';

export interface AutofillStart {
  request: AutofillRequest;
  timeLimitMs: number;
  quietMs: number;
  progressEveryMs: number;
  seed: number;
}

export type AutofillMessage =
  | { type: 'progress'; progress: AutofillProgress }
  | { type: 'done'; result: AutofillResult }
  | { type: 'error'; message: string };

interface WorkerScope {
  onmessage: ((e: MessageEvent<AutofillStart>) => void) | null;
  postMessage: (m: AutofillMessage) => void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const { request, timeLimitMs, quietMs, progressEveryMs, seed } = e.data;
  try {
    const result = runAutofill(request, {
      timeLimitMs,
      quietMs,
      progressEveryMs,
      seed,
      now: () => performance.now(),
      newId: () => crypto.randomUUID(),
      onProgress: (progress) => scope.postMessage({ type: 'progress', progress }),
    });
    scope.postMessage({ type: 'done', result });
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof AutofillError ? err.message : `Auto-fill stopped: ${err instanceof Error ? err.message : String(err)}` });
  }
};
