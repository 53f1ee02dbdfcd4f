/**
 * Auto-fill off the UI thread: runs the pure solver (shared/roster/autofill.ts) on the
 * rota it is given and posts the best roster so far (at most every PROGRESS_MS) and the
 * result. Cancel is the page terminating this worker: the search loop never yields, and
 * nothing is saved from here, so stopping it cannot leave anything half-done.
 */
import { AutofillError, runAutofill, type AutofillProgress, type AutofillResult } from '../../../../shared/roster/autofill';
import type { AutofillRequest } from '../../../../shared/roster/practice';

export interface AutofillStart {
  request: AutofillRequest;
  timeLimitMs: number;
  quietMs: number;
  seed: number;
}

export type AutofillMessage =
  | { type: 'progress'; progress: AutofillProgress }
  | { type: 'done'; result: AutofillResult }
  | { type: 'error'; message: string };

const PROGRESS_MS = 120;

interface WorkerScope {
  onmessage: ((e: MessageEvent<AutofillStart>) => void) | null;
  postMessage: (m: AutofillMessage) => void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const { request, timeLimitMs, quietMs, seed } = e.data;
  let lastPost = -Infinity;
  let pending: AutofillProgress | null = null;
  try {
    const result = runAutofill(request, {
      timeLimitMs,
      quietMs,
      seed,
      now: () => performance.now(),
      newId: () => crypto.randomUUID(),
      onProgress: (p) => {
        pending = p;
        const t = performance.now();
        if (t - lastPost < PROGRESS_MS) return;
        lastPost = t;
        scope.postMessage({ type: 'progress', progress: p });
        pending = null;
      },
    });
    if (pending) scope.postMessage({ type: 'progress', progress: pending });
    scope.postMessage({ type: 'done', result });
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof AutofillError ? err.message : `Auto-fill stopped: ${err instanceof Error ? err.message : String(err)}` });
  }
};
