import type { AppStatus, appChannels } from '../../../../shared/contract/app';
import { SpokeError } from '../../../../shared/errors';
import { SYSTEM_ACTOR } from '../audit/log';
import type { CoreContext, HandlerTable, Session } from '../context';
import type { PracticeFeature } from '../practice/feature';
import type { ProfilesFeature } from '../profiles/feature';
import type { StaffFeature } from '../staff/feature';
import { buildDemoPractice } from './demo';

/** What the app shows before anything else: status, first run, the first practice manager, the demo. */
export class AppFeature {
  constructor(
    private readonly ctx: CoreContext,
    private readonly info: { version: string; dataDir: string; schemaVersion: number; readOnly: { reason: string } | null; storageWarning: string | null },
    private readonly practice: PracticeFeature,
    private readonly profiles: ProfilesFeature,
    private readonly staff: StaffFeature,
    /** Plans the demo practice's rota inside the demo's transaction. */
    private readonly seedDemoRota: (today: string) => void = () => undefined,
  ) {}

  status(session: Session): AppStatus {
    return {
      ...this.info,
      practice: this.practice.repo.get(),
      profile: this.profiles.profileOf(session),
      profiles: this.profiles.repo.list(),
      signedOutNotice: session.profileId === null ? (session.signedOutNotice ?? null) : null,
    };
  }

  /** The person setting a practice up becomes its first practice manager, at every site, full time from today. */
  private addFirstManager(name: { givenName: string; familyName: string }, how: string): string {
    const { profileId } = this.staff.add(
      {
        givenName: name.givenName,
        familyName: name.familyName,
        roleId: 'practice_manager',
        contract: { kind: 'hours', amount: 37.5 },
        usualSessions: [],
        siteIds: this.practice.repo.sites().map((s) => s.id),
        professionalBody: null,
        registrationNumber: null,
        startDate: this.ctx.today(),
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

  /** Loads the fictional demo practice; returns the practice manager's profile id. */
  loadDemo(): string {
    const demo = buildDemoPractice(this.ctx.today());
    return this.ctx.db.transaction(() => {
      this.practice.create({ ...demo.practice, isDemo: true });
      const sites = this.practice.repo.sites();
      let managerProfile: string | null = null;
      for (const person of demo.staff) {
        const siteIds = person.sites.map((i) => sites[i]?.id).filter((x): x is string => typeof x === 'string');
        const { profileId } = this.staff.add({ ...person.record, siteIds }, SYSTEM_ACTOR, person.appRole);
        if (person.appRole === 'practice_manager') managerProfile = profileId;
      }
      if (!managerProfile) throw new Error('demo practice has no practice manager');
      this.seedDemoRota(this.ctx.today());
      return managerProfile;
    })();
  }

  readonly handlers: HandlerTable<typeof appChannels> = {
    'app.status': (_input, call) => this.status(call.session),

    'practice.setup': (input, call) => {
      const profileId = this.ctx.db.transaction(() => {
        this.practice.create({ name: input.name, odsCode: input.odsCode, listSize: input.listSize, sites: input.sites, isDemo: false });
        return this.addFirstManager(input.manager, 'setting up');
      })();
      call.session.profileId = profileId;
      return this.status(call.session);
    },

    'practice.openDemo': (_input, call) => {
      call.session.profileId = this.loadDemo();
      return this.status(call.session);
    },

    'profiles.bootstrap': (input, call) => {
      const profileId = this.ctx.db.transaction(() => {
        if (!this.practice.repo.exists()) throw new SpokeError('not_set_up', 'Set up the practice first.');
        if (this.profiles.repo.list().length > 0) {
          throw new SpokeError('forbidden', 'This practice already has sign-in profiles. Ask a practice manager to add you.');
        }
        return this.addFirstManager(input, 'first sign-in');
      })();
      call.session.profileId = profileId;
      return this.status(call.session);
    },
  };
}
