/**
 * The best roster found so far, shared by search threads through a SharedArrayBuffer, so
 * that a thread whose search has stalled restarts from the best any thread holds instead
 * of only its own (a portfolio that shares its incumbent). Writes take a spin lock on an
 * Int32 slot; a write copies at most E x D cells, so the lock is held for microseconds.
 */
export interface Incumbent {
  /** Keeps x if it is better than the shared roster. */
  offer(objective: number, x: Int32Array): void;
  /** Copies the shared roster into `into` and returns its objective (Infinity if none). */
  read(into: Int32Array): number;
  /** The shared roster's objective (Infinity if none), without copying the roster. */
  objective(): number;
}

const LOCK = 0;
const HEADER = 4; // Int32 slots: lock, (spare), then a Float64 objective at byte 8.

export class SharedIncumbent implements Incumbent {
  private readonly ints: Int32Array;
  private readonly obj: Float64Array;
  private readonly cells: Int32Array;

  /** A buffer for n cells; pass the same buffer to every thread's SharedIncumbent. */
  static createBuffer(n: number): SharedArrayBuffer {
    const buf = new SharedArrayBuffer(HEADER * 4 + n * 4);
    new Float64Array(buf, 8, 1)[0] = Infinity;
    return buf;
  }

  constructor(buf: SharedArrayBuffer, n: number) {
    this.ints = new Int32Array(buf, 0, HEADER);
    this.obj = new Float64Array(buf, 8, 1);
    this.cells = new Int32Array(buf, HEADER * 4, n);
  }

  private lock(): void {
    while (Atomics.compareExchange(this.ints, LOCK, 0, 1) !== 0) { /* another thread is copying */ }
  }

  private unlock(): void {
    Atomics.store(this.ints, LOCK, 0);
  }

  offer(objective: number, x: Int32Array): void {
    if (x.length !== this.cells.length || !(objective < this.obj[0]!)) return;
    this.lock();
    try {
      if (objective < this.obj[0]!) { this.cells.set(x); this.obj[0] = objective; }
    } finally { this.unlock(); }
  }

  objective(): number {
    this.lock();
    try {
      return this.obj[0]!;
    } finally { this.unlock(); }
  }

  read(into: Int32Array): number {
    if (this.obj[0] === Infinity || into.length !== this.cells.length) return Infinity;
    this.lock();
    try {
      into.set(this.cells);
      return this.obj[0]!;
    } finally { this.unlock(); }
  }
}
