import { randomUUID } from 'node:crypto';
import type { HalfDay, LeaveStatus, LeaveType } from '../../../../shared/rota/model';
import type { Db } from '../../db/open';

export interface LeaveRecord {
  id: string;
  staffId: string;
  type: LeaveType;
  startDate: string;
  startHalf: HalfDay;
  endDate: string;
  endHalf: HalfDay;
  status: LeaveStatus;
  note: string;
  requestedBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  overBalanceOverride: boolean;
  createdAt: string;
  updatedAt: string;
}

interface LeaveRow {
  id: string;
  staff_id: string;
  type: LeaveType;
  start_date: string;
  start_half: HalfDay;
  end_date: string;
  end_half: HalfDay;
  status: LeaveStatus;
  note: string;
  requested_by: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  over_balance_override: number;
  created_at: string;
  updated_at: string;
}

const toLeave = (r: LeaveRow): LeaveRecord => ({
  id: r.id,
  staffId: r.staff_id,
  type: r.type,
  startDate: r.start_date,
  startHalf: r.start_half,
  endDate: r.end_date,
  endHalf: r.end_half,
  status: r.status,
  note: r.note,
  requestedBy: r.requested_by,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionReason: r.decision_reason,
  overBalanceOverride: r.over_balance_override === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Leave requests' SQL. Callers validate and hold the write transaction. */
export class LeaveRepo {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      all: db.prepare<[], LeaveRow>('SELECT * FROM leave_request WHERE deleted = 0 ORDER BY start_date, staff_id, id'),
      overlapping: db.prepare<[string, string], LeaveRow>(
        // start_date <= to uses the index; leave is short, so the end filter is cheap.
        'SELECT * FROM leave_request WHERE deleted = 0 AND start_date <= ? AND end_date >= ? ORDER BY start_date, staff_id, id',
      ),
      ofStaff: db.prepare<[string], LeaveRow>('SELECT * FROM leave_request WHERE deleted = 0 AND staff_id = ? ORDER BY start_date, id'),
      byId: db.prepare<[string], LeaveRow>('SELECT * FROM leave_request WHERE id = ? AND deleted = 0'),
      insert: db.prepare(
        `INSERT INTO leave_request (id, staff_id, type, start_date, start_half, end_date, end_half, status, note, requested_by, created_at, updated_at)
         VALUES (@id, @staffId, @type, @startDate, @startHalf, @endDate, @endHalf, @status, @note, @requestedBy, @at, @at)`,
      ),
      decide: db.prepare(
        `UPDATE leave_request SET status = @status, decided_by = @decidedBy, decided_at = @at, decision_reason = @reason,
           over_balance_override = @override, updated_at = @at WHERE id = @id`,
      ),
      tombstone: db.prepare('UPDATE leave_request SET deleted = 1, updated_at = ? WHERE id = ?'),
    };
  }

  all(): LeaveRecord[] {
    return this.s.all.all().map(toLeave);
  }

  overlapping(from: string, to: string): LeaveRecord[] {
    return this.s.overlapping.all(to, from).map(toLeave);
  }

  ofStaff(staffId: string): LeaveRecord[] {
    return this.s.ofStaff.all(staffId).map(toLeave);
  }

  get(id: string): LeaveRecord | null {
    const r = this.s.byId.get(id);
    return r ? toLeave(r) : null;
  }

  insert(l: Omit<LeaveRecord, 'id' | 'decidedBy' | 'decidedAt' | 'decisionReason' | 'overBalanceOverride' | 'createdAt' | 'updatedAt'>, at: string): string {
    const id = randomUUID();
    this.s.insert.run({ ...l, id, at });
    return id;
  }

  decide(id: string, status: LeaveStatus, decidedBy: string, reason: string | null, override: boolean, at: string): void {
    this.s.decide.run({ id, status, decidedBy, reason, override: override ? 1 : 0, at });
  }

  tombstone(id: string, at: string): void {
    this.s.tombstone.run(at, id);
  }
}
