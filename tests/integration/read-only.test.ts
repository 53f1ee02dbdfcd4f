import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/channels';
import { contract } from '../../shared/contract';
import { runPracticeCli } from '../../electron/core/cli/practice-cli';
import { caller, demoCore, tempDirs } from '../helpers/core';
import { asOrdinaryUser, fingerprint, placeholderUi, repoRoot, runNode, spawnWebHost } from '../helpers/processes';

const temp = tempDirs();
afterAll(() => temp.removeAll());

describe('which channels write', () => {
  it('every channel says whether it writes', () => {
    for (const c of CHANNELS) expect(contract[c].kind, c).toMatch(/^(read|write)$/);
  });

  it("channels marked 'read' never write: each succeeds on a connection SQLite will not let write", () => {
    const { core, c, status } = demoCore();
    // The practice manager, who may use every read channel (some, such as previews, are theirs alone).
    const someone = status.profiles.find((p) => p.appRole === 'practice_manager') ?? status.profiles[0];
    if (!someone) throw new Error('demo has no profiles');
    const staffId = c.ok('staff.list', {})[0]?.id ?? '';
    const requested = c.ok('leave.list', { status: 'requested' })[0];
    const local = c.ok('protocols.saveLocal', { title: 'Fire evacuation', body: 'Leave by the nearest exit.', ownerStaffId: staffId, review: null, roles: [], change: 'substantive' });
    core.db.pragma('query_only = ON');
    const inputs: Record<string, unknown> = {
      'app.status': {},
      'session.signIn': { profileId: someone.id },
      'session.signOut': {},
      'staff.list': { includeArchived: true },
      'staff.get': { id: staffId },
      'workforce.summary': {},
      'audit.list': { limit: 10 },
      'sync.status': {},
      'rota.range': { from: '2026-11-23', to: '2026-12-20' },
      'rota.patterns.list': {},
      'rota.patterns.preview': { from: '2027-02-01', to: '2027-02-07' },
      'rota.copyWeek.preview': { sourceMonday: '2026-11-30', weeks: 1 },
      'rota.preferences.list': {},
      'rota.mine': {},
      'rota.workforcePlan': { from: '2026-11-23', to: '2026-12-20' },
      'rota.export': { from: '2026-11-23', to: '2026-12-20', format: 'csv' },
      'leave.list': {},
      'leave.impact': { id: requested?.id ?? '' },
      'leave.balances': {},
      'leads.register': {},
      'catalogue.current': {},
      'protocols.inbox': {},
      'protocols.get': { kind: 'local', id: local.id },
      'protocols.version': { kind: 'local', id: local.id, version: 1 },
      'protocols.diff': { kind: 'local', id: local.id, from: 1, to: 1 },
      'protocols.evidence': { kind: 'local', id: local.id },
      'protocols.people': {},
      'backup.list': {},
    };
    const reads = CHANNELS.filter((ch) => contract[ch].kind === 'read');
    expect([...reads].sort()).toEqual(Object.keys(inputs).sort()); // a new read channel needs an input here
    for (const ch of ['session.signIn', ...reads.filter((r) => r !== 'session.signOut'), 'session.signOut']) {
      const env = c.raw(ch, inputs[ch]);
      expect(env.ok, `${ch}: ${JSON.stringify(env)}`).toBe(true);
    }
    // while a write channel is refused by that connection
    c.ok('session.signIn', { profileId: status.profile?.id ?? '' });
    expect(c.raw('staff.archive', { id: staffId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    core.close();
  });
});

const ordinary = asOrdinaryUser();

describe.skipIf(!ordinary)('a practice this user cannot write opens read-only (run as an ordinary user)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--node-only'], { cwd: repoRoot, stdio: 'ignore' });
  }, 120_000);

  /** A demo practice (made as this user), then made unwritable for the ordinary user one of two ways. */
  function readOnlyPractice(how: 'file' | 'folder'): string {
    const d = temp.make('spoke-ro-');
    const made = runPracticeCli(['demo', '--data', d], { out: () => undefined, err: () => undefined });
    expect(made).toBe(0);
    const file = path.join(d, 'spoke.db');
    if (!ordinary) throw new Error('unreachable');
    if (ordinary.prefix.length) {
      // root: the ordinary user is nobody; the file stays root's, the folder is nobody's when writable
      fs.chmodSync(file, 0o644);
      if (how === 'file') fs.chownSync(d, ordinary.uid, ordinary.gid);
      fs.chmodSync(d, 0o755);
    } else if (how === 'file') fs.chmodSync(file, 0o444);
    else fs.chmodSync(d, 0o555);
    return d;
  }

  const reasonFor = (how: 'file' | 'folder', d: string) =>
    how === 'file' ? `${path.join(d, 'spoke.db')} is read-only for your user account` : `your user account cannot write to the data folder ${d}`;

  it.each(['file', 'folder'] as const)('web host: read-only %s → banner status, reads work, every write refused in plain words', async (how) => {
    const d = readOnlyPractice(how);
    const before = fingerprint(d);
    const ui = placeholderUi(temp.make('spoke-ui-'));
    fs.chmodSync(ui, 0o755);
    const host = await spawnWebHost(['--data', d, '--port', '0'], { ui, prefix: ordinary?.prefix ?? [] });
    const message = `This practice is open read-only because ${reasonFor(how, d)}. Changes cannot be saved.`;
    try {
      expect(host.output()).toContain(message);
      const post = async (channel: string, body: unknown) => {
        const res = await fetch(`http://127.0.0.1:${host.port}/api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, 'x-spoke-session': '3b0f2f7e-1a9d-4c55-8f0e-1d2c3b4a5f60' },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
      };
      const status = (await post('app.status', {})).body.value as { readOnly: { reason: string } | null; profiles: { id: string; appRole: string }[] };
      expect(status.readOnly).toEqual({ reason: reasonFor(how, d) });
      const manager = status.profiles.find((p) => p.appRole === 'practice_manager');
      expect((await post('session.signIn', { profileId: manager?.id })).body.ok).toBe(true);
      const staff = (await post('staff.list', {})).body.value as { id: string }[];
      expect(staff.length).toBeGreaterThanOrEqual(25);
      for (const [channel, input] of [
        ['staff.archive', { id: staff[0]?.id }],
        ['practice.openDemo', {}],
        ['sites.save', { name: 'New Branch' }],
      ] as const) {
        const r = await post(channel, input);
        expect(r.status, channel).toBe(409);
        expect(r.body.error?.message, channel).toBe(message);
      }
    } finally {
      host.proc.kill('SIGTERM');
      await host.exited;
    }
    expect(fingerprint(d)).toEqual(before); // no lock, -wal or -shm left; not a byte changed
  });

  it('CLI: check and export work on a read-only practice; demo is refused; nothing changes', () => {
    const d = readOnlyPractice('folder');
    const before = fingerprint(d);
    const run = (...args: string[]) => runNode(ordinary?.prefix ?? [], ['dist/node/practice.mjs', ...args]);
    const check = run('check', '--data', d);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/database is healthy/);
    const exp = run('export', '--data', d);
    expect(exp.status, exp.stderr).toBe(0);
    expect((JSON.parse(exp.stdout) as { staff: unknown[] }).staff.length).toBeGreaterThanOrEqual(25);
    const demo = run('demo', '--data', d);
    expect(demo.status).toBe(1);
    expect(demo.stderr).toContain('This practice is open read-only because your user account cannot write to the data folder');
    expect(fingerprint(d)).toEqual(before);
  });

  it('a read-only folder without a practice is refused, not created', () => {
    const d = temp.make('spoke-ro-');
    fs.chmodSync(d, ordinary?.prefix.length ? 0o755 : 0o555);
    const r = runNode(ordinary?.prefix ?? [], ['dist/node/practice.mjs', 'demo', '--data', d]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Spoke cannot create a practice database at ${path.join(d, 'spoke.db')} because your user account cannot write to the data folder`);
    expect(fs.readdirSync(d)).toEqual([]);
  });
});

describe('a database that becomes read-only while open', () => {
  it('refuses the save in plain words, not "internal problem"', () => {
    const { core, c, status } = demoCore();
    const staffId = c.ok('staff.list', {})[0]?.id ?? '';
    expect(status.readOnly).toBeNull();
    // SQLite answers SQLITE_READONLY when the file or disk stops accepting writes
    core.db.pragma('query_only = ON');
    const env = caller(core, c.session).raw('staff.archive', { id: staffId });
    expect(env).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: 'The change was not saved: the practice database can no longer be written (the file or its disk became read-only). Restart Spoke.',
      },
    });
    core.db.pragma('query_only = OFF');
    expect(c.ok('staff.get', { id: staffId }).archivedAt).toBeNull(); // and nothing was half-saved
    core.close();
  });
});
