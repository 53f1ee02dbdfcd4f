import type { AppRole } from '../../../../shared/contract/common';
import type { Profile, profilesChannels } from '../../../../shared/contract/profiles';
import { roleById } from '../../../../shared/domain/roles';
import { BUILT_IN_CATALOGUE, catalogueRole, type Catalogue } from '../../../../shared/domain/catalogue';
import { SpokeError } from '../../../../shared/errors';
import type { CoreContext, HandlerTable, Session } from '../context';
import type { StaffRepo } from '../staff/repo';
import { ProfileRepo } from './repo';

/** Local sign-in profiles (a staff member acting in an app role) and signing in and out. */
export class ProfilesFeature {
  readonly repo: ProfileRepo;

  constructor(
    private readonly ctx: CoreContext,
    private readonly staff: StaffRepo,
    /** The catalogue in use: whether a role is a registered one is the hub's to say once synced. */
    private readonly catalogue: () => Catalogue = () => BUILT_IN_CATALOGUE,
  ) {
    this.repo = new ProfileRepo(ctx.db, (roleId) => (catalogueRole(this.catalogue(), roleId) ?? roleById(roleId))?.label ?? roleId);
  }

  /** The profile a session is signed in as, if it still exists and its staff member is current. */
  profileOf(session: Session): Profile | null {
    return session.profileId ? this.repo.get(session.profileId) : null;
  }

  /** Archiving the only person who can sign in as practice manager would lock everyone out of staff records. */
  refuseLosingLastManager(staffId: string): void {
    const managers = this.repo.list().filter((p) => p.appRole === 'practice_manager');
    if (managers.length > 0 && managers.every((p) => p.staffId === staffId)) {
      throw new SpokeError(
        'conflict',
        'This is the only person who can sign in as practice manager. Give someone else a practice manager profile in Settings first.',
      );
    }
  }

  /** Caller holds the transaction. */
  insert(staffId: string, appRole: AppRole, at: string): string {
    return this.repo.insert(staffId, appRole, at);
  }

  readonly handlers: HandlerTable<typeof profilesChannels> = {
    'session.signIn': (input, call) => {
      const profile = this.repo.get(input.profileId);
      if (!profile) throw new SpokeError('not_found', 'That profile no longer exists or its staff member has left.');
      call.session.profileId = profile.id;
      return profile;
    },

    'session.signOut': (_input, call) => {
      call.session.profileId = null;
      return { ok: true as const };
    },

    'profiles.create': (input, call) =>
      this.ctx.db.transaction(() => {
        const staff = this.staff.get(input.staffId);
        if (!staff) throw new SpokeError('not_found', 'That staff member no longer exists. Reload the staff list.');
        if (staff.archivedAt) throw new SpokeError('conflict', `${staff.givenName} ${staff.familyName} is archived and cannot sign in.`);
        if (input.appRole === 'clinical_lead' && ((catalogueRole(this.catalogue(), staff.roleId) ?? roleById(staff.roleId))?.bodies.length ?? 0) === 0) {
          throw new SpokeError('invalid_input', 'A clinical lead must be a registered clinician (GP, nurse, pharmacist, paramedic...).', {
            appRole: 'A clinical lead must be a registered clinician',
          });
        }
        const existing = this.repo.findExisting(input.staffId, input.appRole);
        const at = this.ctx.now();
        const id = existing ?? this.repo.insert(input.staffId, input.appRole, at);
        if (!existing) this.ctx.audit.record(at, this.ctx.actorOf(call.profile), 'profile created', 'profile', id, null, input);
        const profile = this.repo.get(id);
        if (!profile) throw new Error('profile vanished');
        return profile;
      })(),

    'profiles.remove': (input, call) => {
      this.ctx.db.transaction(() => {
        const profile = this.repo.list().find((p) => p.id === input.id);
        if (!profile) throw new SpokeError('not_found', 'That profile has already been removed.');
        if (profile.appRole === 'practice_manager') {
          const managers = this.repo.list().filter((p) => p.appRole === 'practice_manager');
          if (managers.length <= 1) {
            throw new SpokeError('conflict', 'This is the only practice manager profile. Add another practice manager before removing it.');
          }
        }
        const at = this.ctx.now();
        this.repo.remove(profile.id, at);
        this.ctx.audit.record(at, this.ctx.actorOf(call.profile), 'profile removed', 'profile', profile.id, profile, null);
      })();
      if (call.session.profileId === input.id) call.session.profileId = null;
      return { ok: true as const };
    },
  };
}
