import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPracticeCli } from '../../electron/core/cli/practice-cli';
import { tempDirs } from '../helpers/core';
import { partialRequest, placeholderUi, repoRoot, runNode, spawnWebHost } from '../helpers/processes';

// The built web host (dist/node/web.mjs) as its own process, as `npm run web` starts it.
const temp = tempDirs();
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--node-only'], { cwd: repoRoot, stdio: 'ignore' });
}, 120_000);
afterAll(() => temp.removeAll());

function demoFolder(): string {
  const d = temp.make('spoke-web-');
  expect(runPracticeCli(['demo', '--data', d], { out: () => undefined, err: () => undefined })).toBe(0);
  return d;
}

describe('the web host process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('stops on %s within seconds with a client mid-request, releasing the lock', async (signal) => {
    const d = demoFolder();
    const host = await spawnWebHost(['--data', d, '--port', '0'], { ui: placeholderUi(temp.make('spoke-ui-')) });
    expect(fs.existsSync(path.join(d, 'spoke.lock'))).toBe(true);
    const stalled = await partialRequest(host.port, {
      path: '/api/staff.list',
      headers: { authorization: `Bearer ${host.token}` },
      bodyBytes: 2000,
      sendBytes: 100,
    });
    await new Promise((r) => setTimeout(r, 200)); // the server is now waiting for the rest of the body
    const t0 = Date.now();
    host.proc.kill(signal);
    const exit = await host.exited;
    const took = Date.now() - t0;
    expect(took).toBeLessThan(5_000);
    expect(exit.code).toBe(0);
    expect(await stalled.closedAfter).toBeLessThan(6_000);
    expect(fs.existsSync(path.join(d, 'spoke.lock'))).toBe(false);
    expect(fs.readdirSync(d).sort()).toEqual(['spoke.db']); // closed cleanly: WAL folded in, no -wal/-shm
    expect(runNode([], ['dist/node/practice.mjs', 'check', '--data', d]).status).toBe(0);
  });

  it('answers 401 to a 900 KB body without the token before the client has sent it', async () => {
    const d = demoFolder();
    const host = await spawnWebHost(['--data', d, '--port', '0'], { ui: placeholderUi(temp.make('spoke-ui-')) });
    try {
      const req = await partialRequest(host.port, { path: '/api/staff.create', headers: {}, bodyBytes: 900 * 1024, sendBytes: 4096 });
      const answer = await req.waitFor('"code":"unauthorised"', 3_000);
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
      expect(await req.closedAfter).toBeLessThan(3_000);
    } finally {
      host.proc.kill('SIGTERM');
      await host.exited;
    }
  });

  it('drops a client that sends headers and half a body within 10-30 s, by default', async () => {
    const d = demoFolder();
    const host = await spawnWebHost(['--data', d, '--port', '0'], { ui: placeholderUi(temp.make('spoke-ui-')) });
    try {
      const req = await partialRequest(host.port, {
        path: '/api/app.status',
        headers: { authorization: `Bearer ${host.token}` },
        bodyBytes: 1000,
        sendBytes: 500,
      });
      const after = await req.closedAfter;
      expect(after).toBeGreaterThanOrEqual(10_000);
      expect(after).toBeLessThan(30_000);
      expect(req.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      host.proc.kill('SIGTERM');
      await host.exited;
    }
  }, 45_000);

  it.each([['--port', '0x10'], ['--port', ''], ['--port', '1e3'], ['--idle-hours', '0'], ['--idle-hours', ' 12'], ['--idle-hours', '1.5']])(
    'refuses %s %j as a usage error',
    (flag, value) => {
      const r = runNode([], ['dist/node/web.mjs', '--data', temp.make('spoke-web-'), flag, value]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/must be a whole number .*in digits\nusage: npm run web/);
    },
  );
});
