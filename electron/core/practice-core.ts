import path from 'node:path';
import { APP_ROLE_LABELS } from '../../shared/domain/app-roles';
import type { AppStatus } from '../../shared/contract/app';
import type { Profile } from '../../shared/contract/profiles';
import { type Clock, localDate, stampAfter, systemClock } from './clock';
import { openPracticeDb, preparePracticeFolder, type CreateMode, type Db, type ReadOnly } from './db/open';
import { invalidTextProblems } from './db/text-check';
import { lockDataFolder, type DataFolderLock } from './lock';
import { AppFeature } from './features/app/feature';
import { auditHandlers } from './features/audit/handlers';
import { type Actor, AuditLog, SYSTEM_ACTOR } from './features/audit/log';
import type { CallContext, CoreContext, Handlers, Session } from './features/context';
import { PracticeFeature } from './features/practice/feature';
import type { NewPractice } from './features/practice/repo';
import { ProfilesFeature } from './features/profiles/feature';
import { StaffFeature } from './features/staff/feature';
import { StaffRepo } from './features/staff/repo';
import { WorkforceFeature } from './features/workforce/feature';
import { LeadsFeature } from './features/leads/feature';
import { LeadsRepo } from './features/leads/repo';
import { LeaveFeature } from './features/leave/feature';
import { LeaveRepo } from './features/leave/repo';
import { RotaFeature } from './features/rota/feature';
import { seedDemoRota } from './features/rota/demo';
import { contract } from '../../shared/contract';
import { CHANNELS } from '../../shared/channels';
import { SyncFeature } from './features/sync/feature';
import { ProtocolsFeature } from './features/protocols/feature';
import { CatalogueFeature } from './features/catalogue/feature';
import { BackupFeature } from './features/backup/feature';
import { exportPractice } from './features/backup/export';
import { networkStorageWarning } from './db/filesystem';
import { LATEST_SCHEMA_VERSION } from './db/migrations';
import { WriteEvents } from './write-events';
import packageJson from '../../package.json';

export type { CallContext, Handlers, Session } from './features/context';

/** The version users see and exports record, from package.json so the two cannot differ. */
export const APP_VERSION: string = packageJson.version;
export const DB_FILE_NAME = 'spoke.db';

interface CommonCoreOptions {
  /** Shown in the lock file so a second start can say who holds the folder. */
  purpose?: string;
  clock?: Clock;
  nativeBinding?: string;
}

/**
 * `dataDir`: the folder holding spoke.db, or null for an in-memory database (tests).
 * `create` must be chosen for a folder: 'ifMissing' (first run, `practice init`/`demo`)
 * creates spoke.db only where there is none; 'never' refuses a missing folder or file.
 */
export type CoreOptions = CommonCoreOptions & ({ dataDir: null } | { dataDir: string; create: CreateMode });

/**
 * The practice service: owns the data folder, the lock, the SQLite database, the clock
 * and the audit log, and composes the features (electron/core/features/<name>/), each of
 * which owns its handlers, repository and SQL. Every transport (Electron IPC, the web
 * host, the CLI, tests) goes through `handlers` via dispatch.
 */
export class PracticeCore {
  readonly db: Db;
  readonly schemaVersion: number;
  readonly dataDir: string;
  readonly backupPath: string | null;
  /** Set when the database or its folder cannot be written: every write channel is refused. */
  readonly readOnly: ReadOnly | null;
  /** Set when the data folder is on a network filesystem (WAL is unsafe there): shown, not refused. */
  readonly storageWarning: string | null;
  private readonly lock: DataFolderLock | null;
  readonly ctx: CoreContext;
  readonly practice: PracticeFeature;
  readonly profiles: ProfilesFeature;
  readonly staff: StaffFeature;
  readonly workforce: WorkforceFeature;
  readonly app: AppFeature;
  readonly rota: RotaFeature;
  readonly leave: LeaveFeature;
  readonly leads: LeadsFeature;
  readonly sync: SyncFeature;
  readonly protocols: ProtocolsFeature;
  /** Roles, named-lead types and bank holidays in use: built in, or the hub's once synced. */
  readonly catalogue: CatalogueFeature;
  readonly backups: BackupFeature;
  /** The handler table: every feature's handlers, one per contract channel. */
  readonly handlers: Handlers;

  constructor(opts: CoreOptions) {
    const clock = opts.clock ?? systemClock;
    if (opts.dataDir === null) {
      this.dataDir = ':memory:';
      this.lock = null;
      const opened = openPracticeDb(':memory:', opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
      this.db = opened.db;
      this.schemaVersion = opened.schemaVersion;
      this.backupPath = null;
      this.readOnly = null;
      this.storageWarning = null;
    } else {
      this.dataDir = path.resolve(opts.dataDir);
      const { writable } = preparePracticeFolder(this.dataDir, opts.create);
      this.storageWarning = networkStorageWarning(this.dataDir);
      // A folder this user cannot write cannot hold a lock either; it is opened read-only,
      // and nobody else using this account can change it meanwhile.
      this.lock = writable ? lockDataFolder(this.dataDir, opts.purpose ?? 'Spoke') : null;
      try {
        const opened = openPracticeDb(path.join(this.dataDir, DB_FILE_NAME), {
          create: opts.create,
          ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
        });
        this.db = opened.db;
        this.schemaVersion = opened.schemaVersion;
        this.backupPath = opened.backupPath;
        this.readOnly = opened.readOnly;
      } catch (err) {
        this.lock?.release();
        throw err;
      }
    }
    const audit = new AuditLog(this.db);
    this.ctx = {
      db: this.db,
      clock,
      audit,
      writes: new WriteEvents(),
      now: () => clock.now().toISOString(),
      stampAfter: (previous) => stampAfter(clock, previous),
      today: () => localDate(clock.now()),
      actorOf: (profile: Profile | null): Actor =>
        profile ? { profileId: profile.id, name: `${profile.displayName} (${APP_ROLE_LABELS[profile.appRole]})` } : SYSTEM_ACTOR,
    };
    // Read lazily: sync is composed further down, and its store is what the catalogue reads.
    this.catalogue = new CatalogueFeature(this.ctx, {
      catalogue: (id) => this.sync.repo.catalogue(id),
      release: () => this.sync.repo.state()?.release ?? null,
    });
    const staffRepo = new StaffRepo(this.db);
    this.practice = new PracticeFeature(this.ctx);
    this.profiles = new ProfilesFeature(this.ctx, staffRepo, () => this.catalogue.current());
    this.staff = new StaffFeature(this.ctx, staffRepo, this.practice, this.profiles, () => this.catalogue.current());
    const leaveRepo = new LeaveRepo(this.db);
    const leadsRepo = new LeadsRepo(this.db);
    this.rota = new RotaFeature(this.ctx, staffRepo, this.practice, leaveRepo, leadsRepo, () => this.catalogue.current());
    this.leave = new LeaveFeature(this.ctx, leaveRepo, staffRepo, this.rota);
    this.leads = new LeadsFeature(this.ctx, leadsRepo, staffRepo, leaveRepo, this.rota, () => this.catalogue.current().leadTypes);
    this.app = new AppFeature(
      this.ctx,
      { version: APP_VERSION, dataDir: this.dataDir, schemaVersion: this.schemaVersion, readOnly: this.readOnly, storageWarning: this.storageWarning },
      this.practice,
      this.profiles,
      this.staff,
      (today) => seedDemoRota({ ctx: this.ctx, rota: this.rota, staff: staffRepo, leave: leaveRepo, leads: leadsRepo }, today),
    );
    this.protocols = new ProtocolsFeature(this.ctx, staffRepo, this.practice.repo, () => this.catalogue.current());
    this.backups = new BackupFeature(this.ctx, {
      dataDir: opts.dataDir === null ? null : this.dataDir,
      dbFileName: DB_FILE_NAME,
      latestSchema: LATEST_SCHEMA_VERSION,
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    });
    this.workforce = new WorkforceFeature(this.ctx, staffRepo, {
      catalogue: (id) => this.sync.repo.catalogue(id),
      current: () => this.catalogue.current(),
      release: () => this.sync.repo.state()?.release ?? null,
      listSize: () => this.practice.repo.get()?.listSize ?? 0,
    });
    this.sync = new SyncFeature(this.ctx, {
      workDir: opts.dataDir === null ? null : path.join(this.dataDir, 'hub'),
      onPolicy: (doc, at) => this.protocols.keepCentralVersion(doc, at),
      onApplied: (at) => this.catalogue.afterSyncApplied(at),
      beforeApply: () => {
        this.backups.backupSync('before-sync');
      },
      reports: (practiceId, release) => {
        const summary = this.workforce.summary(this.ctx.today());
        const { adoption, acknowledgements } = this.protocols.reports(practiceId, release);
        return [
          { kind: 'adoption', body: adoption },
          { kind: 'acknowledgements', body: acknowledgements },
          {
            kind: 'workforce',
            body: {
              practiceId,
              asOf: summary.asOf,
              listSize: this.practice.repo.get()?.listSize ?? 0,
              totals: summary.totals,
              roles: summary.rows.map((r) => ({ role: r.roleId, headcount: r.headcount, wte: r.wte })),
              namedLeads: { gaps: this.leads.gaps(this.ctx.today()) },
            },
          },
        ];
      },
    });
    const handlers: Handlers = {
      ...this.app.handlers,
      ...this.sync.handlers,
      ...this.protocols.handlers,
      ...this.practice.handlers,
      ...this.profiles.handlers,
      ...this.staff.handlers,
      ...this.workforce.handlers,
      ...this.catalogue.handlers,
      ...this.rota.handlers,
      ...this.leave.handlers,
      ...this.leads.handlers,
      ...auditHandlers(this.ctx),
      ...this.backups.handlers,
    };
    // Every write channel announces itself once it has run, for the features that keep
    // state built from the database (the rota's validator reads staff, sites, the practice
    // and the catalogue); each subscriber decides whether the write concerns it.
    for (const channel of CHANNELS) {
      if (contract[channel].kind !== 'write') continue;
      const inner = handlers[channel] as (input: unknown, call: CallContext) => unknown;
      const announced = (input: unknown, call: CallContext): unknown => {
        let pending = false;
        try {
          const out = inner(input, call);
          if (out instanceof Promise) {
            pending = true;
            return out.finally(() => this.ctx.writes.written(channel));
          }
          return out;
        } finally {
          if (!pending) this.ctx.writes.written(channel);
        }
      };
      (handlers as Record<string, unknown>)[channel] = announced;
    }
    this.handlers = handlers;
  }

  close(): void {
    if (this.db.open) {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        /* in-memory or read-only: nothing to checkpoint */
      }
      this.db.close();
    }
    this.lock?.release();
  }

  /** The profile a session is signed in as, if it still exists and its staff member is current. */
  profileOf(session: Session): Profile | null {
    return this.profiles.profileOf(session);
  }

  isSetUp(): boolean {
    return this.practice.repo.exists();
  }

  status(session: Session): AppStatus {
    return this.app.status(session);
  }

  /** The CLI's `init`: a practice with its sites and no people yet. */
  createPractice(p: NewPractice): void {
    try {
      this.practice.create(p);
    } finally {
      this.ctx.writes.written('practice.setup');
    }
  }

  /** Loads the fictional demo practice; returns the practice manager's profile id. */
  loadDemo(): string {
    try {
      return this.app.loadDemo();
    } finally {
      this.ctx.writes.written('practice.openDemo');
    }
  }

  /** The whole practice, every table, in a stable order: same data, same bytes (see features/backup/export.ts). */
  exportAll(): Record<string, unknown> {
    return exportPractice(this.db, { appVersion: APP_VERSION, schemaVersion: this.schemaVersion });
  }

  /** integrity_check, foreign_key_check and text that is not valid UTF-8; an empty list means healthy. */
  check(): string[] {
    const problems: string[] = [];
    const integrity = this.db.pragma('integrity_check') as { integrity_check: string }[];
    for (const row of integrity) if (row.integrity_check !== 'ok') problems.push(`integrity: ${row.integrity_check}`);
    const fks = this.db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[];
    for (const fk of fks) {
      const where = fk.rowid === null ? 'a row' : `row ${fk.rowid}`;
      problems.push(`foreign key: ${fk.table} ${where} points at a missing ${fk.parent}`);
    }
    problems.push(...invalidTextProblems(this.db));
    return problems;
  }
}
