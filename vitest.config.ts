import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Unit, database and hub-over-loopback tests run in Node; component tests opt into
// jsdom per file with `// @vitest-environment jsdom`. Browser journeys are Playwright's.
export default defineConfig({
  plugins: [react()],
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
});
