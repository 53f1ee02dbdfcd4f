import type { Migration } from './types';

/**
 * The first practice schema. Every row a practice edits has a UUID, updated_at and a
 * tombstone (`deleted`) so practice data can later sync between the practice's own PCs.
 */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial practice, sites, staff, profiles, audit log',
  up(db) {
    db.exec(`
      CREATE TABLE practice (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        ods_code TEXT NOT NULL,
        list_size INTEGER NOT NULL CHECK (list_size >= 0),
        is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;

      CREATE TABLE site (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        is_main INTEGER NOT NULL CHECK (is_main IN (0, 1)),
        sort_order INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;

      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        given_name TEXT NOT NULL,
        family_name TEXT NOT NULL,
        role_id TEXT NOT NULL,
        contract_kind TEXT NOT NULL CHECK (contract_kind IN ('sessions', 'hours')),
        contract_amount REAL NOT NULL CHECK (contract_amount > 0),
        usual_sessions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(usual_sessions)),
        professional_body TEXT CHECK (professional_body IN ('GMC', 'NMC', 'HCPC', 'GPhC')),
        registration_number TEXT,
        start_date TEXT NOT NULL,
        end_date TEXT,
        competencies TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(competencies)),
        email TEXT,
        archived_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        CHECK (end_date IS NULL OR end_date >= start_date)
      ) STRICT;

      CREATE UNIQUE INDEX staff_registration_unique
        ON staff (professional_body, registration_number)
        WHERE registration_number IS NOT NULL AND deleted = 0;
      CREATE INDEX staff_by_name ON staff (family_name COLLATE NOCASE, given_name COLLATE NOCASE, id) WHERE deleted = 0;

      -- Identified by its (staff, site) pair, which is the same on every PC of a practice;
      -- a site taken away is tombstoned, not deleted, so the change can sync later.
      CREATE TABLE staff_site (
        staff_id TEXT NOT NULL REFERENCES staff (id),
        site_id TEXT NOT NULL REFERENCES site (id),
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        PRIMARY KEY (staff_id, site_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX staff_site_by_site ON staff_site (site_id);

      CREATE TABLE profile (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff (id),
        app_role TEXT NOT NULL CHECK (app_role IN ('practice_manager', 'clinical_lead', 'staff')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX profile_staff_role ON profile (staff_id, app_role) WHERE deleted = 0;

      -- Append-only: the core never updates or deletes a row here.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor_profile_id TEXT,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
        after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json))
      ) STRICT;
      CREATE INDEX audit_by_entity ON audit_log (entity_id, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
