/**
 * `npx tsx scripts/measure-backup.ts`: the figures behind docs/backups.md on the
 * benchmark year (scripts/rota-year.ts, about 30,000 assignments): database size, the
 * quick_check added to every open, a whole open, an online backup, a restore, an export
 * and an import. One run each after a warm-up, wall clock.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { importPractice } from '../electron/core/features/backup/export';
import { LATEST_SCHEMA_VERSION } from '../electron/core/db/migrations';
import { PracticeCore } from '../electron/core/practice-core';
import { seedRotaYearDir } from './rota-year';

const ms = (t0: number) => `${(performance.now() - t0).toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main() {
  const { dir, year } = seedRotaYearDir(1);
  const file = path.join(dir, 'spoke.db');
  console.log(`seeded: ${year.assignments} assignments, ${year.staff} staff; spoke.db ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`);

  const quick: number[] = [];
  for (let i = 0; i < 7; i++) {
    const db = new Database(file, { readonly: true });
    const t0 = performance.now();
    db.pragma('quick_check');
    quick.push(performance.now() - t0);
    db.close();
  }
  console.log(`quick_check alone: median of 7 ${median(quick).toFixed(1)} ms`);

  const opens: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const core = new PracticeCore({ dataDir: dir, create: 'never' });
    opens.push(performance.now() - t0);
    core.close();
  }
  console.log(`whole open (inspect, quick_check, pragmas, features): median of 5 ${median(opens).toFixed(1)} ms`);

  const core = new PracticeCore({ dataDir: dir, create: 'never' });
  let t0 = performance.now();
  const b = await core.backups.backupNow('manual');
  console.log(`online backup (db.backup, 1000 pages a step): ${ms(t0)}, ${(b.bytes / 1024 / 1024).toFixed(1)} MB`);
  t0 = performance.now();
  core.backups.backupSync('before-sync');
  console.log(`VACUUM INTO (before a sync): ${ms(t0)}`);
  t0 = performance.now();
  await core.backups.restore(path.join(dir, 'backups', b.file), null);
  console.log(`restore (check, copy, backup first, copy in): ${ms(t0)}`);
  t0 = performance.now();
  const json = JSON.stringify(core.exportAll(), null, 2);
  console.log(`export: ${ms(t0)}, ${(json.length / 1024 / 1024).toFixed(1)} MB of JSON`);
  core.close();
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-measure-')), 'copy');
  t0 = performance.now();
  importPractice(json, target, 'spoke.db', LATEST_SCHEMA_VERSION);
  console.log(`import (every row checked): ${ms(t0)}`);
  fs.rmSync(path.dirname(target), { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
