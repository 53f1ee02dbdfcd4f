import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  type BackupEntry,
  type BackupList,
  type BackupReason,
  DEFAULT_RETENTION_DAYS,
  RETENTION_MAX_DAYS,
  RETENTION_MIN_DAYS,
  type backupChannels,
} from '../../../../shared/contract/backup';
import type { Profile } from '../../../../shared/contract/profiles';
import { SpokeError } from '../../../../shared/errors';
import { localDate } from '../../clock';
import { BACKUP_DIR_NAME, type BackupCheck, checkBackupFile, freeBackupPath, listBackupFiles, parseBackupName, settleBackupFile } from '../../db/backups';
import { openPracticeDb } from '../../db/open';
import type { CoreContext, HandlerTable } from '../context';

const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_KEY = 'backup.retention_days';
/** Pages copied per step of an online backup (4 MB at 4 KB pages): the app keeps answering between steps. */
const PAGES_PER_STEP = 1000;

export interface BackupFeatureOptions {
  /** The practice folder, or null for an in-memory practice (tests), which has no backups. */
  dataDir: string | null;
  dbFileName: string;
  latestSchema: number;
  nativeBinding?: string;
}

/**
 * Rolling backups of the practice database in <data folder>/backups/, named by UTC time
 * and reason. Daily (idempotent per local day, so a timer may call it as often as it
 * likes), before a hub sync applies, before a restore and by hand; pruned to the
 * retention setting, never removing the newest. A restore backs up the current state
 * first, so it can itself be undone.
 */
export class BackupFeature {
  private busy: Promise<unknown> | null = null;
  private readonly checks = new Map<string, { key: string; result: BackupCheck }>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly opts: BackupFeatureOptions,
  ) {}

  get folder(): string | null {
    return this.opts.dataDir === null ? null : path.join(this.opts.dataDir, BACKUP_DIR_NAME);
  }

  private get dbFile(): string {
    if (this.opts.dataDir === null) throw new SpokeError('conflict', 'This practice is held in memory only, so it has no backups.');
    return path.join(this.opts.dataDir, this.opts.dbFileName);
  }

  private requireFolder(): string {
    const dir = this.folder;
    if (dir === null) throw new SpokeError('conflict', 'This practice is held in memory only, so it has no backups.');
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  retentionDays(): number {
    const raw = this.ctx.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(RETENTION_KEY);
    const n = typeof raw === 'string' ? Number(raw) : NaN;
    return Number.isInteger(n) && n >= RETENTION_MIN_DAYS && n <= RETENTION_MAX_DAYS ? n : DEFAULT_RETENTION_DAYS;
  }

  setRetentionDays(days: number, profile: Profile | null): number {
    const before = this.retentionDays();
    this.ctx.db.transaction(() => {
      this.ctx.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(RETENTION_KEY, String(days));
      this.ctx.audit.record(this.ctx.now(), this.ctx.actorOf(profile), 'update', 'backup-settings', 'retention', { retentionDays: before }, { retentionDays: days });
    })();
    this.prune();
    return days;
  }

  entry(file: string): BackupEntry {
    const dir = this.requireFolder();
    const p = path.join(dir, file);
    const parsed = parseBackupName(file);
    if (!parsed) throw new SpokeError('invalid_input', `${file} is not a Spoke backup file name.`);
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new SpokeError('not_found', `There is no backup called ${file} in ${dir}.`);
    }
    // Checking a file reads all of it (quick_check): done once per file as it stands, not per listing.
    const key = `${st.size}:${st.mtimeMs}`;
    let checked = this.checks.get(file);
    if (checked?.key !== key) {
      checked = { key, result: checkBackupFile(p, this.opts.latestSchema, this.binding()) };
      this.checks.set(file, checked);
    }
    const { holds, problem } = checked.result;
    return { file, takenAt: parsed.takenAt, reason: parsed.reason, bytes: st.size, holds, problem };
  }

  list(): BackupList {
    const dir = this.folder;
    if (dir === null) return { folder: '', retentionDays: this.retentionDays(), backups: [] };
    return { folder: dir, retentionDays: this.retentionDays(), backups: listBackupFiles(dir).map((b) => this.entry(b.file)) };
  }

  private binding(): { nativeBinding?: string } {
    return this.opts.nativeBinding ? { nativeBinding: this.opts.nativeBinding } : {};
  }

  /** One backup or restore at a time: a second waits for the first rather than interleaving. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.busy ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    this.busy = run;
    return run.finally(() => {
      if (this.busy === run) this.busy = null;
    });
  }

  /** SQLite's online backup of the open database: consistent, and the app keeps working meanwhile. */
  backupNow(reason: BackupReason): Promise<BackupEntry> {
    return this.exclusive(() => this.take(reason));
  }

  private async take(reason: BackupReason): Promise<BackupEntry> {
    const dir = this.requireFolder();
    const target = freeBackupPath(dir, this.ctx.clock.now(), reason);
    try {
      await this.ctx.db.backup(target, { progress: () => PAGES_PER_STEP });
      settleBackupFile(target, this.binding());
    } catch (err) {
      for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
      throw new SpokeError('internal', `The backup could not be written to ${dir}: ${plainIoMessage(err)}. Nothing was changed.`);
    }
    this.prune();
    return this.entry(path.basename(target));
  }

  /**
   * The same synchronously, by VACUUM INTO: for the one place that cannot wait, the start
   * of a hub sync's apply (a synchronous step after the network work).
   */
  backupSync(reason: BackupReason): string | null {
    const dir = this.folder;
    if (dir === null) return null;
    fs.mkdirSync(dir, { recursive: true });
    const target = freeBackupPath(dir, this.ctx.clock.now(), reason);
    try {
      this.ctx.db.prepare('VACUUM INTO ?').run(target);
    } catch (err) {
      fs.rmSync(target, { force: true });
      throw new SpokeError('internal', `Spoke could not back up the practice before applying the sync (${plainIoMessage(err)}), so nothing was applied.`);
    }
    this.prune();
    return target;
  }

  /** A daily backup unless one was already taken today (the practice's local date). */
  async daily(): Promise<BackupEntry | null> {
    const dir = this.folder;
    if (dir === null) return null;
    return this.exclusive(async () => {
      const today = this.ctx.today();
      const taken = listBackupFiles(dir).some((b) => b.reason === 'daily' && localDate(new Date(b.takenAt)) === today);
      return taken ? null : this.take('daily');
    });
  }

  /** Removes backups older than the retention period; the newest backup always stays. Returns the files removed. */
  prune(): string[] {
    const dir = this.folder;
    if (dir === null) return [];
    const cutoff = this.ctx.clock.now().getTime() - this.retentionDays() * DAY_MS;
    const [newest, ...rest] = listBackupFiles(dir);
    if (!newest) return [];
    const removed: string[] = [];
    for (const b of rest) {
      if (Date.parse(b.takenAt) >= cutoff) continue;
      try {
        fs.rmSync(path.join(dir, b.file));
        this.checks.delete(b.file);
        removed.push(b.file);
      } catch {
        /* kept for the next prune: a backup that cannot be removed now does no harm */
      }
    }
    return removed;
  }

  /**
   * Replaces the open practice with `source` (a backup or any Spoke database file). The
   * file is checked (quick_check, Spoke's, not newer than this build), copied and brought
   * up to this schema away from the live database, the current state is backed up, and
   * then SQLite's backup API copies it into the live database in one step, through the
   * same lock and WAL, so the open connection sees the restored practice at once.
   */
  restore(source: string, profile: Profile | null): Promise<{ restored: BackupEntry | null; undo: BackupEntry }> {
    return this.exclusive(async () => {
      const dbFile = this.dbFile;
      const prepared = prepareRestoreSource(source, this.opts.latestSchema, this.binding());
      try {
        const undo = await this.take('before-restore');
        const src = new Database(prepared.file, { readonly: true, fileMustExist: true, ...this.binding() });
        try {
          // Everything in one step after the first (which only measures): no gap for a write in between.
          await src.backup(dbFile, { progress: () => 0x7fffffff });
        } catch (err) {
          throw new SpokeError('internal', `The restore could not be written (${plainIoMessage(err)}). The practice is as it was; the backup taken just before is ${undo.file}.`);
        } finally {
          src.close();
        }
        this.ctx.db.pragma('journal_mode = WAL');
        this.ctx.db.transaction(() =>
          this.ctx.audit.record(this.ctx.now(), this.ctx.actorOf(profile), 'restore', 'practice', 'database', null, {
            from: path.basename(source),
            undo: undo.file,
          }),
        )();
        // Caches built from the old contents are dropped by their owners.
        this.ctx.writes.written('backup.restore');
        const inFolder = this.folder !== null && path.dirname(path.resolve(source)) === path.resolve(this.folder);
        return { restored: inFolder ? this.entry(path.basename(source)) : null, undo };
      } finally {
        prepared.cleanup();
      }
    });
  }

  get handlers(): HandlerTable<typeof backupChannels> {
    return {
      'backup.list': () => this.list(),
      'backup.now': () => this.backupNow('manual'),
      'backup.restore': async (input, call) => {
        const dir = this.requireFolder();
        const p = path.join(dir, input.file);
        if (!fs.existsSync(p)) throw new SpokeError('not_found', `There is no backup called ${input.file} in ${dir}.`);
        const { restored, undo } = await this.restore(p, call.profile);
        return { restored: restored ?? this.entry(input.file), undo };
      },
      'backup.settings.save': (input, call) => ({ retentionDays: this.setRetentionDays(input.retentionDays, call.profile) }),
    };
  }
}

/** SQLite's and the file system's errors in words: a full disk above all. */
export function plainIoMessage(err: unknown): string {
  const code = codeOf(err);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'the disk is full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'the folder cannot be written';
  return (err as Error).message;
}

/**
 * Checks a file to restore and makes a private copy at this build's schema (migrating an
 * older backup there, never in the live database). `cleanup` removes the copy.
 */
export function prepareRestoreSource(source: string, latest: number, binding: { nativeBinding?: string }): { file: string; cleanup(): void } {
  if (!fs.existsSync(source)) throw new SpokeError('not_found', `There is no file at ${source}.`);
  const check = checkBackupFile(source, latest, binding);
  if (check.problem) throw new SpokeError('invalid_input', `${source} cannot be restored: it ${check.problem}. Nothing was changed.`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-restore-'));
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const file = path.join(tmp, 'spoke.db');
    fs.copyFileSync(source, file);
    if ((check.holds?.schemaVersion ?? latest) < latest) {
      const opened = openPracticeDb(file, { create: 'never', backupDir: path.join(tmp, 'backups'), skipQuickCheck: true, ...binding });
      opened.db.pragma('journal_mode = DELETE');
      opened.db.close();
    }
    return { file, cleanup };
  } catch (err) {
    cleanup();
    if (err instanceof SpokeError) throw err;
    throw new SpokeError('internal', `${source} could not be prepared for restoring (${plainIoMessage(err)}). Nothing was changed.`);
  }
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
