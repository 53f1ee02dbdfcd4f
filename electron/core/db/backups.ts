/**
 * Backup files of a practice database: their names (UTC time and reason, so a folder
 * listing sorts by age and says why each was taken), checking one is a Spoke database
 * this build can open, what it holds, and moving a damaged database aside. Used by the
 * opening path (before a migration, on corruption) and by the backup feature.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BACKUP_REASONS, type BackupHolds, type BackupReason } from '../../../shared/contract/backup';
import { CORE_TABLES, SPOKE_APPLICATION_ID } from './migrations';

export const BACKUP_DIR_NAME = 'backups';

const NAME = /^spoke-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-([a-z-]+)\.db$/;

export function backupFileName(at: Date, reason: BackupReason): string {
  return `spoke-${at.toISOString().replace(/[:.]/g, '-')}-${reason}.db`;
}

export function parseBackupName(name: string): { takenAt: string; reason: BackupReason } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const reason = BACKUP_REASONS.find((r) => r === m[6]);
  if (!reason) return null;
  const takenAt = `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`;
  return Number.isFinite(Date.parse(takenAt)) ? { takenAt, reason } : null;
}

/** A path in `dir` for a backup taken at `at` that no file has yet (a later millisecond if taken). */
export function freeBackupPath(dir: string, at: Date, reason: BackupReason): string {
  let t = at.getTime();
  for (;;) {
    const p = path.join(dir, backupFileName(new Date(t), reason));
    if (!fs.existsSync(p)) return p;
    t += 1;
  }
}

/** Backups in `dir` with a name Spoke gave, newest first. */
export function listBackupFiles(dir: string): { file: string; takenAt: string; reason: BackupReason }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: { file: string; takenAt: string; reason: BackupReason }[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (parsed) out.push({ file: name, ...parsed });
  }
  return out.sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : a.file < b.file ? 1 : -1));
}

/**
 * A fresh copy leaves SQLite's backup in WAL mode when its source was; switched to a
 * rollback journal it can later be opened read-only without -wal or -shm files appearing
 * beside it in backups/.
 */
export function settleBackupFile(file: string, binding: { nativeBinding?: string } = {}): void {
  const db = new Database(file, { fileMustExist: true, ...binding });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

const count = (db: Database.Database, sql: string): number => {
  try {
    return Number(db.prepare(sql).pluck().get() ?? 0);
  } catch {
    return 0; // a table an older schema did not have yet
  }
};

export interface BackupCheck {
  holds: BackupHolds | null;
  /** Why it cannot be restored, in words that follow "This backup ...". */
  problem: string | null;
}

/**
 * Whether `file` is a Spoke practice database that this build can restore: SQLite,
 * quick_check ok, Spoke's application id, a schema version from 1 to `latest`, Spoke's
 * tables. Reads only; what it holds is counted on the way.
 */
export function checkBackupFile(file: string, latest: number, binding: { nativeBinding?: string } = {}): BackupCheck {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(100);
      const n = fs.readSync(fd, head, 0, 100, 0);
      if (n < 100) return { holds: null, problem: 'is too short to be a database (it may have been cut off)' };
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    return { holds: null, problem: `could not be read (${(err as Error).message})` };
  }
  if (!head.subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'latin1'))) return { holds: null, problem: 'is not a SQLite database (its header is wrong or damaged)' };
  // A WAL-mode file could only be opened read-only by creating -wal and -shm beside it.
  if (head[18] === 2 || head[19] === 2) return { holds: null, problem: 'is in WAL mode, so it is not a finished Spoke backup' };
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...binding });
  } catch (err) {
    return { holds: null, problem: `could not be opened (${(err as Error).message})` };
  }
  try {
    let quick: string[];
    try {
      quick = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
    } catch (err) {
      return { holds: null, problem: `is damaged (${(err as Error).message})` };
    }
    if (quick.length !== 1 || quick[0] !== 'ok') return { holds: null, problem: `is damaged (${quick.slice(0, 3).join('; ')})` };
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId !== SPOKE_APPLICATION_ID && appId !== 0) return { holds: null, problem: 'belongs to another application, not Spoke' };
    if (version < 1) return { holds: null, problem: 'is not a Spoke practice database (no Spoke schema version)' };
    if (version > latest) return { holds: null, problem: `was written by a newer Spoke (schema ${version}; this version understands up to ${latest})` };
    const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
    const missing = CORE_TABLES.filter((t) => !tables.has(t));
    if (missing.length) return { holds: null, problem: `is not a Spoke practice database (no ${missing.join(', ')})` };
    const name = db.prepare('SELECT name FROM practice WHERE deleted = 0 LIMIT 1').pluck().get();
    return {
      holds: {
        practiceName: typeof name === 'string' ? name : null,
        schemaVersion: version,
        staff: count(db, 'SELECT count(*) FROM staff WHERE deleted = 0 AND archived_at IS NULL'),
        assignments: count(db, 'SELECT count(*) FROM rota_assignment WHERE deleted = 0'),
        leaveRequests: count(db, 'SELECT count(*) FROM leave_request WHERE deleted = 0'),
        protocols:
          count(db, 'SELECT count(DISTINCT item_id) FROM central_version') + count(db, 'SELECT count(*) FROM local_protocol WHERE deleted = 0'),
        auditEntries: count(db, 'SELECT count(*) FROM audit_log'),
      },
      problem: null,
    };
  } finally {
    db.close();
  }
}

/** The newest backup in `dir` that passes checkBackupFile, or null. */
export function newestGoodBackup(dir: string, latest: number, binding: { nativeBinding?: string } = {}): string | null {
  for (const b of listBackupFiles(dir)) {
    const p = path.join(dir, b.file);
    if (checkBackupFile(p, latest, binding).problem === null) return p;
  }
  return null;
}

/** The suffix a damaged database gets when moved aside; its presence stops a new practice being made over it. */
export const DAMAGED_SUFFIX = '.damaged-';

/**
 * Renames a damaged database and its -wal, -shm and -journal beside it, never deleting:
 * spoke.db → spoke.db.damaged-<UTC time>, spoke.db-wal → spoke.db.damaged-<UTC time>-wal.
 */
export function moveAside(file: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  let target = `${file}${DAMAGED_SUFFIX}${stamp}`;
  for (let i = 1; fs.existsSync(target); i++) target = `${file}${DAMAGED_SUFFIX}${stamp}-${i}`;
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  fs.renameSync(file, target);
  return target;
}

/** Damaged databases moved aside in `dir` (their names), newest first. */
export function movedAside(dir: string, dbName: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n.startsWith(dbName + DAMAGED_SUFFIX) && !/-(wal|shm|journal)$/.test(n))
      .sort()
      .reverse();
  } catch {
    return [];
  }
}

/** Whether the database has any row a person made (not only the seeded defaults). */
export function hasData(db: Database.Database): boolean {
  const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  return CORE_TABLES.some((t) => tables.has(t) && db.prepare(`SELECT EXISTS (SELECT 1 FROM "${t}")`).pluck().get() === 1);
}
