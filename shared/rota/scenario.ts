/**
 * A seeded, fictional practice-year for benchmarks and tests: 60 staff across the MDT,
 * 2 sites, about 30,000 assignments planned from each person's usual sessions, leave,
 * coverage rules and named leads. Same seed, same year, on every machine.
 *
 * It is a load generator, not demo data: names are "Staff 01" and so on.
 */
import { BANK_HOLIDAYS_ENGLAND_WALES } from './bank-holidays';
import { addDays, dayNumber, isoFromDayNumber, weekdayOf } from './dates';
import type { CoverageRule, Duty, LeaveRequest, LeaveType, NamedLead, RotaAssignment, RotaSession, RotaStaff, RotaWeekday, SiteSessionTimes } from './model';
import { DEFAULT_DUTIES, DEFAULT_ROTA_SETTINGS, NAMED_LEAD_TYPES, defaultSiteSessions } from './vocabulary';
import { RotaValidator, type RotaEdit, type RotaState } from './rules';

/** mulberry32: a tiny, well-known 32-bit seeded generator. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped UUID from the seeded generator (so ids pass the schemas). */
export function seededUuid(rand: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rand() * 4)] ?? '8'}${hex(3)}-${hex(12)}`;
}

export interface YearScenario extends RotaState {
  year: number;
}

const WEEKDAYS5: RotaWeekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** The role mix of a mid-sized practice with a branch surgery (60 people). */
const ROLE_MIX: { roleId: string; count: number; competencies: string[] }[] = [
  { roleId: 'gp_partner', count: 6, competencies: ['duty_doctor', 'telephone_triage', 'home_visits'] },
  { roleId: 'salaried_gp', count: 8, competencies: ['duty_doctor', 'telephone_triage', 'home_visits'] },
  { roleId: 'gp_registrar', count: 2, competencies: ['telephone_triage'] },
  { roleId: 'advanced_nurse_practitioner', count: 3, competencies: ['telephone_triage', 'home_visits'] },
  { roleId: 'practice_nurse', count: 6, competencies: ['cervical_screening'] },
  { roleId: 'healthcare_assistant', count: 5, competencies: ['phlebotomy'] },
  { roleId: 'clinical_pharmacist', count: 3, competencies: [] },
  { roleId: 'paramedic', count: 2, competencies: ['home_visits'] },
  { roleId: 'first_contact_physiotherapist', count: 2, competencies: [] },
  { roleId: 'social_prescribing_link_worker', count: 2, competencies: [] },
  { roleId: 'receptionist', count: 12, competencies: [] },
  { roleId: 'administrator', count: 7, competencies: [] },
  { roleId: 'practice_manager', count: 2, competencies: [] },
];

export function makeYearScenario(seed = 1, year = 2026): YearScenario {
  const rand = seededRandom(seed);
  const id = () => seededUuid(rand);
  const pick = <T,>(xs: readonly T[]): T => {
    const x = xs[Math.floor(rand() * xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  };
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const stamp = `${year - 1}-12-01T09:00:00.000Z`;

  const main = { id: id(), name: 'Main Surgery', openOnBankHolidays: false };
  const branch = { id: id(), name: 'Branch Surgery', openOnBankHolidays: false };
  const siteSessions: SiteSessionTimes[] = [
    ...defaultSiteSessions(main.id, { eveningOn: WEEKDAYS5, saturdayAm: true }),
    ...defaultSiteSessions(branch.id),
  ];
  const duties: Duty[] = DEFAULT_DUTIES.map((d) => ({ ...d, id: id(), archived: false }));
  const duty = (code: string): Duty => {
    const d = duties.find((x) => x.code === code);
    if (!d) throw new Error(`no duty ${code}`);
    return d;
  };

  // Staff: usual sessions drawn per person, contracts matching them.
  const staff: RotaStaff[] = [];
  let n = 0;
  for (const mix of ROLE_MIX) {
    for (let i = 0; i < mix.count; i++) {
      n++;
      const sessionsWanted = 9 + Math.floor(rand() * 2); // about 9 or 10 of the 10 weekday sessions
      const all = WEEKDAYS5.flatMap((day) => (['am', 'pm'] as const).map((period) => ({ day, period })));
      const usual = all.filter(() => rand() < sessionsWanted / 10);
      const isGp = ['gp_partner', 'salaried_gp', 'gp_registrar'].includes(mix.roleId);
      const hours = usual.reduce((h, u) => h + (u.period === 'am' ? 4.5 : 5), 0);
      staff.push({
        id: id(),
        displayName: `${isGp ? 'Dr ' : ''}Staff ${String(n).padStart(2, '0')}`,
        roleId: mix.roleId,
        // Contracts leave room for about one extended-hours evening a week.
        contract: isGp ? { kind: 'sessions', amount: Math.min(11, usual.length + 1) } : { kind: 'hours', amount: Math.min(48, Math.max(hours + 2, 7.5)) },
        usualSessions: usual,
        siteIds: [n % 3 === 0 ? branch.id : main.id],
        competencies: mix.competencies,
        startDate: n === 60 ? `${year}-06-01` : `${year - 3}-01-01`,
        endDate: n === 59 ? `${year}-09-30` : null,
        archived: false,
      });
    }
  }

  // Saturday morning extended hours at the main site: a fixed team, so it is their usual session.
  const firstOf = (roleId: string, k = 0) => staff.filter((s) => s.roleId === roleId)[k];
  for (const s of [firstOf('gp_partner'), firstOf('practice_nurse'), firstOf('healthcare_assistant'), firstOf('receptionist'), firstOf('receptionist', 1), firstOf('administrator')]) {
    if (!s) continue;
    s.usualSessions.push({ day: 'sat', period: 'am' });
    s.siteIds = [main.id, ...s.siteIds.filter((x) => x !== main.id)];
    s.contract = s.contract.kind === 'sessions' ? { kind: 'sessions', amount: Math.min(11, s.contract.amount + 1) } : { kind: 'hours', amount: Math.min(48, s.contract.amount + 3.5) };
  }
  const eveningPools = [
    staff.filter((s) => s.roleId === 'salaried_gp' || s.roleId === 'gp_partner'),
    staff.filter((s) => s.roleId === 'practice_nurse' || s.roleId === 'advanced_nurse_practitioner'),
    staff.filter((s) => s.roleId === 'receptionist'),
  ];

  // Leave: a few blocks a year each, some half days, some only requested.
  const leave: LeaveRequest[] = [];
  const leaveDays = new Map<string, Set<string>>();
  const types: LeaveType[] = ['annual', 'annual', 'annual', 'study', 'sick', 'toil'];
  for (const s of staff) {
    const taken = new Set<string>();
    leaveDays.set(s.id, taken);
    const blocks = 3 + Math.floor(rand() * 4);
    for (let b = 0; b < blocks; b++) {
      const start = isoFromDayNumber(dayNumber(from) + Math.floor(rand() * 350));
      const halfDay = rand() < 0.2;
      const len = halfDay ? 1 : 1 + Math.floor(rand() * 7);
      const end = addDays(start, len - 1);
      const half = rand() < 0.5 ? 'am' : 'pm';
      const status = rand() < 0.85 ? 'approved' : rand() < 0.5 ? 'requested' : 'declined';
      leave.push({
        id: id(),
        staffId: s.id,
        type: pick(types),
        startDate: start,
        startHalf: halfDay ? half : 'am',
        endDate: end,
        endHalf: halfDay ? half : 'pm',
        status,
        note: '',
        updatedAt: stamp,
      });
      if (status === 'approved') for (let k = 0; k < len; k++) taken.add(addDays(start, k));
    }
  }

  // Assignments: every usual session on working days, a duty fitting the role; people on
  // leave are mostly left off (a few are not, so the year has conflicts to find).
  const bankHolidays = new Set(BANK_HOLIDAYS_ENGLAND_WALES.map((b) => b.date));
  const assignments: RotaAssignment[] = [];
  const gpDuty = (session: RotaSession, weekdayIdx: number, personIdx: number) =>
    (weekdayIdx + personIdx) % 5 === 0 && session === 'am' ? 'DD' : (weekdayIdx + personIdx) % 7 === 1 ? 'TRI' : (weekdayIdx + personIdx) % 9 === 2 ? 'HV' : 'SURG';
  const dutyFor = (s: RotaStaff, session: RotaSession, wdIdx: number, idx: number): string => {
    switch (s.roleId) {
      case 'gp_partner':
      case 'salaried_gp':
        return gpDuty(session, wdIdx, idx);
      case 'gp_registrar':
        return wdIdx === 2 && session === 'pm' ? 'TEACH' : 'SURG';
      case 'advanced_nurse_practitioner':
        return idx % 2 ? 'TRI' : 'SURG';
      case 'practice_nurse':
        return 'NC';
      case 'healthcare_assistant':
        return 'HCA';
      case 'paramedic':
        return 'HV';
      case 'clinical_pharmacist':
      case 'first_contact_physiotherapist':
      case 'social_prescribing_link_worker':
        return 'SURG';
      default:
        return 'ADM';
    }
  };
  for (let d = dayNumber(from); d <= dayNumber(to); d++) {
    const date = isoFromDayNumber(d);
    const wd = weekdayOf(date);
    const wdIdx = WEEKDAYS5.indexOf(wd);
    if (wd === 'sun' || bankHolidays.has(date)) continue;
    // Weekday evenings at the main site: one GP, one nurse and two receptionists, in turn.
    const evening = new Set<string>();
    if (wdIdx >= 0) {
      for (const [k, pool] of eveningPools.entries()) {
        const first = pool[(d * 3 + k) % pool.length];
        if (first) evening.add(first.id);
        if (k === 2 && pool.length > 1) {
          const second = pool[(d * 3 + k + 1) % pool.length];
          if (second) evening.add(second.id);
        }
      }
    }
    staff.forEach((s, idx) => {
      if (date < s.startDate || (s.endDate !== null && date > s.endDate)) return;
      const onLeave = leaveDays.get(s.id)?.has(date) ?? false;
      if (onLeave && rand() < 0.97) return;
      for (const u of s.usualSessions) {
        if (u.day !== wd) continue;
        const siteId = wd === 'sat' ? main.id : (s.siteIds[0] ?? main.id);
        assignments.push({
          id: id(),
          date,
          session: u.period,
          siteId,
          staffId: s.id,
          dutyId: duty(wd === 'sat' ? (s.roleId === 'gp_partner' ? 'SURG' : dutyFor(s, u.period, 0, idx)) : dutyFor(s, u.period, wdIdx, idx)).id,
          note: '',
          status: rand() < 0.7 ? 'confirmed' : 'planned',
          source: 'pattern',
          updatedAt: stamp,
        });
      }
      if (evening.has(s.id)) {
        assignments.push({ id: id(), date, session: 'eve', siteId: main.id, staffId: s.id, dutyId: duty('EXT').id, note: '', status: 'planned', source: 'manual', updatedAt: stamp });
      }
    });
  }

  const coverageRules: CoverageRule[] = [];
  for (const site of [main, branch]) {
    for (const weekday of WEEKDAYS5) {
      for (const session of ['am', 'pm'] as const) {
        coverageRules.push({ id: id(), siteId: site.id, weekday, session, dutyId: duty('DD').id, roleGroup: null, min: site === main ? 1 : 0, max: 2 });
        coverageRules.push({ id: id(), siteId: site.id, weekday, session, dutyId: null, roleGroup: 'gp', min: site === main ? 3 : 1, max: null });
        coverageRules.push({ id: id(), siteId: site.id, weekday, session, dutyId: null, roleGroup: 'nursing', min: 1, max: null });
        coverageRules.push({ id: id(), siteId: site.id, weekday, session, dutyId: null, roleGroup: 'admin', min: site === main ? 2 : 1, max: null });
      }
    }
  }

  const gps = staff.filter((s) => s.roleId === 'gp_partner' || s.roleId === 'salaried_gp');
  const namedLeads: NamedLead[] = NAMED_LEAD_TYPES.map((t, i) => ({
    id: id(),
    leadType: t.id,
    leadStaffId: gps[i % gps.length]?.id ?? null,
    deputyStaffId: gps[(i + 3) % gps.length]?.id ?? null,
    from: `${year - 1}-04-01`,
    to: null,
  }));

  return {
    year,
    settings: DEFAULT_ROTA_SETTINGS,
    range: { from, to },
    sites: [main, branch],
    siteSessions,
    duties,
    staff,
    assignments,
    leave,
    coverageRules,
    namedLeads,
  };
}

export interface RotaValidationTiming {
  assignments: number;
  conflicts: number;
  /** The first full validation in this process (includes the JIT warming up). */
  validateYearFirstMs: number;
  /** Median of the following full validations. */
  validateYearMs: number;
  /** One edit (a cell's duty changed, or a cell cleared) re-checked: median and 95th percentile. */
  editMedianMs: number;
  editP95Ms: number;
}

const medianOf = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/**
 * What `npm run bench` reports as rota.validate_year.ms, and the tests bound: full
 * validation of the seeded year, then single-cell edits through the incremental validator.
 */
export function timeRotaValidation(seed = 1, opts: { runs?: number; edits?: number } = {}): RotaValidationTiming {
  const scenario = makeYearScenario(seed);
  const runs = opts.runs ?? 5;
  const times: number[] = [];
  let validator: RotaValidator | undefined;
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    validator = new RotaValidator(scenario);
    validator.conflicts();
    times.push(performance.now() - t0);
  }
  if (!validator) throw new Error('no runs');
  const rand = seededRandom(seed + 1);
  const edits: number[] = [];
  const count = opts.edits ?? 300;
  for (let k = 0; k < count; k++) {
    const a = scenario.assignments[Math.floor(rand() * scenario.assignments.length)];
    const d = scenario.duties[Math.floor(rand() * scenario.duties.length)];
    if (!a || !d) continue;
    // Each edit is timed alone, then undone untimed, so the year ends as it began.
    const edit: RotaEdit = k % 2 ? { kind: 'upsertAssignment', assignment: { ...a, dutyId: d.id } } : { kind: 'removeAssignment', id: a.id };
    const t0 = performance.now();
    validator.applyEdit(edit);
    edits.push(performance.now() - t0);
    validator.applyEdit({ kind: 'upsertAssignment', assignment: a });
  }
  edits.sort((a, b) => a - b);
  return {
    assignments: scenario.assignments.length,
    conflicts: validator.conflicts().length,
    validateYearFirstMs: times[0] ?? 0,
    validateYearMs: medianOf(times.slice(1)),
    editMedianMs: medianOf(edits),
    editP95Ms: edits[Math.floor(edits.length * 0.95)] ?? 0,
  };
}
