/**
 * The catalogue in use: the MDT roles, the named-lead types and the bank holidays. Until
 * the practice's first sync brings the hub's catalogues, the lists built into this
 * release; from the release that brings them on, the hub's. Pure: the core builds it from
 * what sync stored, the renderer reads it through the `catalogue.current` channel.
 *
 * Nothing a practice recorded is broken by a later catalogue:
 * - a role the hub retires (or drops) stays readable, marked retired: people who hold it
 *   still load, count and can be edited, but nobody new can be given it;
 * - bank holidays fall back to the built-in list for any year the hub's list does not
 *   cover, so a hub publishing only the next two years does not erase the others.
 */
import { BankHolidaysSource, NamedLeadsSource, RoleCatalogueSource } from '../hub-content';
import { BANK_HOLIDAYS_ENGLAND_WALES, type BankHoliday } from '../rota/bank-holidays';
import { NAMED_LEAD_TYPES } from '../rota/vocabulary';
import { CATEGORY_LABELS, ROLES, type RoleCategory, type RoleDefinition } from './roles';

export interface CatalogueRole extends RoleDefinition {
  /** Kept so records using it still read, but not offered for new staff. */
  retired: boolean;
}

export interface CatalogueLeadType {
  code: string;
  label: string;
  mandatory: boolean;
  deputyRequired: boolean;
}

export interface Catalogue {
  /** Where each list came from: the hub's release, or built into this version of Spoke. */
  sources: { roles: 'hub' | 'built-in'; leadTypes: 'hub' | 'built-in'; bankHolidays: 'hub' | 'built-in' };
  /** The hub release the practice holds, or null before its first sync. */
  release: number | null;
  roles: CatalogueRole[];
  leadTypes: CatalogueLeadType[];
  bankHolidays: BankHoliday[];
}

/** Named-lead types whose built-in code differs from the hub's (migration 6 renames stored ones). */
export const LEAD_TYPE_CODE_RENAMES: Readonly<Record<string, string>> = {
  dpo: 'data_protection_officer',
  caldicott: 'caldicott_guardian',
  health_safety: 'health_and_safety',
};

const DEPUTY_REQUIRED = new Set(['safeguarding_adults', 'safeguarding_children', 'fire_safety']);
const BUILT_IN_LEAD_TYPES: CatalogueLeadType[] = NAMED_LEAD_TYPES.map((t) => ({
  code: t.id,
  label: t.label,
  mandatory: t.id !== 'prescribing',
  deputyRequired: DEPUTY_REQUIRED.has(t.id),
}));

export const BUILT_IN_CATALOGUE: Catalogue = {
  sources: { roles: 'built-in', leadTypes: 'built-in', bankHolidays: 'built-in' },
  release: null,
  roles: ROLES.map((r) => ({ ...r, retired: false })),
  leadTypes: BUILT_IN_LEAD_TYPES,
  bankHolidays: [...BANK_HOLIDAYS_ENGLAND_WALES],
};

/** The hub's catalogues as sync stored them (each undefined until one arrives). */
export interface SyncedCatalogues {
  roles: unknown;
  namedLeads: unknown;
  bankHolidays: unknown;
  release: number | null;
}

/**
 * The catalogue from what the hub sent, each list falling back to the built-in one when
 * the hub has not sent it (or what is stored does not parse, which sync never lets in).
 */
export function catalogueFrom(synced: SyncedCatalogues): Catalogue {
  const roles = RoleCatalogueSource.safeParse(synced.roles);
  const leads = NamedLeadsSource.safeParse(synced.namedLeads);
  const holidays = BankHolidaysSource.safeParse(synced.bankHolidays);
  return {
    sources: { roles: roles.success ? 'hub' : 'built-in', leadTypes: leads.success ? 'hub' : 'built-in', bankHolidays: holidays.success ? 'hub' : 'built-in' },
    release: synced.release,
    roles: roles.success ? hubRoles(roles.data) : BUILT_IN_CATALOGUE.roles,
    leadTypes: leads.success ? leads.data.leadTypes.map((t) => ({ code: t.id, label: t.label, mandatory: t.mandatory, deputyRequired: t.deputyRequired })) : BUILT_IN_LEAD_TYPES,
    bankHolidays: holidays.success ? withBuiltInYears(holidays.data.dates) : BUILT_IN_CATALOGUE.bankHolidays,
  };
}

function hubRoles(source: RoleCatalogueSource): CatalogueRole[] {
  const hub: CatalogueRole[] = source.roles.map((r) => ({
    id: r.id,
    label: r.label,
    category: r.category,
    arrs: r.arrs,
    bodies: r.bodies,
    usuallySessions: r.usuallySessions,
    retired: r.retired,
  }));
  // A built-in role the hub no longer lists at all is treated as retired: a person who
  // holds it keeps its label and group, and it is not offered for anyone new.
  const listed = new Set(hub.map((r) => r.id));
  return [...hub, ...ROLES.filter((r) => !listed.has(r.id)).map((r) => ({ ...r, retired: true }))];
}

/** The hub's dates, and the built-in ones for every year the hub's list has none in. */
function withBuiltInYears(dates: readonly BankHoliday[]): BankHoliday[] {
  const hubYears = new Set(dates.map((d) => d.date.slice(0, 4)));
  const merged = [...dates.map((d) => ({ date: d.date, title: d.title })), ...BANK_HOLIDAYS_ENGLAND_WALES.filter((b) => !hubYears.has(b.date.slice(0, 4)))];
  const seen = new Set<string>();
  return merged.sort((a, b) => a.date.localeCompare(b.date)).filter((b) => !seen.has(b.date) && seen.add(b.date) !== undefined);
}

/** A role by id in the catalogue; undefined for an id it has never known. */
export function catalogueRole(cat: { roles: readonly CatalogueRole[] }, id: string): CatalogueRole | undefined {
  return cat.roles.find((r) => r.id === id);
}

/** Roles a new person (or a change of role) may take: the catalogue's, less retired ones. */
export function offeredRoles(cat: { roles: readonly CatalogueRole[] }): CatalogueRole[] {
  return cat.roles.filter((r) => !r.retired);
}

/** How a person's role reads: its label, marked when the hub has retired it (or never knew it). */
export function roleLabelIn(cat: { roles: readonly CatalogueRole[] }, id: string): string {
  const role = catalogueRole(cat, id);
  if (!role) return `${id} (retired role)`;
  return role.retired ? `${role.label} (retired role)` : role.label;
}

/** Roles grouped as the MDT page and the staff form show them, groups in the usual order. */
export function roleGroups(roles: readonly CatalogueRole[]): { category: RoleCategory; label: string; roles: CatalogueRole[] }[] {
  return (Object.keys(CATEGORY_LABELS) as RoleCategory[])
    .map((category) => ({ category, label: CATEGORY_LABELS[category], roles: roles.filter((r) => r.category === category) }))
    .filter((g) => g.roles.length > 0);
}

/**
 * Why a person may not be given `roleId`, or null when they may. `current` is the role
 * they hold now (null when adding someone): keeping a role the hub has since retired is
 * allowed, so an edit never forces a change of role.
 */
/**
 * Roles chosen for a list (who a protocol applies to, who may do a duty): each must be in
 * the catalogue in use, and a role the hub has retired only if the list already had it.
 */
export function roleListRefusal(cat: { roles: readonly CatalogueRole[] }, roleIds: readonly string[], held: readonly string[]): string | null {
  for (const id of roleIds) {
    if (held.includes(id)) continue;
    const why = roleRefusal(cat, id, null);
    if (why) return why;
  }
  return null;
}

export function roleRefusal(cat: { roles: readonly CatalogueRole[] }, roleId: string, current: string | null): string | null {
  if (roleId === current) return null;
  const role = catalogueRole(cat, roleId);
  if (!role) return 'Choose a role from the list';
  if (role.retired) return `${role.label} is a role the hub has retired: choose a current role`;
  return null;
}
