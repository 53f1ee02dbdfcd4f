import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import type { SyncResult, SyncStatus } from '../../shared/contract/sync';
import { caller, demoCore, fixedClock, tempDirs } from '../helpers/core';
import { copyDemoContent, startTestHub, TamperProxy } from '../helpers/hub';

const temp = tempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  temp.removeAll();
});

async function setup() {
  const content = copyDemoContent(path.join(temp.make(), 'content'));
  const hub = await startTestHub(temp.make('spoke-hub-'), content);
  const proxy = await new TamperProxy(hub.url).start();
  const clock = fixedClock(new Date().toISOString());
  const demo = demoCore(clock);
  cleanups.push(() => demo.core.close(), () => proxy.close(), () => hub.close());
  const call = async <T>(channel: string, input: unknown, session = demo.c.session): Promise<T> => {
    const env = await dispatch(demo.core, channel, input, session);
    if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code, fieldErrors: env.error.fieldErrors });
    return env.value as T;
  };
  const practiceState = () => ({
    items: demo.core.db.prepare('SELECT * FROM central_item ORDER BY path').all(),
    trust: demo.core.db.prepare('SELECT name, hex(bytes) AS b FROM tuf_metadata ORDER BY name').all(),
    // the sync's own record of its last attempt (kept in the export since format 2) records a refusal by design
    practice: { ...demo.core.exportAll(), syncState: undefined },
  });
  const code = hub.hub.enrol('Z99001', 'Spokeford Medical Practice', proxy.url).code;
  return { content, hub, proxy, ...demo, clock, call, practiceState, code };
}

describe('the sync feature through the contract', () => {
  it('uses what the hub sends: the workforce model beside the practice, and roles the hub retired still read', async () => {
    const w = await setup();
    const before = w.c.ok('workforce.summary', {});
    expect(before.model).toBeNull();
    const used = before.rows[0];
    expect(used).toBeDefined();
    // The hub retires one role the practice uses, and drops another from its catalogue altogether.
    const rolesFile = path.join(w.content, 'roles.yaml');
    const policyText = fs.readdirSync(path.join(w.content, 'policies')).map((f) => fs.readFileSync(path.join(w.content, 'policies', f), 'utf8')).join('\n');
    const dropped = before.rows.map((r) => r.roleId).find((id) => id !== used?.roleId && !policyText.includes(id)) ?? '';
    expect(dropped).not.toBe('');
    let yaml = fs.readFileSync(rolesFile, 'utf8');
    yaml = yaml.replace(`  - id: ${used?.roleId ?? ''}\n`, `  - id: ${used?.roleId ?? ''}\n    retired: true\n`);
    yaml = yaml.replace(new RegExp(`  - id: ${dropped}\\n(    .*\\n)+`), '');
    fs.writeFileSync(rolesFile, yaml);
    const model = path.join(w.content, 'workforce-model.yaml');
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8').replace(new RegExp(`  - \\{ role: ${dropped}, wte: [0-9.]+ \\}\\n`), ''));
    w.hub.hub.publish(w.content);
    await w.call('sync.enrol', { code: w.code });
    await w.call('sync.now', {});
    const after = w.c.ok('workforce.summary', {});
    // Every staff member still counts, under the hub's label for their role.
    expect(after.totals).toEqual(before.totals);
    expect(after.rows.find((r) => r.roleId === used?.roleId)?.label).toMatch(/\(retired role\)$/);
    // A role the hub no longer lists at all reads as retired too, still counted.
    expect(after.rows.find((r) => r.roleId === dropped)?.label).toMatch(/\(retired role\)$/);
    expect(w.c.ok('staff.list', {}).length).toBeGreaterThan(0);
    const listSize = w.c.ok('app.status', {}).practice?.listSize ?? 0;
    expect(after.model?.listSize).toBe(listSize);
    expect(after.model?.release).toBe(2);
    const nurse = after.model?.rows.find((r) => r.roleId === 'practice_nurse');
    const nurseWte = after.rows.find((r) => r.roleId === 'practice_nurse')?.wte ?? 0;
    expect(nurse).toMatchObject({ targetPer10k: 2.5, actualWte: nurseWte });
    expect(nurse?.targetWte).toBeCloseTo((2.5 * listSize) / 10000, 2);
    expect(nurse?.gapWte).toBeCloseTo(nurseWte - (nurse?.targetWte ?? 0), 2);
  });

  it('enrols with the code, syncs, lists what arrived, then what changed', async () => {
    const w = await setup();
    const enrolled = await w.call<SyncStatus>('sync.enrol', { code: w.code });
    expect(enrolled).toMatchObject({ enrolled: true, release: null, contentUrl: w.proxy.url, centralItems: 0 });
    const first = await w.call<SyncResult>('sync.now', {});
    expect(first.outcome).toBe('synced');
    expect(first.release).toBe(1);
    expect(first.changes).toHaveLength(16);
    expect(first.changes.every((c) => c.status === 'new')).toBe(true);
    expect(first.warning).toBeNull();
    const status = await w.call<SyncStatus>('sync.status', {});
    expect(status).toMatchObject({ release: 1, centralItems: 16, reportsWaiting: 0, lastError: null, notCheckedForDays: null, running: false });
    // The reports reached the hub, filed under this practice.
    const reports = w.hub.hub.db.prepare('SELECT kind, body FROM reports ORDER BY kind').all() as { kind: string; body: string }[];
    expect(reports.map((r) => r.kind)).toEqual(['acknowledgements', 'adoption', 'workforce']);
    expect((JSON.parse(reports[2]?.body ?? '{}') as { payload: { totals: { headcount: number } } }).payload.totals.headcount).toBeGreaterThan(10);

    const file = path.join(w.content, 'policies', 'home-visit-triage.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('before 10:30', 'before 10:00'));
    expect(w.hub.hub.publish(w.content).release).toBe(2);
    const second = await w.call<SyncResult>('sync.now', {});
    expect(second.outcome).toBe('synced');
    expect(second.changes).toEqual([
      { path: 'policies/home-visit-triage.json', kind: 'policy', id: 'home-visit-triage', title: 'Home visit requests and triage', version: 2, status: 'changed', changeKind: 'substantive' },
    ]);
    expect((await w.call<SyncResult>('sync.now', {})).outcome).toBe('up-to-date');
    const audit = w.core.db.prepare("SELECT action, entity_id FROM audit_log WHERE entity = 'hub' ORDER BY seq").all();
    expect(audit).toEqual([
      { action: 'enrol', entity_id: expect.any(String) as string },
      { action: 'sync', entity_id: 'release-1' },
      { action: 'sync', entity_id: 'release-2' },
    ]);
    expect(JSON.stringify(w.core.db.prepare('SELECT * FROM audit_log').all())).not.toContain(w.code.slice(-20));
  });

  it('lists a policy the hub withdraws, and applies it again when it comes back unchanged', async () => {
    const w = await setup();
    await w.call('sync.enrol', { code: w.code });
    await w.call('sync.now', {});
    const file = path.join(w.content, 'policies', 'lone-working.md');
    const text = fs.readFileSync(file, 'utf8');
    fs.rmSync(file);
    w.hub.hub.publish(w.content);
    const gone = await w.call<SyncResult>('sync.now', {});
    expect(gone.changes.map((c) => `${c.id}:${c.status}`)).toEqual(['lone-working:withdrawn']);
    expect((await w.call<SyncStatus>('sync.status', {})).centralItems).toBe(15);
    fs.writeFileSync(file, text);
    w.hub.hub.publish(w.content);
    const back = await w.call<SyncResult>('sync.now', {});
    expect(back.changes.map((c) => `${c.id}:${c.status}:${c.version}`)).toEqual(['lone-working:new:2']);
    expect((await w.call<SyncStatus>('sync.status', {})).centralItems).toBe(16);
  });

  it('a hub that only re-signed its metadata is "up to date", with newer trust and the last arrivals kept', async () => {
    const w = await setup();
    await w.call('sync.enrol', { code: w.code });
    await w.call('sync.now', {});
    const trustBefore = w.core.db.prepare("SELECT hex(bytes) AS b FROM tuf_metadata WHERE name = 'timestamp.json'").get();
    expect(w.hub.hub.repo.refreshExpiring(new Date(Date.now() + 13 * 3600_000))).toBe(true);
    const r = await w.call<SyncResult>('sync.now', {});
    expect(r.outcome).toBe('up-to-date');
    expect(r.changes).toEqual([]);
    expect(w.core.db.prepare("SELECT hex(bytes) AS b FROM tuf_metadata WHERE name = 'timestamp.json'").get()).not.toEqual(trustBefore);
    const status = await w.call<SyncStatus>('sync.status', {});
    expect(status.lastChanges).toHaveLength(16);
    expect(w.core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'hub' AND action = 'sync'").get()).toEqual({ n: 1 });
  });

  it('refuses a bad code with a field message, and only a practice manager may enrol', async () => {
    const w = await setup();
    await expect(w.call('sync.enrol', { code: 'hello' })).rejects.toMatchObject({ code: 'invalid_input', fieldErrors: { code: expect.stringMatching(/not a Spoke enrolment code/) as string } });
    const staffProfile = w.core.db.prepare("SELECT id FROM profile WHERE app_role = 'staff' LIMIT 1").get() as { id: string } | undefined;
    if (staffProfile) {
      const staff = caller(w.core);
      staff.ok('session.signIn', { profileId: staffProfile.id });
      await expect(w.call('sync.enrol', { code: w.code }, staff.session)).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect((await w.call<SyncResult>('sync.now', {})).message).toMatch(/not enrolled/);
  });

  it('a refused sync changes nothing in the practice and says why in words', async () => {
    const w = await setup();
    await w.call('sync.enrol', { code: w.code });
    await w.call('sync.now', {});
    const file = path.join(w.content, 'policies', 'chaperones.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Offer every patient', 'Always offer every patient'));
    w.hub.hub.publish(w.content);
    const before = w.practiceState();
    w.proxy.rule = (p) => (/chaperones\.json$/.test(p) ? { kind: 'mutate', fn: (b) => Buffer.from(b.toString().replace('Always', 'Never')) } : undefined);
    const r = await w.call<SyncResult>('sync.now', {});
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/^Sync failed, nothing was changed: tampered/);
    expect(w.practiceState()).toEqual(before);
    expect((await w.call<SyncStatus>('sync.status', {})).lastError).toMatch(/tampered/);
  });

  it('content from a static export syncs with a warning when reports cannot be delivered; they wait', async () => {
    const w = await setup();
    const out = temp.make('spoke-export-');
    w.hub.hub.exportTo(out);
    // A static copy served by the proxy's stand-in: a second hub process is not needed,
    // only a server that knows nothing but files. The hub server itself is then stopped.
    const http = await import('node:http');
    const server = http.createServer((req, res) => {
      const file = path.join(out, decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'));
      if (!file.startsWith(out) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const addr = server.address();
    const staticUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const code = w.hub.hub.enrol('Z99001', 'Spokeford', staticUrl).code;
    await w.hub.server.close();
    await w.call('sync.enrol', { code });
    const r = await w.call<SyncResult>('sync.now', {});
    expect(r.outcome).toBe('synced');
    // Adoption, acknowledgements and workforce: one of each kind waits, never piling up.
    expect(r.warning).toMatch(/3 reports to the hub could not be sent.*wait for the next sync/);
    expect((await w.call<SyncStatus>('sync.status', {})).reportsWaiting).toBe(3);
    await w.call<SyncResult>('sync.now', {});
    expect((await w.call<SyncStatus>('sync.status', {})).reportsWaiting).toBe(3);
  });

  it('warns "not checked for N days" once the signed timestamp has expired, without calling it an error', async () => {
    const w = await setup();
    await w.call('sync.enrol', { code: w.code });
    await w.call('sync.now', {});
    w.clock.set(new Date(Date.now() + 3 * 24 * 3600_000 + 60_000).toISOString());
    const s = await w.call<SyncStatus>('sync.status', {});
    expect(s.notCheckedForDays).toBe(3);
    expect(s.lastError).toBeNull();
  });

  it('cancels a sync in progress: nothing applied, and the next sync completes', async () => {
    const w = await setup();
    await w.call('sync.enrol', { code: w.code });
    let seen = 0;
    w.proxy.rule = (p) => (p.startsWith('/targets/') && ++seen >= 1 ? { kind: 'delay', ms: 300 } : undefined);
    const running = w.call<SyncResult>('sync.now', {});
    await new Promise((r) => setTimeout(r, 150));
    const mid = await w.call<SyncStatus>('sync.status', {});
    expect(mid.running).toBe(true);
    await w.call('sync.cancel', {});
    const r = await running;
    expect(r.outcome).toBe('cancelled');
    expect(w.core.db.prepare('SELECT COUNT(*) AS n FROM central_item').get()).toEqual({ n: 0 });
    w.proxy.rule = () => undefined;
    expect((await w.call<SyncResult>('sync.now', {})).outcome).toBe('synced');
  });
});
