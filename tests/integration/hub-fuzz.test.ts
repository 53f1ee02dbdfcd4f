import crypto from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEnrolmentCode } from '../../electron/core/features/sync/enrolment';
import { Hub } from '../../hub/src/hub';
import { startHubServer, type HubServer } from '../../hub/src/server';
import { tempDirs } from '../helpers/core';
import { databaseDigest, fuzzRuns, fuzzSeed, rawRequest } from '../helpers/fuzz';

// Every hub endpoint over real HTTP on 127.0.0.1, with generated methods, paths, headers,
// bodies and credentials: the hub never answers 5xx, never dies, and a refused request
// leaves its database exactly as it was.
const temp = tempDirs();
let hub: Hub;
let server: HubServer;
let dbFile: string;
let a: { practiceId: string; token: string };
let b: { practiceId: string; token: string };
let dashboard: string;

beforeAll(async () => {
  const dir = temp.make('spoke-hub-fuzz-');
  hub = new Hub(dir);
  hub.publish(path.resolve(import.meta.dirname, '../../hub/demo-content'));
  // Limits high enough that the fuzzer reaches the handlers; the limits have their own tests.
  server = await startHubServer({ hub, port: 0, host: '127.0.0.1', reportsPerMinute: 1_000_000, reportsPerPracticePerMinute: 1_000_000 });
  hub.setPublicUrl(server.url);
  a = decodeEnrolmentCode(hub.enrol('Z99001', 'Spokeford').code);
  b = decodeEnrolmentCode(hub.enrol('Z99002', 'Otherton').code);
  dashboard = hub.createDashboardToken().token;
  dbFile = path.join(dir, 'hub.db');
}, 60_000);
afterAll(async () => {
  await server.close();
  hub.close();
  temp.removeAll();
});

const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });

const workforce = (practiceId: string) => ({
  practiceId,
  asOf: '2026-11-23',
  listSize: 9000,
  totals: { headcount: 1, wte: 1, arrsWte: 0, coreWte: 1 },
  roles: [{ role: 'gp_partner', headcount: 1, wte: 1 }],
  namedLeads: null,
});

const pathArb = fc.oneof(
  fc.constantFrom(
    '/',
    '/api/v1/reports',
    '/api/v1/reports/',
    '/api/v1/reports?x=1',
    '/metadata/root.json',
    '/metadata/timestamp.json',
    '/metadata/1.root.json',
    '/metadata/..%2f..%2fhub.db',
    '/targets/../hub.db',
    '/targets/%2e%2e/%2e%2e/keys/root.key',
    '/targets/bins/../../keys',
    '/dashboard',
    '/dashboard/sign-in',
    '/dashboard/sign-out',
    '/dashboard/assets/nhsuk.css',
    '/dashboard/assets/../../hub.db',
    '/keys/root.key',
    '/hub.db',
  ),
  fc.array(printable(24).map((s) => encodeURIComponent(s)), { minLength: 1, maxLength: 5 }).map((segs) => `/${segs.join('/')}`),
  fc.tuple(fc.constantFrom('/metadata/', '/targets/', '/dashboard/assets/', '/api/v1/'), printable(80)).map(([p, s]) => p + encodeURI(s).replaceAll('#', '%23').replaceAll('?', '%3F')),
);

const authArb = fc.oneof(
  fc.constant(undefined),
  fc.constant(() => `Bearer ${a.practiceId}:${a.token}`),
  fc.constant(() => `Bearer ${a.practiceId}:${b.token}`),
  fc.constant(() => `Bearer ${b.practiceId}:${a.token}`),
  fc.constant(() => `Bearer ${dashboard}`),
  fc.constant(() => `Bearer ${a.practiceId}:${dashboard}`),
  printable(120).map((s) => () => s),
  printable(60).map((s) => () => `Bearer ${a.practiceId}:${s}`),
);

// A valid report (about A or about B), or one with one field replaced by anything.
const reportArb = fc.tuple(fc.constantFrom(null, null, 'reportId', 'kind', 'createdAt', 'payload', 'extra'), fc.jsonValue({ maxDepth: 3 }), fc.boolean()).map(([k, v, own]) => () => {
  const report: Record<string, unknown> = { reportId: crypto.randomUUID(), kind: 'workforce', createdAt: new Date().toISOString(), payload: workforce(own ? a.practiceId : b.practiceId) };
  if (k !== null) report[k] = v;
  return JSON.stringify(report);
});

const bodyArb = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  // A report close to valid, with one field replaced by anything.
  // A valid report (about A or about B), or one with one field replaced by anything.
  fc.tuple(fc.constantFrom(null, 'reportId', 'kind', 'createdAt', 'payload', 'extra'), fc.jsonValue({ maxDepth: 3 }), fc.boolean()).map(([k, v, own]) => () => {
    const report: Record<string, unknown> = { reportId: crypto.randomUUID(), kind: 'workforce', createdAt: new Date().toISOString(), payload: workforce(own ? a.practiceId : b.practiceId) };
    if (k !== null) report[k] = v;
    return JSON.stringify(report);
  }),
  fc.integer({ min: 64 * 1024 - 16, max: 400 * 1024 }).map((n) => `{"pad":"${'x'.repeat(n)}"}`),
  printable(300),
  fc.uint8Array({ maxLength: 2048 }).map((u) => Buffer.from(u)),
  printable(200).map((t) => `token=${encodeURIComponent(t)}`),
);

const anyRequestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  path: pathArb,
  auth: authArb,
  contentType: fc.constantFrom(undefined, 'application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16'),
  cookie: fc.option(fc.oneof(printable(80), fc.constant('spoke_dashboard=')), { nil: undefined }),
  extraHeaders: fc.dictionary(fc.constantFrom('x-forwarded-for', 'origin', 'accept', 'x-http-method-override', 'range', 'if-none-match', 'accept-encoding'), printable(60), { maxKeys: 3 }),
  body: bodyArb,
});

// A third of the cases are report posts that look right, so the accepting path is reached too.
const requestArb = fc.oneof(
  anyRequestArb,
  anyRequestArb,
  fc.record({
    method: fc.constant('POST'),
    path: fc.constant('/api/v1/reports'),
    auth: authArb,
    contentType: fc.constant('application/json'),
    cookie: fc.constant(undefined),
    extraHeaders: fc.constant({}),
    body: reportArb,
  }),
);

describe('the hub under generated requests', () => {
  it('never answers 5xx, stays up, and changes nothing when it refuses', async () => {
    const runs = fuzzRuns(150);
    const seed = fuzzSeed();
    let tried = 0;
    let accepted = 0;
    let before = databaseDigest(dbFile);
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        tried++;
        const headers: Record<string, string> = { ...r.extraHeaders };
        if (r.auth) headers.authorization = r.auth();
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.cookie !== undefined) headers.cookie = r.cookie;
        const body = typeof r.body === 'function' ? r.body() : r.body;
        const res = await rawRequest(server.port, { method: r.method, path: r.path, headers, body: r.method === 'GET' || r.method === 'HEAD' ? undefined : body });
        expect(res.status, `${r.method} ${r.path} → ${res.status} ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.status !== 0) expect(res.headers['x-content-type-options'], `${r.method} ${r.path} → ${res.status} ${res.body.slice(0, 200)}`).toBe('nosniff');
        const after = databaseDigest(dbFile);
        if (res.status >= 300 || res.status === 0) expect(after, `${r.method} ${r.path} was refused (${res.status}) but changed the hub`).toBe(before);
        else if (after !== before) {
          // Only a practice's own, valid report may change anything.
          expect(r.method).toBe('POST');
          expect(r.path.startsWith('/api/v1/reports')).toBe(true);
          expect(res.status).toBe(201);
          accepted++;
        }
        before = after;
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    // Still up and serving after everything above.
    const alive = await rawRequest(server.port, { method: 'GET', path: '/', headers: {} });
    expect(alive.status).toBe(200);
    // Only reports each practice sent about itself were stored.
    const rows = hub.db.prepare('SELECT practice_id, body FROM reports').all() as { practice_id: string; body: string }[];
    for (const row of rows) expect(row.body).toContain(row.practice_id);
    console.log(`hub-fuzz: ${tried} cases tried (seed ${seed}), ${accepted} accepted reports, 0 failures`);
  }, 120_000);
});
