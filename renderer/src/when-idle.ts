/**
 * Work that can wait until what the user came for has painted. Idle rather than a timer:
 * a timer queued on the paint would run before the next frame and delay it.
 */
import { useEffect, useState } from 'react';

export function whenIdle(run: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const h = window.requestIdleCallback(run, { timeout: 1000 });
    return () => window.cancelIdleCallback(h);
  }
  let t: ReturnType<typeof setTimeout> | undefined;
  const f = requestAnimationFrame(() => (t = setTimeout(run, 0)));
  return () => {
    cancelAnimationFrame(f);
    if (t !== undefined) clearTimeout(t);
  };
}

const NOT_YET = Symbol('not yet idle');

/** False on the first render (and again when `key` changes), true once the page has painted and gone idle. */
export function useIdle(key: unknown = null): boolean {
  const [idleFor, setIdleFor] = useState<unknown>(NOT_YET);
  useEffect(() => whenIdle(() => setIdleFor(key)), [key]);
  return Object.is(idleFor, key);
}
