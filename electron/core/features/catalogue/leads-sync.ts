import { randomUUID } from 'node:crypto';
import type { CatalogueLeadType } from '../../../../shared/domain/catalogue';
import { SYSTEM_ACTOR } from '../audit/log';
import type { CoreContext } from '../context';

interface TypeRow {
  id: string;
  code: string;
  label: string;
  sort_order: number;
  archived: number;
}

/**
 * The register's named-lead types follow the hub's list, matched by code (migration 6 gave
 * the built-in types the hub's codes):
 * - a type the hub lists is added, or takes the hub's label and order; a mandatory one the
 *   practice had archived comes back (a practice cannot opt out of a mandatory lead);
 * - a type from an earlier list that the hub no longer lists is archived, never deleted,
 *   so its appointments and history stay;
 * - the practice's own types (code local_...) are kept, after the hub's.
 * Only rows that change are written, each with an audit entry.
 */
export class LeadsSync {
  constructor(private readonly ctx: CoreContext) {}

  follow(hub: readonly CatalogueLeadType[], at: string): void {
    const db = this.ctx.db;
    const rows = db.prepare('SELECT id, code, label, sort_order, archived FROM named_lead_type WHERE deleted = 0 ORDER BY sort_order, label').all() as TypeRow[];
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const update = db.prepare('UPDATE named_lead_type SET label = ?, sort_order = ?, archived = ?, updated_at = ? WHERE id = ?');
    const insert = db.prepare('INSERT INTO named_lead_type (id, code, label, sort_order, archived, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)');
    const change = (row: TypeRow, label: string, order: number, archived: number) => {
      if (row.label === label && row.sort_order === order && row.archived === archived) return;
      update.run(label, order, archived, at, row.id);
      this.ctx.audit.record(at, SYSTEM_ACTOR, 'named-lead type follows the hub', 'named_lead_type', row.id, row, { ...row, label, sort_order: order, archived });
    };
    const listed = new Set<string>();
    hub.forEach((t, order) => {
      listed.add(t.code);
      const row = byCode.get(t.code);
      if (row) {
        change(row, t.label, order, t.mandatory ? 0 : row.archived);
        return;
      }
      const id = randomUUID();
      insert.run(id, t.code, t.label, order, at, at);
      this.ctx.audit.record(at, SYSTEM_ACTOR, 'named-lead type added by the hub', 'named_lead_type', id, null, { code: t.code, label: t.label, sort_order: order });
    });
    let next = hub.length;
    for (const row of rows) {
      if (listed.has(row.code)) continue;
      const local = row.code.startsWith('local_');
      change(row, row.label, next++, local ? row.archived : 1);
    }
  }
}
