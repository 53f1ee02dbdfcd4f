import { randomUUID } from 'node:crypto';
import type { AppRole } from '../../../../shared/contract/common';
import type { Profile } from '../../../../shared/contract/profiles';
import type { Db } from '../../db/open';

interface ProfileRow {
  id: string;
  staff_id: string;
  app_role: AppRole;
  given_name: string;
  family_name: string;
  role_id: string;
}

/** Local sign-in profiles: a staff member acting in an app role. */
export class ProfileRepo {
  private readonly all;
  private readonly one;
  private readonly insertRow;
  private readonly existing;
  private readonly removeRow;

  constructor(
    db: Db,
    /** A role's label in the catalogue in use (the hub's once synced). */
    private readonly roleLabel: (roleId: string) => string,
  ) {
    const base = `SELECT p.id, p.staff_id, p.app_role, s.given_name, s.family_name, s.role_id
      FROM profile p JOIN staff s ON s.id = p.staff_id
      WHERE p.deleted = 0 AND s.deleted = 0 AND s.archived_at IS NULL`;
    this.all = db.prepare<[], ProfileRow>(`${base} ORDER BY s.family_name COLLATE NOCASE, s.given_name COLLATE NOCASE, p.app_role`);
    this.one = db.prepare<[string], ProfileRow>(`${base} AND p.id = ?`);
    this.existing = db.prepare<[string, string], { id: string }>(
      'SELECT id FROM profile WHERE staff_id = ? AND app_role = ? AND deleted = 0',
    );
    this.removeRow = db.prepare('UPDATE profile SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0');
    this.insertRow = db.prepare(
      'INSERT INTO profile (id, staff_id, app_role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
  }

  list(): Profile[] {
    return this.all.all().map((r) => this.toProfile(r));
  }

  /** Only profiles of current (not archived) staff can be used. */
  get(id: string): Profile | null {
    const row = this.one.get(id);
    return row ? this.toProfile(row) : null;
  }

  findExisting(staffId: string, appRole: AppRole): string | null {
    return this.existing.get(staffId, appRole)?.id ?? null;
  }

  /** Tombstones a profile; returns false if there was no live one. */
  remove(id: string, at: string): boolean {
    return this.removeRow.run(at, id).changes > 0;
  }

  insert(staffId: string, appRole: AppRole, at: string): string {
    const id = randomUUID();
    this.insertRow.run(id, staffId, appRole, at, at);
    return id;
  }

  private toProfile(r: ProfileRow): Profile {
    return {
      id: r.id,
      staffId: r.staff_id,
      appRole: r.app_role,
      displayName: `${r.given_name} ${r.family_name}`,
      roleLabel: this.roleLabel(r.role_id),
    };
  }
}
