// `npm run --silent roster:solve -- <instance.txt> --time-limit <s> --seed <n> --out <file.json>`
// Solves a shift scheduling benchmark file with the app's auto-roster solver and writes
// {"objective": N, "roster": {"<EmployeeID>": ["<ShiftID or "">", ...]}}.
// The time limit is wall clock from process start: start-up and writing count against it.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { BenchmarkFormatError, parseBenchmark } from '../../../shared/roster/benchmark-format';
import { compileProblem, RosterModelError, type RosterProblem } from '../../../shared/roster/model';
import { solveInParallel } from './parallel';

const USAGE = 'usage: roster:solve -- <instance.txt> --time-limit <seconds> [--seed <n>] [--out <file.json>] [--threads <n>] [--progress] [--target <objective>]';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface Args { file: string; limit: number; seed: number; out: string | null; threads: number; progress: boolean; target: number | undefined }

function parseArgs(argv: string[]): Args | string {
  let file: string | null = null; let limit = NaN; let seed = 1; let out: string | null = null; let threads = 2; let progress = false; let target: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = (): string | null => { const v = argv[i + 1]; i++; return v === undefined ? null : v; };
    if (a === '--time-limit') { const v = val(); limit = v === null ? NaN : Number(v); if (!(limit > 0)) return `--time-limit needs a number of seconds above 0, got "${v ?? ''}"`; }
    else if (a === '--seed') { const v = val(); seed = Number(v); if (v === null || !Number.isInteger(seed)) return `--seed needs a whole number, got "${v ?? ''}"`; }
    else if (a === '--out') { out = val(); if (!out) return '--out needs a file name'; }
    else if (a === '--threads') { const v = val(); threads = Number(v); if (!Number.isInteger(threads) || threads < 1) return `--threads needs a whole number from 1, got "${v ?? ''}"`; }
    else if (a === '--target') { const v = val(); target = Number(v); if (!Number.isFinite(target)) return `--target needs a number, got "${v ?? ''}"`; }
    else if (a === '--progress') progress = true;
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (file === null) file = a;
    else return `unexpected argument "${a}"`;
  }
  if (file === null) return 'the instance file is missing';
  if (Number.isNaN(limit)) return '--time-limit is required';
  return { file, limit, seed, out, threads, progress, target };
}

/** Seconds kept back for handing results over, writing the file and exiting. */
const SAFETY_MS = 600;

export async function runRosterCli(argv: string[], io: CliIo, workerUrl: URL): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') { io.err(`${args}\n${USAGE}`); return 2; }
  // performance.timeOrigin is when this process started, so start-up counts.
  const deadline = performance.timeOrigin + args.limit * 1000 - SAFETY_MS;
  let text: string;
  try { text = fs.readFileSync(args.file, 'utf8'); } catch (e) {
    io.err(`cannot read ${args.file}: ${e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : 'unreadable'}`);
    return 2;
  }
  let problem: RosterProblem;
  try {
    problem = parseBenchmark(text);
    compileProblem(problem);
  } catch (e) {
    if (e instanceof BenchmarkFormatError) { io.err(`${args.file}: ${e.message}`); return 2; }
    if (e instanceof RosterModelError) { io.err(`${args.file}: ${e.message}`); return 2; }
    throw e;
  }
  const res = await solveInParallel(problem, {
    deadline, seed: args.seed, threads: args.threads, target: args.target,
    workerUrl,
    onProgress: args.progress ? (objective, at) => io.err(JSON.stringify({ objective, ms: Math.round(at - performance.timeOrigin) })) : undefined,
  });
  if (!res.x) {
    io.err(`${args.file}: no roster keeps every hard rule (found none in ${args.limit} s; the closest broke ${res.leastHard.toFixed(1)} rule units). Check the contracts, days off and shift limits, or allow more time.`);
    return 2;
  }
  const P = problem.shifts.length;
  const roster: Record<string, string[]> = {};
  problem.employees.forEach((emp, e) => {
    const row: string[] = [];
    for (let d = 0; d < problem.days; d++) {
      const p = res.x![e * problem.days + d]!;
      row.push(p === 0 ? '' : p <= P ? problem.shifts[p - 1]!.id : '');
    }
    roster[emp.id] = row;
  });
  const json = JSON.stringify({ objective: res.objective, roster });
  if (args.out) {
    try { fs.writeFileSync(args.out, `${json}\n`); } catch (e) {
      io.err(`cannot write ${args.out}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  } else io.out(json);
  return 0;
}
