import type { PracticeCore } from '../../practice-core';

/** How often the running app asks for the day's backup; the core takes at most one a day. */
export const DAILY_CHECK_MS = 60 * 60 * 1000;

/**
 * Daily backups while the app runs (web host and Electron main): once shortly after start,
 * then every hour; `core.backups.daily()` does nothing if today's backup exists, so the
 * timer need not know what day it is. Returns the function that stops it. The timer is
 * unref'd, so it never keeps a process alive by itself.
 */
export function startDailyBackups(core: PracticeCore, report: (message: string) => void, firstAfterMs = 10_000): () => void {
  let stopped = false;
  const run = () => {
    if (stopped || !core.db.open) return;
    core.backups.daily().catch((err: unknown) => report(`The daily backup could not be taken: ${(err as Error).message}`));
  };
  const first = setTimeout(run, firstAfterMs);
  const every = setInterval(run, DAILY_CHECK_MS);
  first.unref();
  every.unref();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(every);
  };
}
