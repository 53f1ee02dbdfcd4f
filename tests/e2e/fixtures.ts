import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';

export interface SpokeHost {
  url: string;
  origin: string;
  token: string;
  port: number;
  dataDir: string;
}

/** Starts the real web host (the built dist/node/web.mjs) on a fresh data folder and waits for its URL. */
export async function startSpoke(
  extraArgs: string[] = [],
  dataDir?: string,
  /** Runs the host behind this command, e.g. setpriv to another user. */
  prefix: readonly string[] = [],
): Promise<SpokeHost & { stop(): Promise<void>; child: ChildProcess }> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-e2e-'));
  const command = [...prefix, process.execPath, 'dist/node/web.mjs', '--data', dir, '--port', '0', ...extraArgs];
  const child = spawn(command[0] ?? process.execPath, command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start in 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const token = parsed.hash.replace('#token=', '');
  return {
    url,
    origin: parsed.origin,
    token,
    port: Number(parsed.port),
    dataDir: dir,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** `spoke`: a fresh web host per test on its own empty data folder. */
export const test = base.extend<{ spoke: SpokeHost }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from the pattern
  spoke: async ({}, use) => {
    const host = await startSpoke();
    await use(host);
    await host.stop();
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  },
});

export { expect };

/** Runs the built hub CLI (dist/node/hub.mjs) and returns what it printed. */
export const hubCli = (...args: string[]) => spawnSync(process.execPath, ['dist/node/hub.mjs', ...args], { encoding: 'utf8' });

/** The real hub (dist/node/hub.mjs) on a free port, serving DIR (`--demo` loads the sample content into a new DIR). */
export async function startHub(dir: string, extraArgs: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['dist/node/hub.mjs', 'serve', '--data', dir, '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 15_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+) \(release/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
  return { url, child };
}
