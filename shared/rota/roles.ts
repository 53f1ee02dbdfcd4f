/**
 * The roles as the rota sees them: each role's label and role group. The rota's rules,
 * coverage counts, workforce plan, grid and auto-fill read a role only through this, from
 * the catalogue in use (the hub's once a sync has brought it), so a role only the hub
 * knows is grouped, counted and named like a built-in one. Pure.
 */
import { ROLES, type RoleCategory } from '../domain/roles';

export interface RotaRole {
  id: string;
  label: string;
  category: RoleCategory;
  /** The hub has retired it: kept for the people who hold it. */
  retired?: boolean;
}

export class RoleBook {
  private readonly byId: ReadonlyMap<string, RotaRole>;

  constructor(roles: readonly RotaRole[]) {
    this.byId = new Map(roles.map((r) => [r.id, r]));
  }

  role(roleId: string): RotaRole | undefined {
    return this.byId.get(roleId);
  }

  /** The role's group, or undefined for a role the catalogue has never known. */
  group(roleId: string): RoleCategory | undefined {
    return this.byId.get(roleId)?.category;
  }

  /** The role's label; its id when the catalogue has never known it. */
  label(roleId: string): string {
    return this.byId.get(roleId)?.label ?? roleId;
  }
}

const BUILT_IN = new RoleBook(ROLES);
const books = new WeakMap<readonly RotaRole[], RoleBook>();

/** The book for a list of roles (built once per list), or the built-in roles when none is given. */
export function roleBook(roles: readonly RotaRole[] | undefined): RoleBook {
  if (!roles) return BUILT_IN;
  let book = books.get(roles);
  if (!book) books.set(roles, (book = new RoleBook(roles)));
  return book;
}
