/** The built web host on a data folder, and the system Chromium as the benchmarks launch it. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const ROOT = path.resolve(import.meta.dirname, '..');

export interface Host {
  url: string;
  stop(): Promise<void>;
}

/** `rendererDir` serves another build of the UI (default: this one's dist/renderer). */
export function startHost(dataDir: string, rendererDir?: string): Promise<Host> {
  const env = rendererDir ? { ...process.env, SPOKE_RENDERER_DIR: rendererDir } : process.env;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/node/web.mjs'), '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`web host did not start:\n${out}`));
    }, 20_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /running at (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited ${code}:\n${out}`));
    });
  });
}
