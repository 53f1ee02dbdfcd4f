import { randomUUID } from 'node:crypto';
import type { Staff } from '../../../../shared/contract/staff';
import { roleById } from '../../../../shared/domain/roles';
import { addDays, dayNumber, isoFromDayNumber, mondayOf, weekdayOf } from '../../../../shared/rota/dates';
import { minutesOfDay, type RotaSession, type RotaWeekday, type WorkingPattern, type WorkingPatternEntry } from '../../../../shared/rota/model';
import { previewApplyPatterns } from '../../../../shared/rota/patterns';
import { SYSTEM_ACTOR } from '../audit/log';
import type { CoreContext } from '../context';
import type { LeadsRepo } from '../leads/repo';
import type { LeaveRepo } from '../leave/repo';
import type { StaffRepo } from '../staff/repo';
import { toLeaveRequest, toRotaStaff, type RotaFeature } from './feature';

/** How far ahead the demo rota is planned from the day the demo is loaded. */
export const DEMO_ROTA_DAYS = 56;

const GP_DUTY_DOCTORS = new Set(['gp_partner', 'salaried_gp', 'newly_qualified_gp', 'locum_gp']);

/** The duty a person usually does, by role (GPs get duty doctor sessions on a rota, below). */
function usualDuty(s: Staff, weekday: RotaWeekday, session: RotaSession): string {
  switch (s.roleId) {
    case 'gp_registrar':
      return weekday === 'wed' && session === 'pm' ? 'TEACH' : 'SURG';
    case 'advanced_nurse_practitioner':
      return session === 'am' ? 'TRI' : 'SURG';
    case 'practice_nurse':
    case 'arrs_practice_nurse':
      return 'NC';
    case 'healthcare_assistant':
    case 'phlebotomist':
      return 'HCA';
    case 'paramedic':
      return 'HV';
    default:
      return roleById(s.roleId)?.category === 'admin' ? 'ADM' : 'SURG';
  }
}

/**
 * The demo practice's rota: working patterns from each person's usual sessions (trimmed to
 * their contracted hours), eight weeks planned from today, leave, coverage rules and the
 * named leads. Planned so the screens have something to show: a few coverage gaps (a GP's
 * week of annual leave leaves duty doctor sessions empty, and one Thursday's duty doctor is
 * moved to surgery) and one conflict (a healthcare assistant still on the rota for a
 * morning of approved sick leave), with leave waiting for approval.
 */
export function seedDemoRota(deps: { ctx: CoreContext; rota: RotaFeature; staff: StaffRepo; leave: LeaveRepo; leads: LeadsRepo }, today: string): void {
  const { ctx, rota, staff: staffRepo, leave, leads } = deps;
  const at = ctx.now();
  const sites = rota.repo.sites();
  const main = sites[0];
  const branch = sites[1];
  if (!main || !branch) throw new Error('the demo practice has two sites');
  const duty = new Map(rota.repo.duties().map((d) => [d.code, d.id]));
  const dutyId = (code: string) => {
    const id = duty.get(code);
    if (!id) throw new Error(`no duty ${code}`);
    return id;
  };

  // Extended hours: the main surgery runs a Tuesday evening. The branch closes on Tuesdays.
  const sessionsOf = (siteId: string) => rota.repo.sessionTimes().filter((t) => t.siteId === siteId);
  rota.repo.replaceSessions(main.id, false, [...sessionsOf(main.id), { weekday: 'tue', session: 'eve', start: '18:30', end: '20:00' }], at);
  rota.repo.replaceSessions(branch.id, false, sessionsOf(branch.id).filter((t) => t.weekday !== 'tue'), at);
  const length = new Map(rota.repo.sessionTimes().map((t) => [`${t.siteId}|${t.weekday}|${t.session}`, (minutesOfDay(t.end) - minutesOfDay(t.start)) / 60]));

  // Working patterns: usual sessions in week order while they fit the contract.
  const people = staffRepo.list(false);
  const anchorMonday = mondayOf(today);
  const dutyDoctorTaken = new Set<string>();
  const patterns: WorkingPattern[] = [];
  for (const s of people) {
    if (s.usualSessions.length === 0) continue;
    const atBoth = s.siteIds.includes(main.id) && s.siteIds.includes(branch.id);
    const onlyBranch = !s.siteIds.includes(main.id);
    const limit = s.contract.kind === 'hours' ? s.contract.amount : s.contract.amount * (25 / 6);
    let hours = 0;
    const entries: WorkingPatternEntry[] = [];
    // The advanced nurse practitioner runs the Tuesday extended-hours evening within her hours.
    if (s.roleId === 'advanced_nurse_practitioner') {
      entries.push({ week: 'A', weekday: 'tue', session: 'eve', dutyId: dutyId('EXT'), siteId: main.id });
      hours += length.get(`${main.id}|tue|eve`) ?? 0;
    }
    for (const u of s.usualSessions) {
      const siteId = onlyBranch || (atBoth && (u.day === 'thu' || u.day === 'fri')) ? branch.id : main.id;
      const h = length.get(`${siteId}|${u.day}|${u.period}`);
      if (h === undefined) continue;
      if (s.contract.kind === 'hours' && hours + h > limit + 1e-9) continue;
      hours += h;
      let code = usualDuty(s, u.day, u.period);
      const slot = `${siteId}|${u.day}|${u.period}`;
      // One duty doctor per site and session, the first GP free for it.
      if (GP_DUTY_DOCTORS.has(s.roleId) && s.competencies.includes('duty_doctor') && !dutyDoctorTaken.has(slot)) {
        dutyDoctorTaken.add(slot);
        code = 'DD';
      }
      entries.push({ week: 'A', weekday: u.day, session: u.period, dutyId: dutyId(code), siteId });
    }
    if (entries.length === 0) continue;
    rota.repo.savePattern(s.id, { cycleWeeks: 1, anchorMonday, entries }, at);
  }
  for (const p of rota.repo.patterns()) patterns.push(p);
  ctx.audit.record(at, SYSTEM_ACTOR, 'demo working patterns added', 'rota', randomUUID(), null, { patterns: patterns.length });

  const byName = (given: string) => {
    const s = people.find((p) => p.givenName === given);
    if (!s) throw new Error(`no demo person ${given}`);
    return s;
  };
  // The next working day on or after a date (weekends skipped).
  const workday = (d: string) => {
    let n = dayNumber(d);
    while (['sat', 'sun'].includes(weekdayOf(isoFromDayNumber(n)))) n++;
    return isoFromDayNumber(n);
  };

  // Leave booked before planning, so the plan leaves those sessions empty.
  const week = (k: number) => addDays(anchorMonday, 7 * k);
  const booked = [
    { who: 'Helena', type: 'annual' as const, start: addDays(week(2), 1), end: addDays(week(2), 4), status: 'approved' as const, note: 'Family holiday' },
    { who: 'Idris', type: 'study' as const, start: addDays(week(3), 2), end: addDays(week(3), 2), status: 'approved' as const, note: 'Prescribing update course' },
    { who: 'Deborah', type: 'annual' as const, start: addDays(week(4), 0), end: addDays(week(4), 4), status: 'approved' as const, note: '' },
  ];
  for (const b of booked) {
    const id = leave.insert({ staffId: byName(b.who).id, type: b.type, startDate: b.start, startHalf: 'am', endDate: b.end, endHalf: 'pm', status: 'requested', note: b.note, requestedBy: SYSTEM_ACTOR.name }, at);
    leave.decide(id, b.status, 'Samira Holt (Practice manager)', null, false, at);
  }

  // Eight weeks planned from today.
  const to = addDays(today, DEMO_ROTA_DAYS - 1);
  const preview = previewApplyPatterns(patterns, today, to, {
    staff: staffRepo.list(true).map(toRotaStaff),
    sites: rota.rotaSites(),
    siteSessions: rota.siteSessions(),
    leave: leave.all().map(toLeaveRequest),
    assignments: [],
    overwriteManual: false,
    newId: randomUUID,
    now: at,
  });
  for (const a of preview.add) rota.repo.insertAssignment({ ...a, status: a.date < addDays(today, 14) ? 'confirmed' : 'planned' }, at);

  // A deliberate gap: the duty doctor of the main surgery's Thursday PM in two weeks is moved to surgery.
  const thursday = addDays(week(2), 3);
  const dd = rota.repo.assignmentsBetween(thursday, thursday).find((a) => a.session === 'pm' && a.siteId === main.id && a.dutyId === dutyId('DD'));
  if (dd) rota.repo.updateAssignment(dd.id, { ...dd, dutyId: dutyId('SURG'), note: 'Covering a colleague’s surgery', source: 'manual' }, at);

  // The deliberate conflict: sick leave approved for a morning the HCA is still on the rota.
  const kofi = byName('Kofi');
  const sickDay = workday(addDays(today, 2));
  const sick = leave.insert({ staffId: kofi.id, type: 'sick', startDate: sickDay, startHalf: 'am', endDate: sickDay, endHalf: 'am', status: 'requested', note: 'Dental appointment overran', requestedBy: SYSTEM_ACTOR.name }, at);
  leave.decide(sick, 'approved', 'Samira Holt (Practice manager)', null, false, at);
  if (!rota.repo.assignmentsInCell(kofi.id, sickDay, 'am').length) {
    rota.repo.insertAssignment({ date: sickDay, session: 'am', siteId: main.id, staffId: kofi.id, dutyId: dutyId('HCA'), note: '', status: 'confirmed', source: 'manual' }, at);
  }

  // Leave waiting for the manager: approving the nurse's study day leaves a nurse clinic empty.
  const owen = byName('Owen');
  const owenDay = addDays(week(5), 3);
  leave.insert({ staffId: owen.id, type: 'study', startDate: owenDay, startHalf: 'am', endDate: owenDay, endHalf: 'pm', status: 'requested', note: 'Diabetes update day', requestedBy: 'Owen Prys (Staff)' }, at);
  leave.insert({ staffId: byName('Chloe').id, type: 'annual', startDate: addDays(week(6), 0), startHalf: 'am', endDate: addDays(week(6), 1), endHalf: 'pm', status: 'requested', note: '', requestedBy: 'Chloe Danvers (Staff)' }, at);

  // Coverage rules: a duty doctor every session at each site; at the main surgery a nurse and two reception or admin staff every morning, and three GPs on Monday mornings.
  const weekdays: RotaWeekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
  for (const wd of weekdays) {
    for (const session of ['am', 'pm'] as const) {
      rota.repo.saveCoverageRule({ siteId: main.id, weekday: wd, session, dutyId: dutyId('DD'), roleGroup: null, min: 1, max: 1 }, at);
      if (wd !== 'tue') rota.repo.saveCoverageRule({ siteId: branch.id, weekday: wd, session, dutyId: dutyId('DD'), roleGroup: null, min: 1, max: 1 }, at);
    }
    rota.repo.saveCoverageRule({ siteId: main.id, weekday: wd, session: 'am', dutyId: null, roleGroup: 'admin', min: 2, max: null }, at);
    rota.repo.saveCoverageRule({ siteId: main.id, weekday: wd, session: 'am', dutyId: null, roleGroup: 'nursing', min: 1, max: null }, at);
  }
  rota.repo.saveCoverageRule({ siteId: main.id, weekday: 'mon', session: 'am', dutyId: null, roleGroup: 'gp', min: 3, max: null }, at);

  // Named leads, with the Freedom to Speak Up Guardian left vacant for the register to flag.
  const types = new Map(leads.types().map((t) => [t.code, t.id]));
  const appoint: [string, string, string | null][] = [
    ['safeguarding_adults', 'Amara', 'Rhys'],
    ['safeguarding_children', 'Rhys', 'Amara'],
    ['ipc', 'Grace', 'Owen'],
    ['information_governance', 'Samira', 'Yusuf'],
    ['data_protection_officer', 'Imogen', null],
    ['caldicott_guardian', 'Amara', 'Helena'],
    ['siro', 'Samira', null],
    ['complaints', 'Samira', 'Deborah'],
    ['health_and_safety', 'Yusuf', 'Kofi'],
    ['fire_safety', 'Yusuf', 'Marcus'],
    ['prescribing', 'Idris', 'Helena'],
    ['clinical', 'Amara', 'Rhys'],
  ];
  const from = `${Number(today.slice(0, 4)) - 1}-04-01`;
  for (const [code, lead, deputy] of appoint) {
    const typeId = types.get(code);
    if (!typeId) continue;
    leads.saveLead({ leadTypeId: typeId, leadStaffId: byName(lead).id, deputyStaffId: deputy ? byName(deputy).id : null, from, to: null }, at);
  }
  ctx.audit.record(at, SYSTEM_ACTOR, 'demo rota planned', 'rota', randomUUID(), null, { from: today, to, assignments: preview.add.length });
  rota.invalidate();
}
