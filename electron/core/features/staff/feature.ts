import type { AppRole } from '../../../../shared/contract/common';
import type { Staff, staffChannels } from '../../../../shared/contract/staff';
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
  ) {}

  mustGet(id: string): Staff {
    const s = this.repo.get(id);
    if (!s) throw new SpokeError('not_found', 'That staff member no longer exists. Reload the staff list.');
    return s;
  }

  /** Adds a staff member and (optionally) a sign-in profile for them, in one transaction. */
  add(input: StaffRecord, actor: Actor, appRole?: AppRole): { staff: Staff; profileId: string | null } {
    return this.ctx.db.transaction(() => {
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
