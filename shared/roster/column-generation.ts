import type { CompiledProblem } from './model';
import { Prng } from './prng';
import { RowDP } from './row-dp';
import { RosterState } from './state';

/**
 * The linear-programming solver that column generation drives. shared/ has no solver of its
 * own and does no I/O: the Node worker passes HiGHS (electron/core/roster/highs-lp.ts).
 * Rows and columns are numbered in the order they are added, from 0.
 */
export interface LpSolver {
  /** Adds an empty row lower <= a.x <= upper. */
  addRow(lower: number, upper: number): void;
  /** Adds a column with its cost, bounds and non-zeros. */
  addCol(cost: number, lower: number, upper: number, rows: number[], values: number[]): void;
  setColBounds(col: number, lower: number, upper: number): void;
  /** Solves the LP; false when it stopped without an optimum (for example the time limit). */
  solve(timeLimitMs: number): boolean;
  objective(): number;
  /** Column values. */
  primal(): Float64Array;
  /** Row duals y, with reduced cost c - A'y. */
  duals(): Float64Array;
  /** Column reduced costs c - A'y (zero for a basic column). */
  reducedCosts(): Float64Array;
  /**
   * Deletes columns (indices strictly increasing); later columns move down. Only columns out
   * of the basis are deleted, so the basis stays valid for the next solve.
   */
  deleteCols(cols: number[]): void;
  /** Frees the solver's memory; the LP is not used after. */
  dispose(): void;
}

/** Makes a new, empty LP: one per column-generation search. */
export type LpFactory = () => LpSolver;

export interface ColumnGenerationOptions {
  /** now() value by which to return. */
  deadline: number;
  /**
   * now() value by which the first dive must end, when later than the deadline: a first dive
   * on a large problem can take most of the time, and until one ends no dive has a roster.
   */
  firstDiveDeadline?: number;
  /** now() value by which the first LP must have converged, or the search is given up. */
  convergeBy?: number;
  now: () => number;
  shouldStop?: () => boolean;
  /** A roster whose rows are the first columns (the annealing's best so far). */
  start?: Int32Array | null;
  /** Seeds the later, randomised dives. */
  seed?: number;
  /** Called with each dive's roster that is the best so far (to share it at once). */
  onRoster?: (x: Int32Array, objective: number) => void;
  /**
   * The best objective any other search thread holds: dives and the tree on cover
   * shortfalls stop where they cannot beat it, as well as this search's own best.
   */
  bestElsewhere?: () => number;
  /**
   * Aim at the LP bound first: search a tree on the cover shortfalls for a roster one point
   * above the root LP's rounded-up value, then two, and so on, before diving freely (see
   * shortfallTree below). For small problems, on one of two threads.
   */
  aimAtBound?: boolean;
  /**
   * With aimAtBound: now() value from which the tree is searched, with free dives before it
   * (by default the tree comes first, straight after the root LP).
   */
  aimFrom?: number;
  /**
   * With aimFrom: the tree waits, past aimFrom, until the best roster held (this search's or
   * the one bestElsewhere reports) has not improved for this many ms: free dives that are
   * still finding better rosters go on.
   */
  aimQuietMs?: number;
  /**
   * With aimAtBound: take the tree's first branching the other way round (raise the
   * shortfall before capping it), so that a second thread searches the half the first
   * thread reaches last.
   */
  aimRaiseFirst?: boolean;
  /**
   * Days [from, to) to re-solve, every other day kept as the start roster has it (the start
   * must then be given and keep every rule): a neighbourhood for horizons too long to price
   * whole rows. Columns are then the window's part of a row; objectives stay whole-roster.
   */
  window?: { from: number; to: number };
  /**
   * At most this many dives (by default, dives go on until the deadline): a search on one
   * of many windows gives its time to the next window rather than to more dives.
   */
  dives?: number;
}

export interface ColumnGenerationResult {
  /**
   * A roster built from one column per person: the best dive's, or the start roster when no
   * dive beat it; null when none could be built.
   */
  x: Int32Array | null;
  objective: number;
  /**
   * The first converged LP value, a lower bound on every roster's objective (with a window,
   * every roster that keeps the days outside it); null when the LP did not converge or a
   * pricing call could not carry every per-type maximum exactly.
   */
  lpValue: number | null;
  /** Columns in the LP at the end (columns long out of use are deleted as the search goes). */
  columns: number;
  /**
   * Whether a dive reached a whole-number roster before the deadline, or the dives ended
   * because no roster can beat the one returned (the start roster, at the LP's bound).
   */
  complete: boolean;
}

const EPS = 1e-6;
/**
 * When aiming at a target, a leaf is dived only if its LP is at most this far below it.
 * 1.0 (so that Instance 6's leaves, at its root LP of 1949.00, are dived for 1950) changed
 * nothing in the CLI (24 November, seeds 1-36: 6 in 30 of 36 against 29, 7 in 33 against 33).
 */
const LEAF_NEAR_TARGET = 0.7;
/**
 * Columns out of use (at zero, with a reduced cost above RC_IN_USE) for more than PURGE_IDLE
 * solves in a row are deleted whenever there are more than PURGE_AT columns (and half as many
 * again as after the last deletion): a dual simplex iteration prices every column, so the LP
 * with every column ever generated grew slower as the search went on (Instance 7, 10 s,
 * in-process: 1,531 columns by the end and 6.2 ms a solve; deleting, about 600 and 2.6 ms,
 * 42 % more solves in the time). A deleted column that is wanted again is priced again.
 */
const PURGE_AT = 300;
const PURGE_IDLE = 10;
const RC_IN_USE = 1e-6;

/**
 * Column generation with a diving heuristic, for rosters small enough to price whole rows.
 *
 * The master LP chooses one row ("column": a person's whole roster) per person, with cover
 * shortfall and excess as priced slack: min sum(cost c x_c) + sum(under u_r + over o_r) with
 * sum over a person's columns = 1 and, per cover row r, covered + u_r - o_r = requirement.
 * New columns come from the row dynamic program (RowDP) priced with the LP's duals: a
 * person's cell costs its requests minus the duals of the cover rows it fills. Every
 * column is checked against all hard rules, so any choice of one column per person is a
 * feasible roster. On this benchmark the LP is tight (Instance 14: 1278.0 for an optimum
 * of 1278), so diving on it (fix the column the LP likes most, generate columns again,
 * repeat) reaches rosters the annealing does not find: it trades work between many people
 * at once. With a window, the same is done for the window's days alone, the rest of every
 * row kept as the start roster has it (the pricing carries the rules across the window's
 * edges, and each column is checked as part of its whole row).
 */
export function columnGeneration(cp: CompiledProblem, lp: LpSolver, opts: ColumnGenerationOptions): ColumnGenerationResult {
  const { E, D, P } = cp;
  const R = cp.rows;
  const now = opts.now;
  let until = Math.min(opts.deadline, opts.convergeBy ?? opts.deadline);
  const timeUp = (): boolean => now() >= until || (opts.shouldStop?.() ?? false);
  const dp = new RowDP(cp);
  const scratch = new RosterState(cp, opts.start ?? undefined);
  if (opts.window && !opts.start) throw new Error('column generation on a window needs the start roster whose other days it keeps');
  const win = opts.window ?? null;
  const a = win ? Math.max(0, win.from) : 0; const b = win ? Math.min(D, win.to) : D;
  // The LP's cover rows are those of the window's days; lpRow maps a cover row to its LP row.
  const lpRow = new Int32Array(R).fill(-1);
  let coverRows = 0;
  for (let r = 0; r < R; r++) { const d = cp.rowDay[r]!; if (d >= a && d < b) lpRow[r] = E + coverRows++; }
  // What the start roster costs outside the window: a constant the LP does not see.
  let offset = 0;
  if (win) {
    offset = scratch.cover + scratch.pref;
    for (let r = 0; r < R; r++) if (lpRow[r]! >= 0) offset -= RosterState.penalty(cp, r, scratch.cnt[r]!);
    for (let e = 0; e < E; e++) for (let d = a; d < b; d++) offset -= cp.prefCost[e]![d * P + scratch.x[e * D + d]!]!;
  }

  for (let e = 0; e < E; e++) lp.addRow(1, 1);
  for (let r = 0; r < R; r++) if (lpRow[r]! >= 0) lp.addRow(cp.rowReq[r]!, cp.rowReq[r]!);
  let ncol = 0;
  for (let r = 0; r < R; r++) {
    if (lpRow[r]! < 0) continue;
    lp.addCol(cp.rowUnder[r]!, 0, Infinity, [lpRow[r]!], [1]);
    lp.addCol(cp.rowOver[r]!, 0, Infinity, [lpRow[r]!], [-1]);
    ncol += 2;
  }
  // An artificial way out of each convexity row, priced above any roster, keeps the LP
  // feasible for a person with no column yet (no start roster, or one that broke a rule).
  for (let e = 0; e < E; e++) { lp.addCol(cp.weightScale * 1e6, 0, Infinity, [e], [1]); ncol++; }
  // A second, dearer shortfall per cover row keeps the LP feasible when the tree on the
  // shortfalls caps a row's shortfall before the columns that would cover the rest exist.
  if (opts.aimAtBound) for (let r = 0; r < R; r++) if (lpRow[r]! >= 0) { lp.addCol(cp.weightScale * 1e3, 0, Infinity, [lpRow[r]!], [1]); ncol++; }
  const first = ncol;
  // The cover rows that pattern q on day d fills for person e, with how many it counts.
  const coverOf = (e: number, d: number, q: number, visit: (r: number, n: number) => void): void => {
    const l = cp.dayPatternRows[d * P + q]!;
    for (let i = 0; i < l.length; i += 2) {
      const r = l[i]!; const el = cp.rowEligible[r];
      if (!el || el[e]) visit(lpRow[r]!, l[i + 1]!);
    }
  };
  let colEmp: number[] = [];
  let colRow: Int32Array[] = [];
  let colKey: string[] = [];
  // Per column, how many solves in a row it has been out of use (zero and priced above the
  // LP's duals): columns long out of use are deleted, so each simplex iteration stays cheap.
  let idle: number[] = [];
  const seen = new Set<string>();
  const rows: number[] = []; const vals: number[] = [];
  const coef = new Map<number, number>();
  const addColumn = (e: number, row: Int32Array): boolean => {
    const key = `${e}:${row.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const pc = cp.prefCost[e]!;
    let cost = 0;
    coef.clear(); coef.set(e, 1);
    for (let d = a; d < b; d++) {
      const q = row[d - a]!;
      cost += pc[d * P + q]!;
      coverOf(e, d, q, (r, n) => { coef.set(r, (coef.get(r) ?? 0) + n); });
    }
    rows.length = 0; vals.length = 0;
    for (const [k, v] of coef) { rows.push(k); vals.push(v); }
    lp.addCol(cost, 0, Infinity, rows, vals);
    colEmp.push(e); colRow.push(row.slice()); colKey.push(key); idle.push(0);
    ncol++;
    return true;
  };
  const feasibleRow = (e: number, row: Int32Array): boolean => {
    const saved = scratch.x.slice(e * D + a, e * D + b);
    scratch.x.set(row, e * D + a);
    const h = scratch.rowHard(e);
    scratch.x.set(saved, e * D + a);
    return h === 0;
  };

  const hasColumn = new Uint8Array(E);
  if (opts.start) {
    for (let e = 0; e < E; e++) {
      const row = opts.start.subarray(e * D + a, e * D + b);
      if (feasibleRow(e, row)) { addColumn(e, row); hasColumn[e] = 1; }
    }
  }

  const fixed = new Uint8Array(E);
  // The columns a dive has fixed at 1.
  const fixedCols: number[] = [];
  const given = new Float64Array(D * P);
  const big = cp.weightScale * 1e4 + 1;
  let exact = true;
  let next = 0;
  const batch = Math.max(4, Math.ceil(E / 4));
  let values: Float64Array | null = null; let lpObjective = Infinity;
  // Generates columns until none prices out (or time is up); false when time ran out.
  const generate = (): boolean => {
    for (;;) {
      if (timeUp()) return false;
      if (ncol - first > purgeLimit) purge();
      if (!lp.solve(Math.max(1, until - now()))) return false;
      // Read now: changing a bound discards the solver's solution.
      values = lp.primal(); lpObjective = lp.objective() + offset;
      const y = lp.duals();
      const rc = lp.reducedCosts();
      for (let c = first; c < ncol; c++) { if (values[c]! > EPS || rc[c]! < RC_IN_USE) idle[c - first] = 0; else idle[c - first]!++; }
      // Partial pricing: people are priced in turn from where the last pass stopped, and the
      // LP is solved again once a few columns are in (the LP is cheap beside the pricing).
      let added = 0;
      for (let n = 0; n < E && added < batch; n++) {
        const e = next; next = (next + 1) % E;
        if (fixed[e]) continue;
        const pc = cp.prefCost[e]!;
        for (let d = a; d < b; d++) {
          const dom = cp.domain[e * D + d]!;
          for (let j = 0; j < dom.length; j++) {
            const q = dom[j]!;
            let c = pc[d * P + q]!;
            coverOf(e, d, q, (r, n) => { c -= n * y[r]!; });
            given[d * P + q] = c;
          }
        }
        const row = dp.price(scratch, e, given, big, y[e]! - EPS, a, b);
        if (!dp.lastExact) exact = false;
        if (!row) continue;
        let rc = -y[e]!;
        for (let d = a; d < b; d++) rc += given[d * P + row[d - a]!]!;
        if (rc > -EPS) continue;
        if (!feasibleRow(e, row)) { exact = false; continue; }
        if (addColumn(e, row)) { added++; hasColumn[e] = 1; }
      }
      if (added === 0) return true;
      if (timeUp()) return false;
    }
  };

  let purgeLimit = PURGE_AT;
  // Deletes the columns out of use for more than PURGE_IDLE solves (none of a person a dive
  // has fixed). Run before a solve, when idle is as the last solve left it, so each deleted
  // column is out of that solve's basis.
  const purge = (): void => {
    const del: number[] = []; const map = new Int32Array(ncol - first);
    let k = first;
    for (let c = first; c < ncol; c++) {
      const i = c - first;
      if (idle[i]! > PURGE_IDLE && !fixed[colEmp[i]!]) { del.push(c); map[i] = -1; seen.delete(colKey[i]!); } else map[i] = k++;
    }
    purgeLimit = Math.max(PURGE_AT, Math.ceil(1.5 * (k - first)));
    if (del.length === 0) return;
    lp.deleteCols(del);
    const keep = (_: unknown, i: number): boolean => map[i]! >= 0;
    colEmp = colEmp.filter(keep); colRow = colRow.filter(keep); colKey = colKey.filter(keep); idle = idle.filter(keep);
    for (let j = 0; j < fixedCols.length; j++) fixedCols[j] = map[fixedCols[j]! - first]!;
    if (values) {
      const v = new Float64Array(k);
      v.set(values.subarray(0, first));
      for (let c = first; c < ncol; c++) { const m = map[c - first]!; if (m >= 0) v[m] = values[c]!; }
      values = v;
    }
    ncol = k;
  };

  // The roster of the LP's favourite column per person.
  const current = (): Int32Array | null => {
    const v = values;
    if (!v) return null;
    const bestV = new Float64Array(E).fill(-1); const bestC = new Int32Array(E).fill(-1);
    for (let c = first; c < ncol; c++) { const e = colEmp[c - first]!; if (v[c]! > bestV[e]!) { bestV[e] = v[c]!; bestC[e] = c; } }
    const x = win ? opts.start!.slice() : new Int32Array(E * D);
    for (let e = 0; e < E; e++) { const c = bestC[e]!; if (c < 0) return null; x.set(colRow[c - first]!, e * D + a); }
    return x;
  };
  const result = (complete: boolean, lpValue: number | null): ColumnGenerationResult => {
    const x = hasColumn.every((h) => h === 1) ? current() : null;
    if (!x) return { x: null, objective: Infinity, lpValue, columns: ncol - first, complete: false };
    const st = new RosterState(cp, x);
    return { x: st.hard === 0 ? x : null, objective: st.hard === 0 ? st.cover + st.pref : Infinity, lpValue, columns: ncol - first, complete };
  };

  if (!generate()) return result(false, null);
  until = Math.max(opts.deadline, opts.firstDiveDeadline ?? opts.deadline);
  const lpValue = exact ? lpObjective : null;
  const rootObjective = lpObjective;

  // Whole-number costs (the benchmark's) give whole-number objectives, so an LP value
  // rounds up to a bound on any roster below it.
  const integral = cp.prefCost.every((pc) => pc.every(Number.isInteger)) && cp.rowUnder.every(Number.isInteger) && cp.rowOver.every(Number.isInteger);
  const bound = (v: number): number => (integral ? Math.ceil(v - EPS) : v - EPS);

  // Dive: fix the fractional column the LP likes most, generate columns again, and repeat
  // until the LP solution is whole. Only the chosen column is fixed, not every column the
  // LP already takes whole: those people stay free to change as the others are fixed
  // (Instance 6 at its optimum in all 21 ten-second CLI runs; fixing them too, the dives
  // stopped at 1951 and 1952; Instance 14's first dive ends in 22 s against 33 s). A dive
  // whose LP can no longer beat the best roster so far is cut short, so that more dives
  // fit in the time (Instance 5: 45 to 67 dives in 8 s, against 37). The first dive
  // follows the LP; later ones pick among the liked columns at random, widely (each value
  // times a factor in [0.2, 1]: Instance 5 at its optimum in 11 of 12 runs; with [0.5, 1],
  // 3 of 6).
  const rng = new Prng(opts.seed ?? 1);
  const fixCol = (c: number): void => { fixed[colEmp[c - first]!] = 1; lp.setColBounds(c, 1, 1); fixedCols.push(c); };
  // The start roster (when it keeps every rule) is the one to beat, and what is returned
  // when no dive beats it.
  let bestObjective = opts.start && scratch.hard === 0 ? scratch.cover + scratch.pref : Infinity;
  // Whether any dive reached a whole-number roster, better than the best or not.
  let reachedWhole = false;
  let best: ColumnGenerationResult | null = opts.start && bestObjective < Infinity
    ? { x: opts.start.slice(), objective: bestObjective, lpValue, columns: 0, complete: false } : null;
  // What a dive or a node must beat: the best roster this search or another thread holds, or
  // the target the tree aims at.
  let aim = Infinity;
  const held = (): number => Math.min(bestObjective, opts.bestElsewhere?.() ?? Infinity);
  const cutoff = (): number => Math.min(held(), aim);
  const dive = (randomise: boolean): boolean => {
    for (;;) {
      if (bound(lpObjective) >= cutoff()) return true;
      const v = values!;
      let bc = -1; let bv = -1;
      for (let c = first; c < ncol; c++) {
        const val = v[c]!;
        if (val <= EPS || val >= 1 - EPS || fixed[colEmp[c - first]!]) continue;
        const score = randomise ? val * (0.2 + 0.8 * rng.next()) : val;
        if (score > bv) { bv = score; bc = c; }
      }
      if (bc < 0) {
        reachedWhole = true;
        const r = result(true, lpValue);
        if (r.x && r.objective < bestObjective) { best = r; bestObjective = r.objective; opts.onRoster?.(r.x, r.objective); }
        return true;
      }
      fixCol(bc);
      if (!generate()) return false;
    }
  };
  const undoDive = (): void => {
    for (const c of fixedCols) { fixed[colEmp[c - first]!] = 0; lp.setColBounds(c, 0, Infinity); }
    fixedCols.length = 0;
  };

  // The tree on the cover shortfalls (with aimAtBound). A cover row's shortfall is a whole
  // number in any roster, and which rows are short decides most of the rest: Instance 7's
  // optimum (1056) and its many 1057 rosters are all 10 cover units short, on different
  // rows; with the optimum's shortfalls fixed the LP is 1055.45 (1054.08 free), and dives
  // found the optimum in seconds. The tree caps or raises the most fractional shortfall
  // (cap first, see below) and prunes a node whose rounded-up LP cannot beat the
  // cutoff; at a leaf (every shortfall whole) it dives once. It aims at the root's bound
  // plus one first, and dives only at leaves whose LP is within 0.7 of that target: on
  // Instance 7, 9 of the 11 leaves whose dive found 1056 had an LP of exactly 1056.00, and
  // none of the 156 leaves below 1054.9 did (two 90 s runs). Each time the tree is done
  // without reaching the target the aim rises by one, until it reaches the best roster held;
  // then the dives go on from the whole LP. CLI, 10 s, this on one thread and the other
  // thread's dives as before: Instance 7 at 1056 in 16 of 36 runs, against 0 of 36 with the
  // first thread annealing; 5 at 1143 in 22 of 24 runs (21 of 24) and 6 at 1950 in 24 of 24.
  // In 10 s a thread searches only 50-80 nodes and 14 or so leaves of a tree of hundreds, so
  // a second thread searches the other half of the first branching (aimRaiseFirst, see
  // HybridRole.aimLater for the figures).
  // The i-th cover row's shortfall is LP column 2i (its excess 2i + 1), as added above.
  const shortfallCol = (i: number): number => 2 * i;
  const slackLo = new Float64Array(coverRows); const slackHi = new Float64Array(coverRows).fill(Infinity);
  let leaves = 0;
  // false when time ran out (in a node's LP or a leaf's dive).
  const shortfallTree = (depth: number): boolean => {
    if (bound(lpObjective) >= cutoff()) return true;
    const v = values!;
    let pick = -1; let dist = 2;
    for (let i = 0; i < coverRows; i++) {
      const val = v[shortfallCol(i)]!; const fr = val - Math.floor(val);
      if (fr <= EPS || fr >= 1 - EPS) continue;
      if (Math.abs(fr - 0.5) < dist) { dist = Math.abs(fr - 0.5); pick = i; }
    }
    if (pick < 0) {
      // While the aim binds, the target is a roster at aim - 1.
      if (aim < Infinity && aim <= held() && lpObjective < aim - 1 - LEAF_NEAR_TARGET - EPS) return true;
      const ok = dive(leaves++ > 0);
      undoDive();
      if (!ok) return false;
      until = opts.deadline;
      return true;
    }
    const col = shortfallCol(pick);
    const low = Math.floor(v[col]!);
    const lo = slackLo[pick]!; const hi = slackHi[pick]!;
    // Cap first (the whole number below), then raise: a cap asks for more cover, which lifts
    // the LP towards the target, where the leaves worth a dive are. CLI, 10 s, two threads,
    // 24 November: Instance 7 at 1056 in 63 of 72 runs (seeds 1-72), and 29 of 36 on the
    // final build; the nearer whole number first (as before) 46 of 72 in the same hour; the
    // raise first 16 of 36; the child with the higher LP first (both children solved) 27 of
    // 36. Instance 5 at 1143 in 35 of 36, 6 at 1950 in 30 of 36 (about as before).
    const upFirst = depth === 0 && opts.aimRaiseFirst === true;
    for (const up of upFirst ? [true, false] : [false, true]) {
      if (up) slackLo[pick] = low + 1; else slackHi[pick] = low;
      lp.setColBounds(col, slackLo[pick]!, slackHi[pick]!);
      const ok = generate() && shortfallTree(depth + 1);
      slackLo[pick] = lo; slackHi[pick] = hi;
      lp.setColBounds(col, lo, hi);
      if (!ok) return false;
    }
    return true;
  };
  // The tree, aiming one point higher each time it is done without reaching its target, until
  // the target is no better than the roster held. false when time ran out.
  const aimTree = (): boolean => {
    let ok = true;
    for (let step = 2; ok; step++) {
      aim = bound(rootObjective) + step;
      if (aim > held()) break;
      ok = shortfallTree(0);
      if (ok) ok = generate();
      if (!ok || aim >= held()) break;
    }
    aim = Infinity;
    return ok;
  };
  let aimed = !opts.aimAtBound;
  // When the best roster held last improved (for aimQuietMs).
  let lastHeld = held(); let improvedAt = now();
  let dived = 0;
  for (let round = 0; ; round++) {
    const h = held();
    if (h < lastHeld) { lastHeld = h; improvedAt = now(); }
    if (!aimed && (opts.aimFrom === undefined || now() >= Math.max(opts.aimFrom, improvedAt + (opts.aimQuietMs ?? 0)))) {
      aimed = true;
      if (!aimTree()) {
        // Time ran out in the tree: the LP's favourite column per person is still a roster.
        const r = result(false, lpValue);
        if (r.x && r.objective < bestObjective) best = r;
        break;
      }
      continue;
    }
    // The first dive follows the LP, unless the tree came before it.
    if (!dive(round > 0)) {
      // Time ran out in a dive: the LP's favourite column per person is still a roster that
      // keeps every rule, kept if it beats the best.
      const r = result(false, lpValue);
      if (r.x && r.objective < bestObjective) best = r;
      break;
    }
    // Done when no dive can do better than the (rounded-up) LP value.
    if (bound(rootObjective) >= bestObjective) { if (best) best.complete = true; break; }
    if (++dived >= (opts.dives ?? Infinity)) break;
    until = opts.deadline;
    // Undo the dive's fixings and go again from the whole LP.
    undoDive();
    if (!generate()) break;
  }
  // Complete as documented: a dive reached a whole-number roster in time (even one no better
  // than a start already at the optimum), or the bound proved the roster returned.
  return best ? { ...best, columns: ncol - first, complete: best.complete || reachedWhole } : result(false, lpValue);
}
