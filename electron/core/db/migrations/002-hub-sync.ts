import type { Migration } from './types';

/**
 * Hub sync: the enrolment, the TUF metadata the practice trusts (kept in the database so
 * that new content and the new trust state commit in one transaction), the central items
 * and catalogues as verified, the state of the last sync, and the outbox of reports.
 * Central rows are the hub's, never edited by the practice: they are replaced by version
 * and marked withdrawn rather than deleted.
 */
export const m002HubSync: Migration = {
  version: 2,
  name: 'hub enrolment, trusted metadata, central items, sync state, report outbox',
  up(db) {
    db.exec(`
      CREATE TABLE hub_enrolment (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        hub_url TEXT NOT NULL,
        content_url TEXT NOT NULL,
        practice_id TEXT NOT NULL,
        token TEXT NOT NULL,
        root_sha256 TEXT NOT NULL,
        enrolled_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE tuf_metadata (
        name TEXT PRIMARY KEY,
        bytes BLOB NOT NULL
      ) STRICT;

      CREATE TABLE central_item (
        path TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('policy', 'catalogue')),
        item_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        sha256 TEXT NOT NULL,
        title TEXT NOT NULL,
        change_kind TEXT,
        body_json TEXT NOT NULL,
        release INTEGER NOT NULL,
        arrived_at TEXT NOT NULL,
        withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1))
      ) STRICT;
      CREATE INDEX central_item_by_kind ON central_item (kind, item_id);

      CREATE TABLE sync_state (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        release INTEGER,
        last_success_at TEXT,
        last_attempt_at TEXT,
        last_error TEXT,
        timestamp_expires TEXT,
        last_changes_json TEXT NOT NULL DEFAULT '[]'
      ) STRICT;

      CREATE TABLE report_outbox (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        body_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT
      ) STRICT;
    `);
  },
};
