/**
 * The central dashboard: its own token (never a practice's), stored hashed, a strict CSP,
 * no script, and what it shows built from the practices' validated reports.
 */
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runHubCli } from '../../hub/src/cli';
import { Hub } from '../../hub/src/hub';
import { startHubServer } from '../../hub/src/server';
import { decodeEnrolmentCode } from '../../electron/core/features/sync/enrolment';
import { tempDirs } from '../helpers/core';
import { DEMO_CONTENT } from '../helpers/hub';

const temp = tempDirs();
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  temp.removeAll();
});

async function serve() {
  const hub = new Hub(temp.make('spoke-hub-'));
  hub.publish(DEMO_CONTENT);
  const server = await startHubServer({ hub, port: 0, host: '127.0.0.1' });
  closers.push(async () => {
    await server.close();
    hub.close();
  });
  return { hub, server };
}

const signIn = (url: string, token: string) =>
  fetch(`${url}/dashboard/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });

describe('the central dashboard', () => {
  it('opens only with a dashboard token, kept hashed; a practice token does not open it', async () => {
    const { hub, server } = await serve();
    const practice = decodeEnrolmentCode(hub.enrol('Z99001', 'Spokeford').code);
    const { token } = hub.createDashboardToken();
    const stored = hub.db.prepare('SELECT token_sha256 FROM dashboard_tokens').pluck().all() as string[];
    expect(stored).toEqual([crypto.createHash('sha256').update(token).digest('hex')]);
    expect(JSON.stringify(hub.db.prepare('SELECT * FROM dashboard_tokens').all())).not.toContain(token);

    const anonymous = await fetch(`${server.url}/dashboard`);
    expect(anonymous.status).toBe(200);
    const page = await anonymous.text();
    expect(page).toContain('Sign in to the central dashboard');
    expect(page).not.toContain('<script');
    expect(anonymous.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");

    for (const wrong of [practice.token, `${practice.practiceId}:${practice.token}`, '', 'x'.repeat(500)]) {
      const r = await signIn(server.url, wrong);
      expect(r.status, wrong.slice(0, 10)).toBe(401);
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    const ok = await signIn(server.url, token);
    expect(ok.status).toBe(303);
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/dashboard/);
    const dash = await fetch(`${server.url}/dashboard`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    const html = await dash.text();
    expect(html).toContain('Where every practice stands');
    expect(html).toContain('Spokeford');
    // Nothing reported yet: said so, not shown as a gap or as up to date.
    expect(html).toContain('No report yet');
    expect(html).not.toContain('<script');
    const css = await fetch(`${server.url}/dashboard/assets/nhsuk.css`);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect((await css.text()).length).toBeGreaterThan(10_000);
  });

  it('builds practices x mandatory protocols from reports, judged against what the hub publishes now', async () => {
    const { hub, server } = await serve();
    const a = decodeEnrolmentCode(hub.enrol('Z99001', 'Spokeford').code);
    const post = (body: unknown) =>
      fetch(`${server.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${a.practiceId}:${a.token}` }, body: JSON.stringify(body) });
    const adoption = {
      reportId: crypto.randomUUID(),
      kind: 'adoption',
      createdAt: new Date().toISOString(),
      payload: {
        practiceId: a.practiceId,
        release: 1,
        syncedAt: '2026-11-23T09:00:00.000Z',
        counts: { adopted: 1, overdue: 10 },
        items: [{ id: 'complaints', offered: 1, adopted: 1, state: 'adopted', effective: '2026-01-05' }],
        truncated: false,
      },
    };
    expect((await post(adoption)).status).toBe(201);
    const dash = hub.dashboard();
    const cells = Object.fromEntries(dash.practices[0]?.cells.map((c) => [c.protocol, c]) ?? []);
    expect(cells.complaints).toMatchObject({ status: 'adopted', adopted: 1 });
    expect(cells['sepsis-recognition']?.status).toBe('overdue');
    expect(dash.practices[0]?.lastSyncAt).toBe('2026-11-23T09:00:00.000Z');
    // Markup in a practice name is shown as text.
    hub.db.prepare('UPDATE practices SET name = ? WHERE id = ?').run('<img src=x onerror=alert(1)>', a.practiceId);
    const { token } = hub.createDashboardToken();
    const cookie = (await signIn(server.url, token)).headers.get('set-cookie')?.split(';')[0] ?? '';
    const html = await (await fetch(`${server.url}/dashboard`, { headers: { cookie } })).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
  });

  it('hub dashboard-token prints a token on stdout and says where to use it', async () => {
    const dir = temp.make('spoke-hub-');
    const out: string[] = [];
    const err: string[] = [];
    expect((await runHubCli(['dashboard-token', '--data', dir], { out: (t) => out.push(t), err: (t) => err.push(t) })).code).toBe(0);
    expect(out[0]).toMatch(/^dash_[A-Za-z0-9_-]{40,}$/);
    expect(err.join('')).toMatch(/\/dashboard/);
    const hub = new Hub(dir);
    closers.push(() => hub.close());
    expect(hub.authenticateDashboard(out[0] ?? '')).toBe(true);
    expect(hub.authenticateDashboard(`${out[0] ?? ''}x`)).toBe(false);
  });
});
