import { afterEach, describe, expect, it } from 'vitest';
import { PracticeCore } from '../../electron/core/practice-core';
import { describeIdle, startWebHost, type WebHost, type WebHostOptions } from '../../electron/core/webhost/server';
import { tempDirs } from '../helpers/core';
import { partialRequest, placeholderUi } from '../helpers/processes';

const temp = tempDirs();
const running: { host: WebHost; core: PracticeCore }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.host.close();
    r.core.close();
  }
  temp.removeAll();
});

async function demoHost(extra: Partial<WebHostOptions> = {}) {
  const core = new PracticeCore({ dataDir: null });
  const host = await startWebHost({ core, port: 0, staticDir: placeholderUi(temp.make('spoke-ui-')), ...extra });
  running.push({ host, core });
  const post = async (channel: string, body: unknown, session: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`http://127.0.0.1:${host.port}/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, 'x-spoke-session': session, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } } };
  };
  const first = await post('practice.openDemo', {}, sid(0));
  const manager = (first.body.value?.['profile'] as { id: string }).id;
  return { host, core, post, manager };
}

const sid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('web host sessions', () => {
  it('an active tab stays signed in however many other sessions come and go', async () => {
    const { post } = await demoHost();
    // the old limit dropped the oldest of 256 sessions even while it was in use
    for (let i = 1; i <= 300; i++) {
      const r = await post('app.status', {}, sid(1000 + i));
      expect(r.status).toBe(200);
      if (i % 100 === 0) expect((await post('staff.list', {}, sid(0))).status).toBe(200);
    }
    expect((await post('staff.list', {}, sid(0))).status).toBe(200);
  });

  it('at the limit, the least recently used session goes, not the oldest', async () => {
    const { post, manager } = await demoHost({ maxSessions: 3 });
    await post('session.signIn', { profileId: manager }, sid(1));
    await post('session.signIn', { profileId: manager }, sid(2));
    // sessions now, oldest first: 0, 1, 2. Use 0 again, then a fourth arrives: 1 goes.
    expect((await post('staff.list', {}, sid(0))).status).toBe(200);
    await post('app.status', {}, sid(3));
    expect((await post('staff.list', {}, sid(0))).status).toBe(200);
    expect((await post('staff.list', {}, sid(2))).status).toBe(200);
    expect((await post('staff.list', {}, sid(1))).body.error?.code).toBe('not_signed_in');
  });

  it('signs a tab out after 12 idle hours and says so, until someone signs in again', async () => {
    let now = Date.parse('2026-11-23T09:00:00Z');
    const { post, manager } = await demoHost({ now: () => now });
    const hour = 3_600_000;
    // activity keeps it alive: 11 hours between calls, four times over
    for (let i = 0; i < 4; i++) {
      now += 11 * hour;
      expect((await post('staff.list', {}, sid(0))).status).toBe(200);
    }
    now += 12 * hour + 1;
    const expired = await post('staff.list', {}, sid(0));
    expect(expired.status).toBe(401);
    expect(expired.body.error).toEqual({
      code: 'not_signed_in',
      message: 'You were signed out after 12 hours without activity. Sign in again to continue.',
    });
    const status = await post('app.status', {}, sid(0));
    expect(status.body.value).toMatchObject({ profile: null, signedOutNotice: 'You were signed out after 12 hours without activity.' });
    // another tab that never signed in is not told it was signed out
    expect((await post('app.status', {}, sid(5))).body.value?.['signedOutNotice']).toBeNull();
    await post('session.signIn', { profileId: manager }, sid(0));
    expect((await post('app.status', {}, sid(0))).body.value?.['signedOutNotice']).toBeNull();
    await post('session.signOut', {}, sid(0));
    expect((await post('app.status', {}, sid(0))).body.value?.['signedOutNotice']).toBeNull(); // choosing to sign out is not news
  });

  it('describes the idle limit in words', () => {
    expect(describeIdle(12 * 3_600_000)).toBe('12 hours');
    expect(describeIdle(3_600_000)).toBe('1 hour');
    expect(describeIdle(90 * 60_000)).toBe('90 minutes');
  });
});

describe('web host connections', () => {
  it('refuses a call without the token before reading its body', async () => {
    const { host } = await demoHost();
    const req = await partialRequest(host.port, { path: '/api/staff.create', headers: {}, bodyBytes: 900 * 1024, sendBytes: 1024 });
    const answer = await req.waitFor('\r\n\r\n{', 3_000);
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toContain('"code":"unauthorised"');
    // answered while 899 KB were still unsent, and the connection is closed, not drained
    expect(await req.closedAfter).toBeLessThan(3_000);
  });

  it('answers a small refused request whole and keeps the connection usable', async () => {
    const { host } = await demoHost();
    const req = await partialRequest(host.port, { path: '/api/app.status', headers: {}, bodyBytes: 2, sendBytes: 2 });
    const answer = await req.waitFor('"code":"unauthorised"', 3_000);
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer.toLowerCase()).toContain('connection: keep-alive');
    req.destroy();
  });

  it('refuses a foreign Origin before reading the body, too', async () => {
    const { host } = await demoHost();
    const req = await partialRequest(host.port, {
      path: '/api/staff.create',
      headers: { authorization: `Bearer ${host.token}`, origin: 'http://evil.example' },
      bodyBytes: 900 * 1024,
      sendBytes: 1024,
    });
    expect(await req.waitFor('\r\n\r\n{', 3_000)).toMatch(/^HTTP\/1\.1 403 /);
    req.destroy();
  });

  it('drops a client that sends headers and part of a body, then stalls', async () => {
    const { host } = await demoHost({ requestTimeoutMs: 1_500 });
    const req = await partialRequest(host.port, {
      path: '/api/app.status',
      headers: { authorization: `Bearer ${host.token}` },
      bodyBytes: 1000,
      sendBytes: 10,
    });
    const after = await req.closedAfter;
    expect(after).toBeGreaterThanOrEqual(1_400);
    expect(after).toBeLessThan(4_000);
    expect(req.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('drops a client that stalls part way through its headers', async () => {
    const { host } = await demoHost({ requestTimeoutMs: 1_500 });
    const net = await import('node:net');
    const socket = net.connect({ host: '127.0.0.1', port: host.port });
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (b: Buffer) => (received += b.toString('latin1'))); // a paused socket would never see the close
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const t0 = Date.now();
    socket.write(`POST /api/app.status HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Slow: `);
    const closedAfter = await new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - t0)));
    expect(closedAfter).toBeGreaterThanOrEqual(1_400);
    expect(closedAfter).toBeLessThan(4_000);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes promptly with a client mid-request', async () => {
    const { host } = await demoHost();
    const req = await partialRequest(host.port, {
      path: '/api/app.status',
      headers: { authorization: `Bearer ${host.token}` },
      bodyBytes: 1000,
      sendBytes: 10,
    });
    const t0 = Date.now();
    await host.close();
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(await req.closedAfter).toBeLessThan(3_000);
  });
});
