/**
 * A practice of 60 staff, 2 sites and a year of rota (about 30,000 assignments) with
 * leave, coverage rules and named leads, entered THROUGH THE REAL CORE: every row goes in
 * by a contract channel (practice.setup, staff.create, rota.apply in batches, leave.request
 * and leave.decide, rota.coverage.save, leads.save), so the benchmark measures data the
 * app itself wrote. The data is the rota engine's seeded year (shared/rota/scenario.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatchSync } from '../electron/core/dispatch';
import { PracticeCore, type Session } from '../electron/core/practice-core';
import type { Clock } from '../electron/core/clock';
import type { Channel } from '../shared/channels';
import type { InputOf, OutputOf } from '../shared/contract';
import type { CellOp } from '../shared/contract/rota';
import { MAX_BATCH_OPS } from '../shared/contract/rota';
import { competencyRefusal } from '../shared/domain/competencies';
import { makeYearScenario } from '../shared/rota/scenario';

export interface RotaYear {
  core: PracticeCore;
  session: Session;
  year: number;
  staff: number;
  assignments: number;
  leave: { requested: number; approved: number; declined: number; refusedOverlap: number };
  coverageRules: number;
  namedLeads: number;
  ms: number;
}

/** Seeds into `dataDir` (null = in memory). The core is returned open, signed in as the practice manager. */
export function seedRotaYear(dataDir: string | null, opts: { seed?: number; clock?: Clock } = {}): RotaYear {
  const t0 = performance.now();
  const scenario = makeYearScenario(opts.seed ?? 1);
  const clock = opts.clock ? { clock: opts.clock } : {};
  const core =
    dataDir === null
      ? new PracticeCore({ dataDir: null, purpose: 'rota benchmark setup', ...clock })
      : new PracticeCore({ dataDir, create: 'ifMissing', purpose: 'rota benchmark setup', ...clock });
  const session: Session = { profileId: null };
  const call = <C extends Channel>(channel: C, input: InputOf<C>): OutputOf<C> => {
    const env = dispatchSync(core, channel, input, session);
    if (!env.ok) throw new Error(`${channel}: ${env.error.message} ${JSON.stringify(env.error.fieldErrors ?? {})}`);
    return env.value as OutputOf<C>;
  };
  const [mainSpec, branchSpec] = scenario.sites;
  if (!mainSpec || !branchSpec) throw new Error('the scenario has two sites');
  const status = call('practice.setup', {
    name: 'Benchmark Medical Practice',
    odsCode: 'Z99002',
    listSize: 18_000,
    sites: [{ name: mainSpec.name }, { name: branchSpec.name }],
    manager: { givenName: 'Bench', familyName: 'Manager' },
  });
  const sites = status.practice?.sites ?? [];
  const siteId = new Map(scenario.sites.map((s, i) => [s.id, sites[i]?.id ?? '']));

  // Session times as the scenario runs them (the main site's evenings).
  const range0 = call('rota.range', { from: `${scenario.year}-01-05`, to: `${scenario.year}-01-05` });
  for (const site of range0.sites) {
    const specId = [...siteId].find(([, real]) => real === site.id)?.[0];
    const sessions = scenario.siteSessions.filter((t) => t.siteId === specId).map((t) => ({ weekday: t.weekday, session: t.session, start: t.start, end: t.end }));
    call('rota.sessionTimes.save', { siteId: site.id, openOnBankHolidays: false, sessions, expectedUpdatedAt: site.sessionsUpdatedAt });
  }
  const dutyByCode = new Map(range0.duties.map((d) => [d.code, d.id]));
  const dutyId = new Map(scenario.duties.map((d) => [d.id, dutyByCode.get(d.code) ?? '']));

  const staffId = new Map<string, string>();
  scenario.staff.forEach((s, i) => {
    const created = call('staff.create', {
      givenName: 'Staff',
      familyName: String(i + 1).padStart(2, '0'),
      roleId: s.roleId,
      contract: s.contract,
      usualSessions: s.usualSessions.filter((u): u is { day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri'; period: 'am' | 'pm' } => u.period !== 'eve' && u.day !== 'sun' && u.day !== 'sat'),
      siteIds: s.siteIds.map((id) => siteId.get(id) ?? ''),
      professionalBody: null,
      registrationNumber: null,
      startDate: s.startDate,
      endDate: s.endDate,
      competencies: s.competencies.filter((c) => competencyRefusal(c, s.roleId) === null),
      email: null,
    });
    staffId.set(s.id, created.id);
  });

  const ops: CellOp[] = scenario.assignments.map((a) => ({
    op: 'set',
    staffId: staffId.get(a.staffId) ?? '',
    date: a.date,
    session: a.session,
    siteId: siteId.get(a.siteId) ?? '',
    dutyId: dutyId.get(a.dutyId) ?? '',
    status: a.status,
    replaces: null,
  }));
  for (let i = 0; i < ops.length; i += MAX_BATCH_OPS) call('rota.apply', { ops: ops.slice(i, i + MAX_BATCH_OPS), action: 'Import' });

  const leave = { requested: 0, approved: 0, declined: 0, refusedOverlap: 0 };
  for (const l of scenario.leave) {
    const env = dispatchSync(
      core,
      'leave.request',
      { staffId: staffId.get(l.staffId) ?? '', type: l.type, startDate: l.startDate, startHalf: l.startHalf, endDate: l.endDate, endHalf: l.endHalf, note: l.note },
      session,
    );
    if (!env.ok) {
      // The scenario draws leave at random; the core refuses overlapping leave, as it should.
      if (/overlaps/.test(env.error.message)) {
        leave.refusedOverlap++;
        continue;
      }
      throw new Error(`leave.request: ${env.error.message}`);
    }
    const req = env.value as OutputOf<'leave.request'>;
    if (l.status === 'requested') leave.requested++;
    else {
      call('leave.decide', { id: req.id, expectedUpdatedAt: req.updatedAt, decision: l.status === 'approved' ? 'approve' : 'decline', overrideBalance: true });
      leave[l.status]++;
    }
  }

  for (const r of scenario.coverageRules) {
    call('rota.coverage.save', {
      siteId: siteId.get(r.siteId) ?? '',
      weekday: r.weekday,
      session: r.session,
      dutyId: r.dutyId === null ? null : (dutyId.get(r.dutyId) ?? ''),
      roleGroup: r.roleGroup,
      min: r.min,
      max: r.max,
    });
  }
  const types = call('leads.register', {}).types;
  let namedLeads = 0;
  for (const l of scenario.namedLeads) {
    const type = types.find((t) => t.code === l.leadType);
    if (!type) continue;
    call('leads.save', {
      leadTypeId: type.id,
      leadStaffId: l.leadStaffId ? (staffId.get(l.leadStaffId) ?? null) : null,
      deputyStaffId: l.deputyStaffId ? (staffId.get(l.deputyStaffId) ?? null) : null,
      from: l.from,
      to: l.to,
    });
    namedLeads++;
  }
  return {
    core,
    session,
    year: scenario.year,
    staff: scenario.staff.length,
    assignments: ops.length,
    leave,
    coverageRules: scenario.coverageRules.length,
    namedLeads,
    ms: performance.now() - t0,
  };
}

/**
 * rota.validate_year.ms: a full validation of the seeded year through the rota feature's
 * own path (loading every row from SQLite into the rules engine and validating), median
 * of `runs` after one warm-up.
 */
export function timeValidateYear(core: PracticeCore, runs = 5): { medianMs: number; medianCpuMs: number; firstMs: number; conflicts: number } {
  const times: number[] = [];
  const cpu: number[] = [];
  let conflicts = 0;
  for (let i = 0; i <= runs; i++) {
    core.rota.invalidate();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    conflicts = core.rota.validator().conflicts().length;
    times.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { firstMs: times[0] ?? 0, medianMs: median(times.slice(1)), medianCpuMs: median(cpu.slice(1)), conflicts };
}

/** The seeded year in a fresh temporary data folder (closed again), for a web host to open. */
export function seedRotaYearDir(seed = 1): { dir: string; year: RotaYear } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-bench-rota-'));
  const year = seedRotaYear(dir, { seed });
  year.core.close();
  return { dir, year };
}

/** Reading four weeks of the seeded year in the core (the rota.range handler, no transport), median of `runs`. */
export function timeRange4w(core: PracticeCore, runs = 15): number {
  core.rota.validator();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const from = `2026-0${3 + (i % 6)}-02`;
    const to = `2026-0${3 + (i % 6)}-29`;
    const t0 = performance.now();
    core.rota.range(from, to);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}
