import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PracticeCore } from '../../electron/core/practice-core';
import { startWebHost, type WebHost } from '../../electron/core/webhost/server';
import { CHANNELS } from '../../shared/channels';
import { contract } from '../../shared/contract';
import { tempDirs } from '../helpers/core';
import { databaseDigest, fuzzRuns, fuzzSeed, rawRequest } from '../helpers/fuzz';

// Every practice API channel through the loopback web host over real HTTP, with inputs
// shaped from each channel's zod schema plus plain junk, and hostile requests around
// them: never a 5xx, a read or a refused call leaves the practice database as it was.
const temp = tempDirs();
let core: PracticeCore;
let host: WebHost;
let dbFile: string;
let managerId = '';
const SESSION = '3b0f2f7e-1a9d-4c55-8f0e-1d2c3b4a5f60';

beforeAll(async () => {
  const dir = temp.make('spoke-api-fuzz-');
  core = new PracticeCore({ dataDir: dir, create: 'ifMissing' });
  const ui = temp.make('spoke-ui-');
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Spoke</title>');
  fs.writeFileSync(path.join(ui, 'app.js'), 'console.log(1)');
  host = await startWebHost({ core, port: 0, staticDir: ui });
  dbFile = path.join(dir, 'spoke.db');
  const demo = JSON.parse((await call('practice.openDemo', '{}')).body) as { ok: boolean; value: { profile: { id: string } } };
  expect(demo.ok).toBe(true);
  managerId = demo.value.profile.id;
}, 60_000);
afterAll(async () => {
  await host.close();
  core.close();
  temp.removeAll();
});

function call(channel: string, body: string, headers: Record<string, string> = {}) {
  return rawRequest(host.port, {
    method: 'POST',
    path: `/api/${encodeURIComponent(channel)}`,
    headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', authorization: `Bearer ${host.token}`, 'x-spoke-session': SESSION, ...headers },
    body,
  });
}

const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const junkValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('', ' ', '\u0000', '<script>alert(1)</script>', '../../etc/passwd', '2026-02-30', '2026-11-23', '9999-12-31', '00000000-0000-0000-0000-000000000000', -1, 0, 1e308, Number.MAX_SAFE_INTEGER, 'Z99001', '‮evil', 'x'.repeat(5000)),
);

/** The keys a channel's input schema names, so generated objects get past the first check. */
function keysOf(channel: string): string[] {
  const spec = (contract as Record<string, { input: unknown }>)[channel];
  const shape = (spec?.input as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

const bodyFor = (channel: string) =>
  fc.oneof(
    fc.constant('{}'),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.dictionary(fc.constantFrom(...keysOf(channel), 'extra'), junkValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
    printable(200),
    fc.constant(`{"pad":"${'x'.repeat(1_100_000)}"}`),
  );

const caseArb = fc.constantFrom(...CHANNELS, 'no.such', '__proto__', 'constructor', 'app.status/../x').chain((channel) =>
  fc.record({
    channel: fc.constant(channel),
    body: bodyFor(channel),
    // Mostly the real caller; sometimes a hostile one that must be refused before dispatch.
    hostile: fc.option(
      fc.constantFrom<Record<string, string>>(
        { authorization: 'Bearer wrong' },
        { authorization: '' },
        { host: 'evil.example:80' },
        { host: 'localhost.evil.example' },
        { origin: 'http://evil.example' },
        { origin: 'null' },
        { 'content-type': 'text/plain' },
        { 'x-spoke-session': 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
      ),
      { nil: undefined, freq: 3 },
    ),
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE'),
  }),
);

const REQUIRED_HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'permissions-policy'];

describe('every practice API channel under generated input', () => {
  it('never answers 5xx, and reads, GETs and refused calls change nothing', async () => {
    const runs = fuzzRuns(300);
    const seed = fuzzSeed();
    let tried = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (k) => {
        tried++;
        // Signed in as the practice manager before each case, so write channels are reachable.
        const signIn = await call('session.signIn', JSON.stringify({ profileId: managerId }));
        expect(signIn.status, signIn.body).toBe(200);
        const before = databaseDigest(dbFile);
        const res =
          k.method === 'POST'
            ? await call(k.channel, k.body, k.hostile ?? {})
            : await rawRequest(host.port, { method: k.method, path: `/api/${encodeURIComponent(k.channel)}`, headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}`, ...(k.hostile ?? {}) }, body: k.method === 'GET' ? undefined : k.body });
        const what = `${k.method} ${k.channel} ${JSON.stringify(k.hostile)} ${k.body.slice(0, 200)} → ${res.status} ${res.body.slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status !== 0) for (const h of REQUIRED_HEADERS) expect(res.headers[h], `${h} on ${what}`).toBeTruthy();
        const after = databaseDigest(dbFile);
        const spec = (contract as Record<string, { kind: string }>)[k.channel];
        const refused = res.status !== 200;
        if (refused || k.method !== 'POST' || k.hostile !== undefined || spec?.kind === 'read') {
          expect(after, `changed the practice database: ${what}`).toBe(before);
        }
        if (!refused) accepted++;
        if (k.hostile !== undefined && !('x-spoke-session' in k.hostile)) expect(refused, what).toBe(true);
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    expect((await call('app.status', '{}')).status).toBe(200);
    console.log(`api-fuzz: ${tried} cases tried (seed ${seed}), ${accepted} accepted, 0 failures`);
  }, 120_000);

  it('sends the security headers on static files, the UI fallback and refusals alike', async () => {
    const answers = [
      await rawRequest(host.port, { method: 'GET', path: '/', headers: { host: `127.0.0.1:${host.port}` } }),
      await rawRequest(host.port, { method: 'GET', path: '/app.js', headers: { host: `127.0.0.1:${host.port}` } }),
      await rawRequest(host.port, { method: 'GET', path: '/no/such/page', headers: { host: `127.0.0.1:${host.port}` } }),
      await rawRequest(host.port, { method: 'GET', path: '/', headers: { host: 'evil.example' } }),
      await rawRequest(host.port, { method: 'POST', path: '/api/app.status', headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, body: '{' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 403, 400]);
    for (const res of answers) {
      for (const h of REQUIRED_HEADERS) expect(res.headers[h], h).toBeTruthy();
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});
