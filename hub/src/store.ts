import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type HubDb = Database.Database;

/** "SPKH" — marks the file as a Spoke hub database, not a practice one. */
export const HUB_APPLICATION_ID = 0x53504b48;

interface HubMigration {
  version: number;
  up(db: HubDb): void;
}

/**
 * The hub's own schema, separate from the practice's: published content, the signed
 * TUF files (immutable once written, so serving them is a lookup), signing-key records
 * (the private keys are files beside the database, never rows in it), enrolled
 * practices and their reports.
 */
const MIGRATIONS: readonly HubMigration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

        CREATE TABLE signing_keys (
          keyid TEXT PRIMARY KEY,
          role TEXT NOT NULL CHECK (role IN ('root','targets','snapshot','timestamp','bins')),
          public_hex TEXT NOT NULL,
          created_at TEXT NOT NULL,
          retired_at TEXT
        ) STRICT;

        -- Every signed metadata file ever published, by its consistent-snapshot name.
        CREATE TABLE metadata_files (
          name TEXT PRIMARY KEY,
          role TEXT NOT NULL,
          version INTEGER NOT NULL,
          bytes BLOB NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX metadata_by_role ON metadata_files (role, version);

        -- Target files by their hash-prefixed path: immutable, never rewritten.
        CREATE TABLE target_files (
          url_path TEXT PRIMARY KEY,
          bytes BLOB NOT NULL
        ) STRICT;

        -- Each item's current published state (policies and catalogues).
        CREATE TABLE items (
          id TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('policy','catalogue')),
          version INTEGER NOT NULL,
          source_hash TEXT NOT NULL,
          target_path TEXT NOT NULL,
          target_json TEXT NOT NULL,
          retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0,1)),
          updated_release INTEGER NOT NULL,
          PRIMARY KEY (kind, id)
        ) STRICT;

        CREATE TABLE releases (
          version INTEGER PRIMARY KEY,
          created_at TEXT NOT NULL,
          changes TEXT NOT NULL
        ) STRICT;

        -- The signed state of each delegated bin, so a publish re-signs only bins that changed.
        CREATE TABLE bins (
          name TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          targets_json TEXT NOT NULL,
          expires TEXT NOT NULL
        ) STRICT;

        CREATE TABLE practices (
          id TEXT PRIMARY KEY,
          ods TEXT NOT NULL,
          name TEXT NOT NULL,
          token_sha256 TEXT NOT NULL,
          enrolled_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE reports (
          practice_id TEXT NOT NULL REFERENCES practices(id),
          report_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          body TEXT NOT NULL,
          received_at TEXT NOT NULL,
          PRIMARY KEY (practice_id, report_id)
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    up(db) {
      // The central team's dashboard tokens: separate from practice tokens, stored hashed.
      db.exec(`
        CREATE TABLE dashboard_tokens (
          id TEXT PRIMARY KEY,
          token_sha256 TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
];

export const HUB_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export class HubError extends Error {
  override readonly name = 'HubError';
}

/** Opens (creating if needed) the hub database in DIR and brings its schema up to date. */
export function openHubDb(dir: string): HubDb {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'hub.db');
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // publish, enrol and rotate-keys run beside `serve` on the same folder.
    db.pragma('busy_timeout = 10000');
    db.pragma('synchronous = FULL');
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId !== 0 && appId !== HUB_APPLICATION_ID) {
      throw new HubError(`${file} is not a Spoke hub database (it may be a practice database). It has not been changed.`);
    }
    if (appId === 0 && version !== 0) {
      throw new HubError(`${file} is not a Spoke hub database. It has not been changed.`);
    }
    if (version > HUB_SCHEMA_VERSION) {
      throw new HubError(`${file} was written by a newer Spoke hub (schema ${version}; this one knows ${HUB_SCHEMA_VERSION}). It has not been changed.`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= version) continue;
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
        db.pragma(`application_id = ${HUB_APPLICATION_ID}`);
      }).immediate();
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function getSetting(db: HubDb, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: HubDb, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
