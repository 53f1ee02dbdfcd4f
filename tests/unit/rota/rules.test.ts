import { describe, expect, it } from 'vitest';
import { RotaValidator, validateRota, type Conflict, type RuleId } from '../../../shared/rota/rules';
import { DEFAULT_ROTA_SETTINGS, type SiteSessionTimes } from '../../../shared/rota/model';
import { AMY, BEN, BRANCH, CARA, DEV, MAIN, assign, dutyId, leave, person, rotaState, staff, uid } from '../../helpers/rota';

const only = (conflicts: Conflict[], rule: RuleId) => conflicts.filter((c) => c.ruleId === rule);

describe('double-booked in one session', () => {
  it('flags two assignments of one person in one session, in the practice words', () => {
    const c = validateRota(rotaState({ assignments: [assign(AMY, '2026-01-13', 'am'), assign(AMY, '2026-01-13', 'am', 'DD', BRANCH)] }));
    const d = only(c, 'rota.double_booked');
    expect(d).toHaveLength(1);
    expect(d[0]?.message).toBe('Dr Amy Lee is double-booked on Tue 13 Jan AM');
    expect(d[0]?.severity).toBe('error');
    expect(d[0]?.cells).toEqual([{ kind: 'staff', staffId: AMY, date: '2026-01-13', session: 'am' }]);
  });

  it('does not flag AM and PM of the same day', () => {
    const c = validateRota(rotaState({ assignments: [assign(AMY, '2026-01-13', 'am'), assign(AMY, '2026-01-13', 'pm')] }));
    expect(only(c, 'rota.double_booked')).toEqual([]);
  });
});

describe('assigned while on leave', () => {
  it('flags an assignment inside approved whole-day leave, across a month end', () => {
    const l = leave(AMY, '2026-01-30', '2026-02-02');
    const c = validateRota(rotaState({ leave: [l], assignments: [assign(AMY, '2026-01-30', 'am'), assign(AMY, '2026-02-02', 'pm'), assign(AMY, '2026-02-03', 'am')] }));
    const d = only(c, 'rota.on_leave');
    expect(d.map((x) => x.message).sort()).toEqual([
      'Dr Amy Lee is on approved annual leave but assigned on Fri 30 Jan AM',
      'Dr Amy Lee is on approved annual leave but assigned on Mon 2 Feb PM',
    ]);
    expect(d.flatMap((x) => x.cells)).toContainEqual({ kind: 'staff', staffId: AMY, date: '2026-01-30', session: 'am' });
  });

  it('respects half days: AM leave leaves the PM free; PM leave also covers the evening', () => {
    const am = leave(AMY, '2026-01-13', '2026-01-13', { startHalf: 'am', endHalf: 'am' });
    const pm = leave(AMY, '2026-01-15', '2026-01-15', { startHalf: 'pm', endHalf: 'pm' });
    const a1 = assign(AMY, '2026-01-13', 'am');
    const a2 = assign(AMY, '2026-01-13', 'pm');
    const a3 = assign(AMY, '2026-01-15', 'am');
    const a4 = assign(AMY, '2026-01-15', 'eve', 'EXT');
    const d = only(validateRota(rotaState({ leave: [am, pm], assignments: [a1, a2, a3, a4] })), 'rota.on_leave');
    expect(d.map((x) => x.id).sort()).toEqual([`rota.on_leave|${a1.id}`, `rota.on_leave|${a4.id}`].sort());
    expect(d.find((x) => x.id.endsWith(a1.id))?.message).toBe('Dr Amy Lee is on approved annual leave (AM half day) but assigned on Tue 13 Jan AM');
  });

  it('leave starting in the afternoon frees the first morning; requested or declined leave does not count', () => {
    const l = leave(AMY, '2026-01-14', '2026-01-16', { startHalf: 'pm', endHalf: 'am' });
    const asked = leave(AMY, '2026-01-19', '2026-01-19', { status: 'requested' });
    const a = [assign(AMY, '2026-01-14', 'am'), assign(AMY, '2026-01-14', 'pm'), assign(AMY, '2026-01-16', 'am'), assign(AMY, '2026-01-16', 'pm'), assign(AMY, '2026-01-19', 'am')];
    const d = only(validateRota(rotaState({ leave: [l, asked], assignments: a })), 'rota.on_leave');
    expect(d.map((x) => x.cells[0]).map((cell) => (cell?.kind === 'staff' ? `${cell.date} ${cell.session}` : '')).sort()).toEqual(['2026-01-14 pm', '2026-01-16 am']);
  });
});

describe('bank holidays and the sessions a site runs', () => {
  it('flags work on a bank holiday the site is closed, including substitute days', () => {
    const c = validateRota(rotaState({ assignments: [assign(AMY, '2026-12-28', 'am'), assign(AMY, '2026-04-03', 'pm'), assign(AMY, '2026-12-29', 'am')] }));
    const d = only(c, 'rota.bank_holiday');
    expect(d.map((x) => x.message).sort()).toEqual([
      'Main Surgery is closed on Fri 3 Apr (Good Friday) but Dr Amy Lee is assigned there PM',
      'Main Surgery is closed on Mon 28 Dec (Boxing Day (substitute day)) but Dr Amy Lee is assigned there AM',
    ]);
  });

  it('does not flag a site that opens on bank holidays', () => {
    const state = rotaState({ assignments: [assign(AMY, '2026-12-28', 'am')] });
    state.sites = state.sites.map((s) => (s.id === MAIN ? { ...s, openOnBankHolidays: true } : s));
    expect(only(validateRota(state), 'rota.bank_holiday')).toEqual([]);
  });

  it('flags a session the site does not run (a Saturday, an evening at the branch)', () => {
    const c = validateRota(rotaState({ assignments: [assign(AMY, '2026-01-17', 'am'), assign(AMY, '2026-01-13', 'eve', 'EXT', BRANCH), assign(AMY, '2026-01-13', 'eve', 'EXT', MAIN)] }));
    expect(only(c, 'rota.site_closed').map((x) => x.message).sort()).toEqual([
      'Branch Surgery does not run an evening session on Tue 13 Jan, but Dr Amy Lee is assigned there',
      'Main Surgery does not run an AM session on Sat 17 Jan, but Dr Amy Lee is assigned there',
    ]);
  });

  it('flags assignments outside employment dates, archived people and unknown references', () => {
    const people = [...staff, person(uid(299), { displayName: 'Eve Ray', startDate: '2026-02-01', endDate: '2026-02-28' }), person(uid(298), { displayName: 'Old Tim', archived: true })];
    const c = validateRota(
      rotaState({
        staff: people,
        assignments: [assign(uid(299), '2026-01-30', 'am'), assign(uid(299), '2026-03-02', 'am'), assign(uid(299), '2026-02-02', 'am'), assign(uid(298), '2026-02-02', 'am'), assign(uid(297), '2026-02-02', 'am')],
      }),
    );
    expect(only(c, 'rota.not_employed').map((x) => x.message).sort()).toEqual([
      'Eve Ray is assigned on Fri 30 Jan AM but starts on Sun 1 Feb 2026',
      'Eve Ray is assigned on Mon 2 Mar AM but left on Sat 28 Feb 2026',
      'Old Tim is archived but assigned on Mon 2 Feb AM',
    ]);
    expect(only(c, 'rota.unknown_reference').map((x) => x.message)).toEqual(['The assignment on Mon 2 Feb AM refers to a person who is not in the staff list']);
  });
});

describe('duties that need a role or competency', () => {
  it('duty doctor needs the duty doctor competency', () => {
    const c = validateRota(rotaState({ assignments: [assign(BEN, '2026-01-12', 'am', 'DD'), assign(AMY, '2026-01-12', 'am', 'DD')] }));
    expect(only(c, 'rota.missing_competency').map((x) => x.message)).toEqual(['Ben Cole cannot do Duty doctor on Mon 12 Jan AM: it needs the duty doctor competency']);
  });

  it('nurse clinic needs a nursing role; HCA clinic needs the nursing team', () => {
    const c = validateRota(rotaState({ assignments: [assign(BEN, '2026-01-12', 'am', 'NC'), assign(CARA, '2026-01-12', 'am', 'NC'), assign(AMY, '2026-01-12', 'pm', 'HCA'), assign(BEN, '2026-01-12', 'pm', 'HCA')] }));
    expect(only(c, 'rota.missing_role').map((x) => x.message).sort()).toEqual([
      'Ben Cole (healthcare assistant) cannot do Nurse clinic on Mon 12 Jan AM: it needs a practice nurse, practice nurse (ARRS), advanced nurse practitioner or nursing associate',
      'Dr Amy Lee (GP partner) cannot do HCA clinic on Mon 12 Jan PM: it needs someone from the nursing team',
    ]);
  });
});

describe('contracted sessions and hours in a week', () => {
  it('warns when a sessional GP has more sessions than contracted in a week spanning a month end', () => {
    const gp = person(uid(290), { displayName: 'Dr Fay Odd', contract: { kind: 'sessions', amount: 6 } });
    // Mon 30 Mar to Thu 2 Apr 2026 (Good Friday 3 Apr is a bank holiday).
    const dates = ['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02'];
    const a = dates.flatMap((d) => [assign(gp.id, d, 'am'), assign(gp.id, d, 'pm')]).slice(0, 7);
    const d = only(validateRota(rotaState({ staff: [...staff, gp], assignments: a })), 'rota.over_contract');
    expect(d).toHaveLength(1);
    expect(d[0]?.severity).toBe('warning');
    expect(d[0]?.message).toBe('Dr Fay Odd has 7 sessions in the week of Mon 30 Mar; contracted for 6');
    expect(d[0]?.cells).toHaveLength(7);
  });

  it('counts hours from the site session lengths for an hours contract', () => {
    // Ben: 20 h. AM 4 h 30 + PM 5 h + AM 4 h 30 = 14 h: fine; add two PMs: 24 h: over.
    const ok = [assign(BEN, '2026-01-12', 'am'), assign(BEN, '2026-01-12', 'pm'), assign(BEN, '2026-01-13', 'am')];
    expect(only(validateRota(rotaState({ assignments: ok })), 'rota.over_contract')).toEqual([]);
    const over = [...ok, assign(BEN, '2026-01-13', 'pm'), assign(BEN, '2026-01-14', 'pm', 'ADM')];
    const d = only(validateRota(rotaState({ assignments: over })), 'rota.over_contract');
    expect(d.map((x) => x.message)).toEqual(['Ben Cole has 24 h in the week of Mon 12 Jan; contracted for 20 h']);
  });
});

describe('Working Time: 48-hour average over a rolling 17-week reference period', () => {
  // AM 4.5 + PM 5 + evening 1.5 = 11 h a day; five days = 55 h a week at the main site
  // (evenings only on Tue/Thu there, so give the main site evenings every weekday here).
  const sessions: SiteSessionTimes[] = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).flatMap((weekday) => [
    { siteId: MAIN, weekday, session: 'am' as const, start: '08:00', end: '12:30' },
    { siteId: MAIN, weekday, session: 'pm' as const, start: '13:30', end: '18:30' },
    { siteId: MAIN, weekday, session: 'eve' as const, start: '18:30', end: '20:00' },
  ]);
  const weeksOfLongDays = (weeks: number) => {
    const out = [];
    for (let w = 0; w < weeks; w++) {
      for (let d = 0; d < 5; d++) {
        const date = new Date(Date.UTC(2026, 0, 5 + w * 7 + d)).toISOString().slice(0, 10);
        out.push(assign(DEV, date, 'am'), assign(DEV, date, 'pm'), assign(DEV, date, 'eve', 'EXT'));
      }
    }
    return out;
  };
  const settings = { ...DEFAULT_ROTA_SETTINGS, maxConsecutiveWorkingDays: 13 };

  it('is an error once the average over the 17 weeks ending a week passes 48 hours', () => {
    const c = validateRota(rotaState({ settings, siteSessions: sessions, assignments: weeksOfLongDays(17) }));
    const d = only(c, 'rota.wtr_average');
    // 17 weeks of 55 h: only the 17th week's window is full (16 x 55 / 17 = 51.8 > 48 too).
    expect(d.length).toBeGreaterThanOrEqual(1);
    expect(d.every((x) => x.severity === 'error')).toBe(true);
    const last = d.find((x) => x.id.endsWith('|2026-04-27'));
    expect(last?.message).toBe('Dr Dev Shah averages 55.0 hours a week over the 17 weeks to Sun 3 May (at most 48)');
    expect(last?.cells).toHaveLength(15);
  });

  it('is not flagged for a short run of long weeks that averages under 48', () => {
    const c = validateRota(rotaState({ settings, siteSessions: sessions, assignments: weeksOfLongDays(14) }));
    // 14 x 55 / 17 = 45.3 h.
    expect(only(c, 'rota.wtr_average')).toEqual([]);
  });
});

describe('11 hours rest between an evening and the next morning', () => {
  const weekend = (eveEnd: string): SiteSessionTimes[] => [
    { siteId: MAIN, weekday: 'sat', session: 'eve', start: '18:30', end: eveEnd },
    { siteId: MAIN, weekday: 'sun', session: 'am', start: '08:00', end: '12:30' },
    { siteId: MAIN, weekday: 'tue', session: 'eve', start: '18:30', end: eveEnd },
    { siteId: MAIN, weekday: 'wed', session: 'am', start: '08:00', end: '12:30' },
  ];

  it('flags under 11 hours on an ordinary night and not 12 hours', () => {
    const late = validateRota(rotaState({ siteSessions: weekend('21:30'), assignments: [assign(AMY, '2026-01-13', 'eve', 'EXT'), assign(AMY, '2026-01-14', 'am')] }));
    expect(only(late, 'rota.short_rest').map((x) => x.message)).toEqual(['Dr Amy Lee has 10 h 30 min rest between Tue 13 Jan evening and Wed 14 Jan AM (at least 11 h needed)']);
    const fine = validateRota(rotaState({ siteSessions: weekend('20:00'), assignments: [assign(AMY, '2026-01-13', 'eve', 'EXT'), assign(AMY, '2026-01-14', 'am')] }));
    expect(only(fine, 'rota.short_rest')).toEqual([]);
  });

  it('counts the hour lost when the clocks go forward (Sun 29 March 2026)', () => {
    // 21:00 GMT Saturday to 08:00 BST Sunday is 10 hours, not 11.
    const spring = validateRota(rotaState({ siteSessions: weekend('21:00'), assignments: [assign(AMY, '2026-03-28', 'eve', 'EXT'), assign(AMY, '2026-03-29', 'am')] }));
    expect(only(spring, 'rota.short_rest').map((x) => x.message)).toEqual(['Dr Amy Lee has 10 h rest between Sat 28 Mar evening and Sun 29 Mar AM (at least 11 h needed)']);
    expect(only(spring, 'rota.short_rest')[0]?.cells).toEqual([
      { kind: 'staff', staffId: AMY, date: '2026-03-28', session: 'eve' },
      { kind: 'staff', staffId: AMY, date: '2026-03-29', session: 'am' },
    ]);
    // The same times a week earlier are exactly 11 hours: fine.
    const before = validateRota(rotaState({ siteSessions: weekend('21:00'), assignments: [assign(AMY, '2026-03-21', 'eve', 'EXT'), assign(AMY, '2026-03-22', 'am')] }));
    expect(only(before, 'rota.short_rest')).toEqual([]);
  });

  it('counts the hour gained when the clocks go back (Sun 25 October 2026)', () => {
    // 21:30 BST Saturday to 08:00 GMT Sunday is 11 h 30 min, though the clock says 10 h 30.
    const autumn = validateRota(rotaState({ siteSessions: weekend('21:30'), assignments: [assign(AMY, '2026-10-24', 'eve', 'EXT'), assign(AMY, '2026-10-25', 'am')] }));
    expect(only(autumn, 'rota.short_rest')).toEqual([]);
    const ordinary = validateRota(rotaState({ siteSessions: weekend('21:30'), assignments: [assign(AMY, '2026-10-17', 'eve', 'EXT'), assign(AMY, '2026-10-18', 'am')] }));
    expect(only(ordinary, 'rota.short_rest')).toHaveLength(1);
  });
});

describe('usual non-working days', () => {
  it('warns when someone works a weekday they do not usually work', () => {
    const c = validateRota(rotaState({ assignments: [assign(BEN, '2026-01-12', 'am'), assign(BEN, '2026-01-14', 'am'), assign(BEN, '2026-01-14', 'pm')] }));
    const d = only(c, 'rota.usual_day_off');
    expect(d.map((x) => x.message)).toEqual(['Ben Cole does not usually work on Wednesdays but is assigned on Wed 14 Jan']);
    expect(d[0]?.severity).toBe('warning');
    expect(d[0]?.cells).toHaveLength(2);
  });

  it('says nothing for people whose usual sessions are not recorded', () => {
    expect(only(validateRota(rotaState({ assignments: [assign(AMY, '2026-01-14', 'am')] })), 'rota.usual_day_off')).toEqual([]);
  });
});

describe('consecutive working days', () => {
  it('flags a run longer than the setting across a month end, pointing at the days past the limit', () => {
    const sessions: SiteSessionTimes[] = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((weekday) => ({ siteId: MAIN, weekday, session: 'am' as const, start: '08:00', end: '12:30' }));
    const days = ['2026-01-27', '2026-01-28', '2026-01-29', '2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02', '2026-02-03'];
    const c = validateRota(rotaState({ siteSessions: sessions, assignments: days.map((d) => assign(CARA, d, 'am', 'NC')) }));
    const d = only(c, 'rota.consecutive_days');
    expect(d.map((x) => x.message)).toEqual(['Cara Patel works 8 days in a row, Tue 27 Jan to Tue 3 Feb (at most 6)']);
    expect(d[0]?.cells).toEqual([
      { kind: 'staff', staffId: CARA, date: '2026-02-02', session: null },
      { kind: 'staff', staffId: CARA, date: '2026-02-03', session: null },
    ]);
    const six = validateRota(rotaState({ siteSessions: sessions, assignments: days.slice(0, 6).map((d) => assign(CARA, d, 'am', 'NC')) }));
    expect(only(six, 'rota.consecutive_days')).toEqual([]);
  });
});

describe('named lead and deputy both absent', () => {
  const lead = { id: uid(400), leadType: 'safeguarding_children', leadStaffId: AMY, deputyStaffId: DEV, from: '2025-04-01', to: null };

  it('flags a working day both are on leave, down to the half day', () => {
    const c = validateRota(
      rotaState({
        namedLeads: [lead],
        leave: [leave(AMY, '2026-02-09', '2026-02-13'), leave(DEV, '2026-02-11', '2026-02-11', { startHalf: 'am', endHalf: 'am' }), leave(DEV, '2026-02-13', '2026-02-16')],
      }),
    );
    const d = only(c, 'rota.leads_absent');
    expect(d.map((x) => x.message)).toEqual([
      'Safeguarding lead (children): Dr Amy Lee and deputy Dr Dev Shah are both on leave on Wed 11 Feb AM',
      'Safeguarding lead (children): Dr Amy Lee and deputy Dr Dev Shah are both on leave on Fri 13 Feb',
    ]);
    expect(d[1]?.cells).toEqual([
      { kind: 'staff', staffId: AMY, date: '2026-02-13', session: null },
      { kind: 'staff', staffId: DEV, date: '2026-02-13', session: null },
    ]);
  });

  it('ignores weekends, bank holidays and leads not yet in post', () => {
    const c = validateRota(
      rotaState({
        namedLeads: [lead, { ...lead, id: uid(401), from: '2026-06-01' }],
        leave: [leave(AMY, '2026-04-03', '2026-04-06'), leave(DEV, '2026-04-03', '2026-04-06'), leave(AMY, '2026-05-11', '2026-05-11'), leave(DEV, '2026-05-11', '2026-05-11')],
      }),
    );
    // 3 Apr Good Friday, 4-5 Apr weekend, 6 Apr Easter Monday: no working day. 11 May: only the lead in post.
    expect(only(c, 'rota.leads_absent').map((x) => x.id)).toEqual([`rota.leads_absent|${uid(400)}|2026-05-11`]);
  });
});

describe('coverage rules', () => {
  const rule = { id: uid(500), siteId: MAIN, weekday: 'mon' as const, session: 'am' as const, dutyId: dutyId('DD'), roleGroup: null, min: 1, max: 1 };
  const nurses = { id: uid(501), siteId: MAIN, weekday: 'mon' as const, session: 'pm' as const, dutyId: null, roleGroup: 'nursing' as const, min: 2, max: null };

  it('flags a session short of its minimum and one over its maximum', () => {
    const c = validateRota(rotaState({ range: { from: '2026-01-12', to: '2026-01-19' }, coverageRules: [rule], assignments: [assign(AMY, '2026-01-19', 'am', 'DD'), assign(DEV, '2026-01-19', 'am', 'DD')] }));
    expect(only(c, 'rota.coverage_short').map((x) => x.message)).toEqual(['Main Surgery on Mon 12 Jan AM: 0 of at least 1 on Duty doctor']);
    expect(only(c, 'rota.coverage_over').map((x) => x.message)).toEqual(['Main Surgery on Mon 19 Jan AM: 2 on Duty doctor, at most 1']);
    expect(only(c, 'rota.coverage_short')[0]?.cells).toEqual([{ kind: 'coverage', siteId: MAIN, date: '2026-01-12', session: 'am', coverageRuleId: uid(500) }]);
  });

  it('counts a role group on any duty, not people on leave, and not closed bank holidays', () => {
    const c = validateRota(
      rotaState({
        range: { from: '2026-05-18', to: '2026-05-25' },
        coverageRules: [nurses],
        leave: [leave(CARA, '2026-05-18', '2026-05-18', { startHalf: 'pm', endHalf: 'pm' })],
        assignments: [assign(CARA, '2026-05-18', 'pm', 'NC'), assign(BEN, '2026-05-18', 'pm', 'HCA')],
      }),
    );
    // 18 May: Ben counts, Cara is on leave -> 1 of 2. 25 May is the spring bank holiday.
    expect(only(c, 'rota.coverage_short').map((x) => x.message)).toEqual(['Main Surgery on Mon 18 May PM: 1 of at least 2 on nursing team']);
  });
});

describe('the validator under edits', () => {
  it('approving leave reports what it breaks, and declining it takes that back', () => {
    const rule = { id: uid(510), siteId: MAIN, weekday: 'wed' as const, session: 'am' as const, dutyId: dutyId('DD'), roleGroup: null, min: 1, max: null };
    const dd = assign(AMY, '2026-01-14', 'am', 'DD');
    const v = new RotaValidator(rotaState({ range: { from: '2026-01-12', to: '2026-01-16' }, coverageRules: [rule], assignments: [dd] }));
    expect(v.conflicts()).toEqual([]);
    const request = leave(AMY, '2026-01-14', '2026-01-14', { startHalf: 'am', endHalf: 'am', status: 'requested' });
    expect(v.applyEdit({ kind: 'upsertLeave', leave: request })).toEqual({ added: [], removed: [] });
    const approved = v.applyEdit({ kind: 'upsertLeave', leave: { ...request, status: 'approved' } });
    expect(approved.added.map((c) => c.message).sort()).toEqual([
      'Dr Amy Lee is on approved annual leave (AM half day) but assigned on Wed 14 Jan AM',
      'Main Surgery on Wed 14 Jan AM: 0 of at least 1 on Duty doctor',
    ]);
    expect(v.conflictsForCell(AMY, '2026-01-14', 'am').map((c) => c.ruleId)).toEqual(['rota.on_leave']);
    const declined = v.applyEdit({ kind: 'upsertLeave', leave: { ...request, status: 'declined' } });
    expect(declined.removed.map((c) => c.ruleId).sort()).toEqual(['rota.coverage_short', 'rota.on_leave']);
    expect(v.conflicts()).toEqual([]);
  });

  it('moving a cell re-checks both where it was and where it went', () => {
    const a = assign(AMY, '2026-01-13', 'am');
    const v = new RotaValidator(rotaState({ assignments: [a, assign(AMY, '2026-01-14', 'am')] }));
    const moved = v.applyEdit({ kind: 'upsertAssignment', assignment: { ...a, date: '2026-01-14' } });
    expect(moved.added.map((c) => c.message)).toEqual(['Dr Amy Lee is double-booked on Wed 14 Jan AM']);
    const back = v.applyEdit({ kind: 'upsertAssignment', assignment: a });
    expect(back.removed.map((c) => c.ruleId)).toEqual(['rota.double_booked']);
    expect(v.conflicts()).toEqual([]);
  });
});
