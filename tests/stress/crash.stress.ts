import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../helpers/core';
import { copyDemoContent, held, startTestHub, TamperProxy } from '../helpers/hub';
import { repoRoot } from '../helpers/processes';
import { seededRandom } from '../../shared/rota/scenario';

// Crash safety under `npm run test:stress`: the practice is killed with SIGKILL at seeded
// random moments during bulk rota writes and during sync apply, STRESS_KILLS times each
// (100 by default). After every kill the database passes integrity_check, holds every
// batch whole or not at all, and the next start and the next write or sync work.
const KILLS = Number(process.env.STRESS_KILLS || '100');
const SEED = Number(process.env.STRESS_SEED || '20261123');
const temp = tempDirs();
afterAll(() => temp.removeAll());
execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--node-only'], { cwd: repoRoot, stdio: 'ignore' });

const practice = (...args: string[]) => spawnSync(process.execPath, ['dist/node/practice.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
function practiceAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/node/practice.mjs', ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

function integrity(dir: string): string {
  const db = new Database(path.join(dir, 'spoke.db'));
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Spawns a child, kills it `afterMs` after `ready` shows in its stdout; whether the kill landed. */
async function killDuring(args: string[], readyMark: string, afterMs: number): Promise<{ killed: boolean; out: string }> {
  const child = spawn(process.execPath, args, { cwd: repoRoot });
  let out = '';
  let timer: NodeJS.Timeout | undefined;
  let killed = false;
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    if (timer === undefined && out.includes(readyMark)) {
      timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) killed = child.kill('SIGKILL');
      }, afterMs);
    }
  });
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  // Bounded: a child that never gets ready is killed after 60 s (and that is a failure).
  const cap = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await new Promise((resolve) => child.on('exit', resolve));
  clearTimeout(cap);
  if (timer) clearTimeout(timer);
  return { killed, out };
}

const summary = { rotaKills: 0, syncKills: 0, failures: 0 };
afterAll(() => {
  console.log(`crash-stress: ${summary.rotaKills} rota-write kills and ${summary.syncKills} sync kills survived (seed ${SEED}), ${summary.failures} failures`);
});

describe('crash safety', () => {
  it(`bulk rota writes survive ${KILLS} kills: whole batches only, a healthy file, the next write works`, async () => {
    const random = seededRandom(SEED);
    const dir = temp.make('spoke-stress-rota-');
    expect(practice('demo', '--data', dir).status).toBe(0);
    let batchSize = 0;
    for (let attempt = 0; summary.rotaKills < KILLS && attempt < KILLS * 3; attempt++) {
      const week = Math.floor(random() * 50);
      // Kills land from the first statement on (sign-in, opening) to deep in the writes.
      const { killed, out } = await killDuring(['--import', 'tsx', 'tests/stress/rota-writer.ts', dir, String(week), '2000'], 'batch-size', Math.floor(random() * 1500));
      batchSize = Number(/batch-size (\d+)/.exec(out)?.[1] ?? batchSize);
      if (killed) summary.rotaKills++;
      else expect(out, 'the writer stopped without being killed').not.toMatch(/refused|Error/);
      const ok = integrity(dir);
      const db = new Database(path.join(dir, 'spoke.db'), { readonly: true });
      const groups = db.prepare("SELECT note, COUNT(*) AS n FROM rota_assignment WHERE note LIKE 'batch-%' AND deleted = 0 GROUP BY note").all() as { note: string; n: number }[];
      db.close();
      const partial = groups.filter((g) => g.n !== batchSize);
      if (ok !== 'ok' || partial.length > 0) summary.failures++;
      expect(ok).toBe('ok');
      expect(partial, `half-applied batches after kill ${summary.rotaKills}`).toEqual([]);
    }
    // The next start and the next write work.
    const check = practice('check', '--data', dir);
    expect(check.status, check.stderr).toBe(0);
    const after = await killDuring(['--import', 'tsx', 'tests/stress/rota-writer.ts', dir, '0', '2'], 'never', 0);
    expect(after.out).toMatch(/batch 1 (set|cleared)/);
    expect(summary.rotaKills).toBe(KILLS);
  }, 30 * 60_000);

  it(`a sync of a large release survives ${KILLS} kills: one whole release, a healthy file, the next sync completes`, async () => {
    const random = seededRandom(SEED + 1);
    const content = copyDemoContent(path.join(temp.make(), 'content'));
    // A large release (demo content plus 300 policies of ~5 KB), so kills land in download and apply.
    const body = (i: number, rev: number) => Array.from({ length: 20 }, (_, k) => `Section ${k} of stress policy ${i}, revision ${rev}. Staff record the decision and who was involved.`).join('\n\n');
    const writePolicy = (i: number, rev: number) =>
      fs.writeFileSync(path.join(content, 'policies', `stress-${i}.md`), `---\nid: stress-policy-${i}\ntitle: Stress policy ${i}\ncategory: Clinical\nmandatory: false\n---\n${body(i, rev)}\n`);
    for (let i = 0; i < 300; i++) writePolicy(i, 0);
    const hub = await startTestHub(temp.make('spoke-stress-hub-'), content);
    const proxy = await new TamperProxy(hub.url).start();
    try {
      const dir = temp.make('spoke-stress-practice-');
      const reference = temp.make('spoke-stress-reference-');
      for (const d of [dir, reference]) {
        expect(practice('demo', '--data', d).status).toBe(0);
        const code = hub.hub.enrol('Z99001', 'Spokeford', proxy.url).code;
        const enrol = await practiceAsync('enrol', '--data', d, '--code', code);
        expect(enrol.status, enrol.stderr).toBe(0);
      }
      // What each release looks like when synced without interruption.
      const expected = new Map<number, string>();
      // How long an uninterrupted sync of the latest release takes here: kills are timed
      // within it, so they land during download and apply on a fast machine as on a slow
      // one (a fixed 0.25-1.75 s window let a fast run finish most syncs first: 7 kills in
      // 30 attempts).
      let syncMs = 1500;
      const referenceSync = async () => {
        const t0 = Date.now();
        const r = await practiceAsync('sync', '--data', reference);
        syncMs = Date.now() - t0;
        expect(r.status, r.stderr).toBe(0);
        const h = held(reference);
        if (h.release !== null) expected.set(h.release, h.versions);
      };
      await referenceSync();
      let rev = 0;
      for (let attempt = 0; summary.syncKills < KILLS && attempt < KILLS * 3; attempt++) {
        // Once the practice is up to date, the hub publishes a release changing 40 policies.
        if (held(dir).release === hub.hub.currentRelease()) {
          rev++;
          for (let k = 0; k < 40; k++) writePolicy(Math.floor(random() * 300), rev);
          hub.hub.publish(content);
          await referenceSync();
        }
        const { killed } = await killDuringAsync(dir, Math.floor(100 + random() * Math.max(100, syncMs * 0.85 - 100)));
        if (killed) summary.syncKills++;
        const ok = integrity(dir);
        const state = held(dir);
        const whole = state.release === null ? state.items === 0 : expected.get(state.release) === state.versions;
        if (ok !== 'ok' || !whole) summary.failures++;
        expect(ok).toBe('ok');
        expect(whole, `release ${state.release} half-applied after kill ${summary.syncKills}`).toBe(true);
      }
      const check = practice('check', '--data', dir);
      expect(check.status, check.stderr).toBe(0);
      const last = await practiceAsync('sync', '--data', dir, '--json');
      expect(last.status, last.stderr).toBe(0);
      expect(held(dir).versions).toBe(expected.get(hub.hub.currentRelease()));
      expect(summary.syncKills).toBe(KILLS);
    } finally {
      await proxy.close();
      await hub.close();
    }
  }, 30 * 60_000);
});

/** A sync killed `afterMs` after its spawn (the hub runs in this process, so nothing may block). */
async function killDuringAsync(dir: string, afterMs: number): Promise<{ killed: boolean }> {
  const child = spawn(process.execPath, ['dist/node/practice.mjs', 'sync', '--data', dir], { cwd: repoRoot, stdio: 'ignore' });
  let killed = false;
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) killed = child.kill('SIGKILL');
  }, afterMs);
  const cap = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await new Promise((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  clearTimeout(cap);
  return { killed };
}
