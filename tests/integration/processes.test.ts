import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../helpers/core';

// These run the built entry points as separate processes, exactly as users do.
const root = path.resolve(import.meta.dirname, '../..');
const temp = tempDirs();
const dir = (prefix?: string) => temp.make(prefix);

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--node-only'], { cwd: root, stdio: 'ignore' });
}, 120_000);
afterAll(() => temp.removeAll());

const npmPractice = (...args: string[]) =>
  spawnSync('npm', ['run', '--silent', 'practice', '--', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('the practice CLI as a process', () => {
  it('`npm run --silent practice -- export` prints only JSON on stdout', () => {
    const d = dir();
    const demo = npmPractice('demo', '--data', d);
    expect(demo.status).toBe(0);
    const exp = npmPractice('export', '--data', d);
    expect(exp.status).toBe(0);
    const data = JSON.parse(exp.stdout) as { staff: unknown[] };
    expect(data.staff.length).toBeGreaterThanOrEqual(25);
    expect(npmPractice('check', '--data', d).status).toBe(0);
  });

  it('exits 2 with usage for unknown commands', () => {
    const r = npmPractice('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run --silent practice/);
  });

  it('a second process on the same data folder is told which process holds it', async () => {
    const d = dir();
    const ui = dir('spoke-ui-');
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Spoke</title>');
    const host = spawn(process.execPath, ['dist/node/web.mjs', '--data', d, '--port', '0'], {
      cwd: root,
      env: { ...process.env, SPOKE_RENDERER_DIR: ui },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const t = setTimeout(() => reject(new Error(`no start: ${out}`)), 15_000);
        host.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          if (out.includes('running at')) {
            clearTimeout(t);
            resolve();
          }
        });
      });
      const r = spawnSync(process.execPath, ['dist/node/practice.mjs', 'export', '--data', d], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`already open in another Spoke process (web host, process ${host.pid}`);
    } finally {
      host.kill('SIGTERM');
      await new Promise((r) => host.once('exit', r));
    }
    // the lock goes with the process that held it
    expect(fs.existsSync(path.join(d, 'spoke.lock'))).toBe(false);
    expect(spawnSync(process.execPath, ['dist/node/practice.mjs', 'check', '--data', d], { cwd: root }).status).toBe(0);
  });
});
