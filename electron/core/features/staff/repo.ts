import { randomUUID } from 'node:crypto';
import { wte } from '../../../../shared/domain/workforce';
import type { ProfessionalBody } from '../../../../shared/domain/roles';
import type { Staff, UsualSession } from '../../../../shared/contract/staff';
import { readJsonColumn } from '../../db/json';
import type { Db } from '../../db/open';

/** A validated staff record as the repository stores it (no id or stamps yet). */
export interface StaffRecord {
  givenName: string;
  familyName: string;
  roleId: string;
  contract: { kind: 'sessions' | 'hours'; amount: number };
  usualSessions: UsualSession[];
  siteIds: string[];
  professionalBody: ProfessionalBody | null;
  registrationNumber: string | null;
  startDate: string;
  endDate: string | null;
  competencies: string[];
  email: string | null;
}

interface StaffRow {
  id: string;
  given_name: string;
  family_name: string;
  role_id: string;
  contract_kind: 'sessions' | 'hours';
  contract_amount: number;
  usual_sessions: string;
  professional_body: ProfessionalBody | null;
  registration_number: string | null;
  start_date: string;
  end_date: string | null;
  competencies: string;
  email: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  site_ids: string;
}

const SELECT_STAFF = `
  SELECT s.*, COALESCE((SELECT json_group_array(ss.site_id) FROM staff_site ss WHERE ss.staff_id = s.id AND ss.deleted = 0), '[]') AS site_ids
  FROM staff s`;

const sorted = (v: unknown): unknown => (Array.isArray(v) ? [...(v as string[])].sort() : v);

function toStaff(r: StaffRow): Staff {
  const contract = { kind: r.contract_kind, amount: r.contract_amount };
  return {
    id: r.id,
    givenName: r.given_name,
    familyName: r.family_name,
    roleId: r.role_id,
    contract,
    wte: wte(contract),
    // Damaged JSON reads as undefined and fails the output check for this row only.
    usualSessions: readJsonColumn(r.usual_sessions) as UsualSession[],
    siteIds: sorted(readJsonColumn(r.site_ids)) as string[],
    professionalBody: r.professional_body,
    registrationNumber: r.registration_number,
    startDate: r.start_date,
    endDate: r.end_date,
    competencies: readJsonColumn(r.competencies) as string[],
    email: r.email,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Staff directory storage. Callers validate input and hold the write transaction. */
export class StaffRepo {
  private readonly listActive;
  private readonly listAll;
  private readonly byId;
  private readonly byRegistration;
  private readonly insertRow;
  private readonly updateRow;
  private readonly archiveRow;
  private readonly dropSites;
  private readonly keepSite;

  constructor(db: Db) {
    const order = 'ORDER BY s.family_name COLLATE NOCASE, s.given_name COLLATE NOCASE, s.id';
    this.listActive = db.prepare<[], StaffRow>(`${SELECT_STAFF} WHERE s.deleted = 0 AND s.archived_at IS NULL ${order}`);
    this.listAll = db.prepare<[], StaffRow>(`${SELECT_STAFF} WHERE s.deleted = 0 ${order}`);
    this.byId = db.prepare<[string], StaffRow>(`${SELECT_STAFF} WHERE s.id = ? AND s.deleted = 0`);
    this.byRegistration = db.prepare<[string, string], { id: string; given_name: string; family_name: string }>(
      `SELECT id, given_name, family_name FROM staff
       WHERE professional_body = ? AND registration_number = ? AND deleted = 0`,
    );
    this.insertRow = db.prepare(
      `INSERT INTO staff (id, given_name, family_name, role_id, contract_kind, contract_amount, usual_sessions,
         professional_body, registration_number, start_date, end_date, competencies, email, created_at, updated_at)
       VALUES (@id, @givenName, @familyName, @roleId, @contractKind, @contractAmount, @usualSessions,
         @professionalBody, @registrationNumber, @startDate, @endDate, @competencies, @email, @at, @at)`,
    );
    this.updateRow = db.prepare(
      `UPDATE staff SET given_name = @givenName, family_name = @familyName, role_id = @roleId,
         contract_kind = @contractKind, contract_amount = @contractAmount, usual_sessions = @usualSessions,
         professional_body = @professionalBody, registration_number = @registrationNumber,
         start_date = @startDate, end_date = @endDate, competencies = @competencies, email = @email, updated_at = @at
       WHERE id = @id`,
    );
    this.archiveRow = db.prepare('UPDATE staff SET archived_at = ?, updated_at = ? WHERE id = ?');
    this.dropSites = db.prepare(
      `UPDATE staff_site SET deleted = 1, updated_at = @at
       WHERE staff_id = @id AND deleted = 0 AND site_id NOT IN (SELECT value FROM json_each(@keep))`,
    );
    this.keepSite = db.prepare(
      `INSERT INTO staff_site (staff_id, site_id, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (staff_id, site_id) DO UPDATE SET deleted = 0, updated_at = excluded.updated_at WHERE deleted = 1`,
    );
  }

  list(includeArchived: boolean): Staff[] {
    return (includeArchived ? this.listAll : this.listActive).all().map(toStaff);
  }

  get(id: string): Staff | null {
    const row = this.byId.get(id);
    return row ? toStaff(row) : null;
  }

  /** Who already holds this registration, if anyone. */
  registrationHolder(body: string, number: string): { id: string; name: string } | null {
    const row = this.byRegistration.get(body, number);
    return row ? { id: row.id, name: `${row.given_name} ${row.family_name}` } : null;
  }

  insert(s: StaffRecord, at: string): string {
    const id = randomUUID();
    this.insertRow.run({ id, at, ...params(s) });
    this.setSites(id, s.siteIds, at);
    return id;
  }

  update(id: string, s: StaffRecord, at: string): void {
    this.updateRow.run({ id, at, ...params(s) });
    this.setSites(id, s.siteIds, at);
  }

  setArchived(id: string, archivedAt: string | null, at: string): void {
    this.archiveRow.run(archivedAt, at, id);
  }

  /** Sites taken away are tombstoned and new ones added; unchanged ones are left alone. */
  private setSites(id: string, siteIds: string[], at: string): void {
    this.dropSites.run({ id, at, keep: JSON.stringify(siteIds) });
    for (const siteId of siteIds) this.keepSite.run(id, siteId, at);
  }
}

function params(s: StaffRecord) {
  return {
    givenName: s.givenName,
    familyName: s.familyName,
    roleId: s.roleId,
    contractKind: s.contract.kind,
    contractAmount: s.contract.amount,
    usualSessions: JSON.stringify(s.usualSessions),
    professionalBody: s.professionalBody,
    registrationNumber: s.registrationNumber,
    startDate: s.startDate,
    endDate: s.endDate,
    competencies: JSON.stringify(s.competencies),
    email: s.email,
  };
}
