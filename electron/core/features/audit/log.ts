import type { AuditEntry } from '../../../../shared/contract/audit';
import type { Db } from '../../db/open';

/** Who did something: a signed-in profile, or the app itself (CLI, demo loader). */
export interface Actor {
  profileId: string | null;
  name: string;
}
export const SYSTEM_ACTOR: Actor = { profileId: null, name: 'Spoke (system)' };

interface AuditRow {
  seq: number;
  at: string;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
}

/** Append-only record of who changed what; written inside the caller's transaction. */
export class AuditLog {
  private readonly insert;
  private readonly recent;
  private readonly recentForEntity;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, actor_profile_id, actor_name, action, entity, entity_id, before_json, after_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.recent = db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?');
    this.recentForEntity = db.prepare<[string, number], AuditRow>(
      'SELECT * FROM audit_log WHERE entity_id = ? ORDER BY seq DESC LIMIT ?',
    );
  }

  record(at: string, actor: Actor, action: string, entity: string, entityId: string, before: unknown, after: unknown): void {
    this.insert.run(
      at,
      actor.profileId,
      actor.name,
      action,
      entity,
      entityId,
      before === undefined || before === null ? null : JSON.stringify(before),
      after === undefined || after === null ? null : JSON.stringify(after),
    );
  }

  list(limit: number, entityId?: string): AuditEntry[] {
    const rows = entityId ? this.recentForEntity.all(entityId, limit) : this.recent.all(limit);
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      summary: summarise(r),
    }));
  }
}

/** "changed familyName, contract" - which top-level fields differ between before and after. */
function summarise(r: AuditRow): string {
  if (!r.before_json || !r.after_json) return r.action;
  const before = JSON.parse(r.before_json) as Record<string, unknown>;
  const after = JSON.parse(r.after_json) as Record<string, unknown>;
  const ignored = new Set(['updatedAt', 'createdAt', 'wte']);
  const changed = Object.keys(after).filter((k) => !ignored.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return changed.length ? `${r.action}: ${changed.join(', ')}` : r.action;
}
