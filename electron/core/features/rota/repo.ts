import { randomUUID } from 'node:crypto';
import type { AssignmentOut, CoverageRuleOut, DutyOut, RotaSettingsOut, SiteSessionOut, StaffPreferencesOut, WorkingPatternOut } from '../../../../shared/contract/rota';
import type { RoleGroup, RotaSession, RotaSettings, RotaWeekday } from '../../../../shared/rota/model';
import type { Db } from '../../db/open';

/** Columns named as the contract names them: a year of rows loads with no second copy. */
const ASSIGNMENT_COLUMNS = `id, date, session, site_id AS siteId, staff_id AS staffId, duty_id AS dutyId, note, status, source, updated_at AS updatedAt`;

interface DutyRow {
  id: string;
  code: string;
  name: string;
  colour: string;
  required_role_ids: string;
  required_role_group: RoleGroup | null;
  required_competency: string | null;
  archived: number;
  updated_at: string;
}

const toDuty = (r: DutyRow): DutyOut => ({
  id: r.id,
  code: r.code,
  name: r.name,
  colour: r.colour,
  requiredRoleIds: JSON.parse(r.required_role_ids) as string[],
  requiredRoleGroup: r.required_role_group,
  requiredCompetency: r.required_competency,
  archived: r.archived === 1,
  updatedAt: r.updated_at,
});

interface CoverageRow {
  id: string;
  site_id: string;
  weekday: RotaWeekday;
  session: RotaSession;
  duty_id: string | null;
  role_group: RoleGroup | null;
  min_count: number;
  max_count: number | null;
  updated_at: string;
}

const toCoverage = (r: CoverageRow): CoverageRuleOut => ({
  id: r.id,
  siteId: r.site_id,
  weekday: r.weekday,
  session: r.session,
  dutyId: r.duty_id,
  roleGroup: r.role_group,
  min: r.min_count,
  max: r.max_count,
  updatedAt: r.updated_at,
});

export interface NewAssignment {
  id?: string;
  date: string;
  session: RotaSession;
  siteId: string;
  staffId: string;
  dutyId: string;
  note: string;
  status: 'planned' | 'confirmed';
  source: 'manual' | 'pattern' | 'autofill';
}

export interface RotaSiteRow {
  id: string;
  name: string;
  isMain: boolean;
  openOnBankHolidays: boolean;
  sessionsUpdatedAt: string;
}

/** The rota's SQL: statements prepared once. Callers validate and hold the write transaction. */
export class RotaRepo {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      sites: db.prepare<[], { id: string; name: string; is_main: number; open_on_bank_holidays: number; stamp: string }>(
        `SELECT id, name, is_main, open_on_bank_holidays,
           MAX(updated_at, COALESCE((SELECT MAX(ss.updated_at) FROM site_session ss WHERE ss.site_id = site.id), '')) AS stamp
         FROM site WHERE deleted = 0 ORDER BY sort_order, name`,
      ),
      setSiteOpen: db.prepare('UPDATE site SET open_on_bank_holidays = ?, updated_at = ? WHERE id = ? AND deleted = 0'),
      sessions: db.prepare<[], { id: string; site_id: string; weekday: RotaWeekday; session: RotaSession; start_time: string; end_time: string; updated_at: string }>(
        'SELECT id, site_id, weekday, session, start_time, end_time, updated_at FROM site_session WHERE deleted = 0',
      ),
      dropSessions: db.prepare('UPDATE site_session SET deleted = 1, updated_at = ? WHERE site_id = ? AND deleted = 0'),
      insertSession: db.prepare('INSERT INTO site_session (id, site_id, weekday, session, start_time, end_time, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      sessionStamp: db.prepare<[string], { stamp: string | null }>(
        `SELECT MAX(updated_at, COALESCE((SELECT MAX(ss.updated_at) FROM site_session ss WHERE ss.site_id = site.id), '')) AS stamp
         FROM site WHERE id = ? AND deleted = 0`,
      ),
      duties: db.prepare<[], DutyRow>('SELECT * FROM duty WHERE deleted = 0 ORDER BY sort_order, code'),
      dutyById: db.prepare<[string], DutyRow>('SELECT * FROM duty WHERE id = ? AND deleted = 0'),
      dutyByCode: db.prepare<[string], DutyRow>('SELECT * FROM duty WHERE code = ? AND deleted = 0'),
      insertDuty: db.prepare(
        `INSERT INTO duty (id, code, name, colour, required_role_ids, required_role_group, required_competency, sort_order, created_at, updated_at)
         VALUES (@id, @code, @name, @colour, @roleIds, @roleGroup, @competency, (SELECT COALESCE(MAX(sort_order), -1) + 1 FROM duty), @at, @at)`,
      ),
      updateDuty: db.prepare(
        `UPDATE duty SET code = @code, name = @name, colour = @colour, required_role_ids = @roleIds, required_role_group = @roleGroup,
           required_competency = @competency, updated_at = @at WHERE id = @id`,
      ),
      archiveDuty: db.prepare('UPDATE duty SET archived = ?, updated_at = ? WHERE id = ?'),
      removeDuty: db.prepare('UPDATE duty SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0'),
      dutyUsage: db.prepare<[string, string, string], { assignments: number; rules: number; patterns: number }>(
        `SELECT (SELECT COUNT(*) FROM rota_assignment WHERE duty_id = ? AND deleted = 0) AS assignments,
                (SELECT COUNT(*) FROM coverage_rule WHERE duty_id = ? AND deleted = 0) AS rules,
                (SELECT COUNT(*) FROM working_pattern p WHERE p.deleted = 0
                   AND EXISTS (SELECT 1 FROM json_each(p.entries) e WHERE json_extract(e.value, '$.dutyId') = ?)) AS patterns`,
      ),
      assignmentsBetween: db.prepare<[string, string], AssignmentOut>(
        `SELECT ${ASSIGNMENT_COLUMNS} FROM rota_assignment
         WHERE deleted = 0 AND date BETWEEN ? AND ? ORDER BY date, staff_id, session`,
      ),
      allAssignments: db.prepare<[], AssignmentOut>(
        `SELECT ${ASSIGNMENT_COLUMNS} FROM rota_assignment WHERE deleted = 0`,
      ),
      assignmentsOfStaff: db.prepare<[string, string, string], AssignmentOut>(
        `SELECT ${ASSIGNMENT_COLUMNS} FROM rota_assignment
         WHERE deleted = 0 AND staff_id = ? AND date BETWEEN ? AND ? ORDER BY date, session`,
      ),
      assignmentsInCell: db.prepare<[string, string, string], AssignmentOut>(
        `SELECT ${ASSIGNMENT_COLUMNS} FROM rota_assignment
         WHERE deleted = 0 AND staff_id = ? AND date = ? AND session = ?`,
      ),
      assignmentSpan: db.prepare<[], { first: string | null; last: string | null }>('SELECT MIN(date) AS first, MAX(date) AS last FROM rota_assignment WHERE deleted = 0'),
      insertAssignment: db.prepare(
        `INSERT INTO rota_assignment (id, date, session, site_id, staff_id, duty_id, note, status, source, created_at, updated_at)
         VALUES (@id, @date, @session, @siteId, @staffId, @dutyId, @note, @status, @source, @at, @at)`,
      ),
      updateAssignment: db.prepare(
        `UPDATE rota_assignment SET site_id = @siteId, duty_id = @dutyId, note = @note, status = @status, source = @source, updated_at = @at
         WHERE id = @id AND deleted = 0`,
      ),
      tombstoneAssignment: db.prepare('UPDATE rota_assignment SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0'),
      patterns: db.prepare<[], { id: string; staff_id: string; cycle_weeks: number; anchor_monday: string; entries: string; updated_at: string }>(
        'SELECT id, staff_id, cycle_weeks, anchor_monday, entries, updated_at FROM working_pattern WHERE deleted = 0',
      ),
      patternOf: db.prepare<[string], { id: string; updated_at: string }>('SELECT id, updated_at FROM working_pattern WHERE staff_id = ? AND deleted = 0'),
      insertPattern: db.prepare(
        'INSERT INTO working_pattern (id, staff_id, cycle_weeks, anchor_monday, entries, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      updatePattern: db.prepare('UPDATE working_pattern SET cycle_weeks = ?, anchor_monday = ?, entries = ?, updated_at = ? WHERE id = ?'),
      coverage: db.prepare<[], CoverageRow>('SELECT * FROM coverage_rule WHERE deleted = 0 ORDER BY site_id, weekday, session, id'),
      coverageById: db.prepare<[string], CoverageRow>('SELECT * FROM coverage_rule WHERE id = ? AND deleted = 0'),
      insertCoverage: db.prepare(
        `INSERT INTO coverage_rule (id, site_id, weekday, session, duty_id, role_group, min_count, max_count, created_at, updated_at)
         VALUES (@id, @siteId, @weekday, @session, @dutyId, @roleGroup, @min, @max, @at, @at)`,
      ),
      updateCoverage: db.prepare(
        `UPDATE coverage_rule SET site_id = @siteId, weekday = @weekday, session = @session, duty_id = @dutyId, role_group = @roleGroup,
           min_count = @min, max_count = @max, updated_at = @at WHERE id = @id`,
      ),
      removeCoverage: db.prepare('UPDATE coverage_rule SET deleted = 1, updated_at = ? WHERE id = ?'),
      preferences: db.prepare<[], { staff_id: string; weekday: RotaWeekday; session: RotaSession; kind: 'preferred' | 'unwanted'; weight: number }>(
        'SELECT staff_id, weekday, session, kind, weight FROM staff_preference WHERE deleted = 0 ORDER BY staff_id, weekday, session',
      ),
      preferenceStamp: db.prepare<[string], { stamp: string | null }>('SELECT MAX(updated_at) AS stamp FROM staff_preference WHERE staff_id = ?'),
      dropPreferences: db.prepare('UPDATE staff_preference SET deleted = 1, updated_at = ? WHERE staff_id = ? AND deleted = 0'),
      insertPreference: db.prepare('INSERT INTO staff_preference (id, staff_id, weekday, session, kind, weight, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      settings: db.prepare<[], Record<string, number | string>>('SELECT * FROM rota_settings WHERE deleted = 0 LIMIT 1'),
      updateSettings: db.prepare(
        `UPDATE rota_settings SET leave_year_start_month = @leaveYearStartMonth, leave_year_start_day = @leaveYearStartDay,
           full_time_annual_leave_days = @fullTimeAnnualLeaveDays, bank_holidays_pro_rata = @bankHolidaysProRata,
           carry_over_limit_days = @carryOverLimitDays, max_consecutive_working_days = @maxConsecutiveWorkingDays,
           min_rest_hours = @minRestHours, max_average_weekly_hours = @maxAverageWeeklyHours,
           reference_period_weeks = @referencePeriodWeeks, updated_at = @at WHERE deleted = 0`,
      ),
    };
  }

  sites(): RotaSiteRow[] {
    return this.s.sites.all().map((r) => ({ id: r.id, name: r.name, isMain: r.is_main === 1, openOnBankHolidays: r.open_on_bank_holidays === 1, sessionsUpdatedAt: r.stamp }));
  }

  sessionTimes(): SiteSessionOut[] {
    return this.s.sessions.all().map((r) => ({ id: r.id, siteId: r.site_id, weekday: r.weekday, session: r.session, start: r.start_time, end: r.end_time, updatedAt: r.updated_at }));
  }

  /** The version of a site's session times (and bank-holiday opening) an editor saw; null = no such site. */
  sessionStamp(siteId: string): string | null {
    return this.s.sessionStamp.get(siteId)?.stamp ?? null;
  }

  replaceSessions(siteId: string, openOnBankHolidays: boolean, sessions: { weekday: RotaWeekday; session: RotaSession; start: string; end: string }[], at: string): void {
    this.s.setSiteOpen.run(openOnBankHolidays ? 1 : 0, at, siteId);
    this.s.dropSessions.run(at, siteId);
    for (const x of sessions) this.s.insertSession.run(randomUUID(), siteId, x.weekday, x.session, x.start, x.end, at);
  }

  duties(): DutyOut[] {
    return this.s.duties.all().map(toDuty);
  }

  duty(id: string): DutyOut | null {
    const r = this.s.dutyById.get(id);
    return r ? toDuty(r) : null;
  }

  dutyByCode(code: string): DutyOut | null {
    const r = this.s.dutyByCode.get(code);
    return r ? toDuty(r) : null;
  }

  saveDuty(d: { id?: string; code: string; name: string; colour: string; requiredRoleIds: string[]; requiredRoleGroup: string | null; requiredCompetency: string | null }, at: string): string {
    const params = { code: d.code, name: d.name, colour: d.colour, roleIds: JSON.stringify(d.requiredRoleIds), roleGroup: d.requiredRoleGroup, competency: d.requiredCompetency, at };
    if (d.id) {
      this.s.updateDuty.run({ ...params, id: d.id });
      return d.id;
    }
    const id = randomUUID();
    this.s.insertDuty.run({ ...params, id });
    return id;
  }

  /** How many live sessions, coverage rules and working patterns name this duty. */
  dutyUsage(id: string): { assignments: number; rules: number; patterns: number } {
    return this.s.dutyUsage.get(id, id, id) ?? { assignments: 0, rules: 0, patterns: 0 };
  }

  /** Tombstones a duty nothing uses (see dutyUsage). */
  removeDuty(id: string, at: string): void {
    this.s.removeDuty.run(at, id);
  }

  setDutyArchived(id: string, archived: boolean, at: string): void {
    this.s.archiveDuty.run(archived ? 1 : 0, at, id);
  }

  assignmentsBetween(from: string, to: string): AssignmentOut[] {
    return this.s.assignmentsBetween.all(from, to);
  }

  allAssignments(): AssignmentOut[] {
    return this.s.allAssignments.all();
  }

  assignmentsOfStaff(staffId: string, from: string, to: string): AssignmentOut[] {
    return this.s.assignmentsOfStaff.all(staffId, from, to);
  }

  assignmentsInCell(staffId: string, date: string, session: string): AssignmentOut[] {
    return this.s.assignmentsInCell.all(staffId, date, session);
  }

  assignmentSpan(): { first: string | null; last: string | null } {
    return this.s.assignmentSpan.get() ?? { first: null, last: null };
  }

  insertAssignment(a: NewAssignment, at: string): AssignmentOut {
    const id = a.id ?? randomUUID();
    this.s.insertAssignment.run({ ...a, id, at });
    return { ...a, id, updatedAt: at };
  }

  updateAssignment(id: string, a: Omit<NewAssignment, 'id'>, at: string): AssignmentOut {
    this.s.updateAssignment.run({ id, siteId: a.siteId, dutyId: a.dutyId, note: a.note, status: a.status, source: a.source, at });
    return { ...a, id, updatedAt: at };
  }

  tombstoneAssignment(id: string, at: string): void {
    this.s.tombstoneAssignment.run(at, id);
  }

  patterns(): WorkingPatternOut[] {
    return this.s.patterns.all().map((r) => ({
      id: r.id,
      staffId: r.staff_id,
      cycleWeeks: r.cycle_weeks,
      anchorMonday: r.anchor_monday,
      entries: JSON.parse(r.entries) as WorkingPatternOut['entries'],
      updatedAt: r.updated_at,
    }));
  }

  patternOf(staffId: string): { id: string; updatedAt: string } | null {
    const r = this.s.patternOf.get(staffId);
    return r ? { id: r.id, updatedAt: r.updated_at } : null;
  }

  savePattern(staffId: string, p: { cycleWeeks: number; anchorMonday: string; entries: WorkingPatternOut['entries'] }, at: string): void {
    const existing = this.patternOf(staffId);
    if (existing) this.s.updatePattern.run(p.cycleWeeks, p.anchorMonday, JSON.stringify(p.entries), at, existing.id);
    else this.s.insertPattern.run(randomUUID(), staffId, p.cycleWeeks, p.anchorMonday, JSON.stringify(p.entries), at, at);
  }

  coverageRules(): CoverageRuleOut[] {
    return this.s.coverage.all().map(toCoverage);
  }

  coverageRule(id: string): CoverageRuleOut | null {
    const r = this.s.coverageById.get(id);
    return r ? toCoverage(r) : null;
  }

  saveCoverageRule(r: { id?: string; siteId: string; weekday: string; session: string; dutyId: string | null; roleGroup: string | null; min: number; max: number | null }, at: string): string {
    const id = r.id ?? randomUUID();
    const params = { id, siteId: r.siteId, weekday: r.weekday, session: r.session, dutyId: r.dutyId, roleGroup: r.roleGroup, min: r.min, max: r.max, at };
    if (r.id) this.s.updateCoverage.run(params);
    else this.s.insertCoverage.run(params);
    return id;
  }

  removeCoverageRule(id: string, at: string): void {
    this.s.removeCoverage.run(at, id);
  }

  /** Everyone's preferences, grouped by person, with the version of each person's set. */
  preferences(): StaffPreferencesOut[] {
    const by = new Map<string, StaffPreferencesOut>();
    for (const r of this.s.preferences.all()) {
      let p = by.get(r.staff_id);
      if (!p) by.set(r.staff_id, (p = { staffId: r.staff_id, preferences: [], updatedAt: this.preferenceStamp(r.staff_id) }));
      p.preferences.push({ weekday: r.weekday, session: r.session, kind: r.kind, weight: r.weight });
    }
    return [...by.values()];
  }

  preferenceStamp(staffId: string): string | null {
    return this.s.preferenceStamp.get(staffId)?.stamp ?? null;
  }

  replacePreferences(staffId: string, prefs: StaffPreferencesOut['preferences'], at: string): void {
    this.s.dropPreferences.run(at, staffId);
    for (const p of prefs) this.s.insertPreference.run(randomUUID(), staffId, p.weekday, p.session, p.kind, p.weight, at);
  }

  settings(): RotaSettingsOut {
    const r = this.s.settings.get();
    if (!r) throw new Error('rota_settings row missing');
    const n = (k: string) => Number(r[k]);
    return {
      leaveYearStartMonth: n('leave_year_start_month'),
      leaveYearStartDay: n('leave_year_start_day'),
      fullTimeAnnualLeaveDays: n('full_time_annual_leave_days'),
      bankHolidaysProRata: n('bank_holidays_pro_rata') === 1,
      carryOverLimitDays: n('carry_over_limit_days'),
      maxConsecutiveWorkingDays: n('max_consecutive_working_days'),
      minRestHours: n('min_rest_hours'),
      maxAverageWeeklyHours: n('max_average_weekly_hours'),
      referencePeriodWeeks: n('reference_period_weeks'),
      updatedAt: String(r['updated_at']),
    };
  }

  updateSettings(s: RotaSettings, at: string): void {
    this.s.updateSettings.run({ ...s, bankHolidaysProRata: s.bankHolidaysProRata ? 1 : 0, at });
  }
}
