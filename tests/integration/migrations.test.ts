import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openPracticeDb } from '../../electron/core/db/open';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../electron/core/db/migrations';
import { tempDirs } from '../helpers/core';

const temp = tempDirs();
const dir = () => temp.make();
afterEach(() => temp.removeAll());

describe('practice database migrations', () => {
  it('creates a fresh database at the latest schema with STRICT tables, WAL and foreign keys', () => {
    const file = path.join(dir(), 'spoke.db');
    const { db, schemaVersion, backupPath } = openPracticeDb(file, { create: 'ifMissing' });
    expect(schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(backupPath).toBeNull();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual([
      'acknowledgement',
      'addendum_version',
      'adoption_event',
      'audit_log',
      'central_item',
      'central_version',
      'coverage_rule',
      'duty',
      'hub_enrolment',
      'leave_request',
      'local_protocol',
      'local_protocol_version',
      'meta',
      'named_lead',
      'named_lead_type',
      'practice',
      'profile',
      'protocol_adoption',
      'report_outbox',
      'rota_assignment',
      'rota_settings',
      'site',
      'site_session',
      'staff',
      'staff_preference',
      'staff_site',
      'sync_state',
      'tuf_metadata',
      'working_pattern',
    ]);
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT/);
    db.close();
  });

  it('is idempotent: reopening applies nothing and takes no backup', () => {
    const file = path.join(dir(), 'spoke.db');
    openPracticeDb(file, { create: 'ifMissing' }).db.close();
    const again = openPracticeDb(file, { create: 'ifMissing' });
    expect(again.backupPath).toBeNull();
    expect(again.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    again.db.close();
  });

  it('upgrades an older database, backing it up first and keeping its rows', () => {
    const d = dir();
    const file = path.join(d, 'spoke.db');
    openPracticeDb(file, { create: 'ifMissing' }).db.close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO meta (key, value) VALUES ('marker', 'kept')").run();
    raw.close();
    const m2: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'test: add a column and move data',
      up(db) {
        db.exec("ALTER TABLE meta ADD COLUMN note TEXT; UPDATE meta SET note = 'moved:' || value;");
      },
    };
    const { db, schemaVersion, backupPath } = openPracticeDb(file, { migrations: [...MIGRATIONS, m2] });
    expect(schemaVersion).toBe(m2.version);
    expect(db.prepare("SELECT note FROM meta WHERE key = 'marker'").pluck().get()).toBe('moved:kept');
    db.close();
    expect(backupPath).not.toBeNull();
    const backup = new Database(backupPath ?? '', { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(backup.prepare("SELECT value FROM meta WHERE key = 'marker'").pluck().get()).toBe('kept');
    backup.close();
  });

  it('rolls a failing migration back whole and leaves the version where it was', () => {
    const file = path.join(dir(), 'spoke.db');
    openPracticeDb(file, { create: 'ifMissing' }).db.close();
    const broken: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'test: fails half way',
      up(db) {
        db.exec("INSERT INTO meta (key, value) VALUES ('half', 'done')");
        throw new Error('boom');
      },
    };
    expect(() => openPracticeDb(file, { migrations: [...MIGRATIONS, broken] })).toThrow('boom');
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(raw.prepare("SELECT count(*) FROM meta WHERE key = 'half'").pluck().get()).toBe(0);
    raw.close();
  });

  it('refuses a database from a newer Spoke and leaves it untouched', () => {
    const file = path.join(dir(), 'spoke.db');
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openPracticeDb(file, { create: 'ifMissing' })).toThrow(/newer version of Spoke \(schema 999/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database without changing it', () => {
    const file = path.join(dir(), 'spoke.db');
    fs.writeFileSync(file, 'this is not sqlite '.repeat(100));
    const before = fs.readFileSync(file);
    expect(() => openPracticeDb(file, { create: 'ifMissing' })).toThrow(/not a Spoke practice database or is damaged/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('keeps the hot staff query on its index', () => {
    const { db } = openPracticeDb(':memory:');
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM staff WHERE professional_body = 'GMC' AND registration_number = '1234567' AND deleted = 0")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX staff_registration_unique/);
    db.close();
  });

  it('lists staff in name order straight from an index, without a sort step', () => {
    const { db } = openPracticeDb(':memory:');
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT s.id FROM staff s WHERE s.deleted = 0 AND s.archived_at IS NULL ORDER BY s.family_name COLLATE NOCASE, s.given_name COLLATE NOCASE, s.id',
      )
      .all() as { detail: string }[];
    const details = plan.map((p) => p.detail).join(' | ');
    expect(details).toMatch(/USING INDEX staff_by_name/);
    expect(details).not.toMatch(/TEMP B-TREE/);
    db.close();
  });

  it('reads the rota by date range and by person from their indexes', () => {
    const { db } = openPracticeDb(':memory:');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' | ');
    const range = plan("SELECT id FROM rota_assignment WHERE deleted = 0 AND date BETWEEN '2026-03-02' AND '2026-03-29' ORDER BY date, staff_id, session");
    expect(range).toMatch(/USING INDEX rota_assignment_by_date/);
    const person = plan("SELECT id FROM rota_assignment WHERE deleted = 0 AND staff_id = 'x' AND date BETWEEN '2026-03-02' AND '2026-03-29' ORDER BY date, session");
    expect(person).toMatch(/USING INDEX rota_assignment_by_staff_date/);
    const cell = plan("SELECT id FROM rota_assignment WHERE deleted = 0 AND staff_id = 'x' AND date = '2026-03-02' AND session = 'am'");
    expect(cell).toMatch(/USING INDEX rota_assignment_by_staff_date/);
    expect(plan("SELECT id FROM leave_request WHERE deleted = 0 AND staff_id = 'x' ORDER BY start_date, id")).toMatch(/USING INDEX leave_by_staff/);
    db.close();
  });

  it('seeds the rota defaults: duties, named-lead types, settings, and session times for every site', () => {
    const { db } = openPracticeDb(':memory:');
    expect(db.prepare('SELECT code FROM duty ORDER BY sort_order').pluck().all()).toEqual(['SURG', 'DD', 'TRI', 'HV', 'NC', 'HCA', 'ADM', 'TEACH', 'EXT']);
    expect(db.prepare('SELECT count(*) FROM named_lead_type').pluck().get()).toBe(13);
    expect(db.prepare('SELECT leave_year_start_month, carry_over_limit_days FROM rota_settings').get()).toEqual({ leave_year_start_month: 4, carry_over_limit_days: 5 });
    db.prepare("INSERT INTO site (id, name, is_main, sort_order, created_at, updated_at) VALUES ('s1', 'Main', 1, 0, 't', 't')").run();
    const sessions = db.prepare("SELECT id, weekday, session, start_time, end_time FROM site_session WHERE site_id = 's1'").all() as { id: string; session: string; start_time: string }[];
    expect(sessions).toHaveLength(10);
    for (const s of sessions) expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sessions.find((s) => s.session === 'pm')?.start_time).toBe('13:30');
    db.close();
  });

  it('gives sites made before the rota existed their session times when upgrading', () => {
    const file = path.join(dir(), 'spoke.db');
    const first = openPracticeDb(file, { create: 'ifMissing', migrations: MIGRATIONS.slice(0, 2) });
    first.db.prepare("INSERT INTO site (id, name, is_main, sort_order, created_at, updated_at) VALUES ('old', 'Old site', 1, 0, 't', 't')").run();
    first.db.close();
    const { db, backupPath } = openPracticeDb(file, { create: 'ifMissing' });
    expect(backupPath).not.toBeNull();
    expect(db.prepare("SELECT count(*) FROM site_session WHERE site_id = 'old' AND deleted = 0").pluck().get()).toBe(10);
    db.close();
  });

  it('keeps the audit log append-only', () => {
    const { db } = openPracticeDb(':memory:');
    db.prepare("INSERT INTO audit_log (at, actor_name, action, entity, entity_id) VALUES ('t', 'a', 'x', 'e', '1')").run();
    expect(() => db.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });
});
