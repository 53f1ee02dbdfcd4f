import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runPracticeCli } from '../../electron/core/cli/practice-cli';
import { listBackupFiles } from '../../electron/core/db/backups';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/core/db/migrations';
import { openPracticeDb } from '../../electron/core/db/open';
import { dispatch } from '../../electron/core/dispatch';
import { PracticeCore } from '../../electron/core/practice-core';
import { caller, fixedClock, runCli, tempDirs } from '../helpers/core';

const temp = tempDirs();
afterAll(() => temp.removeAll());

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPracticeCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A demo practice on disk, signed in as its practice manager. */
function demoOnDisk(clock = fixedClock()) {
  const dir = temp.make('spoke-backup-');
  const core = new PracticeCore({ dataDir: dir, create: 'ifMissing', clock });
  const c = caller(core);
  c.ok('practice.openDemo', {});
  return { dir, core, c, clock };
}

const staffCount = (core: PracticeCore) => core.db.prepare('SELECT count(*) FROM staff WHERE deleted = 0 AND archived_at IS NULL').pluck().get() as number;

describe('backups', () => {
  it('"Back up now" writes a consistent copy into backups/ named by UTC time and reason, listed with what it holds', async () => {
    const { dir, core, c } = demoOnDisk();
    const env = await dispatch(core, 'backup.now', {}, c.session);
    expect(env.ok).toBe(true);
    const list = c.ok('backup.list', {});
    expect(list.folder).toBe(path.join(dir, 'backups'));
    expect(list.retentionDays).toBe(30);
    expect(list.backups).toHaveLength(1);
    const b = list.backups[0]!;
    expect(b.file).toBe('spoke-2026-11-23T09-00-00-000Z-manual.db');
    expect(b.reason).toBe('manual');
    expect(b.problem).toBeNull();
    expect(b.holds?.practiceName).toBe('Spokeford Medical Practice (demo)');
    expect(b.holds?.staff).toBe(staffCount(core));
    expect(b.holds?.assignments).toBe(core.db.prepare('SELECT count(*) FROM rota_assignment WHERE deleted = 0').pluck().get());
    // a finished backup opens read-only with nothing appearing beside it
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([b.file]);
    core.close();
  });

  it('the daily backup is taken once per local day, whatever the timer does', async () => {
    const { dir, core, clock } = demoOnDisk();
    expect(await core.backups.daily()).not.toBeNull();
    clock.set('2026-11-23T09:40:00.000Z'); // later the same day in any time zone the test runs in
    expect(await core.backups.daily()).toBeNull();
    clock.set('2026-11-24T09:00:00.000Z');
    expect((await core.backups.daily())?.reason).toBe('daily');
    expect(listBackupFiles(path.join(dir, 'backups')).map((b) => b.reason)).toEqual(['daily', 'daily']);
    core.close();
  });

  it('keeps N days (a practice setting) and never deletes the newest backup', async () => {
    const { dir, core, c, clock } = demoOnDisk();
    for (const day of ['2026-10-01', '2026-10-20', '2026-11-20']) {
      clock.set(`${day}T09:00:00.000Z`);
      await core.backups.backupNow('manual');
    }
    clock.set('2026-11-23T09:00:00.000Z');
    expect(c.ok('backup.settings.save', { retentionDays: 10 })).toEqual({ retentionDays: 10 });
    expect(listBackupFiles(path.join(dir, 'backups')).map((b) => b.takenAt.slice(0, 10))).toEqual(['2026-11-20']);
    // a month on with no new backup: the newest is still kept
    clock.set('2026-12-30T09:00:00.000Z');
    core.backups.prune();
    expect(listBackupFiles(path.join(dir, 'backups'))).toHaveLength(1);
    expect(c.raw('backup.settings.save', { retentionDays: 0 }).ok).toBe(false);
    expect(c.ok('backup.list', {}).retentionDays).toBe(10);
    core.close();
  });

  it('a restore brings the backup back, is listed as undoable, and undoing it brings the change back', async () => {
    const { dir, core, c } = demoOnDisk();
    const before = staffCount(core);
    const taken = (await dispatch(core, 'backup.now', {}, c.session)) as { ok: true; value: { file: string } };
    const someone = c.ok('staff.list', {})[0]!;
    c.ok('staff.archive', { id: someone.id });
    expect(staffCount(core)).toBe(before - 1);
    const env = await dispatch(core, 'backup.restore', { file: taken.value.file }, c.session);
    if (!env.ok) throw new Error(env.error.message);
    const { undo } = env.value as { undo: { file: string; reason: string; holds: { staff: number } } };
    expect(staffCount(core)).toBe(before);
    expect(undo.reason).toBe('before-restore');
    expect(undo.holds.staff).toBe(before - 1);
    expect(c.ok('backup.list', {}).backups.map((b) => b.reason)).toContain('before-restore');
    expect(core.check()).toEqual([]);
    // undo the restore: the archived person is archived again
    const back = await dispatch(core, 'backup.restore', { file: undo.file }, c.session);
    expect(back.ok).toBe(true);
    expect(staffCount(core)).toBe(before - 1);
    core.close();
    expect(runCli('check', '--data', dir).code).toBe(0);
  });

  it('a restore, even outside a channel, makes the rota check the restored contents', async () => {
    const { dir, core, c } = demoOnDisk(fixedClock('2026-11-23T09:00:00.000Z'));
    const taken = (await dispatch(core, 'backup.now', {}, c.session)) as { ok: true; value: { file: string } };
    const range = c.ok('rota.range', { from: '2026-11-24', to: '2026-12-07' });
    const grace = range.staff.find((p) => p.givenName === 'Grace')!;
    const dd = range.duties.find((d) => d.code === 'DD')!;
    const busy = new Set(range.assignments.filter((a) => a.staffId === grace.id && a.session === 'am').map((a) => a.date));
    const date = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30'].find((d) => !busy.has(d))!;
    const set = c.ok('rota.apply', { ops: [{ op: 'set', staffId: grace.id, date, session: 'am', siteId: range.sites[0]!.id, dutyId: dd.id, replaces: null }] });
    const added = set.conflictsAdded.find((x) => x.ruleId === 'rota.missing_competency')!;
    expect(added).toBeDefined();
    await core.backups.restore(path.join(dir, 'backups', taken.value.file), null);
    const ids = core.rota.validator().conflicts().map((x) => x.id);
    expect(ids).not.toContain(added.id);
    expect(ids).toEqual(core.rota.fullRecheck().map((x) => x.id));
    core.close();
  });

  it('only a practice manager restores, and only a backup in the practice folder', async () => {
    const { core, c } = demoOnDisk();
    const taken = await core.backups.backupNow('manual');
    const lead = c.ok('app.status', {}).profiles.find((p) => p.appRole === 'clinical_lead');
    const asLead = caller(core, { profileId: null });
    asLead.ok('session.signIn', { profileId: lead?.id ?? '' });
    const refused = await dispatch(core, 'backup.restore', { file: taken.file }, asLead.session);
    expect(refused.ok || refused.error.code).toBe('forbidden');
    const bad = await dispatch(core, 'backup.restore', { file: '../../etc/passwd' }, c.session);
    expect(bad.ok || bad.error.code).toBe('invalid_input');
    const missing = await dispatch(core, 'backup.restore', { file: 'spoke-2026-01-01T00-00-00-000Z-manual.db' }, c.session);
    expect(missing.ok || missing.error.code).toBe('not_found');
    core.close();
  });

  it('CLI: backup, then restore with a check of the file; a file that is not a Spoke database is refused, nothing changed', async () => {
    const { dir, core } = demoOnDisk();
    core.close();
    const b = await cli('backup', '--data', dir);
    expect(b.code, b.err).toBe(0);
    const file = b.out.trim();
    expect(fs.existsSync(file)).toBe(true);
    const raw = new Database(path.join(dir, 'spoke.db'));
    raw.prepare("UPDATE practice SET name = 'Changed after the backup'").run();
    raw.close();
    const bogus = path.join(temp.make('spoke-bogus-'), 'x.db');
    fs.writeFileSync(bogus, 'not a database at all'.repeat(20));
    const refused = await cli('restore', '--data', dir, '--from', bogus);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/cannot be restored: it is not a SQLite database/);
    const r = await cli('restore', '--data', dir, '--from', file);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/restore that to undo/);
    const db = new Database(path.join(dir, 'spoke.db'), { readonly: true });
    expect(db.prepare('SELECT name FROM practice').pluck().get()).toBe('Spokeford Medical Practice (demo)');
    db.close();
    expect(listBackupFiles(path.join(dir, 'backups')).map((x) => x.reason).sort()).toEqual(['before-restore', 'manual']);
  });

  it('refuses to restore a backup from a newer Spoke', async () => {
    const { dir, core } = demoOnDisk();
    const entry = await core.backups.backupNow('manual');
    core.close();
    const file = path.join(dir, 'backups', entry.file);
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const r = await cli('restore', '--data', dir, '--from', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/was written by a newer Spoke/);
  });

  it('backs up before a migration only when an existing database holds data', () => {
    const empty = temp.make('spoke-mig-');
    openPracticeDb(path.join(empty, 'spoke.db'), { create: 'ifMissing', migrations: MIGRATIONS.slice(0, 2) }).db.close();
    openPracticeDb(path.join(empty, 'spoke.db')).db.close();
    expect(fs.existsSync(path.join(empty, 'backups'))).toBe(false);

    const full = temp.make('spoke-mig-');
    const first = openPracticeDb(path.join(full, 'spoke.db'), { create: 'ifMissing', migrations: MIGRATIONS.slice(0, 2) });
    first.db.prepare("INSERT INTO practice (id, name, ods_code, list_size, created_at, updated_at) VALUES ('p', 'Old', 'Z1', 1, 't', 't')").run();
    first.db.close();
    const { db, backupPath } = openPracticeDb(path.join(full, 'spoke.db'));
    db.close();
    expect(path.basename(backupPath ?? '')).toMatch(/^spoke-.*Z-before-migration\.db$/);
    expect(listBackupFiles(path.join(full, 'backups'))[0]?.reason).toBe('before-migration');
  });
});
