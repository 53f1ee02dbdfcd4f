import type { AppRole } from '../../../../shared/contract/common';
import { roleRuleProblems, type Staff, type staffChannels } from '../../../../shared/contract/staff';
import { catalogueRole, roleRefusal, type Catalogue } from '../../../../shared/domain/catalogue';
import { SpokeError } from '../../../../shared/errors';
import type { Actor } from '../audit/log';
import type { CoreContext, HandlerTable } from '../context';
import type { PracticeFeature } from '../practice/feature';
import type { ProfilesFeature } from '../profiles/feature';
import type { StaffRecord, StaffRepo } from './repo';

/** The staff directory: add, edit, archive and restore people, each one transaction with its audit entry. */
export class StaffFeature {
  constructor(
    private readonly ctx: CoreContext,
    readonly repo: StaffRepo,
    private readonly practice: PracticeFeature,
    private readonly profiles: ProfilesFeature,
    private readonly catalogue: () => Catalogue,
  ) {}

  mustGet(id: string): Staff {
    const s = this.repo.get(id);
    if (!s) throw new SpokeError('not_found', 'That staff member no longer exists. Reload the staff list.');
    return s;
  }

  /** Adds a staff member and (optionally) a sign-in profile for them, in one transaction. */
  add(input: StaffRecord, actor: Actor, appRole?: AppRole): { staff: Staff; profileId: string | null } {
    return this.ctx.db.transaction(() => {
      this.checkRole(input, null, '');
      this.checkReferences(input, null);
      const at = this.ctx.now();
      const id = this.repo.insert(input, at);
      const staff = this.mustGet(id);
      this.ctx.audit.record(at, actor, 'staff added', 'staff', id, null, staff);
      let profileId: string | null = null;
      if (appRole) {
        profileId = this.profiles.insert(id, appRole, at);
        this.ctx.audit.record(at, actor, 'profile created', 'profile', profileId, null, { staffId: id, appRole });
      }
      return { staff, profileId };
    })();
  }

  /**
   * The role against the catalogue in use: a new person (or a change of role) takes a
   * current role; someone keeping a role the hub has since retired may be edited without
   * changing it. Then the body and competency rules of that role as the catalogue defines it.
   * `prefix` is where the record sits in the channel's input ('staff.' for an update).
   */
  private checkRole(s: StaffRecord, current: string | null, prefix: string): void {
    const cat = this.catalogue();
    const refusal = roleRefusal(cat, s.roleId, current);
    if (refusal) throw new SpokeError('invalid_input', refusal, { [`${prefix}roleId`]: refusal });
    const role = catalogueRole(cat, s.roleId);
    if (!role) return; // a role the hub no longer lists at all, kept by its holder: nothing to check it against
    const problems = Object.entries(roleRuleProblems(s, role));
    const first = problems[0];
    if (first) throw new SpokeError('invalid_input', first[1], Object.fromEntries(problems.map(([k, v]) => [`${prefix}${k}`, v])));
  }

  /** Site and registration rules that need the database (the schema checks the rest). */
  private checkReferences(s: StaffRecord, selfId: string | null): void {
    const known = new Set(this.practice.repo.sites().map((x) => x.id));
    if (s.siteIds.some((id) => !known.has(id))) {
      throw new SpokeError('invalid_input', 'Choose sites from this practice.', { siteIds: 'Choose sites from this practice' });
    }
    if (s.professionalBody && s.registrationNumber) {
      const holder = this.repo.registrationHolder(s.professionalBody, s.registrationNumber);
      if (holder && holder.id !== selfId) {
        const msg = `${s.professionalBody} number ${s.registrationNumber} is already recorded for ${holder.name}`;
        throw new SpokeError('invalid_input', msg, { registrationNumber: msg });
      }
    }
  }

  private update(id: string, expectedUpdatedAt: string, input: StaffRecord, actor: Actor): Staff {
    return this.ctx.db.transaction(() => {
      const before = this.mustGet(id);
      if (before.updatedAt !== expectedUpdatedAt) {
        throw new SpokeError(
          'conflict',
          `${before.givenName} ${before.familyName} was changed by someone else after you opened the record. Your changes have not been saved: reload to see the latest, then make them again.`,
        );
      }
      this.checkRole(input, before.roleId, 'staff.');
      this.checkReferences(input, id);
      const at = this.ctx.stampAfter(before.updatedAt);
      this.repo.update(id, input, at);
      const after = this.mustGet(id);
      this.ctx.audit.record(at, actor, 'staff edited', 'staff', id, before, after);
      return after;
    })();
  }

  private setArchived(id: string, archive: boolean, actor: Actor): Staff {
    return this.ctx.db.transaction(() => {
      const before = this.mustGet(id);
      if ((before.archivedAt !== null) === archive) return before; // already in that state
      if (archive) this.profiles.refuseLosingLastManager(id);
      const at = this.ctx.stampAfter(before.updatedAt);
      this.repo.setArchived(id, archive ? at : null, at);
      const after = this.mustGet(id);
      this.ctx.audit.record(at, actor, archive ? 'staff archived' : 'staff restored', 'staff', id, before, after);
      return after;
    })();
  }

  readonly handlers: HandlerTable<typeof staffChannels> = {
    'staff.list': (input) => this.repo.list(input.includeArchived),
    'staff.get': (input) => this.mustGet(input.id),
    'staff.create': (input, call) => this.add(input, this.ctx.actorOf(call.profile)).staff,
    'staff.update': (input, call) => this.update(input.id, input.expectedUpdatedAt, input.staff, this.ctx.actorOf(call.profile)),
    'staff.archive': (input, call) => this.setArchived(input.id, true, this.ctx.actorOf(call.profile)),
    'staff.restore': (input, call) => this.setArchived(input.id, false, this.ctx.actorOf(call.profile)),
  };
}
