import type { CompiledProblem } from './model';

/**
 * A roster under search with incrementally kept cover counts, soft cost and per-person
 * hard-rule violation. Changes go through set(), which logs them so a rejected move is
 * undone exactly; hard rules are re-checked only for the people a move touched.
 */
export class RosterState {
  readonly cp: CompiledProblem;
  readonly x: Int32Array;
  readonly cnt: Int32Array;
  cover = 0;
  pref = 0;
  readonly empHard: Float64Array;
  hard = 0;
  /** Undo log: triples (cell, old pattern) and the touched-people set. */
  private log: number[] = [];
  private touched: number[] = [];
  private touchedMark: Uint8Array;
  private savedHard: number[] = [];
  private typeScratch: Int32Array;
  private wkScratch: Uint8Array;

  constructor(cp: CompiledProblem, x0?: Int32Array) {
    this.cp = cp;
    this.x = new Int32Array(cp.E * cp.D);
    this.cnt = new Int32Array(cp.rows);
    this.empHard = new Float64Array(cp.E);
    this.touchedMark = new Uint8Array(cp.E);
    this.typeScratch = new Int32Array(cp.T);
    this.wkScratch = new Uint8Array(Math.max(1, cp.weekends));
    for (let i = 0; i < this.x.length; i++) {
      const dom = cp.domain[i]!;
      this.x[i] = x0 ? x0[i]! : dom.includes(0) ? 0 : dom[0]!;
    }
    this.recomputeAll();
  }

  static penalty(cp: CompiledProblem, r: number, c: number): number {
    const req = cp.rowReq[r]!;
    return c < req ? (req - c) * cp.rowUnder[r]! : (c - req) * cp.rowOver[r]!;
  }

  recomputeAll(): void {
    const cp = this.cp;
    this.cnt.fill(0);
    this.pref = 0;
    for (let e = 0; e < cp.E; e++) {
      const pc = cp.prefCost[e]!;
      for (let d = 0; d < cp.D; d++) {
        const p = this.x[e * cp.D + d]!;
        this.pref += pc[d * cp.P + p]!;
        const l = cp.dayPatternRows[d * cp.P + p]!;
        for (let i = 0; i < l.length; i += 2) {
          const r = l[i]!; const el = cp.rowEligible[r];
          if (el && !el[e]) continue;
          this.cnt[r] = this.cnt[r]! + l[i + 1]!;
        }
      }
    }
    this.cover = 0;
    for (let r = 0; r < cp.rows; r++) this.cover += RosterState.penalty(cp, r, this.cnt[r]!);
    this.hard = 0;
    for (let e = 0; e < cp.E; e++) { this.empHard[e] = this.rowHard(e); this.hard += this.empHard[e]!; }
  }

  /** Sets one cell, keeping cover and request costs; hard rules wait for commitHard(). */
  set(e: number, d: number, p: number): void {
    const cp = this.cp; const D = cp.D; const P = cp.P;
    const k = e * D + d;
    const old = this.x[k]!;
    if (old === p) return;
    this.log.push(k, old);
    if (!this.touchedMark[e]) { this.touchedMark[e] = 1; this.touched.push(e); this.savedHard.push(this.empHard[e]!); }
    this.x[k] = p;
    const pc = cp.prefCost[e]!;
    this.pref += pc[d * P + p]! - pc[d * P + old]!;
    this.bump(e, d, old, -1);
    this.bump(e, d, p, 1);
  }

  private bump(e: number, d: number, p: number, sign: number): void {
    const cp = this.cp;
    const l = cp.dayPatternRows[d * cp.P + p]!;
    for (let i = 0; i < l.length; i += 2) {
      const r = l[i]!; const el = cp.rowEligible[r];
      if (el && !el[e]) continue;
      const c = this.cnt[r]!; const n = c + sign * l[i + 1]!;
      this.cover += RosterState.penalty(cp, r, n) - RosterState.penalty(cp, r, c);
      this.cnt[r] = n;
    }
  }

  /** Re-checks hard rules for everyone touched since the last commit/revert. */
  refreshHard(): void {
    for (const e of this.touched) {
      const h = this.rowHard(e);
      this.hard += h - this.empHard[e]!;
      this.empHard[e] = h;
    }
  }

  /** Keeps the changes made since the last commit. */
  commit(): void {
    for (const e of this.touched) this.touchedMark[e] = 0;
    this.touched.length = 0; this.savedHard.length = 0; this.log.length = 0;
  }

  /** Undoes every change since the last commit. */
  revert(): void {
    const cp = this.cp; const D = cp.D; const P = cp.P;
    for (let i = this.log.length - 2; i >= 0; i -= 2) {
      const k = this.log[i]!; const old = this.log[i + 1]!;
      const e = Math.floor(k / D); const d = k - e * D;
      const cur = this.x[k]!;
      this.x[k] = old;
      const pc = cp.prefCost[e]!;
      this.pref += pc[d * P + old]! - pc[d * P + cur]!;
      this.bump(e, d, cur, -1);
      this.bump(e, d, old, 1);
    }
    for (let i = 0; i < this.touched.length; i++) {
      const e = this.touched[i]!;
      this.hard += this.savedHard[i]! - this.empHard[e]!;
      this.empHard[e] = this.savedHard[i]!;
      this.touchedMark[e] = 0;
    }
    this.touched.length = 0; this.savedHard.length = 0; this.log.length = 0;
  }

  /**
   * Hard-rule violation of one person's row: units broken (a minute shortfall or excess
   * counts in shortest-shift units, rounded up, so that even a few minutes short costs a
   * whole unit and is never traded for cover). Days off, locks and skills hold by construction of
   * the cell domains.
   */
  rowHard(e: number): number {
    const cp = this.cp; const D = cp.D; const P = cp.P; const T = cp.T;
    const base = e * D;
    const forb = cp.forbidden[e]!;
    const ts = this.typeScratch; ts.fill(0);
    const wk = this.wkScratch; wk.fill(0);
    let v = 0; let minutes = 0;
    let prev = -1;
    let runWork = false; let runStart = 0;
    const maxC = cp.maxCons[e]!; const minC = cp.minCons[e]!; const minO = cp.minOff[e]!;
    for (let d = 0; d < D; d++) {
      const p = this.x[base + d]!;
      const w = p !== 0;
      if (d === 0) { runWork = w; }
      else {
        if (forb[prev * P + p]) v++;
        if (w !== runWork) {
          const len = d - runStart;
          if (runWork) { if (len > maxC) v += len - maxC; if (runStart > 0 && len < minC) v += minC - len; }
          else if (runStart > 0 && len < minO) v += minO - len;
          runWork = w; runStart = d;
        }
      }
      if (w) {
        minutes += cp.patternMinutes[p]!;
        const ps = cp.patternShifts[p]!;
        for (let i = 0; i < ps.length; i++) { const t = ps[i]!; ts[t] = ts[t]! + 1; }
        const wi = cp.weekendOf[d]!;
        if (wi >= 0) wk[wi] = 1;
      }
      prev = p;
    }
    if (runWork) { const len = D - runStart; if (len > maxC) v += len - maxC; }
    for (let t = 0; t < T; t++) { const m = cp.maxType[e * T + t]!; if (ts[t]! > m) v += ts[t]! - m; }
    let nw = 0; for (let i = 0; i < cp.weekends; i++) nw += wk[i]!;
    if (nw > cp.maxWk[e]!) v += nw - cp.maxWk[e]!;
    const u = cp.minuteUnit;
    if (minutes > cp.maxMin[e]!) v += Math.ceil((minutes - cp.maxMin[e]!) / u);
    if (minutes < cp.minMin[e]!) v += Math.ceil((cp.minMin[e]! - minutes) / u);
    const m7 = cp.max7[e]!;
    if (m7 > 0) {
      let s = 0;
      for (let d = 0; d < D; d++) {
        s += cp.patternMinutes[this.x[base + d]!]!;
        if (d >= 7) s -= cp.patternMinutes[this.x[base + d - 7]!]!;
        if (d >= 6 && s > m7) v += Math.ceil((s - m7) / u);
      }
    }
    return v;
  }

  objective(): number {
    return this.cover + this.pref;
  }
}

/** Plain-language hard-rule breaches of a roster, for messages and tests. */
export function describeViolations(cp: CompiledProblem, x: Int32Array): string[] {
  const out: string[] = [];
  const st = new RosterState(cp, x);
  for (let e = 0; e < cp.E; e++) if (st.empHard[e]! > 0) out.push(`${cp.source.employees[e]!.id}: breaks hard rules (${st.empHard[e]!.toFixed(2)} units)`);
  return out;
}
