import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SpokeError } from '../../../shared/errors';
import { BACKUP_DIR_NAME, freeBackupPath, hasData, moveAside, movedAside, newestGoodBackup, parseBackupName } from './backups';
import { CORE_TABLES, MIGRATIONS, SPOKE_APPLICATION_ID, type Migration } from './migrations';

export type Db = Database.Database;

/**
 * Whether opening may create a practice database. 'ifMissing': only where there is no
 * spoke.db yet (first run, `practice init`, `practice demo`); 'never': every other use,
 * so a mistyped folder is reported instead of becoming a new, empty practice.
 */
export type CreateMode = 'ifMissing' | 'never';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for this runtime (Electron sets it). */
  nativeBinding?: string;
  /** Folder for pre-migration backups; defaults to <db folder>/backups. */
  backupDir?: string;
  migrations?: readonly Migration[];
  /** Default 'never'. An in-memory database is always created. */
  create?: CreateMode;
  /** Skip the quick_check on open (a database this process has just checked or made). */
  skipQuickCheck?: boolean;
}

/** Why a practice could only be opened for reading, in words that finish "open read-only because ...". */
export interface ReadOnly {
  reason: string;
}

export interface OpenedDb {
  db: Db;
  schemaVersion: number;
  /** Set when an existing database was copied aside before migrating. */
  backupPath: string | null;
  /**
   * Set when the file or its folder cannot be written. The database is then an in-memory,
   * read-only snapshot: SQLite would otherwise need to create -wal and -shm files beside it.
   */
  readOnly: ReadOnly | null;
}

type Binding = { nativeBinding?: string };

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function applyPragmas(db: Db, inMemory: boolean): void {
  if (!inMemory) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // FULL: edits are few and human-paced, and a committed change to a staff record or the
  // audit log must survive a power cut, not only a crash of the app.
  db.pragma('synchronous = FULL');
}

const errorCode = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

/** Null when this user can write to `p`; otherwise the error code (EACCES, EPERM, EROFS). */
function writeDenied(p: string): string | null {
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return null;
  } catch (err) {
    return errorCode(err) ?? 'EACCES';
  }
}

/**
 * Checks a practice folder before anything is written into it (not even the lock file):
 * with 'never' a folder that does not exist is refused, not created. Returns whether this
 * user can write to it; when not, the practice can only be opened read-only and unlocked.
 */
export function preparePracticeFolder(dir: string, create: CreateMode): { writable: boolean } {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw new SpokeError('internal', `Could not read the data folder ${dir}: ${(err as Error).message}`);
    if (create === 'never') {
      throw new SpokeError('not_found', `There is no practice folder at ${dir}. Nothing has been created; check the path.`);
    }
    fs.mkdirSync(dir, { recursive: true });
    return { writable: true };
  }
  if (!st.isDirectory()) throw new SpokeError('invalid_input', `${dir} is a file, not a practice data folder. It has not been changed.`);
  return { writable: writeDenied(dir) === null };
}

/** Why this user cannot change the database, or null when they can. */
function readOnlyReason(file: string, exists: boolean): ReadOnly | null {
  const dir = path.dirname(file);
  const folder = writeDenied(dir);
  if (folder === 'EROFS') return { reason: `the data folder ${dir} is on a read-only disk` };
  if (folder) return { reason: `your user account cannot write to the data folder ${dir}` };
  const own = exists ? writeDenied(file) : null;
  if (own === 'EROFS') return { reason: `${file} is on a read-only disk` };
  if (own) return { reason: `${file} is read-only for your user account` };
  return null;
}

/**
 * The database's bytes as SQLite would see them, read without changing the file or
 * creating -wal or -shm files beside it (a read-only SQLite connection would leave both).
 * Pending changes in a -wal or hot -journal are applied to a private copy, never to the
 * original.
 */
function snapshotBytes(file: string, binding: Binding): Buffer {
  const pending = ['-wal', '-journal'].filter((suffix) => fs.existsSync(file + suffix));
  if (pending.length === 0) return fs.readFileSync(file);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-inspect-'));
  try {
    const copy = path.join(tmp, 'copy.db');
    fs.copyFileSync(file, copy);
    for (const suffix of pending) fs.copyFileSync(file + suffix, copy + suffix);
    const db = new Database(copy, binding);
    try {
      db.pragma('journal_mode = DELETE'); // folds the WAL in, or rolls the hot journal back
    } finally {
      db.close();
    }
    return fs.readFileSync(copy);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A read-only in-memory database over a copy of `bytes`, which it patches first: memory databases cannot be in WAL mode. */
function openSnapshot(bytes: Buffer, binding: Binding): Db {
  if (bytes.length >= 20) {
    if (bytes[18] === 2) bytes[18] = 1;
    if (bytes[19] === 2) bytes[19] = 1;
  }
  return new Database(bytes, { readonly: true, ...binding });
}

interface Inspection {
  version: number;
  applicationId: number;
}

interface Schema {
  version: number;
  applicationId: number;
  tables: Set<string>;
}

function readSchema(bytes: Buffer, binding: Binding): Schema {
  const db = openSnapshot(bytes, binding);
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      applicationId: db.pragma('application_id', { simple: true }) as number,
      tables: new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]),
    };
  } finally {
    db.close();
  }
}

/** How much of a large file is read first: Spoke's schema pages sit near the start. */
const HEAD_BYTES = 256 * 1024;

/**
 * The schema from the first HEAD_BYTES of the file alone, or null to read it all: the
 * header is patched to say the database ends there, so a schema page beyond it reads
 * as damaged rather than as data. Keeps opening a large practice quick (reading and
 * copying 50 MB takes about 0.2 s).
 */
function readSchemaFromHead(file: string, size: number, binding: Binding): Schema | null {
  if (size <= HEAD_BYTES) return null;
  const head = Buffer.alloc(HEAD_BYTES);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, head, 0, HEAD_BYTES, 0) !== HEAD_BYTES) return null;
  } finally {
    fs.closeSync(fd);
  }
  if (!head.subarray(0, 16).equals(SQLITE_MAGIC)) return null;
  const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16);
  if (pageSize < 512 || HEAD_BYTES % pageSize !== 0) return null;
  head.writeUInt32BE(HEAD_BYTES / pageSize, 28);
  try {
    return readSchema(head, binding);
  } catch {
    return null;
  }
}

/**
 * Decides whether `file` is a Spoke practice database this version can open, reading
 * only: nothing is written, no journal mode changes, no side files. Null when there is no
 * file. Refusals say what the file is and that it has not been changed.
 */
/** SQLite itself could not read the file: a damaged database, which may be moved aside. */
class DamagedDatabase extends SpokeError {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super('internal', message);
  }
}

function inspect(file: string, latest: number, binding: Binding): Inspection | null {
  const backups = path.join(path.dirname(file), 'backups');
  const untouched = 'It has not been changed.';
  const damaged = (detail: string) =>
    new DamagedDatabase(
      `${file} is not a Spoke practice database or is damaged (${detail}). ${untouched} Move it aside, or restore a copy from ${backups}.`,
      detail,
    );
  const refused = (detail: string) =>
    new SpokeError('internal', `${file} is not a Spoke practice database or is damaged (${detail}). ${untouched} Move it aside, or restore a copy from ${backups}.`);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null;
    throw new SpokeError('internal', `Could not read ${file}: ${(err as Error).message}`);
  }
  if (!st.isFile()) throw new SpokeError('invalid_input', `${file} is not a file. ${untouched}`);
  if (st.size === 0) {
    throw new SpokeError(
      'internal',
      `${file} is empty (0 bytes), so it holds no practice. ${untouched} If you have a copy in ${backups}, restore it; if this folder never held a practice, delete the empty file and start again.`,
    );
  }
  const pending = ['-wal', '-journal'].some((suffix) => fs.existsSync(file + suffix));
  let schema = pending ? null : readSchemaFromHead(file, st.size, binding);
  if (!schema) {
    let bytes: Buffer;
    try {
      bytes = snapshotBytes(file, binding);
    } catch (err) {
      throw damaged((err as Error).message);
    }
    if (bytes.length < 100 || !bytes.subarray(0, 16).equals(SQLITE_MAGIC)) throw damaged('it is not a SQLite file');
    try {
      schema = readSchema(bytes, binding);
    } catch (err) {
      throw damaged((err as Error).message);
    }
  }
  const { version, applicationId, tables } = schema;
  if (applicationId !== 0 && applicationId !== SPOKE_APPLICATION_ID) {
    const hex = `0x${(applicationId >>> 0).toString(16).padStart(8, '0')}`;
    throw new SpokeError('conflict', `${file} belongs to another application (SQLite application id ${hex}), not Spoke. ${untouched}`);
  }
  if (version < 0) throw refused(`its schema version is ${version}, which no Spoke writes`);
  if (version > latest) {
    throw new SpokeError(
      'conflict',
      `This practice database was written by a newer version of Spoke (schema ${version}; this version understands up to ${latest}). Install the newer Spoke. The file has not been changed.`,
    );
  }
  if (version === 0) {
    throw new SpokeError(
      'conflict',
      tables.size > 0
        ? `${file} is a SQLite database from another application (it has tables but no Spoke schema). ${untouched}`
        : `${file} is an empty SQLite database, not a Spoke practice. ${untouched} If this folder never held a practice, delete the file and start again.`,
    );
  }
  const missing = CORE_TABLES.filter((t) => !tables.has(t));
  if (missing.length) throw refused(`it has a Spoke schema version but no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}`);
  return { version, applicationId };
}

/** Applies the migrations after `from`, each in one transaction with its user_version; stamps Spoke's application id. */
function migrate(db: Db, from: number, applicationId: number, migrations: readonly Migration[]): number {
  let version = from;
  let stamped = applicationId === SPOKE_APPLICATION_ID;
  for (const m of migrations) {
    if (m.version <= version) continue;
    db.transaction(() => {
      m.up(db);
      if (!stamped) db.pragma(`application_id = ${SPOKE_APPLICATION_ID}`);
      db.pragma(`user_version = ${m.version}`);
    })();
    stamped = true;
    version = m.version;
  }
  // Spoke before 0.1.1 did not set the id; a database it made is recognised by its tables.
  if (!stamped) db.transaction(() => db.pragma(`application_id = ${SPOKE_APPLICATION_ID}`))();
  return version;
}

/**
 * Builds a new database beside `file` and renames it into place, so spoke.db only ever
 * exists complete: a power cut part way leaves spoke.db.new (cleared on the next try),
 * never an empty or half-made spoke.db that would later be refused.
 */
function createFresh(file: string, migrations: readonly Migration[], binding: Binding): void {
  const tmp = `${file}.new`;
  const clear = () => {
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(tmp + suffix, { force: true });
  };
  clear();
  const db = new Database(tmp, binding);
  try {
    db.pragma('foreign_keys = ON');
    migrate(db, 0, 0, migrations);
    db.close();
  } catch (err) {
    db.close();
    clear();
    throw err;
  }
  fs.renameSync(tmp, file);
  try {
    const dirFd = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dirFd); // the rename itself survives a power cut
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    /* Windows cannot open a folder to sync it; NTFS journals the rename */
  }
}

/**
 * Open a practice database and bring its schema up to date. Everything is checked before
 * anything is changed: a missing file is created only with `create: 'ifMissing'`; an
 * empty file, another application's database, a damaged one or one from a newer Spoke is
 * refused untouched. A file or folder this user cannot write is opened read-only. An
 * existing database is backed up before any migration; each migration runs in its own
 * transaction.
 */
export function openPracticeDb(file: string, opts: OpenOptions = {}): OpenedDb {
  const binding: Binding = opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {};
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1]?.version ?? 0;

  if (file === ':memory:') {
    const db = new Database(':memory:', binding);
    try {
      applyPragmas(db, true);
      return { db, schemaVersion: migrate(db, 0, 0, migrations), backupPath: null, readOnly: null };
    } catch (err) {
      db.close();
      throw err;
    }
  }

  let found: Inspection | null;
  try {
    found = inspect(file, latest, binding);
  } catch (err) {
    if (err instanceof DamagedDatabase && looksLikeDatabase(file) && !readOnlyReason(file, true)) {
      const movedTo = moveAside(file, new Date());
      throw new SpokeError('internal', damagedMessage(file, err.detail, movedTo, latest, binding));
    }
    throw err;
  }
  const readOnly = readOnlyReason(file, found !== null);
  if (!found) {
    if (opts.create === 'ifMissing') refuseOverMovedAside(file, latest, binding);
    if (opts.create !== 'ifMissing') {
      throw new SpokeError('not_found', `There is no practice database at ${file}. Nothing has been created.`);
    }
    const leftover = ['-wal', '-journal'].map((s) => file + s).find((f) => fs.existsSync(f));
    if (leftover) {
      throw new SpokeError(
        'conflict',
        `${file} is missing but ${leftover} is there, so a practice database was moved or deleted while in use. Nothing has been changed: put spoke.db back (or restore it from ${path.join(path.dirname(file), 'backups')}), or move ${leftover} aside to start a new practice.`,
      );
    }
    if (readOnly) throw new SpokeError('conflict', `Spoke cannot create a practice database at ${file} because ${readOnly.reason}.`);
    try {
      createFresh(file, migrations, binding);
    } catch (err) {
      if (err instanceof SpokeError) throw err;
      throw new SpokeError('internal', `Could not create the practice database at ${file}: ${(err as Error).message}`);
    }
  }

  if (found && readOnly) {
    if (found.version < latest) {
      throw new SpokeError(
        'conflict',
        `${file} was written by an older Spoke and must be upgraded (schema ${found.version} to ${latest}) before this version can open it, but ${readOnly.reason}. It has not been changed. Open it once where it can be written.`,
      );
    }
    let db: Db;
    try {
      db = openSnapshot(snapshotBytes(file, binding), binding);
    } catch (err) {
      throw new SpokeError('internal', `Could not read the practice database at ${file}: ${(err as Error).message}`);
    }
    applyPragmas(db, true);
    return { db, schemaVersion: found.version, backupPath: null, readOnly };
  }

  // Before anything is written: a damaged database is moved aside rather than built upon.
  // Checked on a read-only connection, which never checkpoints its WAL into the file on
  // closing, so the damaged file and its WAL are moved exactly as they were found.
  if (found && !opts.skipQuickCheck) {
    let problem: string | null;
    try {
      const check = new Database(file, { readonly: true, fileMustExist: true, ...binding });
      try {
        problem = quickCheckProblem(check);
      } finally {
        check.close();
      }
    } catch (err) {
      if (!isCorruption(err)) throw new SpokeError('internal', `Could not check the practice database at ${file}: ${(err as Error).message}. It has not been changed.`);
      problem = (err as Error).message;
    }
    if (problem) {
      const movedTo = moveAside(file, new Date());
      throw new SpokeError('internal', damagedMessage(file, problem, movedTo, latest, binding));
    }
  }

  let db: Db;
  try {
    db = new Database(file, { fileMustExist: true, ...binding });
  } catch (err) {
    throw new SpokeError('internal', `Could not open the practice database at ${file}: ${(err as Error).message}`);
  }
  try {
    // Inspected above without a write; from here on the file is known to be Spoke's.
    const version = found ? found.version : latest;
    applyPragmas(db, false);
    let backupPath: string | null = null;
    if (version > 0 && version < latest && hasData(db)) backupPath = backupBeforeMigration(db, file, opts.backupDir);
    const schemaVersion = migrate(db, version, found ? found.applicationId : SPOKE_APPLICATION_ID, migrations);
    return { db, schemaVersion, backupPath, readOnly: null };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * A consistent copy taken with VACUUM INTO (synchronous, so opening stays one ordered step,
 * and it never overwrites), named like every other backup, reason "before-migration".
 */
function backupBeforeMigration(db: Db, file: string, dir?: string): string {
  const backupDir = dir ?? path.join(path.dirname(file), BACKUP_DIR_NAME);
  fs.mkdirSync(backupDir, { recursive: true });
  const target = freeBackupPath(backupDir, new Date(), 'before-migration');
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}

/** Whether the header looks like a database (SQLite's magic, or zeroed by damage) rather than some other file. */
function looksLikeDatabase(file: string): boolean {
  try {
    const head = Buffer.alloc(100);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, head, 0, 100, 0);
    } finally {
      fs.closeSync(fd);
    }
    return head.subarray(0, 16).equals(SQLITE_MAGIC) || head.every((b) => b === 0);
  } catch {
    return false;
  }
}

/** SQLite's word that the file itself is damaged, rather than busy, locked or unreadable for another reason. */
function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * quick_check's findings, or null when the database is sound. SQLite reporting corruption
 * while checking counts as damage; any other failure (busy, locked, I/O) is not, and is
 * thrown, so a healthy database is never moved aside for a passing reason.
 */
function quickCheckProblem(db: Db): string | null {
  try {
    const rows = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
    return rows.length === 1 && rows[0] === 'ok' ? null : rows.slice(0, 3).join('; ');
  } catch (err) {
    if (isCorruption(err)) return (err as Error).message;
    throw err;
  }
}

/**
 * What the user is told after a damaged database was moved aside: where it went (nothing
 * was deleted) and the newest good backup, with the command that restores it.
 */
function damagedMessage(file: string, detail: string, movedTo: string, latest: number, binding: Binding): string {
  const dir = path.dirname(file);
  const backup = newestGoodBackup(path.join(dir, BACKUP_DIR_NAME), latest, binding);
  const taken = backup ? parseBackupName(path.basename(backup))?.takenAt : undefined;
  const offer = backup
    ? `The newest good backup is ${backup}${taken ? ` (taken ${taken.slice(0, 16).replace('T', ' ')} UTC)` : ''}. Restore it with:\n  npm run --silent practice -- restore --data "${dir}" --from "${backup}"`
    : `There is no good backup in ${path.join(dir, BACKUP_DIR_NAME)}. Keep the moved file and ask for help recovering it.`;
  return `The practice database ${file} is damaged (${detail}). Spoke has moved it aside to ${movedTo} (nothing was deleted) and will not use it. ${offer}`;
}

/** Refuses to make a new, empty practice where a damaged one was moved aside: the user restores instead. */
function refuseOverMovedAside(file: string, latest: number, binding: Binding): void {
  const aside = movedAside(path.dirname(file), path.basename(file));
  if (!aside[0]) return;
  const dir = path.dirname(file);
  const backup = newestGoodBackup(path.join(dir, BACKUP_DIR_NAME), latest, binding);
  throw new SpokeError(
    'conflict',
    `The practice database in ${dir} was found damaged and moved aside to ${path.join(dir, aside[0])}, so Spoke will not start a new, empty practice there. ${
      backup
        ? `Restore the newest good backup with:\n  npm run --silent practice -- restore --data "${dir}" --from "${backup}"`
        : `There is no good backup in ${path.join(dir, BACKUP_DIR_NAME)}; to start again anyway, move ${aside[0]} out of the folder.`
    }`,
  );
}
