import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open';
import type { SyncChange } from '../../../../shared/contract/sync';

export interface EnrolmentRow {
  hub_url: string;
  content_url: string;
  practice_id: string;
  token: string;
  root_sha256: string;
  enrolled_at: string;
}

export interface SyncStateRow {
  release: number | null;
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  timestamp_expires: string | null;
  last_changes_json: string;
}

export interface CentralItemRow {
  path: string;
  kind: 'policy' | 'catalogue';
  item_id: string;
  version: number;
  sha256: string;
  title: string;
  change_kind: string | null;
  body_json: string;
  release: number;
  arrived_at: string;
  withdrawn: number;
}

/** The sync feature's SQL, statements prepared once. */
export class SyncRepo {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  /**
   * Statements are prepared on first use and then reused: a database opened read-only
   * before this feature's migration ran must still open, with sync simply unavailable.
   */
  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  enrolment(): EnrolmentRow | undefined {
    return this.stmt('SELECT hub_url, content_url, practice_id, token, root_sha256, enrolled_at FROM hub_enrolment WHERE one = 1').get() as EnrolmentRow | undefined;
  }

  saveEnrolment(row: EnrolmentRow): void {
    this.stmt(
      `INSERT INTO hub_enrolment (one, hub_url, content_url, practice_id, token, root_sha256, enrolled_at) VALUES (1, @hub_url, @content_url, @practice_id, @token, @root_sha256, @enrolled_at)
       ON CONFLICT (one) DO UPDATE SET hub_url = excluded.hub_url, content_url = excluded.content_url, practice_id = excluded.practice_id,
         token = excluded.token, root_sha256 = excluded.root_sha256, enrolled_at = excluded.enrolled_at`,
    ).run(row);
  }

  state(): SyncStateRow | undefined {
    return this.stmt('SELECT release, last_success_at, last_attempt_at, last_error, timestamp_expires, last_changes_json FROM sync_state WHERE one = 1').get() as SyncStateRow | undefined;
  }

  saveState(patch: Partial<SyncStateRow>): void {
    const cur = this.state() ?? { release: null, last_success_at: null, last_attempt_at: null, last_error: null, timestamp_expires: null, last_changes_json: '[]' };
    const next = { ...cur, ...patch };
    this.stmt(
        `INSERT INTO sync_state (one, release, last_success_at, last_attempt_at, last_error, timestamp_expires, last_changes_json)
         VALUES (1, @release, @last_success_at, @last_attempt_at, @last_error, @timestamp_expires, @last_changes_json)
         ON CONFLICT (one) DO UPDATE SET release = excluded.release, last_success_at = excluded.last_success_at, last_attempt_at = excluded.last_attempt_at,
           last_error = excluded.last_error, timestamp_expires = excluded.timestamp_expires, last_changes_json = excluded.last_changes_json`,
    ).run(next);
  }

  item(path: string): CentralItemRow | undefined {
    return this.stmt('SELECT * FROM central_item WHERE path = ?').get(path) as CentralItemRow | undefined;
  }

  putItem(row: Omit<CentralItemRow, 'withdrawn'>): void {
    this.stmt(
      `INSERT INTO central_item (path, kind, item_id, version, sha256, title, change_kind, body_json, release, arrived_at, withdrawn)
       VALUES (@path, @kind, @item_id, @version, @sha256, @title, @change_kind, @body_json, @release, @arrived_at, 0)
       ON CONFLICT (path) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256, title = excluded.title, change_kind = excluded.change_kind,
         body_json = excluded.body_json, release = excluded.release, arrived_at = excluded.arrived_at, withdrawn = 0`,
    ).run(row);
  }

  live(): { path: string; sha256: string }[] {
    return this.stmt('SELECT path, sha256 FROM central_item WHERE withdrawn = 0').all() as { path: string; sha256: string }[];
  }

  markWithdrawn(path: string, release: number): void {
    this.stmt('UPDATE central_item SET withdrawn = 1, release = ? WHERE path = ?').run(release, path);
  }

  liveCount(): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM central_item WHERE withdrawn = 0').get() as { n: number } | undefined)?.n ?? 0;
  }

  /** The newest live catalogue of a kind, parsed; undefined before the first sync. */
  catalogue(id: string): unknown {
    // A database opened read-only from before hub sync has no central_item table: no catalogue.
    const exists = this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'central_item'").get();
    if (!exists) return undefined;
    const row = this.stmt("SELECT body_json FROM central_item WHERE kind = 'catalogue' AND item_id = ? AND withdrawn = 0").get(id) as { body_json: string } | undefined;
    return row ? (JSON.parse(row.body_json) as { data: unknown }).data : undefined;
  }

  waitingReports(): { id: string; kind: string; body_json: string }[] {
    return this.stmt('SELECT id, kind, body_json FROM report_outbox WHERE sent_at IS NULL ORDER BY created_at').all() as { id: string; kind: string; body_json: string }[];
  }

  /** Queues a report, replacing an unsent one of the same kind (only the latest matters). */
  queueReport(id: string, kind: string, body: unknown, at: string): void {
    this.stmt('DELETE FROM report_outbox WHERE kind = ? AND sent_at IS NULL').run(kind);
    this.stmt('INSERT INTO report_outbox (id, kind, body_json, created_at) VALUES (?, ?, ?, ?)').run(id, kind, JSON.stringify(body), at);
  }

  reportSent(id: string, at: string): void {
    this.stmt('UPDATE report_outbox SET sent_at = ? WHERE id = ?').run(at, id);
  }

  static changes(json: string): SyncChange[] {
    try {
      return JSON.parse(json) as SyncChange[];
    } catch {
      return [];
    }
  }
}
