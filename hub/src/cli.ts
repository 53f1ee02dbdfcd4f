import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ODS_PRACTICE_CODE, normaliseCode } from '../../shared/domain/identifiers';
import { ContentRefused, Hub } from './hub';
import { KEY_ROLES, type KeyRole } from './keys';
import { startHubServer, type HubServer } from './server';
import { HubError } from './store';

export interface HubCliIo {
  out(text: string): void;
  err(text: string): void;
}

export const HUB_USAGE = `usage: hub serve --data DIR [--port 8787] [--host 127.0.0.1] [--demo] [--public-url URL]
       hub publish --data DIR --from FOLDER
       hub rotate-keys --data DIR --role root|targets|snapshot|timestamp|bins
       hub export --data DIR --out FOLDER
       hub enrol --data DIR --ods CODE --name NAME [--url URL]
       hub dashboard-token --data DIR   (a token for the central dashboard at /dashboard)`;

const FLAGS = new Set(['--demo']);
const VALUED = new Set(['--data', '--port', '--host', '--from', '--role', '--out', '--ods', '--name', '--url', '--public-url']);

class UsageError extends Error {}

function parse(argv: readonly string[]): { command: string; opts: Map<string, string> } {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('no command given');
  const opts = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if (FLAGS.has(a)) opts.set(a, 'true');
    else if (VALUED.has(a)) {
      const v = rest[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      opts.set(a, v);
      i++;
    } else throw new UsageError(`unknown argument ${a}`);
  }
  return { command, opts };
}

function need(opts: Map<string, string>, name: string): string {
  const v = opts.get(name);
  if (!v) throw new UsageError(`${name} is required`);
  return v;
}

function httpUrl(value: string, flag: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an http:// or https:// address`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${flag} must be an http:// or https:// address`);
  return value.replace(/\/+$/, '');
}

/** hub/demo-content, found from the source tree or from dist/node beside it. */
export function demoContentDir(): string {
  const env = process.env.SPOKE_HUB_DEMO_CONTENT;
  if (env) return env;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [path.join(dir, 'demo-content'), path.join(dir, 'hub', 'demo-content')]) {
      if (fs.existsSync(path.join(candidate, 'roles.yaml'))) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new HubError('the demo content folder (hub/demo-content) was not found');
}

export interface RunningServe {
  server: HubServer;
  hub: Hub;
}

/** Runs one hub command. `serve` resolves once listening and hands back the server. */
export async function runHubCli(argv: readonly string[], io: HubCliIo): Promise<{ code: number; serve?: RunningServe }> {
  let parsed: { command: string; opts: Map<string, string> };
  try {
    parsed = parse(argv);
  } catch (err) {
    io.err(`${(err as Error).message}\n${HUB_USAGE}`);
    return { code: 2 };
  }
  const { command, opts } = parsed;
  let hub: Hub | null = null;
  try {
    if (!['serve', 'publish', 'rotate-keys', 'export', 'enrol', 'dashboard-token'].includes(command)) throw new UsageError(`unknown command ${command}`);
    const dir = path.resolve(need(opts, '--data'));
    // Validate every argument before touching DIR.
    let role: KeyRole | undefined;
    if (command === 'rotate-keys') {
      const r = need(opts, '--role');
      if (!(KEY_ROLES as readonly string[]).includes(r)) throw new UsageError(`--role must be one of ${KEY_ROLES.join(', ')}`);
      role = r as KeyRole;
    }
    let ods = '';
    let contentUrl: string | undefined;
    if (command === 'enrol') {
      ods = normaliseCode(need(opts, '--ods'));
      if (!ODS_PRACTICE_CODE.test(ods)) throw new UsageError('--ods must be an ODS practice code: a letter and five digits, like A12345');
      const name = need(opts, '--name').trim();
      if (name.length < 2 || name.length > 120) throw new UsageError('--name must be 2 to 120 characters');
      const url = opts.get('--url');
      contentUrl = url ? httpUrl(url, '--url') : undefined;
    }
    let port = 8787;
    if (command === 'serve' && opts.has('--port')) {
      port = Number(opts.get('--port'));
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number from 0 to 65535');
    }
    const from = command === 'publish' ? path.resolve(need(opts, '--from')) : '';
    const out = command === 'export' ? path.resolve(need(opts, '--out')) : '';

    hub = new Hub(dir);
    switch (command) {
      case 'publish': {
        const r = hub.publish(from);
        for (const id of r.added) io.err(`added: ${id}`);
        for (const id of r.changed) io.err(`changed: ${id}`);
        for (const id of r.withdrawn) io.err(`withdrawn: ${id}`);
        io.out(r.release === null ? 'no changes' : `release ${r.release}`);
        return { code: 0 };
      }
      case 'rotate-keys': {
        const r = hub.rotateKeys(role as KeyRole);
        io.err(`new ${role} key ${r.keyid.slice(0, 16)}…; root is now version ${r.rootVersion}`);
        io.out(`root ${r.rootVersion}`);
        return { code: 0 };
      }
      case 'export': {
        const r = hub.exportTo(out);
        io.out(`exported ${r.files} files to ${out}`);
        return { code: 0 };
      }
      case 'enrol': {
        const r = hub.enrol(ods, need(opts, '--name').trim(), contentUrl);
        io.err(`enrolled ${ods} as practice ${r.practiceId}; give the practice this code (it contains a secret):`);
        io.out(r.code);
        return { code: 0 };
      }
      case 'dashboard-token': {
        const r = hub.createDashboardToken();
        io.err(`created a dashboard token; sign in at ${hub.publicUrl()}/dashboard with it (it is a secret, shown only now):`);
        io.out(r.token);
        return { code: 0 };
      }
      case 'serve': {
        if (opts.has('--demo') && hub.currentRelease() === 0) {
          const r = hub.publish(demoContentDir());
          io.err(`loaded the demo content as release ${r.release ?? 0}`);
        }
        const host = opts.get('--host') ?? '127.0.0.1';
        const server = await startHubServer({ hub, port, host });
        hub.setPublicUrl(opts.has('--public-url') ? httpUrl(opts.get('--public-url') ?? '', '--public-url') : server.url);
        io.out(`Spoke hub serving ${dir} at ${server.url} (release ${hub.currentRelease()})`);
        return { code: 0, serve: { server, hub } };
      }
    }
    return { code: 2 };
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n${HUB_USAGE}`);
      return { code: 2 };
    }
    if (err instanceof ContentRefused || err instanceof HubError) io.err(err.message);
    else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') io.err(`the port is already in use; choose another with --port`);
    else io.err(`hub ${command} failed: ${(err as Error).message}`);
    return { code: 1 };
  } finally {
    if (command !== 'serve' || !hub) hub?.close();
  }
}
