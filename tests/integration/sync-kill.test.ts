import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../helpers/core';
import { copyDemoContent, held, startTestHub, TamperProxy, type TestHub } from '../helpers/hub';

// The sync as users run it (`practice -- sync`), killed with SIGKILL at random moments.
const root = path.resolve(import.meta.dirname, '../..');
const temp = tempDirs();
let hub: TestHub;
let proxy: TamperProxy;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--node-only'], { cwd: root, stdio: 'ignore' });
  hub = await startTestHub(temp.make('spoke-hub-'), copyDemoContent(path.join(temp.make(), 'content')));
  proxy = await new TamperProxy(hub.url).start();
  // Slow every target a little, so that kills land while content is downloading too.
  proxy.rule = (p) => (p.startsWith('/targets/') ? { kind: 'delay', ms: 60 } : undefined);
}, 120_000);
afterAll(async () => {
  await proxy.close();
  await hub.close();
  temp.removeAll();
});

const practice = (...args: string[]) => spawnSync(process.execPath, ['dist/node/practice.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
/** For commands that talk to the hub, which runs in this process: never block its event loop. */
function practiceAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/node/practice.mjs', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('a sync killed at any moment', () => {
  it('leaves a healthy database holding one whole release, and the next sync completes', async () => {
    const dir = temp.make('spoke-practice-');
    expect(practice('demo', '--data', dir).status).toBe(0);
    const code = hub.hub.enrol('Z99001', 'Spokeford', proxy.url).code;
    expect((await practiceAsync('enrol', '--data', dir, '--code', code)).status).toBe(0);
    const seen = new Set<string>();
    let kills = 0;
    const slowTargets = proxy.rule;
    for (let round = 0; round < 8; round++) {
      // The first round holds every content download for 10 s, so its kill always lands
      // while targets are being fetched (on a fast machine a whole sync can finish before a
      // random kill); later rounds are killed at random moments, or finish.
      proxy.rule = round === 0 ? (p) => (p.startsWith('/targets/') ? { kind: 'delay', ms: 10_000 } : undefined) : slowTargets;
      const child = spawn(process.execPath, ['dist/node/practice.mjs', 'sync', '--data', dir], { cwd: root, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      // Process start-up is ~0.3 s; the first sync then takes a second or so here.
      const at = round === 0 ? 500 + Math.floor(Math.random() * 1500) : 150 + Math.floor(Math.random() * 1200);
      const timer = setTimeout(() => {
        if (child.exitCode === null) {
          child.kill('SIGKILL');
          kills++;
        }
      }, at);
      await exited;
      clearTimeout(timer);
      const check = practice('check', '--data', dir);
      expect(check.status, check.stderr).toBe(0);
      const state = held(dir);
      // Either nothing yet, or every item of release 1: never part of one.
      expect([null, 1]).toContain(state.release);
      expect(state.items).toBe(state.release === null ? 0 : 16);
      seen.add(`${state.release}`);
      if (state.release === 1 && round > 2) break;
    }
    proxy.rule = slowTargets;
    expect(kills).toBeGreaterThan(0);
    const last = await practiceAsync('sync', '--data', dir, '--json');
    expect(last.status, last.stderr).toBe(0);
    expect((JSON.parse(last.stdout) as { release: number }).release).toBe(1);
    expect(held(dir).items).toBe(16);
    expect(practice('check', '--data', dir).status).toBe(0);
  }, 120_000);
});
