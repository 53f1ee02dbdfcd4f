import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SpokeError } from '../../../shared/errors';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for this runtime (Electron sets it). */
  nativeBinding?: string;
  /** Folder for pre-migration backups; defaults to <db folder>/backups. */
  backupDir?: string;
  migrations?: readonly Migration[];
}

export interface OpenedDb {
  db: Db;
  schemaVersion: number;
  /** Set when an existing database was copied aside before migrating. */
  backupPath: string | null;
}

function applyPragmas(db: Db, inMemory: boolean): void {
  if (!inMemory) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // FULL: edits are few and human-paced, and a committed change to a staff record or the
  // audit log must survive a power cut, not only a crash of the app.
  db.pragma('synchronous = FULL');
}

/**
 * Open (creating if needed) a practice database and bring its schema up to date.
 * A database from a newer Spoke is refused untouched; an existing one is backed up
 * before any migration; each migration runs in its own transaction.
 */
export function openPracticeDb(file: string, opts: OpenOptions = {}): OpenedDb {
  const inMemory = file === ':memory:';
  let db: Db;
  try {
    db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch (err) {
    throw new SpokeError('internal', `Could not open the practice database at ${file}: ${(err as Error).message}`);
  }
  try {
    const migrations = opts.migrations ?? MIGRATIONS;
    const latest = migrations[migrations.length - 1]?.version ?? 0;
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      throw new SpokeError(
        'internal',
        `${file} is not a Spoke practice database or is damaged (${(err as Error).message}). It has not been changed; move it aside or restore a backup.`,
      );
    }
    if (version > latest) {
      throw new SpokeError(
        'conflict',
        `This practice database was written by a newer version of Spoke (schema ${version}; this version understands up to ${latest}). Install the newer Spoke. The file has not been changed.`,
      );
    }
    applyPragmas(db, inMemory);
    let backupPath: string | null = null;
    if (version > 0 && version < latest && !inMemory) {
      backupPath = backupBeforeMigration(db, file, version, opts.backupDir);
    }
    for (const m of migrations) {
      if (m.version <= version) continue;
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      })();
      version = m.version;
    }
    return { db, schemaVersion: version, backupPath };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** A consistent copy taken with VACUUM INTO (synchronous, and it never overwrites). */
function backupBeforeMigration(db: Db, file: string, fromVersion: number, dir?: string): string {
  const backupDir = dir ?? path.join(path.dirname(file), 'backups');
  fs.mkdirSync(backupDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(backupDir, `${path.basename(file, '.db')}-schema${fromVersion}-${stamp}.db`);
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}

