import { api } from '../../api/client';
import type { CatalogueOut } from '../../../../shared/contract/catalogue';
import { BUILT_IN_CATALOGUE } from '../../../../shared/domain/catalogue';
import type { SpokeSlice, SpokeState } from '../../store/types';

export interface CatalogueSlice {
  /**
   * The catalogue in use (roles with retired ones marked, named-lead types, bank holidays),
   * from the core. The built-in one until loaded, which is what the core also uses
   * before a practice's first sync.
   */
  catalogue: CatalogueOut;
  /** Loaded on the pages that use it and again after every sync, so a new catalogue shows without a restart. */
  loadCatalogue: () => Promise<void>;
}

export const createCatalogueSlice: SpokeSlice<CatalogueSlice> = (set, get) => ({
  catalogue: BUILT_IN_CATALOGUE,
  loadCatalogue: async () => {
    try {
      set({ catalogue: await api('catalogue.current', {}) });
    } catch (err) {
      get().reportError(err);
    }
  },
});

export const selectCatalogue = (s: SpokeState): CatalogueOut => s.catalogue;
