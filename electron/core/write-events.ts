/**
 * The core's one "after a write" event. Every write the core runs (a write channel, a
 * restore, the demo being loaded, the CLI's `init`) announces itself here once it has finished, and any
 * feature that keeps state built from the database in memory (the rota's validator)
 * subscribes and decides for itself whether that write concerns it. Features never wrap
 * one another's handlers or pass each other callbacks for this.
 */
export type WriteListener = (source: string) => void;

export class WriteEvents {
  private readonly listeners = new Set<WriteListener>();

  /** Calls `listener` with the source of every write from now on; returns the unsubscribe. */
  subscribe(listener: WriteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * `source` has written: a channel name. A restore, the demo and the CLI's `init`
   * announce the channel that does the same (`backup.restore`, `practice.openDemo`,
   * `practice.setup`) when they run outside a channel (the CLI, start-up). Announced after
   * the handler returned or threw: a write that failed rolled back, and a cache rebuilt
   * needlessly costs less than one kept stale. A listener that throws is logged and
   * skipped: the write has happened, and its caller must not be told otherwise.
   */
  written(source: string): void {
    for (const listener of this.listeners) {
      try {
        listener(source);
      } catch (err) {
        console.error(`[spoke] a listener failed after ${source} wrote:`, err);
      }
    }
  }
}
