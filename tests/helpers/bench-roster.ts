import fs from 'node:fs';
import path from 'node:path';
import { parseBenchmark } from '../../shared/roster/benchmark-format';
import type { BenchRoster } from './shift-scheduling-scorer';

const root = path.resolve(__dirname, '..', '..');

/** The text of a benchmark instance kept in the repository. */
export const instanceText = (n: number): string => fs.readFileSync(path.join(root, 'bench', 'shift-scheduling', 'instances', `Instance${n}.txt`), 'utf8');

/** The solver's pattern matrix as a benchmark roster (one shift a day), for the scorer. */
export function asBenchRoster(text: string, x: Int32Array): BenchRoster {
  const pr = parseBenchmark(text);
  const out: BenchRoster = {};
  pr.employees.forEach((e, i) => { out[e.id] = Array.from({ length: pr.days }, (_, d) => { const p = x[i * pr.days + d]!; return p === 0 ? '' : pr.shifts[p - 1]!.id; }); });
  return out;
}
