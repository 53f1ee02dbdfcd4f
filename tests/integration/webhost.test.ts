import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PracticeCore } from '../../electron/core/practice-core';
import { startWebHost, type WebHost } from '../../electron/core/webhost/server';
import { tempDir } from '../helpers/core';

let core: PracticeCore;
let host: WebHost;
let staticDir: string;
const session = '3b0f2f7e-1a9d-4c55-8f0e-1d2c3b4a5f60';

beforeAll(async () => {
  staticDir = tempDir('spoke-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Spoke</title>');
  core = new PracticeCore({ dataDir: null });
  host = await startWebHost({ core, port: 0, staticDir });
});
afterAll(async () => {
  await host.close();
  core.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

const post = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${host.port}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, 'x-spoke-session': session, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('the loopback web host', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers 401 with an envelope when the token is missing or wrong', async () => {
    const missing = await fetch(`http://127.0.0.1:${host.port}/api/app.status`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'unauthorised' } });
    const wrong = await post('app.status', {}, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    // One character changed (never to the one it already was).
    const almost = await post('app.status', {}, { authorization: `Bearer ${host.token.slice(0, -1)}${host.token.endsWith('x') ? 'y' : 'x'}` });
    expect(almost.status).toBe(401);
  });

  it('serves the API with the token, keeping a session per client', async () => {
    const res = await post('practice.openDemo', {});
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; value: { profile: { appRole: string } } };
    expect(body.ok).toBe(true);
    expect(body.value.profile.appRole).toBe('practice_manager');
    const list = (await (await post('staff.list', {})).json()) as { ok: boolean; value: unknown[] };
    expect(list.value.length).toBeGreaterThan(20);
    // another tab (another session key) is not signed in
    const other = await post('staff.list', {}, { 'x-spoke-session': '11111111-2222-4333-8444-555555555555' });
    expect(other.status).toBe(401);
    expect(await other.json()).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('maps failures to HTTP codes with user-facing messages, never stack traces', async () => {
    const bad = await post('staff.create', { givenName: '' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { fieldErrors: Record<string, string>; message: string } };
    expect(body.error.fieldErrors['givenName']).toBe('Enter first name');
    const garbage = await post('staff.create', '{not json');
    expect(garbage.status).toBe(400);
    const garbageBody = JSON.stringify(await garbage.json());
    expect(garbageBody).not.toMatch(/at \w+ \(/);
    expect((await post('nope.nothing', {})).status).toBe(404);
    const huge = await post('staff.create', { givenName: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
  });

  it('refuses other Host headers (DNS rebinding) and cross-site origins', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: host.port, path: '/api/app.status', method: 'POST', headers: { host: 'evil.example:80', authorization: `Bearer ${host.token}`, 'content-type': 'application/json' } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
    expect((await post('app.status', {}, { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('serves the UI with a strict content security policy and falls back to index.html', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/staff/anything`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Spoke</title>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
