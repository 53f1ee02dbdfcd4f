import path from 'node:path';
import { ROLES, roleById } from '../../shared/domain/roles';
import { SpokeError } from '../../shared/errors';
import type { ParsedInputOf, OutputOf } from '../../shared/contract';
import type { Channel } from '../../shared/channels';
import { APP_ROLE_LABELS, MAX_SITES, type AppRole, type AppStatus, type Profile, type Staff, type WorkforceRow } from '../../shared/schemas';
import { type Clock, localDate, stampAfter, systemClock } from './clock';
import { buildDemoPractice } from './demo';
import { openPracticeDb, preparePracticeFolder, type CreateMode, type Db, type ReadOnly } from './db/open';
import { invalidTextProblems } from './db/text-check';
import { lockDataFolder, type DataFolderLock } from './lock';
import { type Actor, AuditLog, SYSTEM_ACTOR } from './repos/audit';
import { PracticeRepo } from './repos/practice';
import { ProfileRepo } from './repos/profiles';
import { StaffRepo, type StaffRecord } from './repos/staff';
import packageJson from '../../package.json';

/** The version users see and exports record, from package.json so the two cannot differ. */
export const APP_VERSION: string = packageJson.version;
export const DB_FILE_NAME = 'spoke.db';

/** Who is acting in one client (a window, a browser tab, a test). Owned by the transport. */
export interface Session {
  profileId: string | null;
  /** Set by a transport that signed this client out on its own (the web host, after a long idle time). */
  signedOutNotice?: string | null;
}

/** What a handler knows about the call beyond its input. */
export interface CallContext {
  session: Session;
  /** The signed-in profile, already checked against the channel's access rule. */
  profile: Profile | null;
}

export type Handlers = { [C in Channel]: (input: ParsedInputOf<C>, ctx: CallContext) => OutputOf<C> };

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
 * The practice service: owns the data folder, the SQLite database and the rules.
 * Every transport (Electron IPC, the web host, the CLI, tests) goes through it.
 */
export class PracticeCore {
  readonly db: Db;
  readonly schemaVersion: number;
  readonly dataDir: string;
  readonly backupPath: string | null;
  /** Set when the database or its folder cannot be written: every write channel is refused. */
  readonly readOnly: ReadOnly | null;
  private readonly lock: DataFolderLock | null;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly practice: PracticeRepo;
  private readonly staff: StaffRepo;
  private readonly profiles: ProfileRepo;

  constructor(opts: CoreOptions) {
    this.clock = opts.clock ?? systemClock;
    if (opts.dataDir === null) {
      this.dataDir = ':memory:';
      this.lock = null;
      const opened = openPracticeDb(':memory:', opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
      this.db = opened.db;
      this.schemaVersion = opened.schemaVersion;
      this.backupPath = null;
      this.readOnly = null;
    } else {
      this.dataDir = path.resolve(opts.dataDir);
      const { writable } = preparePracticeFolder(this.dataDir, opts.create);
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
    this.audit = new AuditLog(this.db);
    this.practice = new PracticeRepo(this.db);
    this.staff = new StaffRepo(this.db);
    this.profiles = new ProfileRepo(this.db);
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

  private now(): string {
    return this.clock.now().toISOString();
  }

  private actorOf(profile: Profile | null): Actor {
    return profile ? { profileId: profile.id, name: `${profile.displayName} (${APP_ROLE_LABELS[profile.appRole]})` } : SYSTEM_ACTOR;
  }

  /** The profile a session is signed in as, if it still exists and its staff member is current. */
  profileOf(session: Session): Profile | null {
    return session.profileId ? this.profiles.get(session.profileId) : null;
  }

  isSetUp(): boolean {
    return this.practice.exists();
  }

  status(session: Session): AppStatus {
    return {
      version: APP_VERSION,
      dataDir: this.dataDir,
      schemaVersion: this.schemaVersion,
      practice: this.practice.get(),
      profile: this.profileOf(session),
      profiles: this.profiles.list(),
      readOnly: this.readOnly,
      signedOutNotice: session.profileId === null ? (session.signedOutNotice ?? null) : null,
    };
  }

  /* ---------------- writes, each one transaction with its audit entry ---------------- */

  createPractice(
    p: { name: string; odsCode: string; listSize: number; sites: { name: string }[]; isDemo: boolean },
    actor: Actor = SYSTEM_ACTOR,
  ): void {
    this.db.transaction(() => {
      if (this.practice.get()) throw new SpokeError('conflict', 'This data folder already holds a practice.');
      const at = this.now();
      const created = this.practice.create(p, at);
      this.audit.record(at, actor, 'practice created', 'practice', created.id, null, created);
    })();
  }

  /** Adds a staff member and (optionally) a sign-in profile for them, in one transaction. */
  addStaff(input: StaffRecord, actor: Actor, appRole?: AppRole): { staff: Staff; profileId: string | null } {
    return this.db.transaction(() => {
      this.checkStaffReferences(input, null);
      const at = this.now();
      const id = this.staff.insert(input, at);
      const staff = this.mustGetStaff(id);
      this.audit.record(at, actor, 'staff added', 'staff', id, null, staff);
      let profileId: string | null = null;
      if (appRole) {
        profileId = this.profiles.insert(id, appRole, at);
        this.audit.record(at, actor, 'profile created', 'profile', profileId, null, { staffId: id, appRole });
      }
      return { staff, profileId };
    })();
  }

  /** The person setting a practice up becomes its first practice manager, at every site, full time from today. */
  private addFirstManager(name: { givenName: string; familyName: string }, how: string): string {
    const { profileId } = this.addStaff(
      {
        givenName: name.givenName,
        familyName: name.familyName,
        roleId: 'practice_manager',
        contract: { kind: 'hours', amount: 37.5 },
        usualSessions: [],
        siteIds: this.practice.sites().map((s) => s.id),
        professionalBody: null,
        registrationNumber: null,
        startDate: localDate(this.clock.now()),
        endDate: null,
        competencies: [],
        email: null,
      },
      { profileId: null, name: `${name.givenName} ${name.familyName} (${how})` },
      'practice_manager',
    );
    if (!profileId) throw new Error('first practice manager has no profile');
    return profileId;
  }

  private mustGetStaff(id: string): Staff {
    const s = this.staff.get(id);
    if (!s) throw new SpokeError('not_found', 'That staff member no longer exists. Reload the staff list.');
    return s;
  }

  /** Site and registration rules that need the database (the schema checks the rest). */
  private checkStaffReferences(s: StaffRecord, selfId: string | null): void {
    const known = new Set(this.practice.sites().map((x) => x.id));
    const unknown = s.siteIds.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new SpokeError('invalid_input', 'Choose sites from this practice.', { siteIds: 'Choose sites from this practice' });
    }
    if (s.professionalBody && s.registrationNumber) {
      const holder = this.staff.registrationHolder(s.professionalBody, s.registrationNumber);
      if (holder && holder.id !== selfId) {
        const msg = `${s.professionalBody} number ${s.registrationNumber} is already recorded for ${holder.name}`;
        throw new SpokeError('invalid_input', msg, { registrationNumber: msg });
      }
    }
  }

  private updateStaff(id: string, expectedUpdatedAt: string, input: StaffRecord, actor: Actor): Staff {
    return this.db.transaction(() => {
      const before = this.mustGetStaff(id);
      if (before.updatedAt !== expectedUpdatedAt) {
        throw new SpokeError(
          'conflict',
          `${before.givenName} ${before.familyName} was changed by someone else after you opened the record. Your changes have not been saved: reload to see the latest, then make them again.`,
        );
      }
      this.checkStaffReferences(input, id);
      const at = stampAfter(this.clock, before.updatedAt);
      this.staff.update(id, input, at);
      const after = this.mustGetStaff(id);
      this.audit.record(at, actor, 'staff edited', 'staff', id, before, after);
      return after;
    })();
  }

  private setArchived(id: string, archive: boolean, actor: Actor): Staff {
    return this.db.transaction(() => {
      const before = this.mustGetStaff(id);
      if ((before.archivedAt !== null) === archive) return before; // already in that state
      if (archive) this.refuseLosingLastManager(id);
      const at = stampAfter(this.clock, before.updatedAt);
      this.staff.setArchived(id, archive ? at : null, at);
      const after = this.mustGetStaff(id);
      this.audit.record(at, actor, archive ? 'staff archived' : 'staff restored', 'staff', id, before, after);
      return after;
    })();
  }

  /** Archiving the only person who can sign in as practice manager would lock everyone out of staff records. */
  private refuseLosingLastManager(staffId: string): void {
    const managers = this.profiles.list().filter((p) => p.appRole === 'practice_manager');
    if (managers.length > 0 && managers.every((p) => p.staffId === staffId)) {
      throw new SpokeError(
        'conflict',
        'This is the only person who can sign in as practice manager. Give someone else a practice manager profile in Settings first.',
      );
    }
  }

  workforce(asOf: string): OutputOf<'workforce.summary'> {
    const active = this.staff
      .list(false)
      .filter((s) => s.startDate <= asOf && (s.endDate === null || s.endDate >= asOf));
    const byRole = new Map<string, { headcount: number; wte: number }>();
    for (const s of active) {
      const acc = byRole.get(s.roleId) ?? { headcount: 0, wte: 0 };
      acc.headcount += 1;
      acc.wte += s.wte;
      byRole.set(s.roleId, acc);
    }
    const round = (n: number) => Math.round(n * 100) / 100;
    const rows: WorkforceRow[] = ROLES.filter((r) => byRole.has(r.id)).map((r) => {
      const acc = byRole.get(r.id) ?? { headcount: 0, wte: 0 };
      return { roleId: r.id, label: r.label, category: r.category, arrs: r.arrs, headcount: acc.headcount, wte: round(acc.wte) };
    });
    const sum = (xs: WorkforceRow[]) => round(xs.reduce((a, r) => a + r.wte, 0));
    return {
      asOf,
      rows,
      totals: {
        headcount: rows.reduce((a, r) => a + r.headcount, 0),
        wte: sum(rows),
        arrsWte: sum(rows.filter((r) => r.arrs)),
        coreWte: sum(rows.filter((r) => !r.arrs)),
      },
    };
  }

  /** Every practice row in a stable order: same data, same bytes. */
  exportAll(): unknown {
    const all = <T>(sql: string) => this.db.prepare(sql).all() as T[];
    return {
      format: 'spoke-practice-export',
      formatVersion: 1,
      appVersion: APP_VERSION,
      schemaVersion: this.schemaVersion,
      practice: all('SELECT * FROM practice ORDER BY id'),
      sites: all('SELECT * FROM site ORDER BY sort_order, id'),
      staff: all('SELECT * FROM staff ORDER BY id'),
      staffSites: all('SELECT * FROM staff_site ORDER BY staff_id, site_id'),
      profiles: all('SELECT * FROM profile ORDER BY id'),
      auditLog: all('SELECT * FROM audit_log ORDER BY seq'),
    };
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

  /** The handler table: one function per contract channel. */
  readonly handlers: Handlers = {
    'app.status': (_input, ctx) => this.status(ctx.session),

    'practice.setup': (input, ctx) => {
      const profileId = this.db.transaction(() => {
        this.createPractice({ ...input, isDemo: false });
        return this.addFirstManager(input.manager, 'setting up');
      })();
      ctx.session.profileId = profileId;
      return this.status(ctx.session);
    },

    'practice.openDemo': (_input, ctx) => {
      const profileId = this.loadDemo();
      ctx.session.profileId = profileId;
      return this.status(ctx.session);
    },

    'practice.update': (input, ctx) => {
      return this.db.transaction(() => {
        const before = this.practice.get();
        if (!before) throw new SpokeError('not_set_up', 'Set up the practice first.');
        if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== before.updatedAt) {
          throw new SpokeError('conflict', 'The practice details were changed by someone else. Reload and try again.');
        }
        const at = stampAfter(this.clock, before.updatedAt);
        this.practice.update(before.id, input, at);
        const after = this.practice.get();
        if (!after) throw new Error('practice vanished');
        this.audit.record(at, this.actorOf(ctx.profile), 'practice edited', 'practice', before.id, before, after);
        return after;
      })();
    },

    'sites.save': (input, ctx) => {
      return this.db.transaction(() => {
        const practice = this.practice.get();
        if (!practice) throw new SpokeError('not_set_up', 'Set up the practice first.');
        const clash = this.practice.siteNamed(input.name);
        if (clash && clash.id !== input.id) {
          const msg = `There is already a site called ${clash.name}`;
          throw new SpokeError('invalid_input', msg, { name: msg });
        }
        const at = this.now();
        const actor = this.actorOf(ctx.profile);
        if (input.id) {
          const before = practice.sites.find((x) => x.id === input.id);
          if (!before) throw new SpokeError('not_found', 'That site no longer exists. Reload the page.');
          this.practice.renameSite(input.id, input.name, at);
          this.audit.record(at, actor, 'site renamed', 'site', input.id, before, { ...before, name: input.name });
        } else {
          if (practice.sites.length >= MAX_SITES) {
            const msg = `A practice can have at most ${MAX_SITES} sites`;
            throw new SpokeError('invalid_input', msg, { name: msg });
          }
          const id = this.practice.addSite(input.name, at);
          this.audit.record(at, actor, 'site added', 'site', id, null, { id, name: input.name, isMain: false });
        }
        const after = this.practice.get();
        if (!after) throw new Error('practice vanished');
        return after;
      })();
    },

    'session.signIn': (input, ctx) => {
      const profile = this.profiles.get(input.profileId);
      if (!profile) throw new SpokeError('not_found', 'That profile no longer exists or its staff member has left.');
      ctx.session.profileId = profile.id;
      return profile;
    },

    'session.signOut': (_input, ctx) => {
      ctx.session.profileId = null;
      return { ok: true as const };
    },

    'profiles.bootstrap': (input, ctx) => {
      const profileId = this.db.transaction(() => {
        if (!this.practice.exists()) throw new SpokeError('not_set_up', 'Set up the practice first.');
        if (this.profiles.list().length > 0) {
          throw new SpokeError('forbidden', 'This practice already has sign-in profiles. Ask a practice manager to add you.');
        }
        return this.addFirstManager(input, 'first sign-in');
      })();
      ctx.session.profileId = profileId;
      return this.status(ctx.session);
    },

    'profiles.create': (input, ctx) => {
      return this.db.transaction(() => {
        const staff = this.mustGetStaff(input.staffId);
        if (staff.archivedAt) throw new SpokeError('conflict', `${staff.givenName} ${staff.familyName} is archived and cannot sign in.`);
        if (input.appRole === 'clinical_lead' && (roleById(staff.roleId)?.bodies.length ?? 0) === 0) {
          throw new SpokeError('invalid_input', 'A clinical lead must be a registered clinician (GP, nurse, pharmacist, paramedic...).', {
            appRole: 'A clinical lead must be a registered clinician',
          });
        }
        const existing = this.profiles.findExisting(input.staffId, input.appRole);
        const at = this.now();
        const id = existing ?? this.profiles.insert(input.staffId, input.appRole, at);
        if (!existing) this.audit.record(at, this.actorOf(ctx.profile), 'profile created', 'profile', id, null, input);
        const profile = this.profiles.get(id);
        if (!profile) throw new Error('profile vanished');
        return profile;
      })();
    },

    'profiles.remove': (input, ctx) => {
      this.db.transaction(() => {
        const profile = this.profiles.list().find((p) => p.id === input.id);
        if (!profile) throw new SpokeError('not_found', 'That profile has already been removed.');
        if (profile.appRole === 'practice_manager') {
          const managers = this.profiles.list().filter((p) => p.appRole === 'practice_manager');
          if (managers.length <= 1) {
            throw new SpokeError('conflict', 'This is the only practice manager profile. Add another practice manager before removing it.');
          }
        }
        const at = this.now();
        this.profiles.remove(profile.id, at);
        this.audit.record(at, this.actorOf(ctx.profile), 'profile removed', 'profile', profile.id, profile, null);
      })();
      if (ctx.session.profileId === input.id) ctx.session.profileId = null;
      return { ok: true as const };
    },

    'staff.list': (input) => this.staff.list(input.includeArchived),
    'staff.get': (input) => this.mustGetStaff(input.id),
    'staff.create': (input, ctx) => this.addStaff(input, this.actorOf(ctx.profile)).staff,
    'staff.update': (input, ctx) => this.updateStaff(input.id, input.expectedUpdatedAt, input.staff, this.actorOf(ctx.profile)),
    'staff.archive': (input, ctx) => this.setArchived(input.id, true, this.actorOf(ctx.profile)),
    'staff.restore': (input, ctx) => this.setArchived(input.id, false, this.actorOf(ctx.profile)),
    'workforce.summary': (input) => this.workforce(input.asOf ?? localDate(this.clock.now())),
    'audit.list': (input) => this.audit.list(input.limit, input.entityId),
  };

  /** Loads the fictional demo practice; returns the practice manager's profile id. */
  loadDemo(): string {
    const demo = buildDemoPractice(localDate(this.clock.now()));
    return this.db.transaction(() => {
      this.createPractice({ ...demo.practice, isDemo: true });
      const sites = this.practice.sites();
      let managerProfile: string | null = null;
      for (const person of demo.staff) {
        const siteIds = person.sites.map((i) => sites[i]?.id).filter((x): x is string => typeof x === 'string');
        const { profileId } = this.addStaff({ ...person.record, siteIds }, SYSTEM_ACTOR, person.appRole);
        if (person.appRole === 'practice_manager') managerProfile = profileId;
      }
      if (!managerProfile) throw new Error('demo practice has no practice manager');
      return managerProfile;
    })();
  }
}
