import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackupFiles } from '../../electron/core/db/backups';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { dispatch } from '../../electron/core/dispatch';
import { PracticeCore } from '../../electron/core/practice-core';
import type { SyncResult } from '../../shared/contract/sync';
import { caller, fixedClock, runCli, tempDirs } from '../helpers/core';
import { startTestHub, type TestHub } from '../helpers/hub';

const temp = tempDirs();
let hub: TestHub;
/** A demo practice with its rota, leave, leads, a synced hub release, an adopted protocol and a backup setting. */
let source: string;
let exported: string;

beforeAll(async () => {
  hub = await startTestHub(temp.make('spoke-hub-'));
  source = temp.make('spoke-export-');
  const core = new PracticeCore({ dataDir: source, create: 'ifMissing', clock: fixedClock(new Date().toISOString()) });
  const c = caller(core);
  c.ok('practice.openDemo', {});
  const call = async (channel: string, input: unknown, session = c.session) => {
    const env = await dispatch(core, channel, input, session);
    if (!env.ok) throw new Error(`${channel}: ${env.error.message}`);
    return env.value;
  };
  await call('sync.enrol', { code: hub.hub.enrol('Z99001', 'Spokeford Medical Practice').code });
  const r = (await call('sync.now', {})) as SyncResult;
  expect(r.outcome, r.message).toBe('synced');
  const lead = caller(core);
  lead.ok('session.signIn', { profileId: core.db.prepare("SELECT id FROM profile WHERE app_role = 'clinical_lead' LIMIT 1").pluck().get() as string });
  const item = core.db.prepare('SELECT item_id, version FROM central_version ORDER BY item_id LIMIT 1').get() as { item_id: string; version: number };
  await call('protocols.adopt', { id: item.item_id, version: item.version }, lead.session);
  c.ok('backup.settings.save', { retentionDays: 45 });
  core.close();
  const r2 = runCli('export', '--data', source);
  expect(r2.code, r2.err).toBe(0);
  exported = path.join(temp.make('spoke-file-'), 'practice.json');
  fs.writeFileSync(exported, r2.out);
}, 60_000);
afterAll(async () => {
  await hub.close();
  temp.removeAll();
});

const read = () => JSON.parse(fs.readFileSync(exported, 'utf8')) as Record<string, unknown>;

function refusedWithNothingWritten(text: string, says: RegExp) {
  const parent = temp.make('spoke-import-');
  const target = path.join(parent, 'practice');
  const file = path.join(parent, 'in.json');
  fs.writeFileSync(file, text);
  const r = runCli('import', '--data', target, '--from', file);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(says);
  expect(fs.readdirSync(parent)).toEqual(['in.json']); // no folder, no database left behind
}

describe('whole-practice export and import', () => {
  it('exports every table with a format and schema version; a before-sync backup was taken when the sync applied', () => {
    const doc = read();
    expect(doc.format).toBe('spoke-practice-export');
    expect(doc.formatVersion).toBe(2);
    expect(doc.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    for (const key of ['rotaAssignments', 'leaveRequests', 'namedLeads', 'centralVersion', 'protocolAdoption', 'syncState', 'tufMetadata', 'hubEnrolment', 'meta', 'auditLog']) {
      expect((doc[key] as unknown[]).length, key).toBeGreaterThan(0);
    }
    expect(listBackupFiles(path.join(source, 'backups')).map((b) => b.reason)).toContain('before-sync');
  });

  it('imports into an empty folder, and exporting that gives byte-identical JSON', () => {
    const target = path.join(temp.make('spoke-import-'), 'copy');
    const r = runCli('import', '--data', target, '--from', exported);
    expect(r.code, r.err).toBe(0);
    expect(fs.readdirSync(target)).toEqual(['spoke.db']);
    const again = runCli('export', '--data', target);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toBe(fs.readFileSync(exported, 'utf8'));
    expect(runCli('check', '--data', target).code).toBe(0);
  });

  it('refuses a folder that is not empty', () => {
    const target = temp.make('spoke-import-');
    fs.writeFileSync(path.join(target, 'notes.txt'), 'kept');
    const r = runCli('import', '--data', target, '--from', exported);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not empty/);
    expect(fs.readdirSync(target)).toEqual(['notes.txt']);
  });

  it('refuses a file from a newer Spoke', () => {
    refusedWithNothingWritten(JSON.stringify({ ...read(), schemaVersion: LATEST_SCHEMA_VERSION + 1 }), /written by a newer Spoke \(schema/);
    refusedWithNothingWritten(JSON.stringify({ ...read(), formatVersion: 3 }), /newer Spoke \(export format 3/);
  });

  it('refuses a truncated file', () => {
    const text = fs.readFileSync(exported, 'utf8');
    refusedWithNothingWritten(text.slice(0, Math.floor(text.length / 2)), /cut off or not valid JSON/);
  });

  it('refuses hand edits that break a rule, naming the row', () => {
    const edit = (fn: (d: Record<string, unknown[]>) => void) => {
      const d = read() as Record<string, unknown[]>;
      fn(d);
      return JSON.stringify(d, null, 2);
    };
    const first = (d: Record<string, unknown[]>, key: string) => d[key]![0] as Record<string, unknown>;
    // a name with a text-direction override (the text policy)
    refusedWithNothingWritten(edit((d) => (first(d, 'staff').family_name = 'Evil\u202Eeman')), /staff row 1: "family_name" contains a hidden text-direction character/);
    // an assignment for someone who is not in the file (a foreign key)
    refusedWithNothingWritten(edit((d) => (first(d, 'rotaAssignments').staff_id = '00000000-0000-4000-8000-000000000000')), /points at a staff that is not in the export/);
    // a value the schema refuses (CHECK)
    refusedWithNothingWritten(edit((d) => (first(d, 'rotaAssignments').session = 'night')), /rotaAssignments row 1 breaks a rule of the practice database/);
    // an impossible date
    refusedWithNothingWritten(edit((d) => (first(d, 'leaveRequests').start_date = '2026-02-31')), /"start_date" is not a real date/);
    // a duplicate id (uniqueness)
    refusedWithNothingWritten(edit((d) => d.staff!.push({ ...first(d, 'staff') })), /staff row \d+ breaks a rule/);
    // a column no Spoke has
    refusedWithNothingWritten(edit((d) => (first(d, 'sites').colour = 'red')), /has a field "colour" that site does not have/);
    // a table left out
    refusedWithNothingWritten(edit((d) => delete d.rotaAssignments), /no "rotaAssignments" list/);
  });
});
