import { randomUUID } from 'node:crypto';
import type { LeadTypeOut } from '../../../../shared/contract/leads';
import type { NamedLeadOut } from '../../../../shared/contract/rota';
import type { Db } from '../../db/open';

interface TypeRow {
  id: string;
  code: string;
  label: string;
  archived: number;
  updated_at: string;
}

interface LeadRow {
  id: string;
  lead_type_id: string;
  code: string;
  label: string;
  lead_staff_id: string | null;
  deputy_staff_id: string | null;
  from_date: string;
  to_date: string | null;
  updated_at: string;
}

const toType = (r: TypeRow): LeadTypeOut => ({ id: r.id, code: r.code, label: r.label, archived: r.archived === 1, updatedAt: r.updated_at });
const toLead = (r: LeadRow): NamedLeadOut => ({
  id: r.id,
  leadTypeId: r.lead_type_id,
  leadTypeCode: r.code,
  leadTypeLabel: r.label,
  leadStaffId: r.lead_staff_id,
  deputyStaffId: r.deputy_staff_id,
  from: r.from_date,
  to: r.to_date,
  vacant: r.lead_staff_id === null,
  updatedAt: r.updated_at,
});

/** The named-lead register's SQL. Callers validate and hold the write transaction. */
export class LeadsRepo {
  private readonly s;

  constructor(db: Db) {
    const selectLead = `SELECT l.id, l.lead_type_id, t.code, t.label, l.lead_staff_id, l.deputy_staff_id, l.from_date, l.to_date, l.updated_at
      FROM named_lead l JOIN named_lead_type t ON t.id = l.lead_type_id`;
    this.s = {
      types: db.prepare<[], TypeRow>('SELECT id, code, label, archived, updated_at FROM named_lead_type WHERE deleted = 0 ORDER BY sort_order, label'),
      typeById: db.prepare<[string], TypeRow>('SELECT id, code, label, archived, updated_at FROM named_lead_type WHERE id = ? AND deleted = 0'),
      typeByLabel: db.prepare<[string], TypeRow>('SELECT id, code, label, archived, updated_at FROM named_lead_type WHERE label = ? COLLATE NOCASE AND deleted = 0'),
      insertType: db.prepare(
        `INSERT INTO named_lead_type (id, code, label, sort_order, archived, created_at, updated_at)
         VALUES (?, ?, ?, (SELECT COALESCE(MAX(sort_order), -1) + 1 FROM named_lead_type), ?, ?, ?)`,
      ),
      updateType: db.prepare('UPDATE named_lead_type SET label = ?, archived = ?, updated_at = ? WHERE id = ?'),
      leads: db.prepare<[], LeadRow>(`${selectLead} WHERE l.deleted = 0 ORDER BY t.sort_order, l.from_date DESC, l.id`),
      leadById: db.prepare<[string], LeadRow>(`${selectLead} WHERE l.id = ? AND l.deleted = 0`),
      insertLead: db.prepare(
        `INSERT INTO named_lead (id, lead_type_id, lead_staff_id, deputy_staff_id, from_date, to_date, created_at, updated_at)
         VALUES (@id, @leadTypeId, @leadStaffId, @deputyStaffId, @from, @to, @at, @at)`,
      ),
      updateLead: db.prepare(
        `UPDATE named_lead SET lead_type_id = @leadTypeId, lead_staff_id = @leadStaffId, deputy_staff_id = @deputyStaffId,
           from_date = @from, to_date = @to, updated_at = @at WHERE id = @id`,
      ),
      removeLead: db.prepare('UPDATE named_lead SET deleted = 1, updated_at = ? WHERE id = ?'),
    };
  }

  types(): LeadTypeOut[] {
    return this.s.types.all().map(toType);
  }

  type(id: string): LeadTypeOut | null {
    const r = this.s.typeById.get(id);
    return r ? toType(r) : null;
  }

  typeByLabel(label: string): LeadTypeOut | null {
    const r = this.s.typeByLabel.get(label);
    return r ? toType(r) : null;
  }

  saveType(t: { id?: string; label: string; archived: boolean }, at: string): string {
    if (t.id) {
      this.s.updateType.run(t.label, t.archived ? 1 : 0, at, t.id);
      return t.id;
    }
    const id = randomUUID();
    // A practice's own type: its code is its id, so it can never collide with the catalogue's.
    this.s.insertType.run(id, `local_${id}`, t.label, t.archived ? 1 : 0, at, at);
    return id;
  }

  leads(): NamedLeadOut[] {
    return this.s.leads.all().map(toLead);
  }

  lead(id: string): NamedLeadOut | null {
    const r = this.s.leadById.get(id);
    return r ? toLead(r) : null;
  }

  saveLead(l: { id?: string; leadTypeId: string; leadStaffId: string | null; deputyStaffId: string | null; from: string; to: string | null }, at: string): string {
    const id = l.id ?? randomUUID();
    const params = { id, leadTypeId: l.leadTypeId, leadStaffId: l.leadStaffId, deputyStaffId: l.deputyStaffId, from: l.from, to: l.to, at };
    if (l.id) this.s.updateLead.run(params);
    else this.s.insertLead.run(params);
    return id;
  }

  removeLead(id: string, at: string): void {
    this.s.removeLead.run(at, id);
  }
}
