import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_TABLES, LATEST_SCHEMA_VERSION, SPOKE_APPLICATION_ID } from '../../electron/core/db/migrations';
import { PracticeCore } from '../../electron/core/practice-core';
import { tempDirs, runCli } from '../helpers/core';
import { fingerprint } from '../helpers/processes';

const root = path.resolve(import.meta.dirname, '../..');
const temp = tempDirs();
afterAll(() => temp.removeAll());
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--node-only'], { cwd: root, stdio: 'ignore' });
}, 120_000);

const cli = runCli;

/** A SQLite database made by "another application", in WAL mode like many are. */
function foreignDb(file: string, setup: (db: Database.Database) => void): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  setup(db);
  db.close();
}

const dbIn = (d: string) => path.join(d, 'spoke.db');

/** The practice folders Spoke must refuse, each with what the message must say. */
const REFUSED: { name: string; make: (dir: string) => void; says: RegExp }[] = [
  { name: 'a 0-byte spoke.db', make: (d) => fs.writeFileSync(dbIn(d), ''), says: /is empty \(0 bytes\), so it holds no practice\. It has not been changed/ },
  {
    name: 'a text file called spoke.db',
    make: (d) => fs.writeFileSync(dbIn(d), 'not a database\n'.repeat(50)),
    says: /not a Spoke practice database or is damaged \(it is not a SQLite file\)/,
  },
  {
    name: "another application's database (user_version 0, with tables)",
    make: (d) => foreignDb(dbIn(d), (db) => db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x')")),
    says: /is a SQLite database from another application \(it has tables but no Spoke schema\)\. It has not been changed/,
  },
  {
    name: 'a database with another application id',
    make: (d) =>
      foreignDb(dbIn(d), (db) => {
        db.exec('CREATE TABLE t (a)');
        db.pragma('application_id = 305419896');
        db.pragma('user_version = 1');
      }),
    says: /belongs to another application \(SQLite application id 0x12345678\), not Spoke/,
  },
  {
    name: 'an empty SQLite database',
    make: (d) => foreignDb(dbIn(d), () => undefined),
    says: /is an empty SQLite database, not a Spoke practice/,
  },
  {
    name: 'a negative schema version',
    make: (d) =>
      foreignDb(dbIn(d), (db) => {
        db.exec('CREATE TABLE t (a)');
        db.pragma('user_version = -1');
      }),
    says: /its schema version is -1, which no Spoke writes\)\. It has not been changed/,
  },
  {
    name: 'a schema version from a newer Spoke',
    make: (d) =>
      foreignDb(dbIn(d), (db) => {
        db.exec('CREATE TABLE t (a)');
        db.pragma(`application_id = ${SPOKE_APPLICATION_ID}`);
        db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      }),
    says: new RegExp(`written by a newer version of Spoke \\(schema ${LATEST_SCHEMA_VERSION + 1}; .*The file has not been changed`),
  },
  {
    name: 'a Spoke schema version without the Spoke tables',
    make: (d) =>
      foreignDb(dbIn(d), (db) => {
        db.exec('CREATE TABLE practice (id TEXT)');
        db.pragma('user_version = 1');
      }),
    says: /has a Spoke schema version but no site, staff, staff_site, profile, audit_log, meta tables/,
  },
  {
    name: "another application's large database (more than the 256 KB read first)",
    make: (d) =>
      foreignDb(dbIn(d), (db) => {
        db.exec('CREATE TABLE blobs (b BLOB)');
        const ins = db.prepare('INSERT INTO blobs VALUES (?)');
        for (let i = 0; i < 200; i++) ins.run(Buffer.alloc(4000, i));
        db.exec('CREATE TABLE later (a)');
      }),
    says: /is a SQLite database from another application/,
  },
  {
    name: 'a large database with the Spoke id but not its tables',
    make: (d) =>
      foreignDb(dbIn(d), (db) => {
        db.exec('CREATE TABLE practice (b BLOB)');
        const ins = db.prepare('INSERT INTO practice VALUES (?)');
        for (let i = 0; i < 200; i++) ins.run(Buffer.alloc(4000, i));
        db.pragma(`application_id = ${SPOKE_APPLICATION_ID}`);
        db.pragma('user_version = 1');
      }),
    says: /has a Spoke schema version but no site, staff, staff_site, profile, audit_log, meta tables/,
  },
  {
    name: "another application's database with changes still in its -wal",
    make: (d) => {
      // Copy the files while the writer is still open: what a power cut leaves behind.
      const src = path.join(d, 'src');
      fs.mkdirSync(src);
      const db = new Database(path.join(src, 'other.db'));
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
      db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('in the wal')");
      fs.copyFileSync(path.join(src, 'other.db'), dbIn(d));
      fs.copyFileSync(path.join(src, 'other.db-wal'), `${dbIn(d)}-wal`);
      db.close();
      fs.rmSync(src, { recursive: true });
    },
    says: /is a SQLite database from another application/,
  },
];

describe('opening never creates a practice by accident, nor changes a file it refuses', () => {
  it.each(['check', 'export'])('`%s` refuses a folder that does not exist, and does not create it', (command) => {
    const parent = temp.make('spoke-open-');
    const missing = path.join(parent, 'mistyped');
    const r = cli(command, '--data', missing);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/There is no practice folder at .*mistyped\. Nothing has been created/);
    expect(r.out).toBe('');
    expect(fs.existsSync(missing)).toBe(false);
  });

  it.each(['check', 'export'])('`%s` refuses a folder without spoke.db, leaving it as it was', (command) => {
    const d = temp.make('spoke-open-');
    fs.writeFileSync(path.join(d, 'notes.txt'), 'kept');
    const before = fingerprint(d);
    const r = cli(command, '--data', d);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/There is no practice database at .*spoke\.db\. Nothing has been created\. To make a new practice use "init" or "demo"/);
    expect(fingerprint(d)).toEqual(before);
  });

  for (const c of REFUSED) {
    it(`refuses ${c.name} in check, export, init, demo and the app, without changing a byte`, () => {
      const d = temp.make('spoke-open-');
      c.make(d);
      const before = fingerprint(d);
      expect(Object.keys(before)).toContain('spoke.db');
      for (const argv of [['check'], ['export'], ['demo'], ['init', '--ods', 'Z12345', '--name', 'Fictional Surgery']]) {
        const [command, ...rest] = argv as [string, ...string[]];
        const r = cli(command, '--data', d, ...rest);
        expect(r.code, `${command}: ${r.err}`).toBe(1);
        expect(r.err, command).toMatch(c.says);
        expect(r.out).toBe('');
        expect(fingerprint(d), command).toEqual(before);
      }
      // The desktop app and web host may create a practice, but only where there is no spoke.db.
      expect(() => new PracticeCore({ dataDir: d, create: 'ifMissing' })).toThrow(c.says);
      expect(fingerprint(d)).toEqual(before);
    });
  }

  it('creates a new database whole and marks it as Spoke’s (application id)', () => {
    const d = temp.make('spoke-open-');
    expect(cli('init', '--data', d, '--ods', 'Z12345', '--name', 'Fictional Surgery').code).toBe(0);
    expect(fs.readdirSync(d).sort()).toEqual(['spoke.db']); // no spoke.db.new, no lock, no -wal/-shm
    const db = new Database(dbIn(d), { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(SPOKE_APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
    // "SPK1" in the file header, where `file` and other tools look for it
    expect(fs.readFileSync(dbIn(d)).subarray(68, 72).toString('latin1')).toBe('SPK1');
  });

  it('clears a half-made spoke.db.new from a creation that stopped, and never leaves an empty spoke.db', () => {
    const d = temp.make('spoke-open-');
    fs.writeFileSync(path.join(d, 'spoke.db.new'), 'half written');
    expect(cli('demo', '--data', d).code).toBe(0);
    expect(fs.readdirSync(d).sort()).toEqual(['spoke.db']);
    expect(cli('check', '--data', d).code).toBe(0);
  });

  it('stamps the application id on a database from an older Spoke that did not set it, and keeps its data', () => {
    const d = temp.make('spoke-open-');
    expect(cli('demo', '--data', d).code).toBe(0);
    const raw = new Database(dbIn(d));
    raw.pragma('application_id = 0');
    raw.close();
    const r = cli('check', '--data', d);
    expect(r.code, r.err).toBe(0);
    const db = new Database(dbIn(d), { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(SPOKE_APPLICATION_ID);
    expect(db.prepare('SELECT count(*) FROM staff').pluck().get()).toBeGreaterThanOrEqual(25);
    for (const t of CORE_TABLES) expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = ?").pluck().get(t)).toBe(1);
    db.close();
  });

  it('opens a large Spoke database whose later schema lies past the first 256 KB', () => {
    const d = temp.make('spoke-open-');
    expect(cli('demo', '--data', d).code).toBe(0);
    const raw = new Database(dbIn(d));
    const ins = raw.prepare("INSERT INTO audit_log (at, actor_name, action, entity, entity_id, after_json) VALUES ('t', 'a', 'x', 'e', '1', ?)");
    raw.transaction(() => {
      for (let i = 0; i < 400; i++) ins.run(JSON.stringify({ note: 'x'.repeat(1000) }));
    })();
    // as later migrations would: new tables whose schema rows land on pages at the end of the file
    for (let i = 0; i < 40; i++) raw.exec(`CREATE TABLE later_${i} (id TEXT PRIMARY KEY, ${Array.from({ length: 20 }, (_, j) => `column_with_a_long_name_${j} TEXT`).join(', ')}) STRICT`);
    raw.close();
    // the case is real: the first 256 KB alone do not hold the whole schema
    const head = fs.readFileSync(dbIn(d)).subarray(0, 256 * 1024);
    head[18] = 1;
    head[19] = 1;
    head.writeUInt32BE(64, 28);
    expect(fs.statSync(dbIn(d)).size).toBeGreaterThan(256 * 1024);
    expect(() => new Database(head, { readonly: true }).prepare('SELECT name FROM sqlite_schema').all()).toThrow();
    const r = cli('export', '--data', d);
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as { auditLog: unknown[] }).auditLog.length).toBeGreaterThan(400);
  });

  it('opens a Spoke database whose last changes are still in its -wal after a power cut', () => {
    const live = temp.make('spoke-open-');
    const core = new PracticeCore({ dataDir: live, create: 'ifMissing' });
    core.db.pragma('wal_autocheckpoint = 0');
    core.loadDemo();
    const copy = temp.make('spoke-open-');
    fs.copyFileSync(dbIn(live), dbIn(copy));
    fs.copyFileSync(`${dbIn(live)}-wal`, `${dbIn(copy)}-wal`);
    core.close();
    expect(fs.statSync(`${dbIn(copy)}-wal`).size).toBeGreaterThan(0);
    const r = cli('export', '--data', copy);
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as { staff: unknown[] }).staff.length).toBeGreaterThanOrEqual(25);
  });
});

describe('the CLI and the web host as processes', () => {
  it('`practice check` on a mistyped folder exits 1 and creates nothing', () => {
    const parent = temp.make('spoke-open-');
    const r = spawnSync(process.execPath, ['dist/node/practice.mjs', 'check', '--data', path.join(parent, 'nope')], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/There is no practice folder/);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('`practice export` and the web host refuse a 0-byte spoke.db and leave it at 0 bytes', () => {
    const d = temp.make('spoke-open-');
    fs.writeFileSync(dbIn(d), '');
    const before = fingerprint(d);
    const exp = spawnSync(process.execPath, ['dist/node/practice.mjs', 'export', '--data', d], { cwd: root, encoding: 'utf8' });
    expect(exp.status).toBe(1);
    expect(exp.stdout).toBe('');
    expect(exp.stderr).toMatch(/is empty \(0 bytes\)/);
    const ui = temp.make('spoke-ui-');
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Spoke</title>');
    const web = spawnSync(process.execPath, ['dist/node/web.mjs', '--data', d, '--port', '0'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, SPOKE_RENDERER_DIR: ui },
    });
    expect(web.status).toBe(1);
    expect(web.stderr).toMatch(/is empty \(0 bytes\)/);
    expect(fingerprint(d)).toEqual(before);
  });

  it("the app's open (web host, desktop) creates a practice in a new folder, as on first run", () => {
    const parent = temp.make('spoke-open-');
    const d = path.join(parent, 'new-practice');
    const core = new PracticeCore({ dataDir: d, create: 'ifMissing' });
    expect(core.isSetUp()).toBe(false);
    expect(core.readOnly).toBeNull();
    core.close();
    expect(fs.readdirSync(d).sort()).toEqual(['spoke.db']);
  });
});
