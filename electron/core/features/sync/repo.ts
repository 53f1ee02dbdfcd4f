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
  private readonly getEnrolment;
  private readonly putEnrolment;
  private readonly getState;
  private readonly itemByPath;
  private readonly upsertItem;
  private readonly liveItems;
  private readonly withdraw;
  private readonly countLive;
  private readonly outboxWaiting;
  private readonly queue;
  private readonly dropUnsent;
  private readonly markSent;

  constructor(private readonly db: Db) {
    this.getEnrolment = db.prepare<[], EnrolmentRow>('SELECT hub_url, content_url, practice_id, token, root_sha256, enrolled_at FROM hub_enrolment WHERE one = 1');
    this.putEnrolment = db.prepare(
      `INSERT INTO hub_enrolment (one, hub_url, content_url, practice_id, token, root_sha256, enrolled_at) VALUES (1, @hub_url, @content_url, @practice_id, @token, @root_sha256, @enrolled_at)
       ON CONFLICT (one) DO UPDATE SET hub_url = excluded.hub_url, content_url = excluded.content_url, practice_id = excluded.practice_id,
         token = excluded.token, root_sha256 = excluded.root_sha256, enrolled_at = excluded.enrolled_at`,
    );
    this.getState = db.prepare<[], SyncStateRow>('SELECT release, last_success_at, last_attempt_at, last_error, timestamp_expires, last_changes_json FROM sync_state WHERE one = 1');
    this.itemByPath = db.prepare<[string], CentralItemRow>('SELECT * FROM central_item WHERE path = ?');
    this.upsertItem = db.prepare(
      `INSERT INTO central_item (path, kind, item_id, version, sha256, title, change_kind, body_json, release, arrived_at, withdrawn)
       VALUES (@path, @kind, @item_id, @version, @sha256, @title, @change_kind, @body_json, @release, @arrived_at, 0)
       ON CONFLICT (path) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256, title = excluded.title, change_kind = excluded.change_kind,
         body_json = excluded.body_json, release = excluded.release, arrived_at = excluded.arrived_at, withdrawn = 0`,
    );
    this.liveItems = db.prepare<[], { path: string; sha256: string }>('SELECT path, sha256 FROM central_item WHERE withdrawn = 0');
    this.withdraw = db.prepare('UPDATE central_item SET withdrawn = 1, release = ? WHERE path = ?');
    this.countLive = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM central_item WHERE withdrawn = 0');
    this.outboxWaiting = db.prepare<[], { id: string; kind: string; body_json: string }>('SELECT id, kind, body_json FROM report_outbox WHERE sent_at IS NULL ORDER BY created_at');
    this.queue = db.prepare('INSERT INTO report_outbox (id, kind, body_json, created_at) VALUES (?, ?, ?, ?)');
    this.dropUnsent = db.prepare('DELETE FROM report_outbox WHERE kind = ? AND sent_at IS NULL');
    this.markSent = db.prepare('UPDATE report_outbox SET sent_at = ? WHERE id = ?');
  }

  enrolment(): EnrolmentRow | undefined {
    return this.getEnrolment.get();
  }

  saveEnrolment(row: EnrolmentRow): void {
    this.putEnrolment.run(row);
  }

  state(): SyncStateRow | undefined {
    return this.getState.get();
  }

  saveState(patch: Partial<SyncStateRow>): void {
    const cur = this.state() ?? { release: null, last_success_at: null, last_attempt_at: null, last_error: null, timestamp_expires: null, last_changes_json: '[]' };
    const next = { ...cur, ...patch };
    this.db
      .prepare(
        `INSERT INTO sync_state (one, release, last_success_at, last_attempt_at, last_error, timestamp_expires, last_changes_json)
         VALUES (1, @release, @last_success_at, @last_attempt_at, @last_error, @timestamp_expires, @last_changes_json)
         ON CONFLICT (one) DO UPDATE SET release = excluded.release, last_success_at = excluded.last_success_at, last_attempt_at = excluded.last_attempt_at,
           last_error = excluded.last_error, timestamp_expires = excluded.timestamp_expires, last_changes_json = excluded.last_changes_json`,
      )
      .run(next);
  }

  item(path: string): CentralItemRow | undefined {
    return this.itemByPath.get(path);
  }

  putItem(row: Omit<CentralItemRow, 'withdrawn'>): void {
    this.upsertItem.run(row);
  }

  live(): { path: string; sha256: string }[] {
    return this.liveItems.all();
  }

  markWithdrawn(path: string, release: number): void {
    this.withdraw.run(release, path);
  }

  liveCount(): number {
    return this.countLive.get()?.n ?? 0;
  }

  /** The newest live catalogue of a kind, parsed; undefined before the first sync. */
  catalogue(id: string): unknown {
    const row = this.db.prepare<[string], { body_json: string }>("SELECT body_json FROM central_item WHERE kind = 'catalogue' AND item_id = ? AND withdrawn = 0").get(id);
    return row ? (JSON.parse(row.body_json) as { data: unknown }).data : undefined;
  }

  waitingReports(): { id: string; kind: string; body_json: string }[] {
    return this.outboxWaiting.all();
  }

  /** Queues a report, replacing an unsent one of the same kind (only the latest matters). */
  queueReport(id: string, kind: string, body: unknown, at: string): void {
    this.dropUnsent.run(kind);
    this.queue.run(id, kind, JSON.stringify(body), at);
  }

  reportSent(id: string, at: string): void {
    this.markSent.run(at, id);
  }

  static changes(json: string): SyncChange[] {
    try {
      return JSON.parse(json) as SyncChange[];
    } catch {
      return [];
    }
  }
}
