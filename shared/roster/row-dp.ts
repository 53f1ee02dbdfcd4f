import type { CompiledProblem } from './model';
import { RosterState } from './state';

const BIG = 1 << 29;

/**
 * Re-optimises one person's days [a, b) against everyone else's cover: a dynamic program
 * over days whose states carry the hard rules as resources (what the person did the day
 * before, as a succession class; length of the current run of work or rest and whether it
 * began on day 0; minutes used; weekends used). It is the pricing subproblem of column
 * generation for this model, restricted to a window so that it stays fast on year-long
 * horizons. Rules it does not carry exactly (a per-type maximum with some room left, the
 * 7-day minutes) are left to the exact check of the move that uses it.
 */
export class RowDP {
  private cp: CompiledProblem;
  private classOf = new Map<Uint8Array, { cls: Int32Array; rep: Int32Array; work: Uint8Array }>();
  private cost = new Float64Array(0);
  private layerA = new Float64Array(0);
  private layerB = new Float64Array(0);
  /**
   * Back-pointers, one per state reached, layer after layer in the order the states were
   * first reached (compact, so the writes stay in cache): the predecessor's place and the
   * pattern taken. posOf maps a state of the layer being built to its place there.
   */
  private back = new Int32Array(0);
  private posOf = new Int32Array(0);
  private kOk = new Uint8Array(0);
  private actA = new Int32Array(0);
  private sufMin = new Float64Array(0);
  private actB = new Int32Array(0);
  // The active states' parts, beside actA/actB, so that the hot loop never decodes a state
  // index: (class, run length, began on day 0) as one number, then minutes, weekends and the
  // per-type counts.
  private creA = new Int32Array(0);
  private creB = new Int32Array(0);
  private mA = new Int32Array(0);
  private mB = new Int32Array(0);
  private wA = new Int32Array(0);
  private wB = new Int32Array(0);
  private kA = new Int32Array(0);
  private kB = new Int32Array(0);
  private backQ = new Int32Array(0);
  private outsideWk = new Uint8Array(0);
  private trans = new Int32Array(0);
  private creWork = new Uint8Array(0);
  private typeOut: Int32Array;
  private allowQ: Uint8Array;

  /** While pricing: costs per (day, pattern) instead of the marginal cost against the cover. */
  private given: Float64Array | null = null;
  private priceBelow = Infinity;
  /** Whether the last call carried every per-type maximum exactly (its answer is optimal). */
  lastExact = true;

  constructor(cp: CompiledProblem) {
    this.cp = cp;
    this.typeOut = new Int32Array(cp.T);
    this.allowQ = new Uint8Array(cp.P);
    this.outsideWk = new Uint8Array(Math.max(1, cp.weekends));
  }

  private classes(forb: Uint8Array): { cls: Int32Array; rep: Int32Array; work: Uint8Array } {
    let c = this.classOf.get(forb);
    if (c) return c;
    const P = this.cp.P;
    const keys = new Map<string, number>();
    const cls = new Int32Array(P); const rep: number[] = []; const work: number[] = [];
    for (let p = 0; p < P; p++) {
      const key = (p === 0 ? 'o' : 'w') + Array.from(forb.subarray(p * P, p * P + P)).join('');
      let k = keys.get(key);
      if (k === undefined) { k = keys.size; keys.set(key, k); rep.push(p); work.push(p === 0 ? 0 : 1); }
      cls[p] = k;
    }
    c = { cls, rep: Int32Array.from(rep), work: Uint8Array.from(work) };
    this.classOf.set(forb, c);
    return c;
  }

  /**
   * The cheapest whole row for person e under the given costs (costs[d * P + p]), with the
   * hard rules carried as exactly as the state budget allows: the pricing problem of column
   * generation. `big` prices a minute shortfall; only rows costing less than `below` are
   * looked for (null when there is none), and the search is pruned at that bound. Check the
   * answer with rowHard. With a window [a, b), only those days are priced and the rest of
   * the row is kept as st has it.
   */
  price(st: RosterState, e: number, costs: Float64Array, big: number, below = Infinity, a = 0, b = this.cp.D): Int32Array | null {
    this.given = costs; this.priceBelow = below;
    try {
      return this.solve(st, e, a, b, big);
    } finally {
      this.given = null;
    }
  }

  /**
   * Best patterns for person e on days [a, b), or null when no window assignment keeps the
   * rules it carries. `hw` prices a minute shortfall (per shortest shift) so that the
   * search can start from an empty roster.
   */
  solve(st: RosterState, e: number, a: number, b: number, hw: number, noise = 0, rnd: () => number = Math.random, slack = Infinity): Int32Array | null {
    const cp = this.cp; const D = cp.D; const P = cp.P; const T = cp.T;
    this.lastExact = true;
    const L = b - a;
    const base = e * D;
    const x = st.x;
    if (this.cost.length < L * P) this.cost = new Float64Array(L * P);
    const cost = this.cost;

    // Marginal cost of each pattern on each window day, with e taken out of the cover.
    const given = this.given;
    // Pricing wants rows that keep every rule: a row that can no longer reach its minimum
    // minutes is dropped rather than priced.
    const pricing = given !== null;
    if (given) for (let d = a; d < b; d++) { const dom = cp.domain[base + d]!; const off = (d - a) * P; for (let j = 0; j < dom.length; j++) cost[off + dom[j]!] = given[d * P + dom[j]!]!; }
    else for (let d = a; d < b; d++) {
      const cur = x[base + d]!;
      const lc = cp.dayPatternRows[d * P + cur]!;
      for (let i = 0; i < lc.length; i += 2) { const r = lc[i]!; const el = cp.rowEligible[r]; if (el && !el[e]) continue; st.cnt[r] = st.cnt[r]! - lc[i + 1]!; }
      const pc = cp.prefCost[e]!;
      const dom = cp.domain[base + d]!;
      const off = (d - a) * P;
      for (let j = 0; j < dom.length; j++) {
        const q = dom[j]!;
        let c = pc[d * P + q]!;
        const l = cp.dayPatternRows[d * P + q]!;
        for (let i = 0; i < l.length; i += 2) {
          const r = l[i]!; const el = cp.rowEligible[r];
          if (el && !el[e]) continue;
          const n = st.cnt[r]!;
          c += RosterState.penalty(cp, r, n + l[i + 1]!) - RosterState.penalty(cp, r, n);
        }
        if (noise > 0) c += noise * (rnd() - 0.5);
        cost[off + q] = c;
      }
      for (let i = 0; i < lc.length; i += 2) { const r = lc[i]!; const el = cp.rowEligible[r]; if (el && !el[e]) continue; st.cnt[r] = st.cnt[r]! + lc[i + 1]!; }
    }

    // What the rest of the row already uses.
    let outMin = 0;
    const typeOut = this.typeOut; typeOut.fill(0);
    const owk = this.outsideWk; owk.fill(0);
    let outWk = 0;
    for (let d = 0; d < D; d++) {
      if (d === a) { d = b - 1; continue; }
      const p = x[base + d]!;
      if (p === 0) continue;
      outMin += cp.patternMinutes[p]!;
      for (const t of cp.patternShifts[p]!) typeOut[t] = typeOut[t]! + 1;
      const wi = cp.weekendOf[d]!;
      if (wi >= 0 && !owk[wi]) { owk[wi] = 1; outWk++; }
    }
    const allow = this.allowQ;
    for (let q = 0; q < P; q++) {
      let ok = 1;
      for (const t of cp.patternShifts[q]!) if (typeOut[t]! >= cp.maxType[e * T + t]!) ok = 0;
      allow[q] = ok;
    }

    const { cls, rep, work } = this.classes(cp.forbidden[e]!);
    const C = rep.length;
    const maxC = cp.maxCons[e]!; const minC = cp.minCons[e]!; const minO = cp.minOff[e]!;
    const workCap = maxC < BIG ? maxC : Math.max(minC, 1);
    const offCap = Math.max(minO, 1);
    const R = Math.max(workCap, offCap) + 1;

    // Minutes as a resource in units of the gcd of the pattern lengths.
    let g = 0; let maxPM = 0;
    for (let q = 1; q < P; q++) { const m = cp.patternMinutes[q]!; if (m > 0) { g = gcd(g, m); maxPM = Math.max(maxPM, m); } }
    if (g === 0) g = 1;
    const lo = cp.minMin[e]! - outMin; const hi = cp.maxMin[e]! - outMin;
    if (hi < 0) return null;
    // A row so far below its minimum that even working every window day cannot reach it (a
    // roster being built from empty) needs no minutes in its state: each minute worked
    // reduces the shortfall alike, so the shortfall's price goes into each pattern's cost.
    // That keeps the state space (and the time) small when it is largest.
    const linearShort = lo >= L * maxPM && hi >= L * maxPM;
    const trackMin = !linearShort && (lo > 0 || hi < L * maxPM);
    const M = trackMin ? Math.floor(Math.min(hi, L * maxPM) / g) + 1 : 1;
    if (linearShort) {
      const perMinute = hw / cp.minuteUnit;
      for (let d = a; d < b; d++) { const dom = cp.domain[base + d]!; const off = (d - a) * P; for (let j = 0; j < dom.length; j++) { const q = dom[j]!; cost[off + q] = cost[off + q]! - perMinute * cp.patternMinutes[q]!; } }
    }

    let wkIn = 0;
    for (let d = a; d < b; d++) if (cp.isSaturday[d] || (cp.isSunday[d] && (d === a || d === 0))) { const wi = cp.weekendOf[d]!; if (wi >= 0 && !owk[wi]) wkIn++; }
    const wkRem = cp.maxWk[e]! - outWk;
    if (wkRem < 0) return null;
    const trackWk = wkRem < wkIn;
    const W = trackWk ? wkRem + 1 : 1;

    // Per-type maximums with little room left in the window are carried exactly while the
    // state space stays small; any others are priced (Lagrangian) and the row re-solved.
    const S0 = C * R * 2 * M * W;
    let K = 1;
    const slotMul: number[] = []; const slotRad: number[] = []; const slotOfType = new Int32Array(T).fill(-1);
    const loose: number[] = [];
    {
      const cand: [number, number][] = [];
      for (let t = 0; t < T; t++) {
        const rem = cp.maxType[e * T + t]! - typeOut[t]!;
        if (rem >= L) continue;
        let inWin = 0;
        for (let d = a; d < b; d++) { const dom = cp.domain[base + d]!; for (let j = 0; j < dom.length; j++) if (allow[dom[j]!] && cp.patternShifts[dom[j]!]!.includes(t)) { inWin++; break; } }
        if (rem < inWin) cand.push([rem, t]);
      }
      cand.sort((u, v) => u[0] - v[0]);
      for (const [rem, t] of cand) {
        if ((rem < 4 || this.given) && S0 * K * (rem + 1) <= (this.given ? PRICING_BUDGET : STATE_BUDGET)) { slotOfType[t] = slotMul.length; slotMul.push(K); slotRad.push(rem + 1); K *= rem + 1; }
        else loose.push(t);
      }
    }
    const S = S0 * K;
    if (loose.length > 0) this.lastExact = false;
    if (this.layerA.length < S) {
      this.layerA = new Float64Array(S).fill(Infinity); this.layerB = new Float64Array(S).fill(Infinity);
      this.actA = new Int32Array(S); this.actB = new Int32Array(S);
      this.creA = new Int32Array(S); this.creB = new Int32Array(S); this.mA = new Int32Array(S); this.mB = new Int32Array(S);
      this.wA = new Int32Array(S); this.wB = new Int32Array(S); this.kA = new Int32Array(S); this.kB = new Int32Array(S);
    }
    if (this.back.length < L * S) { this.back = new Int32Array(L * S); this.backQ = new Int32Array(L * S); }
    if (this.posOf.length < S) this.posOf = new Int32Array(S);
    const back = this.back; const backQ = this.backQ; const posOf = this.posOf;
    const forb = cp.forbidden[e]!;
    const pm = cp.patternMinutes;
    const u0 = cp.minuteUnit;
    // Slots a pattern uses: the k-increment and the slot list to check for overflow.
    const kInc = new Int32Array(P); const qSlots: number[][] = [];
    for (let q = 0; q < P; q++) {
      const sl: number[] = [];
      for (const t of cp.patternShifts[q]!) { const si = slotOfType[t]!; if (si >= 0) { sl.push(si); kInc[q] = kInc[q]! + slotMul[si]!; } }
      qSlots.push(sl);
    }
    const kFits = (k: number, q: number): boolean => {
      const sl = qSlots[q]!;
      for (let i = 0; i < sl.length; i++) { const si = sl[i]!; const rad = slotRad[si]!; if ((((k / slotMul[si]!) | 0) % rad) + 1 >= rad) return false; }
      return true;
    };
    // Whether count state k has room for pattern q, as a table where it is small.
    const kTable = K > 1 && K * P <= 1 << 16;
    if (kTable && this.kOk.length < K * P) this.kOk = new Uint8Array(K * P);
    const kOk = this.kOk;
    if (kTable) for (let k = 0; k < K; k++) for (let q = 0; q < P; q++) kOk[k * P + q] = kFits(k, q) ? 1 : 0;
    // The transitions of the rules on runs and successions, as a table: from the part
    // (class, run length, began on day 0) of a state, with pattern q next, the new part, or
    // -1 where a rule forbids it. Then the hot loop below is table look-ups and sums.
    const CRE = C * R * 2;
    if (this.trans.length < CRE * P) this.trans = new Int32Array(CRE * P);
    if (this.creWork.length < CRE) this.creWork = new Uint8Array(CRE);
    const trans = this.trans; const creWork = this.creWork;
    for (let c0 = 0; c0 < C; c0++) {
      const p0 = rep[c0]!; const cw = work[c0] === 1;
      for (let r = 0; r < R; r++) for (let ex = 0; ex < 2; ex++) {
        const cre = (c0 * R + r) * 2 + ex;
        creWork[cre] = cw ? 1 : 0;
        for (let q = 0; q < P; q++) {
          let to = -1;
          if (allow[q] && !forb[p0 * P + q]) {
            const qw = q !== 0;
            let r2 = -1; let ex2 = 0;
            if (cw) {
              if (qw) { if (r + 1 <= maxC) { r2 = Math.min(r + 1, workCap); ex2 = ex; } }
              else if (ex || r >= minC) { r2 = 1; ex2 = 0; }
            } else if (qw) { if (ex || r >= minO) { r2 = 1; ex2 = 0; } }
            else { r2 = Math.min(r + 1, offCap); ex2 = ex; }
            if (r2 >= 0) to = (cls[q]! * R + r2) * 2 + ex2;
          }
          trans[cre * P + q] = to;
        }
      }
    }
    // What each pattern adds to the minutes and weekends carried in the state.
    const mInc = new Int32Array(P); const wInc = new Uint8Array(P);
    for (let q = 1; q < P; q++) { mInc[q] = trackMin ? pm[q]! / g : 0; wInc[q] = trackWk ? 1 : 0; }

    let pb = -1; let sLen = 0; let reachesEnd = false;
    if (b < D) {
      pb = x[base + b]!;
      const wb = pb !== 0;
      let s = b;
      while (s < D && (x[base + s]! !== 0) === wb) s++;
      sLen = s - b; reachesEnd = s === D;
    }
    if (this.sufMin.length < L + 1) this.sufMin = new Float64Array(L + 1);
    const sufMin = this.sufMin;

    for (let iter = 0; ; iter++) {
      // Bound: a partial row whose cost plus the cheapest possible rest (and the least
      // minute shortfall it can still reach) exceeds the current row by more than the
      // slack cannot lead to an accepted move.
      sufMin[L] = 0;
      let curCost = 0; let curMin = 0;
      for (let d = b - 1; d >= a; d--) {
        const dom = cp.domain[base + d]!; let mn = Infinity;
        for (let j = 0; j < dom.length; j++) { const q = dom[j]!; if (allow[q]) { const c = cost[(d - a) * P + q]!; if (c < mn) mn = c; } }
        sufMin[d - a] = sufMin[d - a + 1]! + (mn === Infinity ? 0 : mn);
        const xq = x[base + d]!;
        curCost += cost[(d - a) * P + xq]!; curMin += pm[xq]!;
      }
      if (curMin < lo && !linearShort) curCost += hw * Math.ceil((lo - curMin) / u0);
      const ub = pricing ? this.priceBelow : curCost + slack;

      let cur = this.layerA; let nxt = this.layerB;
      // Both layers are all-Infinity here: each call clears what it set before returning.
      let act = this.actA; let nact = this.actB; let nAct = 0; let nNext = 0;
      let aCre = this.creA; let nCre = this.creB; let aM = this.mA; let nM = this.mB;
      let aW = this.wA; let nW = this.wB; let aK = this.kA; let nK = this.kB;
      // Where the current layer's states start in back/backQ (the start layer has none).
      let curTop = 0;
      if (a > 0) {
        const p0 = x[base + a - 1]!;
        const w0 = p0 !== 0;
        let s = a - 1;
        while (s > 0 && (x[base + s - 1]! !== 0) === w0) s--;
        let len = a - s;
        const ex = s === 0 ? 1 : 0;
        len = w0 ? Math.min(len, workCap) : Math.min(len, offCap);
        const cre0 = (cls[p0]! * R + len) * 2 + ex;
        const s0 = cre0 * M * W * K;
        cur[s0] = 0; act[0] = s0; aCre[0] = cre0; aM[0] = 0; aW[0] = 0; aK[0] = 0; nAct = 1;
      }
      for (let d = a; d < b; d++) {
        const dom = cp.domain[base + d]!;
        const off = (d - a) * P;
        const nxtTop = curTop + (d === a ? 0 : nAct);
        const wi = cp.weekendOf[d]!;
        const wkDay = wi >= 0 && !owk[wi];
        const remMax = (b - 1 - d) * maxPM;
        const suf = sufMin[d - a + 1]!;
        // A Sunday whose Saturday is in the window: working it after working the Saturday
        // adds no weekend.
        const sunAfterSat = d > a && cp.isSunday[d] === 1 && cp.isSaturday[d - 1] === 1;
        if (d === 0) {
          for (let j = 0; j < dom.length; j++) {
            const q = dom[j]!;
            if (!allow[q]) continue;
            const mq = trackMin ? pm[q]! / g : 0;
            if (mq >= M) continue;
            const wq = trackWk && q !== 0 && wkDay ? 1 : 0;
            if (wq >= W) continue;
            if (!kFits(0, q)) continue;
            const cre2 = (cls[q]! * R + 1) * 2 + 1;
            const s2 = ((cre2 * M + mq) * W + wq) * K + kInc[q]!;
            const c = cost[off + q]!;
            const o = nxt[s2]!;
            if (c < o) {
              let pos: number;
              if (o === Infinity) { pos = nNext++; posOf[s2] = pos; nact[pos] = s2; nCre[pos] = cre2; nM[pos] = mq; nW[pos] = wq; nK[pos] = kInc[q]!; } else pos = posOf[s2]!;
              nxt[s2] = c; back[nxtTop + pos] = -1; backQ[nxtTop + pos] = q;
            }
          }
        } else {
          for (let ai = 0; ai < nAct; ai++) {
            const s = act[ai]!;
            const v = cur[s]!;
            const cre = aCre[ai]!; const m = aM[ai]!; const w = aW[ai]!; const k = aK[ai]!;
            const tb = cre * P;
            // Whether working today adds a weekend (trackWk only).
            const wAdd = wkDay && !(sunAfterSat && creWork[cre] === 1);
            for (let j = 0; j < dom.length; j++) {
              const q = dom[j]!;
              const cre2 = trans[tb + q]!;
              if (cre2 < 0) continue;
              const m2 = m + mInc[q]!;
              if (m2 >= M) continue;
              let w2 = w;
              if (wAdd && wInc[q] === 1) { w2 = w + 1; if (w2 >= W) continue; }
              const ki = kInc[q]!;
              if (ki !== 0 && (kTable ? kOk[k * P + q] === 0 : !kFits(k, q))) continue;
              const nv = v + cost[off + q]!;
              let bound = nv + suf;
              if (trackMin) { const short = lo - m2 * g - remMax; if (short > 0) { if (pricing) continue; bound += hw * Math.ceil(short / u0); } }
              if (bound > ub) continue;
              const k2 = k + ki;
              const s2 = ((cre2 * M + m2) * W + w2) * K + k2;
              const o = nxt[s2]!;
              if (nv < o) {
                let pos: number;
                if (o === Infinity) { pos = nNext++; posOf[s2] = pos; nact[pos] = s2; nCre[pos] = cre2; nM[pos] = m2; nW[pos] = w2; nK[pos] = k2; } else pos = posOf[s2]!;
                nxt[s2] = nv; back[nxtTop + pos] = curTop + ai; backQ[nxtTop + pos] = q;
              }
            }
          }
        }
        for (let i = 0; i < nAct; i++) cur[act[i]!] = Infinity;
        const t = cur; cur = nxt; nxt = t;
        curTop = nxtTop;
        const ta = act; act = nact; nact = ta; nAct = nNext; nNext = 0;
        let tp = aCre; aCre = nCre; nCre = tp;
        tp = aM; aM = nM; nM = tp;
        tp = aW; aW = nW; nW = tp;
        tp = aK; aK = nK; nK = tp;
      }

      // Exit: join with the fixed days from b on.
      let best = Infinity; let bestPos = -1;
      for (let ai = 0; ai < nAct; ai++) {
        const s = act[ai]!;
        let v = cur[s]!;
        const cre = aCre[ai]!; const m = aM[ai]!;
        const ex = cre & 1; const r = ((cre - ex) / 2) % R; const c0 = ((cre - ex) / 2 - r) / R;
        const cw = work[c0] === 1;
        if (pb >= 0) {
          if (forb[rep[c0]! * P + pb]) continue;
          const bw = pb !== 0;
          if (cw && bw) { if (r + sLen > maxC) continue; if (!reachesEnd && !ex && r + sLen < minC) continue; }
          else if (cw && !bw) { if (!ex && r < minC) continue; }
          else if (!cw && bw) { if (!ex && r < minO) continue; }
          else if (!reachesEnd && !ex && r + sLen < minO) continue;
        }
        if (trackMin) { const tot = m * g; if (tot < lo) v += hw * Math.ceil((lo - tot) / u0); }
        if (v < best) { best = v; bestPos = ai; }
      }
      for (let i = 0; i < nAct; i++) cur[act[i]!] = Infinity;
      if (bestPos < 0) return null;
      const out = new Int32Array(L);
      let at = curTop + bestPos;
      for (let d = b - 1; d >= a; d--) {
        out[d - a] = backQ[at]!;
        at = back[at]!;
      }
      if (loose.length === 0 || iter >= 3) return out;
      // Price the loose per-type maximums the answer breaks, and solve again.
      let broke = false;
      for (const t of loose) {
        let n = typeOut[t]!;
        for (let i = 0; i < L; i++) if (cp.patternShifts[out[i]!]!.includes(t)) n++;
        if (n <= cp.maxType[e * T + t]!) continue;
        broke = true;
        const mu = cp.weightScale * (1 << iter);
        for (let d = a; d < b; d++) { const dom = cp.domain[base + d]!; for (let j = 0; j < dom.length; j++) { const q = dom[j]!; if (cp.patternShifts[q]!.includes(t)) cost[(d - a) * P + q] = cost[(d - a) * P + q]! + mu; } }
      }
      if (!broke) return out;
    }
  }
}

/** Largest DP layer (states per day) worth carrying per-type counts for. */
const STATE_BUDGET = 20000;
/** The same when pricing (given costs): per-type maximums are worth carrying exactly. */
const PRICING_BUDGET = 200000;

function gcd(a: number, b: number): number {
  while (b) { const t = a % b; a = b; b = t; }
  return a;
}
