import type { catalogueChannels } from '../../../../shared/contract/catalogue';
import { catalogueFrom, type Catalogue } from '../../../../shared/domain/catalogue';
import { LeadsSync } from './leads-sync';
import type { CoreContext, HandlerTable } from '../context';

/** What sync has stored: the newest live catalogue of a kind (undefined before one arrives) and the release held. */
export interface CatalogueStore {
  catalogue(id: 'roles' | 'named-leads' | 'bank-holidays'): unknown;
  release(): number | null;
}

/**
 * The one catalogue source in the core: staff validation, the MDT view, the rota's closed
 * days and leave arithmetic, and the named-lead register all read it here. Built in until
 * the first sync brings the hub's catalogues, the hub's from then on. Kept per release
 * held, so a sync that brings a new catalogue is used by the very next call, with no
 * restart, and calls in between do not parse the stored JSON again.
 */
export class CatalogueFeature {
  private cached: { release: number | null; value: Catalogue } | null = null;
  readonly leads: LeadsSync;

  constructor(
    ctx: CoreContext,
    private readonly store: CatalogueStore,
  ) {
    this.leads = new LeadsSync(ctx);
  }

  current(): Catalogue {
    const release = this.store.release();
    if (this.cached && this.cached.release === release) return this.cached.value;
    const value = this.build(release);
    this.cached = { release, value };
    return value;
  }

  private build(release: number | null): Catalogue {
    return catalogueFrom({
      roles: this.store.catalogue('roles'),
      namedLeads: this.store.catalogue('named-leads'),
      bankHolidays: this.store.catalogue('bank-holidays'),
      release,
    });
  }

  /** Bank holiday dates for the rota's rules and leave arithmetic. */
  bankHolidayDates(): string[] {
    return this.current().bankHolidays.map((b) => b.date);
  }

  /**
   * Inside sync's apply transaction, once the new items are stored: the register's lead
   * types follow the hub's list (the release marker is read fresh, so no stale cache).
   */
  afterSyncApplied(at: string): void {
    // Not cached: the transaction may yet roll back, and the next call reads what committed.
    this.cached = null;
    const cat = this.build(this.store.release());
    if (cat.sources.leadTypes === 'hub') this.leads.follow(cat.leadTypes, at);
  }

  readonly handlers: HandlerTable<typeof catalogueChannels> = {
    'catalogue.current': () => this.current(),
  };
}
