import { defineConfig } from 'vitest/config';

// `npm run test:stress`: the SIGKILL crash loops (tests/stress/) and the fuzzers at full
// length (FUZZ_RUNS). Not part of `npm test`'s default run, which uses vitest.config.ts.
export default defineConfig({
  test: {
    include: ['tests/stress/**/*.stress.ts', 'tests/integration/*-fuzz.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
  },
});
