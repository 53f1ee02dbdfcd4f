import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeEnrolmentCode } from '../../electron/core/features/sync/enrolment';
import { Hub } from '../../hub/src/hub';
import { startHubServer, type HubServer } from '../../hub/src/server';
import { tempDirs } from '../helpers/core';
import { rawRequest } from '../helpers/fuzz';

const temp = tempDirs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  temp.removeAll();
});

async function hubWith(opts: Partial<Parameters<typeof startHubServer>[0]> = {}): Promise<{ hub: Hub; server: HubServer; dir: string }> {
  const dir = temp.make('spoke-hub-');
  const hub = new Hub(dir);
  const server = await startHubServer({ hub, port: 0, host: '127.0.0.1', ...opts });
  hub.setPublicUrl(server.url);
  closers.push(async () => {
    await server.close();
    hub.close();
  });
  return { hub, server, dir };
}

const report = (practiceId: string) => ({
  reportId: crypto.randomUUID(),
  kind: 'workforce',
  createdAt: new Date().toISOString(),
  payload: { practiceId, asOf: '2026-11-23', listSize: 1, totals: { headcount: 1, wte: 1, arrsWte: 0, coreWte: 1 }, roles: [], namedLeads: null },
});

describe('hub hardening', () => {
  it('stores practice and dashboard tokens only as SHA-256 hashes', async () => {
    const { hub, dir } = await hubWith();
    const a = decodeEnrolmentCode(hub.enrol('Z99001', 'Spokeford').code);
    const dash = hub.createDashboardToken().token;
    // The main file and its WAL together hold everything written so far.
    const bytes = Buffer.concat(fs.readdirSync(dir).filter((f) => f.startsWith('hub.db')).map((f) => fs.readFileSync(path.join(dir, f))));
    expect(bytes.includes(Buffer.from(a.token))).toBe(false);
    expect(bytes.includes(Buffer.from(dash))).toBe(false);
    expect(bytes.includes(Buffer.from(crypto.createHash('sha256').update(a.token).digest('hex')))).toBe(true);
  });

  it('keeps the central-team token and practice tokens apart', async () => {
    const { hub, server } = await hubWith();
    const a = decodeEnrolmentCode(hub.enrol('Z99001', 'Spokeford').code);
    const dash = hub.createDashboardToken().token;
    expect(hub.authenticateDashboard(a.token)).toBe(false);
    expect(hub.authenticateDashboard(`${a.practiceId}:${a.token}`)).toBe(false);
    expect(hub.authenticate(`${a.practiceId}:${dash}`)).toBeNull();
    const signIn = await rawRequest(server.port, { method: 'POST', path: '/dashboard/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(a.token)}` });
    expect(signIn.status).toBe(401);
    const asPractice = await rawRequest(server.port, { method: 'POST', path: '/api/v1/reports', headers: { 'content-type': 'application/json', authorization: `Bearer ${dash}` }, body: JSON.stringify(report(a.practiceId)) });
    expect(asPractice.status).toBe(401);
    // A practice token in the dashboard cookie shows the sign-in page, not the dashboard.
    const page = await rawRequest(server.port, { method: 'GET', path: '/dashboard', headers: { cookie: `spoke_dashboard=${encodeURIComponent(a.token)}` } });
    expect(page.body).not.toContain('Spokeford');
  });

  it('lets no practice write another practice’s reports, and serves no report back to anyone', async () => {
    const { hub, server } = await hubWith();
    const a = decodeEnrolmentCode(hub.enrol('Z99001', 'Spokeford').code);
    const b = decodeEnrolmentCode(hub.enrol('Z99002', 'Otherton').code);
    const aboutB = report(b.practiceId);
    const res = await rawRequest(server.port, { method: 'POST', path: '/api/v1/reports', headers: { 'content-type': 'application/json', authorization: `Bearer ${a.practiceId}:${a.token}` }, body: JSON.stringify(aboutB) });
    expect(res.status).toBe(403);
    const mine = report(a.practiceId);
    expect((await rawRequest(server.port, { method: 'POST', path: '/api/v1/reports', headers: { 'content-type': 'application/json', authorization: `Bearer ${a.practiceId}:${a.token}` }, body: JSON.stringify(mine) })).status).toBe(201);
    for (const p of ['/api/v1/reports', `/api/v1/reports/${mine.reportId}`, `/api/v1/practices/${a.practiceId}`, '/api/v1/enrol']) {
      for (const auth of [`Bearer ${a.practiceId}:${a.token}`, `Bearer ${b.practiceId}:${b.token}`]) {
        const got = await rawRequest(server.port, { method: 'GET', path: p, headers: { authorization: auth } });
        expect(got.status, p).toBe(404);
        expect(got.body).not.toContain(mine.reportId);
      }
    }
    // Enrolment is a hub-side command only: nothing over HTTP creates a practice.
    expect((await rawRequest(server.port, { method: 'POST', path: '/api/v1/enrol', headers: { 'content-type': 'application/json' }, body: '{"ods":"Z99003"}' })).status).toBe(404);
    expect((hub.db.prepare('SELECT COUNT(*) AS n FROM practices').get() as { n: number }).n).toBe(2);
  });

  it('limits report calls per practice as well as per address', async () => {
    const { hub, server } = await hubWith({ reportsPerMinute: 1000, reportsPerPracticePerMinute: 3 });
    const a = decodeEnrolmentCode(hub.enrol('Z99001', 'Spokeford').code);
    const b = decodeEnrolmentCode(hub.enrol('Z99002', 'Otherton').code);
    const send = (who: { practiceId: string; token: string }) =>
      rawRequest(server.port, { method: 'POST', path: '/api/v1/reports', headers: { 'content-type': 'application/json', authorization: `Bearer ${who.practiceId}:${who.token}` }, body: JSON.stringify(report(who.practiceId)) });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await send(a)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    // Guessing A's token is limited the same way, and B is not held back by A.
    const guess = await rawRequest(server.port, { method: 'POST', path: '/api/v1/reports', headers: { 'content-type': 'application/json', authorization: `Bearer ${a.practiceId}:wrong` }, body: '{}' });
    expect(guess.status).toBe(429);
    expect((await send(b)).status).toBe(201);
  });

  it('limits the size of every body, and answers oversized ones without storing anything', async () => {
    const { hub, server } = await hubWith();
    const a = decodeEnrolmentCode(hub.enrol('Z99001', 'Spokeford').code);
    const big = JSON.stringify({ ...report(a.practiceId), pad: 'x'.repeat(200_000) });
    for (const [method, p, type] of [
      ['POST', '/api/v1/reports', 'application/json'],
      ['POST', '/dashboard/sign-in', 'application/x-www-form-urlencoded'],
      ['POST', '/dashboard/sign-out', 'application/json'],
      ['PUT', '/metadata/root.json', 'application/json'],
      ['POST', '/', 'application/json'],
    ] as const) {
      const res = await rawRequest(server.port, { method, path: p, headers: { 'content-type': type, authorization: `Bearer ${a.practiceId}:${a.token}` }, body: big });
      // 413, 404 or 405, or the connection cut: never read whole, never a 5xx.
      expect([0, 404, 405, 413], `${method} ${p}`).toContain(res.status);
    }
    expect((hub.db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n).toBe(0);
  });

  it('sends its security headers on every answer, errors and malformed requests included', async () => {
    const { server } = await hubWith();
    const answers = [
      await rawRequest(server.port, { method: 'GET', path: '/', headers: {} }),
      await rawRequest(server.port, { method: 'GET', path: '/nowhere', headers: {} }),
      await rawRequest(server.port, { method: 'POST', path: '/api/v1/reports', headers: { 'content-type': 'application/json' }, body: '{' }),
      await rawRequest(server.port, { method: 'GET', path: '/metadata/root.json', headers: {} }),
      await rawRequest(server.port, { method: 'GET', path: '/dashboard', headers: {} }),
    ];
    for (const res of answers) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    }
  });
});
