import type { practiceChannels } from '../../../../shared/contract/practice';
import { MAX_SITES, type Practice } from '../../../../shared/contract/practice';
import { SpokeError } from '../../../../shared/errors';
import { SYSTEM_ACTOR, type Actor } from '../audit/log';
import type { CoreContext, HandlerTable } from '../context';
import { type NewPractice, PracticeRepo } from './repo';

/** The practice row and its sites: created once, edited by the practice manager. */
export class PracticeFeature {
  readonly repo: PracticeRepo;

  constructor(private readonly ctx: CoreContext) {
    this.repo = new PracticeRepo(ctx.db);
  }

  /** The practice, or a not_set_up error for callers that need one. */
  mustGet(): Practice {
    const p = this.repo.get();
    if (!p) throw new SpokeError('not_set_up', 'Set up the practice first.');
    return p;
  }

  /** Creates the practice and its sites in one transaction with its audit entry. */
  create(p: NewPractice, actor: Actor = SYSTEM_ACTOR): Practice {
    return this.ctx.db.transaction(() => {
      if (this.repo.get()) throw new SpokeError('conflict', 'This data folder already holds a practice.');
      const at = this.ctx.now();
      const created = this.repo.create(p, at);
      this.ctx.audit.record(at, actor, 'practice created', 'practice', created.id, null, created);
      return created;
    })();
  }

  readonly handlers: HandlerTable<typeof practiceChannels> = {
    'practice.update': (input, call) =>
      this.ctx.db.transaction(() => {
        const before = this.mustGet();
        if (input.expectedUpdatedAt !== before.updatedAt) {
          throw new SpokeError('conflict', 'The practice details were changed by someone else after you opened them. Reload and make your change again.');
        }
        const at = this.ctx.stampAfter(before.updatedAt);
        this.repo.update(before.id, input, at);
        const after = this.mustGet();
        this.ctx.audit.record(at, this.ctx.actorOf(call.profile), 'practice edited', 'practice', before.id, before, after);
        return after;
      })(),

    'sites.save': (input, call) =>
      this.ctx.db.transaction(() => {
        const practice = this.mustGet();
        const clash = this.repo.siteNamed(input.name);
        if (clash && clash.id !== input.id) {
          const msg = `There is already a site called ${clash.name}`;
          throw new SpokeError('invalid_input', msg, { name: msg });
        }
        const actor = this.ctx.actorOf(call.profile);
        if (input.id) {
          const before = practice.sites.find((x) => x.id === input.id);
          if (!before) throw new SpokeError('not_found', 'That site no longer exists. Reload the page.');
          if (before.updatedAt !== input.expectedUpdatedAt) {
            throw new SpokeError('conflict', `${before.name} was changed by someone else after you opened it. Reload and make your change again.`);
          }
          const at = this.ctx.stampAfter(before.updatedAt);
          this.repo.renameSite(input.id, input.name, at);
          this.ctx.audit.record(at, actor, 'site renamed', 'site', input.id, before, { ...before, name: input.name, updatedAt: at });
        } else {
          if (practice.sites.length >= MAX_SITES) {
            const msg = `A practice can have at most ${MAX_SITES} sites`;
            throw new SpokeError('invalid_input', msg, { name: msg });
          }
          const at = this.ctx.now();
          const id = this.repo.addSite(input.name, at);
          this.ctx.audit.record(at, actor, 'site added', 'site', id, null, { id, name: input.name, isMain: false });
        }
        return this.mustGet();
      })(),
  };
}
