import { createHash } from 'node:crypto';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Every name under `dir` with a hash of its bytes: any change, a -wal/-shm or a lock left behind shows. */
export function fingerprint(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (!fs.existsSync(dir)) return result;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isDirectory()) {
        result[`${rel}/`] = 'dir';
        walk(p);
      } else result[rel] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return result;
}

/**
 * How to run a command as an ordinary user. Root ignores file permissions, so a test of
 * read-only files run as root drops to `nobody` with setpriv; anyone else is already an
 * ordinary user. Null where neither works (Windows, or no setpriv).
 */
export function asOrdinaryUser(): { prefix: string[]; uid: number; gid: number } | null {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return null;
  const uid = process.getuid();
  if (uid !== 0) return { prefix: [], uid, gid: process.getgid?.() ?? uid };
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, '-e', 'process.exit(process.getuid() === 65534 ? 0 : 1)']);
  return probe.status === 0 ? { prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'], uid: 65534, gid: 65534 } : null;
}

export interface WebHostProcess {
  proc: ChildProcessWithoutNullStreams;
  port: number;
  token: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A placeholder UI, so the web host can start without a renderer build. */
export function placeholderUi(dir: string): string {
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Spoke</title>');
  return dir;
}

/** Spawns the built web host (dist/node/web.mjs) and waits until it has printed everything it says on start. */
export async function spawnWebHost(args: string[], opts: { ui: string; prefix?: string[]; env?: Record<string, string> }): Promise<WebHostProcess> {
  const command = [...(opts.prefix ?? []), process.execPath, 'dist/node/web.mjs', ...args];
  const [bin, ...rest] = command as [string, ...string[]];
  const proc = spawn(bin, rest, {
    cwd: repoRoot,
    env: { ...process.env, SPOKE_RENDERER_DIR: opts.ui, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const started = await new Promise<RegExpExecArray>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`web host did not start: ${out}`)), 15_000);
    const check = () => {
      const m = /running at http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+)/.exec(out);
      if (m && out.includes('Press Ctrl+C to stop.')) {
        clearTimeout(t);
        resolve(m);
      }
    };
    proc.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(t);
      reject(new Error(`web host exited: ${out}`));
    });
  });
  return { proc, port: Number(started[1]), token: started[2] ?? '', output: () => out, exited };
}

/** Runs `node <args>` in the repository, behind `prefix` (say, setpriv to another user). */
export function runNode(prefix: readonly string[], args: readonly string[]) {
  const [bin, ...rest] = prefix.length ? [prefix[0] ?? '', ...prefix.slice(1), process.execPath, ...args] : [process.execPath, ...args];
  return spawnSync(bin, rest, { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
}

export interface PartialRequest {
  /** Milliseconds from sending until the server closed the connection. */
  closedAfter: Promise<number>;
  /** What the server has sent back so far. */
  received(): string;
  /** Resolves with what the server sent once it includes `text`; rejects after `ms`. */
  waitFor(text: string, ms: number): Promise<string>;
  destroy(): void;
}

/**
 * A client that sends the request line, headers (announcing `bodyBytes`) and only the
 * first `sendBytes` of the body, then goes quiet: a slow or stalled client.
 */
export async function partialRequest(
  port: number,
  opts: { path: string; headers: Record<string, string>; bodyBytes: number; sendBytes: number },
): Promise<PartialRequest> {
  const net = await import('node:net');
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const started = Date.now();
  let received = '';
  socket.on('data', (b: Buffer) => (received += b.toString('latin1')));
  socket.on('error', () => undefined); // the server may reset a connection it refused
  const closedAfter = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  const head = [
    `POST ${opts.path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${opts.bodyBytes}`,
    ...Object.entries(opts.headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  socket.write(head);
  socket.write(Buffer.alloc(opts.sendBytes, 0x20));
  return {
    closedAfter,
    received: () => received,
    waitFor: (text, ms) =>
      new Promise((resolve, reject) => {
        const t0 = Date.now();
        const tick = () => {
          if (received.includes(text)) return resolve(received);
          if (Date.now() - t0 > ms) return reject(new Error(`no "${text}" within ${ms} ms (got ${JSON.stringify(received)})`));
          setTimeout(tick, 10);
        };
        tick();
      }),
    destroy: () => socket.destroy(),
  };
}
