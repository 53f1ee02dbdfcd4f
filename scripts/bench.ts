/**
 * `npm run bench -- [--json] [--runs N]`: measures the code users run - the built web
 * host, the built UI, the real SQLite core - in the system Chromium.
 * With --json it prints one {"name","value","unit"} object per line; --only sync, ui,
 * protocols, rota or rota-ui runs one part (hub publish and sync; the UI in Chromium; the
 * protocol inbox and diff in Chromium over a real hub sync; the rota's validation and reads
 * in Node; only the rota grid in Chromium, the same measures as in ui).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PracticeCore } from '../electron/core/practice-core';
import { dispatch } from '../electron/core/dispatch';
import { SYSTEM_ACTOR } from '../electron/core/features/audit/log';
import { ROLES } from '../shared/domain/roles';
import { Hub } from '../hub/src/hub';
import { afterTwoFrames, ensurePaintProbe } from './paint-probe';
import { openRota, openStaffAsBenchManager, scrollRota } from './rota-measure';
import { seedRotaYear, seedRotaYearDir, timeRange4w, timeValidateYear } from './rota-year';
import { timeAutofill4w } from './roster-autofill-bench';
import { startHubServer } from '../hub/src/server';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, startHost, type Host } from './bench-host';
import type { SyncResult } from '../shared/contract/sync';

interface Result {
  name: string;
  value: number;
  unit: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

/** A demo practice, topped up to `total` staff through the real core. */
function makePractice(total: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-bench-'));
  const core = new PracticeCore({ dataDir: dir, create: 'ifMissing', purpose: 'benchmark setup' });
  try {
    core.loadDemo();
    const sites = core.status({ profileId: null }).practice?.sites.map((s) => s.id) ?? [];
    const have = core.staff.repo.list(false).length;
    const given = ['Alex', 'Sam', 'Jo', 'Kim', 'Lee', 'Max', 'Ash', 'Ray', 'Pat', 'Robin', 'Jamie', 'Morgan'];
    const family = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hughes'];
    const unregistered = ROLES.filter((r) => r.bodies.length === 0);
    core.db.transaction(() => {
      for (let i = have; i < total; i++) {
        const role = unregistered[i % unregistered.length];
        if (!role) throw new Error('no roles');
        core.staff.add(
          {
            givenName: `${given[i % given.length]}`,
            familyName: `${family[Math.floor(i / given.length) % family.length]}-${i}`,
            roleId: role.id,
            contract: { kind: 'hours', amount: 7.5 + (i % 30) },
            usualSessions: [{ day: 'mon', period: 'am' }],
            siteIds: [sites[i % sites.length] ?? ''],
            professionalBody: null,
            registrationNumber: null,
            startDate: '2024-04-01',
            endDate: null,
            competencies: [],
            email: null,
          },
          SYSTEM_ACTOR,
        );
      }
    })();
  } finally {
    core.close();
  }
  return dir;
}

/** Signs in as the demo practice manager and waits for the staff list to paint. */
async function openStaffPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: /Samira Holt/ }).click();
  await page.goto(url.replace(/#.*$/, '#/staff'));
  await page.locator('[data-testid="staff-row"]').first().waitFor({ state: 'visible' });
}

async function firstPaint(browser: Browser, runs: number): Promise<Result> {
  const template = makePractice(26);
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-bench-run-'));
      fs.copyFileSync(path.join(template, 'spoke.db'), path.join(dir, 'spoke.db'));
      const context = await browser.newContext();
      const page = await context.newPage();
      const t0 = performance.now();
      const host = await startHost(dir);
      try {
        await openStaffPage(page, host.url);
        // The row is in the DOM and visible; wait for the frame that shows it.
        await afterTwoFrames(page);
        times.push(performance.now() - t0);
      } finally {
        await context.close();
        await host.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    fs.rmSync(template, { recursive: true, force: true });
  }
  return { name: 'webhost.first_paint.ms', value: round(median(times)), unit: 'ms' };
}

async function filterPerKeystroke(browser: Browser): Promise<Result[]> {
  const dir = makePractice(500);
  const host = await startHost(dir);
  const context = await browser.newContext();
  // tsx compiles this file with keepNames, which wraps named functions in __name();
  // the page has no such helper, so give it an identity one.
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  try {
    const page = await context.newPage();
    await openStaffPage(page, host.url);
    const search = page.getByRole('searchbox', { name: 'Search staff' }).or(page.getByLabel('Search staff'));
    await search.first().focus();
    const shown = await page.locator('[data-testid="staff-row"]').count();
    // In the page: for each keystroke set the value as typing does and dispatch the input
    // event React listens to; then time (a) until React has committed (a macrotask after
    // the event, so its microtask flush is included) and (b) until just after the next
    // frame is painted (requestAnimationFrame, then a message posted from it runs once
    // that frame's style, layout and paint are done).
    await ensurePaintProbe(page);
    const samples = await page.evaluate(async (queries: string[]) => {
      const input = document.activeElement as HTMLInputElement;
      // React tracks the value property, so set it through the prototype as typing would.
      const descriptor = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
      const setValue = (v: string) => descriptor?.set?.call(input, v);
      const afterTask = () => new Promise<void>((r) => setTimeout(r, 0));
      const afterNextPaint = window.spokeAfterNextPaint;
      if (!afterNextPaint) throw new Error('no paint probe');
      const paint: number[] = [];
      const script: number[] = [];
      for (const q of queries) {
        for (let i = 1; i <= q.length; i++) {
          await afterNextPaint(); // start each keystroke on a quiet frame
          const t0 = performance.now();
          setValue(q.slice(0, i));
          input.dispatchEvent(new InputEvent('input', { bubbles: true, data: q[i - 1] ?? null, inputType: 'insertText' }));
          const painted = afterNextPaint();
          await afterTask();
          script.push(performance.now() - t0);
          await painted;
          paint.push(performance.now() - t0);
        }
        setValue('');
        input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
        await afterNextPaint();
      }
      return { paint, script };
    }, ['smith', 'nurse', 'walker-4', 'gp partner', 'ro', 'hughes-49']);
    const total = await page.evaluate(() => document.querySelectorAll('[data-testid="staff-row"]').length);
    if (total === 0 && shown === 0) throw new Error('staff list never rendered');
    const p95 = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0);
    return [
      { name: 'staff.filter.500.ms', value: round(median(samples.paint)), unit: 'ms' },
      { name: 'staff.filter.500.p95.ms', value: p95(samples.paint), unit: 'ms' },
      { name: 'staff.filter.500.script.ms', value: round(median(samples.script)), unit: 'ms' },
    ];
  } finally {
    await context.close();
    await host.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A content folder of `n` policies of about 5 KB each, plus the demo catalogues. */
function makeContent(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-bench-content-'));
  const demo = path.join(ROOT, 'hub', 'demo-content');
  for (const f of fs.readdirSync(demo)) if (f.endsWith('.yaml')) fs.copyFileSync(path.join(demo, f), path.join(dir, f));
  fs.mkdirSync(path.join(dir, 'policies'));
  const paragraph = (i: number, k: number) =>
    `Section ${k} of policy ${i}. Staff check the patient's identity, explain what will happen and record the decision in the clinical record, with the reason and who was involved. Escalate to the duty doctor when in doubt.`;
  for (let i = 0; i < n; i++) {
    const body = Array.from({ length: 24 }, (_, k) => paragraph(i, k)).join('\n\n');
    fs.writeFileSync(
      path.join(dir, 'policies', `p${i}.md`),
      `---\nid: bench-policy-${i}\ntitle: Benchmark policy ${i}\ncategory: Clinical\nmandatory: ${i % 3 === 0}\neffective: 2026-01-05\nreview: 2027-01-05\n---\n${body}\n`,
    );
  }
  return dir;
}

/** Publishing 2,000 policies, then a first, an unchanged and an incremental sync over loopback. */
async function hubSync(): Promise<Result[]> {
  const content = makeContent(2000);
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-bench-hub-'));
  const practiceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-bench-practice-'));
  let server: ReturnType<typeof spawn> | null = null;
  try {
    const hub = new Hub(hubDir);
    const t0 = performance.now();
    hub.publish(content);
    const publishMs = performance.now() - t0;
    hub.close();
    // The hub in its own process, as in real use: the practice's sync does not share its event loop.
    server = spawn(process.execPath, [path.join(ROOT, 'dist', 'node', 'hub.mjs'), 'serve', '--data', hubDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server?.stdout?.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /at (http:\/\/\S+) /.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      server?.on('exit', () => reject(new Error(`hub exited: ${out}`)));
    });
    const code = (() => {
      const h = new Hub(hubDir);
      try {
        return h.enrol('Z99001', 'Bench practice', url).code;
      } finally {
        h.close();
      }
    })();
    const core = new PracticeCore({ dataDir: practiceDir, create: 'ifMissing', purpose: 'bench' });
    try {
      core.loadDemo();
      await core.sync.enrol(code, null);
      const expect = (r: SyncResult, outcome: SyncResult['outcome']): SyncResult => {
        if (r.outcome !== outcome) throw new Error(`sync: expected ${outcome}, got ${r.outcome}: ${r.message}`);
        return r;
      };
      const t1 = performance.now();
      const first = expect(await core.sync.syncNow(null), 'synced');
      const firstMs = performance.now() - t1;
      const noop: number[] = [];
      for (let i = 0; i < 9; i++) {
        const t = performance.now();
        expect(await core.sync.syncNow(null), 'up-to-date');
        noop.push(performance.now() - t);
      }
      const file = path.join(content, 'policies', 'p1234.md');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Escalate to the duty doctor', 'Escalate to the duty clinician'));
      const h = new Hub(hubDir);
      try {
        h.publish(content);
      } finally {
        h.close();
      }
      const second = expect(await core.sync.syncNow(null), 'synced');
      if (second.changes.length !== 1) throw new Error(`expected one change, got ${second.changes.length}`);
      return [
        { name: 'sync.first_2000.ms', value: round(firstMs), unit: 'ms' },
        { name: 'sync.first_2000.bytes', value: first.bytes, unit: 'bytes' },
        { name: 'sync.noop.ms', value: round(median(noop)), unit: 'ms' },
        { name: 'sync.incremental.bytes_ratio', value: Math.round((second.bytes / first.bytes) * 10000) / 10000, unit: 'ratio' },
        { name: 'hub.publish_2000.ms', value: round(publishMs), unit: 'ms' },
      ];
    } finally {
      core.close();
    }
  } finally {
    server?.kill('SIGTERM');
    for (const d of [content, hubDir, practiceDir]) fs.rmSync(d, { recursive: true, force: true });
  }
}

/**
 * The rota in the browser, on the seeded year served by the real web host:
 * - rota.open_4w.ms: a click on Rota (from the painted staff page) to the 4-week grid
 *   painted with its duty codes and coverage rows, median of `runs` fresh tabs;
 * - rota.edit.ms: one cell typed (Enter on the code) to the frame painted with the cell,
 *   the coverage rows and the conflicts revalidated (the UI's incremental rules engine;
 *   the save to the core follows in the background), median of 30 edits;
 * - rota.scroll.frame_p95.ms: scrolling the 4-week grid of 60 staff down and across, each
 *   frame's time from its start to just after its paint, 95th percentile of 240 frames.
 */
async function rotaInBrowser(browser: Browser, runs: number): Promise<Result[]> {
  const { dir, year } = seedRotaYearDir();
  const host = await startHost(dir);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  // The seeded year is 2026: click the Rota link when today falls in it, else open the rota at 2 March 2026.
  const linkWorks = new Date().getFullYear() === year.year;
  try {
    const open: number[] = [];
    let page: Page | null = null;
    for (let i = 0; i < runs; i++) {
      if (page) await page.close();
      page = await context.newPage();
      await openStaffAsBenchManager(page, host.url);
      open.push(await openRota(page, linkWorks));
    }
    if (!page) throw new Error('no runs');
    await page.locator('[data-testid="rota-grid"] [data-active="true"]').click();
    await ensurePaintProbe(page);
    const edit = await page.evaluate(async () => {
      const afterTask = () => new Promise<void>((r) => setTimeout(r, 0));
      const painted = window.spokeAfterNextPaint;
      if (!painted) throw new Error('no paint probe');
      const descriptor = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
      const paint: number[] = [];
      const script: number[] = [];
      for (let i = 0; i < 30; i++) {
        const cell = document.querySelector<HTMLElement>('[data-testid="rota-grid"] [data-active="true"]');
        if (!cell) throw new Error('no active cell');
        const key = cell.dataset.cell ?? '';
        const code = i % 2 ? 'SURG' : 'ADM';
        cell.dispatchEvent(new KeyboardEvent('keydown', { key: code[0], bubbles: true, cancelable: true }));
        await painted();
        const input = document.querySelector<HTMLInputElement>('[data-testid="rota-cell-input"]');
        if (!input) throw new Error('the cell editor did not open');
        descriptor?.set?.call(input, code);
        input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
        await painted();
        const t0 = performance.now();
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
        const frame = painted();
        await afterTask();
        script.push(performance.now() - t0);
        await frame;
        paint.push(performance.now() - t0);
        const shown = document.querySelector(`[data-cell="${key}"] .spoke-rota__code`)?.textContent ?? '';
        if (!shown.includes(code)) throw new Error(`cell ${key} shows "${shown}", not ${code}`);
      }
      return { paint, script };
    });
    const scroll = await scrollRota(page);
    if (scroll.rowcount < 60) throw new Error(`the grid has ${scroll.rowcount} rows, not the 60 staff`);
    const p95 = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0);
    return [
      { name: 'rota.open_4w.ms', value: round(median(open)), unit: 'ms' },
      { name: 'rota.edit.ms', value: round(median(edit.paint)), unit: 'ms' },
      { name: 'rota.edit.p95.ms', value: p95(edit.paint), unit: 'ms' },
      { name: 'rota.edit.script.ms', value: round(median(edit.script)), unit: 'ms' },
      { name: 'rota.scroll.frame_p95.ms', value: p95(scroll.times), unit: 'ms' },
    ];
  } finally {
    await context.close();
    await host.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The rota measures taken in Node on the seeded year (60 staff, 2 sites, ~30,000
 * assignments, entered through the channels): full validation through the rota feature's
 * own path (every row loaded from SQLite into the rules engine, validated), and a 4-week
 * read in the core.
 */
function rotaInNode(): Result[] {
  const year = seedRotaYear(null);
  try {
    const validate = timeValidateYear(year.core);
    return [
      { name: 'rota.validate_year.ms', value: round(validate.medianMs), unit: 'ms' },
      // CPU time of the same: what the wall-clock figure would be on an idle machine.
      { name: 'rota.validate_year.cpu.ms', value: round(validate.medianCpuMs), unit: 'ms' },
      { name: 'rota.range_4w.core.ms', value: round(timeRange4w(year.core)), unit: 'ms' },
    ];
  } finally {
    year.core.close();
  }
}

/**
 * Auto-fill four emptied weeks of the 60-staff year (scripts/roster-autofill-bench.ts):
 * total time and time to the first roster with no hard conflict, in Node through the same
 * code the app's Web Worker runs. A hard conflict added fails the run.
 */
function rosterAutofill(): Result[] {
  const year = seedRotaYear(null);
  try {
    const r = timeAutofill4w(year);
    if (r.hardConflictsAdded > 0) throw new Error(`auto-fill added ${r.hardConflictsAdded} hard conflicts`);
    if (!process.argv.includes('--json')) console.error(`auto-fill 4 weeks, ${r.staff} staff: ${r.added} sessions added; ${r.breakdown}`);
    return [
      { name: 'roster.autofill_4w.ms', value: round(r.totalMs), unit: 'ms' },
      { name: 'roster.autofill_4w.first_feasible_ms', value: round(r.firstFeasibleMs ?? Number.NaN), unit: 'ms' },
      // CPU time of the same (one thread): what the wall clock gives on an idle machine.
      { name: 'roster.autofill_4w.cpu_ms', value: round(r.totalCpuMs), unit: 'ms' },
      { name: 'roster.autofill_4w.first_feasible.cpu_ms', value: round(r.firstCpuMs ?? Number.NaN), unit: 'ms' },
      { name: 'roster.autofill_4w.sessions_added', value: r.added, unit: 'count' },
      { name: 'roster.autofill_4w.uncovered', value: r.uncovered, unit: 'count' },
    ];
  } finally {
    year.core.close();
  }
}

/**
 * Protocols with 2,000 central items synced from a real hub over loopback: opening the
 * inbox (hash change to the first row painted), and a 50 KB protocol's page showing the
 * diff from the adopted version to the offered one (navigation to the diff painted: the
 * API round trip, the diff and the render).
 */
async function protocols(browser: Browser): Promise<Result[]> {
  const content = makeContent(2000);
  // Policy 0 becomes a 50 KB protocol, then changes in a few places for version 2.
  const big = path.join(content, 'policies', 'p0.md');
  const para = (k: number) =>
    `Paragraph ${k}. When a patient presents with possible sepsis, the clinician records the observations, compares them with the thresholds in this protocol and escalates at once if any red flag is present, documenting who was told and when.`;
  const bigBody = (changed: boolean) =>
    Array.from({ length: 240 }, (_, k) => (k % 10 === 0 ? `## Part ${k / 10}` : changed && k % 37 === 0 ? para(k).replace('at once', 'within ten minutes') : para(k))).join('\n\n');
  const front = '---\nid: bench-policy-0\ntitle: Benchmark policy 0\ncategory: Clinical\nmandatory: true\neffective: 2026-01-05\nreview: 2027-01-05\n---\n';
  fs.writeFileSync(big, `${front}${bigBody(false)}\n`);
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-bench-hub-'));
  const practiceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-bench-practice-'));
  const hub = new Hub(hubDir);
  const server = await startHubServer({ hub, port: 0, host: '127.0.0.1' });
  hub.setPublicUrl(server.url);
  let host: Host | null = null;
  try {
    hub.publish(content);
    const core = new PracticeCore({ dataDir: practiceDir, create: 'ifMissing', purpose: 'bench' });
    try {
      core.loadDemo();
      await core.sync.enrol(hub.enrol('Z99001', 'Bench practice').code, null);
      if ((await core.sync.syncNow(null)).outcome !== 'synced') throw new Error('first sync failed');
      core.protocols.adopt('bench-policy-0', 1, null);
      fs.writeFileSync(big, `${front}${bigBody(true)}\n`);
      hub.publish(content);
      if ((await core.sync.syncNow(null)).outcome !== 'synced') throw new Error('second sync failed');
      const size = Buffer.byteLength(core.protocols.versionText('central', 'bench-policy-0', 2).body);
      if (size < 50_000) throw new Error(`the big protocol is only ${size} bytes`);
      if (core.protocols.inbox(null).central.length !== 2000) throw new Error('expected 2,000 central items');
      if (process.env.SPOKE_BENCH_PROFILE) {
        // Where the page's API round trip goes: the handler, and the whole dispatch with output validation.
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          core.protocols.detail('central', 'bench-policy-0', null);
          const t1 = performance.now();
          const lead = core.db.prepare("SELECT id FROM profile WHERE app_role = 'clinical_lead' LIMIT 1").pluck().get() as string;
          const env = await dispatch(core, 'protocols.get', { kind: 'central', id: 'bench-policy-0' }, { profileId: lead });
          if (!env.ok) throw new Error(env.error.message);
          const t2 = performance.now();
          const json = JSON.stringify(core.protocols.detail('central', 'bench-policy-0', null));
          process.stderr.write(`protocols.get handler ${(t1 - t0).toFixed(1)} ms, dispatch ${(t2 - t1).toFixed(1)} ms, ${json.length} bytes of JSON\n`);
        }
      }
    } finally {
      core.close();
    }
    host = await startHost(practiceDir);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByRole('button', { name: /Amara Okafor/ }).click();
    await page.getByRole('button', { name: 'Switch profile' }).waitFor();
    const timeTo = async (hash: string, selector: string): Promise<number> => {
      await page.evaluate(() => (location.hash = '#/staff'));
      await page.locator('[data-testid="staff-row"]').first().waitFor({ state: 'visible' });
      // Hash change to the frame that paints the first matching element, on the page's clock.
      // A string, not a function: tsx would wrap a function with helpers the page lacks.
      return page.evaluate<number>(`new Promise((resolve) => {
        const start = performance.now();
        location.hash = ${JSON.stringify(hash)};
        const check = () => {
          const el = document.querySelector(${JSON.stringify(selector)});
          if (el && el.getBoundingClientRect().height > 0) requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
          else requestAnimationFrame(check);
        };
        check();
      })`);
    };
    const inbox: number[] = [];
    const diff: number[] = [];
    for (let i = 0; i < 7; i++) {
      inbox.push(await timeTo('#/protocols', '[data-testid="inbox-decide"] tbody tr'));
      diff.push(await timeTo('#/protocols/central/bench-policy-0', '[data-testid="protocol-diff"] ins'));
    }
    // SPOKE_BENCH_PROFILE=FILE: one more diff navigation under the CPU profiler (a .cpuprofile
    // for Chromium's DevTools), to see where the time goes; not part of the figures.
    const profileFile = process.env.SPOKE_BENCH_PROFILE;
    if (profileFile) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await page.evaluate(() => (location.hash = '#/staff'));
      await page.locator('[data-testid="staff-row"]').first().waitFor({ state: 'visible' });
      await cdp.send('Profiler.start');
      await browser.startTracing(page, { path: `${profileFile}.trace.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
      const ms = await timeTo('#/protocols/central/bench-policy-0', '[data-testid="protocol-diff"] ins');
      await page.waitForTimeout(300);
      await browser.stopTracing();
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(profileFile, JSON.stringify(profile));
      process.stderr.write(`profiled diff navigation: ${ms.toFixed(1)} ms -> ${profileFile}\n`);
    }
    await context.close();
    return [
      { name: 'protocols.inbox_2000.ms', value: round(median(inbox)), unit: 'ms' },
      { name: 'protocols.diff.ms', value: round(median(diff)), unit: 'ms' },
    ];
  } finally {
    await host?.stop();
    await server.close();
    hub.close();
    for (const d of [content, hubDir, practiceDir]) fs.rmSync(d, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, runs: { type: 'string' }, only: { type: 'string' } }, strict: true });
  const runs = Number(values.runs ?? 9);
  // --only sync | ui | protocols | rota | rota-ui | roster runs one part.
  const only = values.only;
  if (only !== undefined && !['sync', 'ui', 'protocols', 'rota', 'rota-ui', 'roster'].includes(only)) throw new Error('--only takes sync, ui, protocols, rota, rota-ui or roster');
  const results: Result[] = only === undefined || only === 'sync' ? [...(await hubSync())] : [];
  if (only === undefined || only === 'ui') {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      results.push(await firstPaint(browser, runs));
      results.push(...(await filterPerKeystroke(browser)));
      results.push(...(await rotaInBrowser(browser, Math.min(runs, 5))));
    } finally {
      await browser.close();
    }
  }
  if (only === 'rota-ui') {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      results.push(...(await rotaInBrowser(browser, Math.min(runs, 5))));
    } finally {
      await browser.close();
    }
  }
  if (only === undefined || only === 'protocols') {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      results.push(...(await protocols(browser)));
    } finally {
      await browser.close();
    }
  }
  if (only === undefined || only === 'rota') results.push(...rotaInNode());
  if (only === undefined || only === 'roster') results.push(...rosterAutofill());
  if (values.json) {
    for (const r of results) console.log(JSON.stringify(r));
  } else {
    console.log(`Spoke benchmarks ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version}`);
    for (const r of results) console.log(`  ${r.name.padEnd(28)} ${String(r.value).padStart(8)} ${r.unit}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
