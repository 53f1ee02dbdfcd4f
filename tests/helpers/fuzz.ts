import { createHash } from 'node:crypto';
import http from 'node:http';
import Database from 'better-sqlite3';

/** How many generated cases each fuzzer tries: modest in `npm test`, full length under `npm run test:stress`. */
export function fuzzRuns(quick: number): number {
  const raw = Number(process.env.FUZZ_RUNS || 'x');
  return Number.isInteger(raw) && raw > 0 ? raw : quick;
}

/** The seed for fast-check, printed so a failing run can be repeated (FUZZ_SEED=...). */
export function fuzzSeed(): number {
  const raw = Number(process.env.FUZZ_SEED || 'x');
  return Number.isInteger(raw) ? raw : Date.now() % 2_147_483_647;
}

/**
 * Every row of every table of a SQLite file, hashed in a fixed order: two equal digests
 * mean the database holds the same data (read through a second, read-only connection so
 * the process under test keeps its own).
 */
export function databaseDigest(file: string, skipTables: readonly string[] = []): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    for (const { name } of tables) {
      if (skipTables.includes(name)) continue;
      hash.update(`\u0000table ${name}\u0000`);
      const rows = db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).raw().all() as unknown[][];
      const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? v.toString() : v)));
      lines.sort();
      for (const l of lines) hash.update(l).update('\n');
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request with exactly the method, path, headers and body given (fetch would
 * normalise or refuse some of them). A reset connection counts as an answer of status 0:
 * servers may cut a client that sends a body they refuse to read.
 */
export function rawRequest(port: number, req: { method: string; path: string; headers: Record<string, string>; body?: Buffer | string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers: req.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }));
    });
    r.setTimeout(10_000, () => r.destroy(new Error(`no answer within 10 s: ${req.method} ${req.path}`)));
    r.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve({ status: 0, headers: {}, body: '' }) : reject(err)));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}
