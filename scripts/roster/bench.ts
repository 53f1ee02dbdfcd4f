// `npm run bench:roster -- [--limit 10|60] [--instances 1-24] [--seed n | --seeds 1-36] [--threads n] [--json]`
// Runs the built roster:solve CLI (so start-up counts, as for a user) on each benchmark
// instance, scores its output with the independent test scorer, and keeps the results in
// docs/roster-benchmark.json; docs/roster-benchmark.md is regenerated from all results.
// With --seeds, each instance runs once per seed instead, and what is kept is how often the
// runs reached the best known value (docs/roster-reliability.json, a second table in the
// same page): one run per instance cannot tell a search that always gets there from one that
// gets there two times in three.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInstance, score } from '../../tests/helpers/shift-scheduling-scorer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BEST: Record<number, number> = { 1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1300, 9: 439, 10: 4631, 11: 3443, 12: 4040, 13: 1348, 14: 1278, 15: 3828, 16: 3225, 17: 5746, 18: 4459, 19: 3149, 20: 4769, 21: 21133, 22: 30241, 23: 17285, 24: 40439 };
// Peer columns, from the benchmark's published results (Gurobi, CBC) and a plain HiGHS MIP
// (the `highs` npm package, one thread) measured on a 2-core machine on 2026-11-23.
const GUROBI60: Record<number, number> = { 1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1323, 9: 439, 10: 4631, 11: 3443, 12: 4040, 13: 3109, 14: 1280, 15: 4964, 16: 3233, 17: 5851, 18: 4760, 19: 5420 };
const CBC300: Record<number, string> = { 1: '607', 2: '828', 3: '1001', 6: '2312', 8: 'none', 12: 'none' };
const HIGHS10: Record<number, string> = { 1: '607', 2: '828', 3: '1104', 4: '1731', 5: '1461', 6: '2240', 7: '2060', 8: 'none', 9: '5986', 10: '6647', 11: 'none', 12: '9912', 14: 'none', 16: 'none', 17: 'none', 18: 'none', 19: 'none' };
const HIGHS60: Record<number, string> = { 1: '607', 2: '828', 3: '1001', 4: '1716', 5: '1252', 6: '2238', 7: '1363', 8: 'none', 9: '1046', 10: '6535', 11: '3443', 12: '9912', 14: 'none', 16: 'none', 17: 'none', 18: 'none', 19: 'none' };

interface Result {
  instance: number; limit: number; seed: number; best: number;
  objective: number | null; feasible: boolean; gap: number | null;
  firstFeasibleS: number | null; finalS: number | null; wallS: number; violations: string[]; note?: string;
  /** When the run ended (ISO) and the machine's 1-minute load average then (our 2 threads included). */
  at?: string; load1?: number;
}

/** Per instance and limit, the runs of a --seeds measurement. */
interface Reliability {
  instance: number; limit: number; best: number; threads: number;
  seeds: string; runs: number;
  /** Runs that reached the best known value, and the scored objective of each run (null: no feasible roster). */
  atBest: number; objectives: (number | null)[];
  at: string; machine: string;
}

/** A list like "1-7,9" as numbers from 1 to max. */
function parseList(s: string, option: string, max: number): number[] {
  const out: number[] = [];
  for (const part of s.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new Error(`${option}: "${part}" is not a number or a range like 1-7`);
    const a = Number(m[1]); const b = m[2] ? Number(m[2]) : a;
    if (b < a) throw new Error(`${option}: "${part}" runs backwards`);
    for (let i = a; i <= b; i++) { if (i < 1 || i > max) throw new Error(`${option}: ${i} is not 1-${max}`); out.push(i); }
  }
  return out;
}

const USAGE = 'usage: bench:roster -- [--limit 10|60] [--instances 1-24] [--seed n | --seeds 1-36] [--threads n] [--json]';
const argv = process.argv.slice(2);
let limit = 10; let instances = parseList('1-24', '--instances', 24); let seed = 1; let seeds: number[] | null = null; let threads = 2; let json = false;
try {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--limit') limit = Number(argv[++i]);
    else if (a === '--instances') instances = parseList(argv[++i] ?? '', '--instances', 24);
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a === '--seeds') seeds = parseList(argv[++i] ?? '', '--seeds', 1_000_000);
    else if (a === '--threads') threads = Number(argv[++i]);
    else if (a === '--json') json = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(limit > 0)) throw new Error('--limit needs seconds above 0');
  if (!Number.isInteger(seed) || seed < 1) throw new Error('--seed needs a whole number from 1');
  if (!Number.isInteger(threads) || threads < 1) throw new Error('--threads needs a whole number from 1');
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}

function runOne(n: number, runSeed: number): Promise<Result> {
  const file = path.join(root, 'bench', 'shift-scheduling', 'instances', `Instance${n}.txt`);
  const out = path.join(os.tmpdir(), `roster-bench-${process.pid}-${n}.json`);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'node', 'roster-solve.mjs'), file, '--time-limit', String(limit), '--seed', String(runSeed), '--threads', String(threads), '--out', out, '--progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.on('close', (code) => {
      const wallS = (performance.now() - t0) / 1000;
      const at = new Date().toISOString(); const load1 = Math.round(os.loadavg()[0]! * 10) / 10;
      const progress = err.split('\n').flatMap((l) => { try { const j = JSON.parse(l) as { objective: number; ms: number }; return typeof j.ms === 'number' ? [j] : []; } catch { return []; } });
      const base: Result = { instance: n, limit, seed: runSeed, best: BEST[n]!, objective: null, feasible: false, gap: null, firstFeasibleS: progress[0] ? progress[0].ms / 1000 : null, finalS: progress.length ? progress[progress.length - 1]!.ms / 1000 : null, wallS, violations: [], at, load1 };
      if (code !== 0) { resolve({ ...base, note: err.split('\n').filter((l) => !l.startsWith('{')).join(' ').trim() || `exit ${code}` }); return; }
      const res = JSON.parse(fs.readFileSync(out, 'utf8')) as { objective: number; roster: Record<string, string[]> };
      fs.rmSync(out, { force: true });
      const sc = score(readInstance(fs.readFileSync(file, 'utf8')), res.roster);
      const feasible = sc.violations.length === 0;
      const note = sc.objective !== res.objective ? `solver said ${res.objective}, scorer ${sc.objective}` : undefined;
      resolve({ ...base, objective: sc.objective, feasible, gap: feasible ? (100 * (sc.objective - BEST[n]!)) / BEST[n]! : null, violations: sc.violations.slice(0, 5), note });
    });
  });
}

const store = path.join(root, 'docs', 'roster-benchmark.json');
const reliabilityStore = path.join(root, 'docs', 'roster-reliability.json');
const all: Result[] = fs.existsSync(store) ? (JSON.parse(fs.readFileSync(store, 'utf8')) as Result[]) : [];
const reliability: Reliability[] = fs.existsSync(reliabilityStore) ? (JSON.parse(fs.readFileSync(reliabilityStore, 'utf8')) as Reliability[]) : [];
const save = (): void => {
  all.sort((a, b) => a.limit - b.limit || a.instance - b.instance);
  reliability.sort((a, b) => a.limit - b.limit || a.instance - b.instance);
  fs.mkdirSync(path.dirname(store), { recursive: true });
  fs.writeFileSync(store, `${JSON.stringify(all, null, 1)}\n`);
  if (reliability.length) fs.writeFileSync(reliabilityStore, `${JSON.stringify(reliability, null, 1)}\n`);
  fs.writeFileSync(path.join(root, 'docs', 'roster-benchmark.md'), renderMarkdown(all, reliability));
};
/** Puts a result in its store in place of the one for the same instance and limit. */
function replaceOrAdd<T extends { instance: number; limit: number }>(list: T[], item: T): void {
  const i = list.findIndex((x) => x.instance === item.instance && x.limit === item.limit);
  if (i >= 0) list[i] = item; else list.push(item);
}
const line = (r: Result): string => `Instance ${r.instance} (${r.limit} s, seed ${r.seed}): ${r.feasible ? r.objective : 'no feasible roster'} best ${r.best}${r.gap !== null ? ` gap ${r.gap.toFixed(2)}%` : ''} first ${r.firstFeasibleS ?? '-'} s final ${r.finalS ?? '-'} s wall ${r.wallS.toFixed(2)} s${r.note ? ` (${r.note})` : ''}`;
const machine = `${os.cpus().length}-core machine (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.versions.node}`;
if (seeds) {
  const out: Reliability[] = [];
  for (const n of instances) {
    const runs: Result[] = [];
    for (const s of seeds) {
      const r = await runOne(n, s);
      runs.push(r);
      if (!json) process.stderr.write(`${line(r)}\n`);
    }
    const rel: Reliability = { instance: n, limit, best: BEST[n]!, threads, seeds: seedsLabel(seeds), runs: runs.length, atBest: runs.filter((r) => r.feasible && r.objective === BEST[n]).length, objectives: runs.map((r) => (r.feasible ? r.objective : null)), at: new Date().toISOString(), machine };
    out.push(rel);
    replaceOrAdd(reliability, rel);
    save();
    if (!json) process.stderr.write(`Instance ${n} (${limit} s): the best known value ${rel.best} in ${rel.atBest} of ${rel.runs} runs; ${spread(rel.objectives)}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  const results: Result[] = [];
  for (const n of instances) {
    const r = await runOne(n, seed);
    results.push(r);
    replaceOrAdd(all, r);
    // Saved after each instance so that a long run cut short keeps what it measured.
    save();
    if (!json) process.stderr.write(`${line(r)}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(results)}\n`);
}

/** "1-36" for consecutive seeds, else the list. */
function seedsLabel(xs: number[]): string {
  const consecutive = xs.every((x, i) => i === 0 || x === xs[i - 1]! + 1);
  return consecutive && xs.length > 1 ? `${xs[0]}-${xs[xs.length - 1]}` : xs.join(',');
}

/** The median and the worst of a set of runs' objectives (null: no run had a feasible roster), and how many had none. */
function stats(objectives: (number | null)[]): { median: number | null; worst: number | null; none: number } {
  const got = objectives.filter((o): o is number => o !== null).sort((a, b) => a - b);
  const none = objectives.length - got.length;
  if (got.length === 0) return { median: null, worst: null, none };
  const median = got.length % 2 ? got[(got.length - 1) / 2]! : (got[got.length / 2 - 1]! + got[got.length / 2]!) / 2;
  return { median, worst: got[got.length - 1]!, none };
}

/** The same in words. */
function spread(objectives: (number | null)[]): string {
  const { median, worst, none } = stats(objectives);
  if (median === null) return 'no run found a feasible roster';
  return `median ${median}, worst ${worst}${none ? `, ${none} without a feasible roster` : ''}`;
}

/** When and under what load the results were measured, from what each run recorded. */
function measuredLine(rs: Result[]): string {
  const dated = rs.filter((r) => r.at);
  if (dated.length === 0) return `Measured on the ${machine}; load not recorded.`;
  const days = [...new Set(dated.map((r) => r.at!.slice(0, 10)))].join(', ');
  const loads = dated.map((r) => r.load1!).filter((l) => typeof l === 'number');
  const lo = Math.min(...loads); const hi = Math.max(...loads);
  const undated = rs.length - dated.length;
  return `Measured ${days} on the ${machine}. 1-minute load average at the end of each run: ${lo}-${hi} (the solver's own 2 threads count about 2 of it; above 2, other jobs shared the cores).${undated ? ` ${undated} older results carry no date or load.` : ''}`;
}

function renderMarkdown(rs: Result[], rel: Reliability[]): string {
  const fmt = (r: Result | undefined): string => (!r ? '' : r.feasible ? String(r.objective) : 'none');
  const lines = [
    '# Auto-roster benchmark',
    '',
    'The Curtois & Qu shift scheduling instances (`bench/shift-scheduling/`), solved by `npm run',
    'roster:solve` (2 search threads, seed 1) under a wall-clock limit that includes start-up, one',
    'run per instance, scored by the independent test scorer (`tests/helpers/shift-scheduling-scorer.ts`).',
    'Generated by `npm run bench:roster`; results are kept in `docs/roster-benchmark.json`.',
    '',
    measuredLine(rs),
    '',
    '| Instance | best known | ours 10 s | gap % | first feasible s | final s | ours 60 s | gap % | first feasible s | final s | Gurobi 60 min | CBC 300 s | HiGHS 10 s | HiGHS 60 s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (let n = 1; n <= 24; n++) {
    const a = rs.find((r) => r.instance === n && r.limit === 10);
    const b = rs.find((r) => r.instance === n && r.limit === 60);
    const g = (r: Result | undefined): string => (r?.gap != null ? r.gap.toFixed(2) : '');
    const t = (v: number | null | undefined): string => (v == null ? '' : v.toFixed(2));
    lines.push(`| ${n} | ${BEST[n]} | ${fmt(a)} | ${g(a)} | ${t(a?.firstFeasibleS)} | ${t(a?.finalS)} | ${fmt(b)} | ${g(b)} | ${t(b?.firstFeasibleS)} | ${t(b?.finalS)} | ${GUROBI60[n] ?? ''} | ${CBC300[n] ?? ''} | ${HIGHS10[n] ?? ''} | ${HIGHS60[n] ?? ''} |`);
  }
  const other = rs.filter((r) => r.limit !== 10 && r.limit !== 60);
  if (other.length) {
    lines.push('', 'Other limits:', '', '| Instance | limit s | objective | gap % | first feasible s | final s |', '|---|---|---|---|---|---|');
    for (const r of other) lines.push(`| ${r.instance} | ${r.limit} | ${fmt(r)} | ${r.gap?.toFixed(2) ?? ''} | ${r.firstFeasibleS ?? ''} | ${r.finalS ?? ''} |`);
  }
  if (rel.length) {
    lines.push('', '## How often a run reaches the best known value', '',
      'Generated by `npm run bench:roster -- --seeds 1-36` (or other seeds): each instance run once per',
      'seed, one after another, with the same CLI and scorer as above.', '',
      '| Instance | limit s | best known | runs at best known | seeds | median | worst | measured |', '|---|---|---|---|---|---|---|---|');
    for (const r of rel) {
      const { median, worst, none } = stats(r.objectives);
      lines.push(`| ${r.instance} | ${r.limit} | ${r.best} | ${r.atBest} of ${r.runs} | ${r.seeds} | ${median ?? 'none'} | ${worst ?? 'none'}${none ? ` (${none} none)` : ''} | ${r.at.slice(0, 16).replace('T', ' ')} UTC, ${r.threads} threads, ${r.machine} |`);
    }
  }
  lines.push('', 'Gap = 100 x (objective - best known) / best known; "none" = no feasible roster within the limit.',
    'Best known values, Gurobi and CBC columns: the benchmark\'s published results (Curtois & Qu,',
    'schedulingbenchmarks.org). HiGHS: the same model as a plain MIP solved by the `highs` npm package',
    '(WebAssembly, one thread) on a 2-core machine; blank = not reported.', '');
  return lines.join('\n');
}
