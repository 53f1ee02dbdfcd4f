import type { Migration } from './types';

/**
 * Protocol governance. Migration 2 keeps only the newest version of each central item,
 * but "adoption, not overwrite" means staff keep reading the version the practice
 * adopted until the lead adopts a newer one, and the lead diffs any two versions: so
 * every central policy version that arrives is kept here, immutable, by (id, version).
 * The practice's own rows (adoptions, addenda, local protocols, signatures) are
 * append-only histories or carry updated_at and a tombstone like every practice row.
 */
export const m004Protocols: Migration = {
  version: 4,
  name: 'central protocol versions, adoption, addenda, local protocols, read-and-sign',
  up(db) {
    db.exec(`
      CREATE TABLE central_version (
        item_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        title TEXT NOT NULL,
        category TEXT NOT NULL,
        mandatory INTEGER NOT NULL CHECK (mandatory IN (0, 1)),
        effective TEXT,
        review TEXT,
        change_kind TEXT NOT NULL CHECK (change_kind IN ('substantive', 'minor')),
        summary TEXT NOT NULL,
        roles_json TEXT NOT NULL,
        body TEXT NOT NULL,
        published_at TEXT NOT NULL,
        arrived_at TEXT NOT NULL,
        PRIMARY KEY (item_id, version)
      ) STRICT;

      -- Where the practice stands with each central protocol (one row per item).
      CREATE TABLE protocol_adoption (
        item_id TEXT PRIMARY KEY,
        adopted_version INTEGER,
        adopted_at TEXT,
        declined_version INTEGER,
        declined_reason TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- Every adoption and decline, never changed: the evidence of who did what when.
      CREATE TABLE adoption_event (
        id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('adopt', 'decline')),
        version INTEGER NOT NULL,
        addendum_version INTEGER,
        reason TEXT,
        at TEXT NOT NULL,
        profile_id TEXT,
        by_name TEXT NOT NULL
      ) STRICT;
      CREATE INDEX adoption_event_by_item ON adoption_event (item_id, at);

      -- The practice's local addendum under a central protocol: kept across central
      -- versions, with its own versions.
      CREATE TABLE addendum_version (
        item_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        body TEXT NOT NULL,
        change_kind TEXT NOT NULL CHECK (change_kind IN ('substantive', 'minor')),
        at TEXT NOT NULL,
        by_name TEXT NOT NULL,
        PRIMARY KEY (item_id, version)
      ) STRICT;

      CREATE TABLE local_protocol (
        id TEXT PRIMARY KEY,
        owner_staff_id TEXT NOT NULL REFERENCES staff(id),
        review TEXT,
        roles_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;

      CREATE TABLE local_protocol_version (
        protocol_id TEXT NOT NULL REFERENCES local_protocol(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        change_kind TEXT NOT NULL CHECK (change_kind IN ('substantive', 'minor')),
        at TEXT NOT NULL,
        by_name TEXT NOT NULL,
        PRIMARY KEY (protocol_id, version)
      ) STRICT;

      -- A person's signature for the version in force when they signed: for a central
      -- protocol the central and addendum versions, for a local one its version.
      CREATE TABLE acknowledgement (
        id TEXT PRIMARY KEY,
        protocol_kind TEXT NOT NULL CHECK (protocol_kind IN ('central', 'local')),
        protocol_id TEXT NOT NULL,
        staff_id TEXT NOT NULL REFERENCES staff(id),
        version INTEGER NOT NULL,
        addendum_version INTEGER,
        at TEXT NOT NULL,
        profile_id TEXT
      ) STRICT;
      CREATE INDEX acknowledgement_by_protocol ON acknowledgement (protocol_kind, protocol_id, staff_id, at);

      -- What migration 2 already synced is the first kept version of each policy.
      INSERT INTO central_version (item_id, version, title, category, mandatory, effective, review, change_kind, summary, roles_json, body, published_at, arrived_at)
        SELECT item_id, version, json_extract(body_json, '$.title'), json_extract(body_json, '$.category'),
               json_extract(body_json, '$.mandatory'), json_extract(body_json, '$.effective'), json_extract(body_json, '$.review'),
               json_extract(body_json, '$.change'), json_extract(body_json, '$.summary'), json_extract(body_json, '$.roles'),
               json_extract(body_json, '$.body'), json_extract(body_json, '$.publishedAt'), arrived_at
          FROM central_item WHERE kind = 'policy';
    `);
  },
};
