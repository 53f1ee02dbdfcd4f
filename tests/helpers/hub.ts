import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Hub } from '../../hub/src/hub';
import { startHubServer, type HubServer } from '../../hub/src/server';
import { decodeEnrolmentCode, fetchTrustedRoot, metadataUrlOf, targetsUrlOf, type EnrolmentCode } from '../../electron/core/features/sync/enrolment';
import type { FetcherOptions } from '../../electron/core/features/sync/fetcher';
import { runSync, type SyncOutcome, type SyncProgress } from '../../electron/core/features/sync/sync-engine';
import { GenerationTrustStore } from '../../electron/core/features/sync/trust-store';

export const DEMO_CONTENT = path.resolve(import.meta.dirname, '../../hub/demo-content');

/** A copy of the demo content that a test may edit. */
export function copyDemoContent(to: string): string {
  fs.cpSync(DEMO_CONTENT, to, { recursive: true });
  return to;
}

/** What a practice folder holds of the central content: its release and each item's version. */
export function held(dir: string): { release: number | null; items: number; versions: string } {
  const db = new Database(path.join(dir, 'spoke.db'), { readonly: true });
  try {
    const release = (db.prepare('SELECT release FROM sync_state').get() as { release: number | null } | undefined)?.release ?? null;
    const rows = db.prepare('SELECT item_id, version FROM central_item WHERE withdrawn = 0 ORDER BY item_id').all() as { item_id: string; version: number }[];
    return { release, items: rows.length, versions: rows.map((r) => `${r.item_id}@${r.version}`).join(',') };
  } finally {
    db.close();
  }
}

export interface TestHub {
  hub: Hub;
  server: HubServer;
  url: string;
  close(): Promise<void>;
}

export async function startTestHub(dir: string, content = DEMO_CONTENT, clock?: () => Date): Promise<TestHub> {
  const hub = new Hub(dir, clock);
  hub.publish(content);
  const server = await startHubServer({ hub, port: 0, host: '127.0.0.1' });
  hub.setPublicUrl(server.url);
  return {
    hub,
    server,
    url: server.url,
    close: async () => {
      await server.close();
      hub.close();
    },
  };
}

export type ProxyAction =
  | { kind: 'mutate'; fn: (body: Buffer) => Buffer }
  | { kind: 'respond'; status: number; body: Buffer | string; headers?: Record<string, string> }
  | { kind: 'stall' }
  | { kind: 'endless' }
  | { kind: 'delay'; ms: number };

/**
 * A man in the middle between a practice and the hub: forwards every request, and lets
 * a test change, replace, hold or stretch any answer by path.
 */
export class TamperProxy {
  readonly requests: string[] = [];
  rule: (path: string) => ProxyAction | undefined = () => undefined;
  private server: http.Server | null = null;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  constructor(private readonly upstream: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const a = this.server.address();
    this.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const p = req.url ?? '/';
    this.requests.push(p);
    const action = this.rule(p);
    if (action?.kind === 'stall') return; // accept, then say nothing
    if (action?.kind === 'respond') {
      res.writeHead(action.status, { 'content-type': 'text/html', ...action.headers });
      res.end(action.body);
      return;
    }
    if (action?.kind === 'endless') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    let upstream: Response;
    let body: Buffer;
    try {
      upstream = await fetch(this.upstream + p);
      body = Buffer.from(await upstream.arrayBuffer());
    } catch {
      res.destroy();
      return;
    }
    if (action?.kind === 'delay') await new Promise((r) => setTimeout(r, action.ms));
    if (action?.kind === 'mutate' && upstream.status === 200) body = action.fn(body);
    if (res.destroyed) return;
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream', 'content-length': String(body.length) });
    res.end(body);
  }
}

/**
 * A practice's side of sync, with the central content applied to a real SQLite table in
 * one transaction, as the app does: enough to prove that a refused sync leaves the data
 * and the trusted metadata byte for byte as they were.
 */
export class TestPractice {
  readonly db: Database.Database;
  readonly trust: GenerationTrustStore;
  code: EnrolmentCode | null = null;
  contentUrl = '';

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.db = new Database(path.join(dir, 'practice.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS central_items (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL) STRICT;
                  CREATE TABLE IF NOT EXISTS central_release (one INTEGER PRIMARY KEY CHECK (one = 1), release INTEGER NOT NULL) STRICT;`);
    this.trust = new GenerationTrustStore(path.join(dir, 'tuf'));
  }

  async enrol(code: string, contentUrl?: string): Promise<void> {
    this.code = decodeEnrolmentCode(code);
    this.contentUrl = contentUrl ?? this.code.content;
    const root = await fetchTrustedRoot({ ...this.code, content: this.contentUrl });
    this.trust.initialise(root);
  }

  sync(opts: { fetch?: FetcherOptions; onProgress?: (p: SyncProgress) => void; contentUrl?: string } = {}): Promise<SyncOutcome> {
    const content = opts.contentUrl ?? this.contentUrl;
    const held = this.db.prepare('SELECT 1 FROM central_items WHERE path = ? AND sha256 = ?');
    return runSync({
      trust: this.trust,
      metadataUrl: metadataUrlOf(content),
      targetUrl: targetsUrlOf(content),
      cacheDir: path.join(this.dir, 'tuf-cache'),
      stagingBase: path.join(this.dir, 'tuf'),
      fetch: opts.fetch ?? {},
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      holds: (p, sha) => held.get(p, sha) !== undefined,
      apply: (plan) => {
        const upsert = this.db.prepare(
          'INSERT INTO central_items (path, sha256, kind, id, version, body) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, version = excluded.version, body = excluded.body',
        );
        this.db.transaction(() => {
          for (const item of plan.arrived) {
            upsert.run(item.path, item.sha256, item.custom.kind, item.custom.id, item.custom.version, JSON.stringify(item.doc));
          }
          for (const row of this.db.prepare('SELECT path FROM central_items').all() as { path: string }[]) {
            if (!plan.present.has(row.path)) this.db.prepare('DELETE FROM central_items WHERE path = ?').run(row.path);
          }
          this.db.prepare('INSERT INTO central_release (one, release) VALUES (1, ?) ON CONFLICT (one) DO UPDATE SET release = excluded.release').run(plan.release.release);
        })();
      },
    });
  }

  /** Everything the practice holds: its rows and its trusted metadata, for exact comparison. */
  state(): { rows: unknown[]; release: unknown; trust: Record<string, string> } {
    return {
      rows: this.db.prepare('SELECT * FROM central_items ORDER BY path').all(),
      release: this.db.prepare('SELECT release FROM central_release').get(),
      trust: Object.fromEntries([...this.trust.read()].map(([k, v]) => [k, v.toString('base64')])),
    };
  }

  release(): number | undefined {
    return (this.db.prepare('SELECT release FROM central_release').get() as { release: number } | undefined)?.release;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM central_items').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
