import { randomUUID } from 'node:crypto';
import { DEFAULT_DUTIES, DEFAULT_ROTA_SETTINGS, NAMED_LEAD_TYPES } from '../../../../shared/rota/model';
import type { Migration } from './types';

/**
 * A version-4 UUID made in SQL, so a trigger can give a new site its default session
 * rows whichever path created the site (first run, a new site, the demo, sync later).
 */
const SQL_UUID = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;

/**
 * The rota: site session times, duties, assignments, working patterns, leave, coverage
 * rules, named leads and the practice's rota and leave settings. Same rules as the first
 * schema: UUIDs, updated_at and a tombstone on every row a practice edits.
 */
export const m003Rota: Migration = {
  version: 3,
  name: 'rota, leave, coverage rules, named leads',
  up(db) {
    db.exec(`
      -- A hub or extended-access site may stay open on bank holidays; most surgeries close.
      ALTER TABLE site ADD COLUMN open_on_bank_holidays INTEGER NOT NULL DEFAULT 0 CHECK (open_on_bank_holidays IN (0, 1));

      -- A site runs a session on a weekday only if a live row exists here.
      CREATE TABLE site_session (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES site (id),
        weekday TEXT NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
        session TEXT NOT NULL CHECK (session IN ('am', 'pm', 'eve')),
        start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        end_time TEXT NOT NULL CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        CHECK (end_time > start_time)
      ) STRICT;
      CREATE UNIQUE INDEX site_session_unique ON site_session (site_id, weekday, session) WHERE deleted = 0;

      CREATE TABLE duty (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        colour TEXT NOT NULL CHECK (colour GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'),
        required_role_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(required_role_ids)),
        required_role_group TEXT,
        required_competency TEXT,
        sort_order INTEGER NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX duty_code_unique ON duty (code) WHERE deleted = 0;

      CREATE TABLE rota_assignment (
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        session TEXT NOT NULL CHECK (session IN ('am', 'pm', 'eve')),
        site_id TEXT NOT NULL REFERENCES site (id),
        staff_id TEXT NOT NULL REFERENCES staff (id),
        duty_id TEXT NOT NULL REFERENCES duty (id),
        note TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('planned', 'confirmed')),
        source TEXT NOT NULL CHECK (source IN ('manual', 'pattern', 'autofill')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      -- The grid reads a date range; a person's rota (My rota, the ics export) reads by person.
      CREATE INDEX rota_assignment_by_date ON rota_assignment (date) WHERE deleted = 0;
      CREATE INDEX rota_assignment_by_staff_date ON rota_assignment (staff_id, date) WHERE deleted = 0;

      CREATE TABLE working_pattern (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff (id),
        cycle_weeks INTEGER NOT NULL CHECK (cycle_weeks BETWEEN 1 AND 4),
        anchor_monday TEXT NOT NULL,
        entries TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(entries)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX working_pattern_staff ON working_pattern (staff_id) WHERE deleted = 0;

      CREATE TABLE leave_request (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff (id),
        type TEXT NOT NULL CHECK (type IN ('annual', 'study', 'sick', 'parental', 'compassionate', 'toil', 'other')),
        start_date TEXT NOT NULL,
        start_half TEXT NOT NULL CHECK (start_half IN ('am', 'pm')),
        end_date TEXT NOT NULL,
        end_half TEXT NOT NULL CHECK (end_half IN ('am', 'pm')),
        status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'declined')),
        note TEXT NOT NULL DEFAULT '',
        requested_by TEXT,
        decided_by TEXT,
        decided_at TEXT,
        decision_reason TEXT,
        -- Approved beyond the person's balance by a manager who chose to override.
        over_balance_override INTEGER NOT NULL DEFAULT 0 CHECK (over_balance_override IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        CHECK (end_date >= start_date)
      ) STRICT;
      CREATE INDEX leave_by_staff ON leave_request (staff_id, start_date) WHERE deleted = 0;
      CREATE INDEX leave_by_start ON leave_request (start_date) WHERE deleted = 0;

      CREATE TABLE coverage_rule (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES site (id),
        weekday TEXT NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
        session TEXT NOT NULL CHECK (session IN ('am', 'pm', 'eve')),
        duty_id TEXT REFERENCES duty (id),
        role_group TEXT CHECK (role_group IN ('gp', 'nursing', 'allied', 'pharmacy', 'wellbeing', 'admin')),
        min_count INTEGER NOT NULL CHECK (min_count BETWEEN 0 AND 50),
        max_count INTEGER CHECK (max_count IS NULL OR max_count BETWEEN 0 AND 50),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        CHECK ((duty_id IS NULL) <> (role_group IS NULL)),
        CHECK (max_count IS NULL OR max_count >= min_count)
      ) STRICT;

      CREATE TABLE named_lead_type (
        id TEXT PRIMARY KEY,
        -- The catalogue key (e.g. 'ipc') for the default list and, later, the hub's list.
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        sort_order INTEGER NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX named_lead_type_code ON named_lead_type (code) WHERE deleted = 0;

      CREATE TABLE named_lead (
        id TEXT PRIMARY KEY,
        lead_type_id TEXT NOT NULL REFERENCES named_lead_type (id),
        lead_staff_id TEXT REFERENCES staff (id),
        deputy_staff_id TEXT REFERENCES staff (id),
        from_date TEXT NOT NULL,
        to_date TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        CHECK (to_date IS NULL OR to_date >= from_date)
      ) STRICT;
      CREATE INDEX named_lead_by_type ON named_lead (lead_type_id) WHERE deleted = 0;

      -- Sessions a person prefers or would rather not work (for the auto-roster).
      CREATE TABLE staff_preference (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff (id),
        weekday TEXT NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
        session TEXT NOT NULL CHECK (session IN ('am', 'pm', 'eve')),
        kind TEXT NOT NULL CHECK (kind IN ('preferred', 'unwanted')),
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX staff_preference_unique ON staff_preference (staff_id, weekday, session) WHERE deleted = 0;

      -- One row: the practice's rota and leave settings.
      CREATE TABLE rota_settings (
        id TEXT PRIMARY KEY,
        leave_year_start_month INTEGER NOT NULL CHECK (leave_year_start_month BETWEEN 1 AND 12),
        leave_year_start_day INTEGER NOT NULL CHECK (leave_year_start_day BETWEEN 1 AND 28),
        full_time_annual_leave_days REAL NOT NULL,
        bank_holidays_pro_rata INTEGER NOT NULL CHECK (bank_holidays_pro_rata IN (0, 1)),
        carry_over_limit_days REAL NOT NULL,
        max_consecutive_working_days INTEGER NOT NULL,
        min_rest_hours REAL NOT NULL,
        max_average_weekly_hours REAL NOT NULL,
        reference_period_weeks INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
      ) STRICT;

      -- Every site gets Monday to Friday AM and PM at the usual times when it is created.
      CREATE TRIGGER site_default_sessions AFTER INSERT ON site
      BEGIN
        INSERT INTO site_session (id, site_id, weekday, session, start_time, end_time, updated_at)
        SELECT ${SQL_UUID}, NEW.id, d.value, s.session, s.start_time, s.end_time, NEW.created_at
        FROM json_each('["mon","tue","wed","thu","fri"]') d
        CROSS JOIN (SELECT 'am' AS session, '08:00' AS start_time, '12:30' AS end_time
                    UNION ALL SELECT 'pm', '13:30', '18:30') s;
      END;
    `);
    const at = new Date().toISOString();
    // Sites made before this version get the same defaults as the trigger gives new ones.
    const sites = db.prepare('SELECT id FROM site').pluck().all() as string[];
    const insertSession = db.prepare('INSERT INTO site_session (id, site_id, weekday, session, start_time, end_time, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const siteId of sites) {
      for (const weekday of ['mon', 'tue', 'wed', 'thu', 'fri']) {
        insertSession.run(randomUUID(), siteId, weekday, 'am', '08:00', '12:30', at);
        insertSession.run(randomUUID(), siteId, weekday, 'pm', '13:30', '18:30', at);
      }
    }
    const insertDuty = db.prepare(
      `INSERT INTO duty (id, code, name, colour, required_role_ids, required_role_group, required_competency, sort_order, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    DEFAULT_DUTIES.forEach((d, i) =>
      insertDuty.run(randomUUID(), d.code, d.name, d.colour, JSON.stringify(d.requiredRoleIds ?? []), d.requiredRoleGroup ?? null, d.requiredCompetency ?? null, i, at, at),
    );
    const insertType = db.prepare('INSERT INTO named_lead_type (id, code, label, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    NAMED_LEAD_TYPES.forEach((t, i) => insertType.run(randomUUID(), t.id, t.label, i, at, at));
    const s = DEFAULT_ROTA_SETTINGS;
    db.prepare(
      `INSERT INTO rota_settings (id, leave_year_start_month, leave_year_start_day, full_time_annual_leave_days, bank_holidays_pro_rata,
         carry_over_limit_days, max_consecutive_working_days, min_rest_hours, max_average_weekly_hours, reference_period_weeks, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      randomUUID(),
      s.leaveYearStartMonth,
      s.leaveYearStartDay,
      s.fullTimeAnnualLeaveDays,
      s.bankHolidaysProRata ? 1 : 0,
      s.carryOverLimitDays,
      s.maxConsecutiveWorkingDays,
      s.minRestHours,
      s.maxAverageWeeklyHours,
      s.referencePeriodWeeks,
      at,
    );
  },
};
