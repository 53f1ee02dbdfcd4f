/**
 * Protocol governance through the real core, a real hub and real syncs: the adoption
 * state machine, read-and-sign, the reports the hub receives, and bad input refused
 * with nothing half-saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { runPracticeCli } from '../../electron/core/cli/practice-cli';
import { PracticeCore } from '../../electron/core/practice-core';
import type { Inbox, ProtocolDetail } from '../../shared/contract/protocols';
import type { SyncResult } from '../../shared/contract/sync';
import { protocolDiff } from '../../shared/protocols/diff';
import { caller, demoCore, fixedClock, tempDirs } from '../helpers/core';
import { copyDemoContent, startTestHub } from '../helpers/hub';

const temp = tempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  temp.removeAll();
});

type Call = <T>(channel: string, input: unknown) => Promise<T>;

async function setup() {
  const content = copyDemoContent(path.join(temp.make(), 'content'));
  const hub = await startTestHub(temp.make('spoke-hub-'), content);
  const clock = fixedClock('2026-11-23T09:00:00.000Z');
  const demo = demoCore(clock);
  cleanups.push(() => demo.core.close(), () => hub.close());
  const as = (appRole: 'practice_manager' | 'clinical_lead' | 'staff'): Call => {
    const c = caller(demo.core);
    const id = demo.core.db.prepare('SELECT id FROM profile WHERE app_role = ? LIMIT 1').pluck().get(appRole) as string;
    c.ok('session.signIn', { profileId: id });
    return async <T>(channel: string, input: unknown): Promise<T> => {
      const env = await dispatch(demo.core, channel, input, c.session);
      if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code, fieldErrors: env.error.fieldErrors });
      return env.value as T;
    };
  };
  const manager = as('practice_manager');
  const lead = as('clinical_lead');
  const staff = as('staff');
  await manager('sync.enrol', { code: hub.hub.enrol('Z99001', 'Spokeford Medical Practice').code });
  const sync = async () => {
    const r = await manager<SyncResult>('sync.now', {});
    expect(r.outcome, r.message).not.toBe('failed');
    expect(r.warning).toBeNull();
    return r;
  };
  await sync();
  const edit = (id: string, fn: (text: string) => string) => {
    const file = path.join(content, 'policies', `${id}.md`);
    fs.writeFileSync(file, fn(fs.readFileSync(file, 'utf8')));
    expect(hub.hub.publish(content).release).not.toBeNull();
  };
  const snapshot = () =>
    JSON.stringify(
      ['protocol_adoption', 'adoption_event', 'addendum_version', 'local_protocol', 'local_protocol_version', 'acknowledgement', 'audit_log'].map((t) =>
        demo.core.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
      ),
    );
  return { ...demo, hub, content, manager, lead, staff, sync, edit, snapshot };
}

const item = (inbox: Inbox, id: string) => inbox.central.find((i) => i.id === id);

describe('protocol governance through the real core and hub', () => {
  it('new, overdue, adopted with an addendum, update available, adopted again; staff sign again only after a substantive change', async () => {
    const w = await setup();
    let inbox = await w.lead<Inbox>('protocols.inbox', {});
    expect(inbox.central).toHaveLength(12);
    // Mandatory items past their effective date are overdue; the optional one is new.
    expect(item(inbox, 'complaints')).toMatchObject({ state: 'overdue', offeredVersion: 1, adoptedVersion: null, mandatory: true });
    expect(item(inbox, 'home-visit-triage')).toMatchObject({ state: 'new', mandatory: false });
    // Nothing is in force, so nobody has anything to sign.
    expect((await w.staff<Inbox>('protocols.inbox', {})).toSign).toEqual([]);

    // Only a clinical lead adopts: a staff profile is refused and nothing changes.
    const before = w.snapshot();
    await expect(w.staff('protocols.adopt', { id: 'complaints', version: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(w.manager('protocols.adopt', { id: 'complaints', version: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    expect(w.snapshot()).toBe(before);

    const withAddendum = await w.lead<ProtocolDetail>('protocols.saveAddendum', { id: 'complaints', expectedVersion: 0, body: 'Complaints lead here: **Dr Okafor**, room 4.', change: 'minor' });
    expect(withAddendum.addendum).toEqual({ version: 1, body: 'Complaints lead here: **Dr Okafor**, room 4.' });
    // The first addendum version is what staff first read: substantive whatever was chosen.
    expect(withAddendum.addendumVersions[0]?.changeKind).toBe('substantive');
    const adopted = await w.lead<ProtocolDetail>('protocols.adopt', { id: 'complaints', version: 1 });
    expect(adopted).toMatchObject({ state: 'adopted', inForce: { version: 1, addendumVersion: 1 } });
    expect(adopted.history).toEqual([expect.objectContaining({ action: 'adopt', version: 1, addendumVersion: 1, by: expect.stringContaining('Clinical lead') as string })]);
    await expect(w.lead('protocols.adopt', { id: 'complaints', version: 1 })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already adopted/) as string });

    // Staff now have it to read and sign, and sign the version in force.
    let mine = await w.staff<Inbox>('protocols.inbox', {});
    expect(mine.toSign).toEqual([{ kind: 'central', id: 'complaints', title: 'Handling complaints', version: 1, addendumVersion: 1, again: false }]);
    const signed = await w.staff<ProtocolDetail>('protocols.sign', { kind: 'central', id: 'complaints', version: 1, addendumVersion: 1 });
    expect(signed.mine).toBeNull();
    expect((await w.staff<Inbox>('protocols.inbox', {})).toSign).toEqual([]);

    // A substantive central change arrives: offered, not imposed.
    w.edit('complaints', (t) => t.replace('three working days', 'two working days').replace('summary: First version for the group.', 'summary: Faster acknowledgement.\nchange: substantive'));
    await w.sync();
    inbox = await w.lead<Inbox>('protocols.inbox', {});
    expect(item(inbox, 'complaints')).toMatchObject({ state: 'overdue', offeredVersion: 2, adoptedVersion: 1, changeKind: 'substantive' });
    let detail = await w.staff<ProtocolDetail>('protocols.get', { kind: 'central', id: 'complaints' });
    expect(detail.inForceBody).toContain('three working days');
    expect(detail.offeredBody).toContain('two working days');
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    expect((await w.staff<{ body: string }>('protocols.version', { kind: 'central', id: 'complaints', version: 1 })).body).toContain('three working days');
    // The diff comes from the core, word-level: the changed word removed and added, the rest the same.
    const changed = detail.diff?.find((b) => b.status === 'changed');
    expect(changed?.parts).toEqual(expect.arrayContaining([{ text: 'three', change: 'removed' }, { text: 'two', change: 'added' }]));
    expect(detail.diff).toEqual(protocolDiff(detail.inForceBody ?? '', detail.offeredBody));
    const between = await w.staff<{ from: number; to: number; blocks: unknown }>('protocols.diff', { kind: 'central', id: 'complaints', from: 1, to: 2 });
    expect(between).toEqual({ from: 1, to: 2, blocks: detail.diff });
    await expect(w.staff('protocols.diff', { kind: 'central', id: 'complaints', from: 1, to: 9 })).rejects.toMatchObject({ code: 'not_found' });
    // Staff still owe nothing: the adopted text has not changed.
    expect((await w.staff<Inbox>('protocols.inbox', {})).toSign).toEqual([]);

    await w.lead('protocols.adopt', { id: 'complaints', version: 2 });
    mine = await w.staff<Inbox>('protocols.inbox', {});
    expect(mine.toSign).toEqual([expect.objectContaining({ id: 'complaints', version: 2, addendumVersion: 1, again: true })]);
    // Signing the version that is no longer in force is refused, and nothing is saved.
    const beforeStale = w.snapshot();
    await expect(w.staff('protocols.sign', { kind: 'central', id: 'complaints', version: 1, addendumVersion: 1 })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/no longer in force; version 2 with local addendum version 1 is/) as string,
    });
    expect(w.snapshot()).toBe(beforeStale);
    await w.staff('protocols.sign', { kind: 'central', id: 'complaints', version: 2, addendumVersion: 1 });

    // A minor change, adopted, asks nobody to sign again; a minor addendum edit neither.
    w.edit('complaints', (t) => t.replace('change: substantive', 'change: minor').replace('Aim to send', 'Aim to send'.replace('send', 'post')));
    await w.sync();
    await w.lead('protocols.adopt', { id: 'complaints', version: 3 });
    detail = await w.lead<ProtocolDetail>('protocols.saveAddendum', { id: 'complaints', expectedVersion: 1, body: 'Complaints lead here: **Dr Okafor**, room 4 (ground floor).', change: 'minor' });
    expect(detail.inForce).toEqual({ version: 3, addendumVersion: 2 });
    expect((await w.staff<Inbox>('protocols.inbox', {})).toSign).toEqual([]);
    // A substantive addendum change does.
    await w.lead('protocols.saveAddendum', { id: 'complaints', expectedVersion: 2, body: 'Complaints go to the practice manager first.', change: 'substantive' });
    expect((await w.staff<Inbox>('protocols.inbox', {})).toSign).toEqual([expect.objectContaining({ id: 'complaints', version: 3, addendumVersion: 3, again: true })]);

    // The evidence report: who signed which version when.
    const evidence = await w.manager<{ signatures: { version: number; addendumVersion: number | null }[]; adoptions: unknown[] }>('protocols.evidence', { kind: 'central', id: 'complaints' });
    expect(evidence.signatures.map((s) => [s.version, s.addendumVersion])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(evidence.adoptions).toHaveLength(3);
  });

  it('decline: optional only, with a reason; stale and bad input refused with nothing half-saved', async () => {
    const w = await setup();
    const before = w.snapshot();
    await expect(w.lead('protocols.decline', { id: 'home-visit-triage', version: 1, reason: '   ' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(w.lead('protocols.decline', { id: 'complaints', version: 1, reason: 'We prefer our own' })).rejects.toMatchObject({
      message: expect.stringMatching(/mandatory protocol cannot be declined/) as string,
    });
    await expect(w.lead('protocols.adopt', { id: 'home-visit-triage', version: 7 })).rejects.toMatchObject({ message: expect.stringMatching(/no longer the one offered/) as string });
    // Enormous markdown is refused by its size, with a message.
    await expect(w.lead('protocols.saveAddendum', { id: 'complaints', expectedVersion: 0, body: 'x'.repeat(300_000), change: 'minor' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/100000 characters or fewer/) as string,
    });
    await expect(w.lead('protocols.saveAddendum', { id: 'complaints', expectedVersion: 0, body: '\u0000<script>', change: 'minor' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(w.lead('protocols.saveAddendum', { id: 'no-such-thing', expectedVersion: 0, body: 'Hello', change: 'minor' })).rejects.toMatchObject({ code: 'not_found' });
    expect(w.snapshot()).toBe(before);

    const declined = await w.lead<ProtocolDetail>('protocols.decline', { id: 'home-visit-triage', version: 1, reason: 'The duty paramedic service covers this.' });
    expect(declined.state).toBe('declined');
    expect(declined.history[0]).toMatchObject({ action: 'decline', reason: 'The duty paramedic service covers this.' });
    // A newer version of a declined item is offered again.
    w.edit('home-visit-triage', (t) => t.replace('before 10:30', 'before 10:00'));
    await w.sync();
    expect(item(await w.lead<Inbox>('protocols.inbox', {}), 'home-visit-triage')?.state).toBe('new');

    // Script and remote content in central text are kept as text (signed is not trusted);
    // rendering strips them (tests/component/protocol-markdown.test.ts).
    w.edit('complaints', (t) => `${t}\n<script>alert(1)</script>\n![x](https://tracker.example/p.png)\n`);
    await w.sync();
    const d = await w.lead<ProtocolDetail>('protocols.get', { kind: 'central', id: 'complaints' });
    expect(d.offeredBody).toContain('<script>alert(1)</script>');
  });

  it('local protocols: versioned, owner, review date, roles; substantive or minor per change; stale edits refused', async () => {
    const w = await setup();
    const owner = w.core.db.prepare("SELECT id FROM staff WHERE role_id = 'practice_manager' LIMIT 1").pluck().get() as string;
    const first = await w.manager<ProtocolDetail>('protocols.saveLocal', { title: 'Fire evacuation', body: '# Fire\n\nLeave by the nearest exit.', ownerStaffId: owner, review: '2026-12-01', roles: [], change: 'minor' });
    expect(first).toMatchObject({ kind: 'local', offeredVersion: 1, state: 'review_due' });
    expect(first.versions[0]?.changeKind).toBe('substantive');
    expect((await w.staff<Inbox>('protocols.inbox', {})).toSign).toEqual([expect.objectContaining({ kind: 'local', id: first.id, version: 1 })]);
    await w.staff('protocols.sign', { kind: 'local', id: first.id, version: 1, addendumVersion: null });
    const minor = await w.manager<ProtocolDetail>('protocols.saveLocal', { id: first.id, expectedVersion: 1, title: 'Fire evacuation', body: '# Fire\n\nLeave by the nearest exit!', ownerStaffId: owner, review: '2027-06-01', roles: [], change: 'minor' });
    expect(minor).toMatchObject({ offeredVersion: 2, state: 'adopted' });
    expect((await w.staff<Inbox>('protocols.inbox', {})).toSign).toEqual([]);
    await expect(
      w.manager('protocols.saveLocal', { id: first.id, expectedVersion: 1, title: 'Fire evacuation', body: 'Changed', ownerStaffId: owner, review: null, roles: [], change: 'substantive' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await w.manager('protocols.saveLocal', { id: first.id, expectedVersion: 2, title: 'Fire evacuation', body: 'Assemble in the car park.', ownerStaffId: owner, review: null, roles: [], change: 'substantive' });
    expect((await w.staff<Inbox>('protocols.inbox', {})).toSign).toEqual([expect.objectContaining({ id: first.id, version: 3, again: true })]);
    await expect(w.staff('protocols.saveLocal', { title: 'Mine', body: 'x', ownerStaffId: owner, review: null, roles: [], change: 'minor' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('reports reach the hub for this practice only, idempotently, and the dashboard shows where the practice stands', async () => {
    const w = await setup();
    await w.lead('protocols.adopt', { id: 'complaints', version: 1 });
    await w.sync();
    const rows = w.hub.hub.db.prepare('SELECT practice_id, report_id, kind, body FROM reports ORDER BY rowid').all() as { practice_id: string; report_id: string; kind: string; body: string }[];
    const practiceId = w.core.sync.repo.enrolment()?.practice_id;
    expect(new Set(rows.map((r) => r.practice_id))).toEqual(new Set([practiceId]));
    expect(rows.filter((r) => r.kind === 'adoption')).toHaveLength(2);
    const dash = w.hub.hub.dashboard();
    expect(dash.practices).toHaveLength(1);
    const cells = Object.fromEntries(dash.practices[0]?.cells.map((c) => [c.protocol, c.status]) ?? []);
    expect(cells.complaints).toBe('adopted');
    expect(cells['sepsis-recognition']).toBe('overdue');
    expect(dash.practices[0]?.workforce?.roles.length).toBeGreaterThan(3);
    // The demo practice leaves one lead type vacant: the hub sees it, by the practice's own label.
    const leads = dash.practices[0]?.namedLeads;
    expect(leads?.reported).toBe(true);
    const vacancies = leads?.reported ? leads.gaps.filter((g) => !g.deputy) : [];
    expect(vacancies.length).toBeGreaterThanOrEqual(1);
    expect(vacancies.every((g) => g.label.length > 0 && g.label !== g.leadType)).toBe(true);

    // Sending the same report again (a lost answer, a retry) is accepted once.
    const last = rows[rows.length - 1];
    const resend = await fetch(`${w.hub.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${practiceId ?? ''}:${w.core.sync.repo.enrolment()?.token ?? ''}` },
      body: last?.body ?? '',
    });
    expect(resend.status).toBe(200);
    expect(await resend.json()).toMatchObject({ duplicate: true });
    expect((w.hub.hub.db.prepare('SELECT COUNT(*) FROM reports').pluck().get() as number)).toBe(rows.length);
  });
});

describe('practice CLI: protocols and adopt', () => {
  it('lists items with their state, and adopts as a clinical lead only', async () => {
    const content = copyDemoContent(path.join(temp.make(), 'content'));
    const hub = await startTestHub(temp.make('spoke-hub-'), content);
    cleanups.push(() => hub.close());
    const dir = temp.make('spoke-cli-');
    const core = new PracticeCore({ dataDir: dir, create: 'ifMissing' });
    core.loadDemo();
    const ids = Object.fromEntries((core.db.prepare('SELECT app_role, id FROM profile').all() as { app_role: string; id: string }[]).map((r) => [r.app_role, r.id]));
    core.close();
    const io = () => {
      const out: string[] = [];
      const err: string[] = [];
      return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
    };
    const enrol = io();
    expect(await runPracticeCli(['enrol', '--data', dir, '--code', hub.hub.enrol('Z99001', 'Spokeford').code], enrol.io)).toBe(0);
    expect(await runPracticeCli(['sync', '--data', dir], io().io)).toBe(0);
    const list = io();
    expect(runPracticeCli(['protocols', '--data', dir, '--json'], list.io)).toBe(0);
    const parsed = JSON.parse(list.out.join('\n')) as { central: { id: string; state: string }[] };
    expect(parsed.central.find((c) => c.id === 'complaints')?.state).toBe('overdue');
    const refused = io();
    expect(runPracticeCli(['adopt', '--data', dir, '--id', 'complaints', '--as', ids.staff ?? ''], refused.io)).toBe(1);
    expect(refused.err.join('\n')).toMatch(/Only a clinical lead can do this.*Nothing was changed/s);
    const ok = io();
    expect(runPracticeCli(['adopt', '--data', dir, '--id', 'complaints', '--as', ids.clinical_lead ?? ''], ok.io)).toBe(0);
    expect(ok.out.join('')).toMatch(/Adopted version 1 of Handling complaints/);
    const text = io();
    expect(runPracticeCli(['protocols', '--data', dir], text.io)).toBe(0);
    expect(text.out.find((l) => l.startsWith('complaints'))).toMatch(/complaints\tadopted\toffered v1 \(substantive\)\tadopted v1\tmandatory/);
    expect(runPracticeCli(['adopt', '--data', dir, '--id', 'complaints'], io().io)).toBe(2);
  });
});
