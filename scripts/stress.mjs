#!/usr/bin/env node
// `npm run test:stress [-- --kills N] [--runs N] [--seed N]`: the SIGKILL crash loops
// (100 kills each by default) and the fuzzers at full length (2,000 cases by default).
// CI calls it with a small count after `npm test`. Exit status: non-zero on any failure.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { kills: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' } } });
const env = {
  ...process.env,
  STRESS_KILLS: values.kills ?? process.env.STRESS_KILLS ?? '100',
  FUZZ_RUNS: values.runs ?? process.env.FUZZ_RUNS ?? '2000',
};
if (values.seed) {
  env.STRESS_SEED = values.seed;
  env.FUZZ_SEED = values.seed;
}
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--node-only'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log(`stress: ${env.STRESS_KILLS} kills per loop, ${env.FUZZ_RUNS} cases per fuzzer`);
const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.stress.config.ts'], { cwd: root, stdio: 'inherit', env });
process.exit(run.status ?? 1);
