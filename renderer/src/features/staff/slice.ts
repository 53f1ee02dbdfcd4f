import { api } from '../../api/client';
import { fullName } from '../../format';
import type { AuditEntry } from '../../../../shared/contract/audit';
import type { Site } from '../../../../shared/contract/practice';
import type { Staff, StaffInput } from '../../../../shared/contract/staff';
import { BUILT_IN_CATALOGUE, catalogueRole, roleLabelIn, type CatalogueRole } from '../../../../shared/domain/catalogue';
import type { RoleCategory } from '../../../../shared/domain/roles';
import type { SpokeSlice, SpokeState } from '../../store/types';

/** What the staff directory is narrowed to. */
export interface StaffFilter {
  /** Matched against name, role and registration number, case-insensitive. */
  text: string;
  category: RoleCategory | 'all';
  showArchived: boolean;
}

export interface StaffSlice {
  /** Everyone on record, archived included (the filter decides what shows). */
  staff: readonly Staff[];
  staffLoaded: boolean;
  staffFilter: StaffFilter;
  setStaffFilter: (patch: Partial<StaffFilter>) => void;
  loadStaff: () => Promise<void>;
  /** The writes throw ApiError so the form can show field errors. */
  createStaff: (input: StaffInput) => Promise<Staff>;
  updateStaff: (id: string, expectedUpdatedAt: string, input: StaffInput) => Promise<Staff>;
  archiveStaff: (id: string) => Promise<Staff>;
  restoreStaff: (id: string) => Promise<Staff>;
  /** The latest copy of one record (an editor needs its current updatedAt). Throws ApiError. */
  fetchStaffMember: (id: string) => Promise<Staff>;
  /** Who changed this record and when, newest first. Throws ApiError. */
  fetchStaffHistory: (id: string) => Promise<AuditEntry[]>;
}

const byName = (a: Staff, b: Staff): number =>
  a.familyName.localeCompare(b.familyName, 'en-GB', { sensitivity: 'base' }) ||
  a.givenName.localeCompare(b.givenName, 'en-GB', { sensitivity: 'base' }) ||
  a.id.localeCompare(b.id);

/** Replace or add one record, keeping surname order. */
function upsert(list: readonly Staff[], s: Staff): Staff[] {
  return [...list.filter((x) => x.id !== s.id), s].sort(byName);
}

export const createStaffSlice: SpokeSlice<StaffSlice> = (set, get) => {
  /** Every write answers with the saved record; the list takes it in place of the old one. */
  const keep = (saved: Staff): Staff => {
    set((s) => ({ staff: upsert(s.staff, saved) }));
    return saved;
  };
  return {
    staff: [],
    staffLoaded: false,
    staffFilter: { text: '', category: 'all', showArchived: false },

    setStaffFilter: (patch) => set((s) => ({ staffFilter: { ...s.staffFilter, ...patch } })),

    loadStaff: async () => {
      try {
        const [staff] = await Promise.all([api('staff.list', { includeArchived: true }), get().loadCatalogue()]);
        // Sorted by the same rule as upsert, so the order never shifts after an edit.
        set({ staff: [...staff].sort(byName), staffLoaded: true });
      } catch (err) {
        get().reportError(err);
      }
    },

    createStaff: async (input) => keep(await api('staff.create', input)),

    updateStaff: async (id, expectedUpdatedAt, input) => keep(await api('staff.update', { id, expectedUpdatedAt, staff: input })),

    archiveStaff: async (id) => keep(await api('staff.archive', { id })),

    restoreStaff: async (id) => keep(await api('staff.restore', { id })),

    fetchStaffMember: async (id) => {
      const latest = await api('staff.get', { id });
      if (get().staffLoaded) set((s) => ({ staff: upsert(s.staff, latest) }));
      return latest;
    },

    fetchStaffHistory: (id) => api('audit.list', { entityId: id, limit: 20 }),
  };
};

export const selectStaff = (s: SpokeState): readonly Staff[] => s.staff;
export const selectStaffLoaded = (s: SpokeState): boolean => s.staffLoaded;
export const selectStaffFilter = (s: SpokeState): StaffFilter => s.staffFilter;

/** One directory row with the text it is searched by, worked out once per staff list. */
export interface StaffDirectoryEntry {
  staff: Staff;
  name: string;
  role: CatalogueRole | undefined;
  roleLabel: string;
  siteNames: string;
  /** Lower-cased name, role label and registration number. */
  haystack: string;
}

export function indexStaff(staff: readonly Staff[], sites: readonly Site[], roles: readonly CatalogueRole[] = BUILT_IN_CATALOGUE.roles): StaffDirectoryEntry[] {
  const siteName = new Map(sites.map((x) => [x.id, x.name]));
  const cat = { roles };
  return staff.map((s) => {
    const role = catalogueRole(cat, s.roleId);
    const roleLabel = roleLabelIn(cat, s.roleId);
    const name = fullName(s);
    return {
      staff: s,
      name,
      role,
      roleLabel,
      siteNames: s.siteIds.map((id) => siteName.get(id) ?? 'Unknown site').join(', '),
      haystack: [name, roleLabel, s.registrationNumber ?? ''].join('\u0000').toLowerCase(),
    };
  });
}

/**
 * The rows the filter lets through, and how many were in scope before the text and
 * category narrowed them ("Showing N of M"). Every word typed must match somewhere.
 */
export function filterStaff(entries: readonly StaffDirectoryEntry[], filter: StaffFilter): { rows: StaffDirectoryEntry[]; total: number } {
  const words = filter.text.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const inScope = filter.showArchived ? entries : entries.filter((e) => e.staff.archivedAt === null);
  const rows = inScope.filter(
    (e) =>
      (filter.category === 'all' || e.role?.category === filter.category) && words.every((w) => e.haystack.includes(w)),
  );
  return { rows, total: inScope.length };
}
