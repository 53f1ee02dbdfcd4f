import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runPracticeCli } from '../../electron/core/cli/practice-cli';
import { PracticeCore } from '../../electron/core/practice-core';
import { runCli, tempDirs } from '../helpers/core';

const temp = tempDirs();
afterAll(() => temp.removeAll());

/** A demo practice on disk with one backup, closed (checkpointed, so the WAL is empty). */
async function practiceWithBackup(): Promise<{ dir: string; db: string; backup: string }> {
  const dir = temp.make('spoke-corrupt-');
  expect(runCli('demo', '--data', dir).code).toBe(0);
  const core = new PracticeCore({ dataDir: dir, create: 'never' });
  const b = await core.backups.backupNow('manual');
  core.close();
  return { dir, db: path.join(dir, 'spoke.db'), backup: path.join(dir, 'backups', b.file) };
}

/** The page of the rota's assignments furthest into the file: damage there is beyond the 256 KB read at open. */
function rotaPage(db: string): { page: number; size: number } {
  const raw = new Database(db, { readonly: true });
  const size = raw.pragma('page_size', { simple: true }) as number;
  const page = raw.prepare("SELECT max(pageno) FROM dbstat WHERE name = 'rota_assignment'").pluck().get() as number;
  raw.close();
  return { page, size };
}

const DAMAGE: { name: string; damage(db: string): void }[] = [
  {
    name: 'a flipped page',
    damage: (db) => {
      const { page, size } = rotaPage(db);
      const fd = fs.openSync(db, 'r+');
      const buf = Buffer.alloc(size);
      fs.readSync(fd, buf, 0, size, (page - 1) * size);
      for (let i = 0; i < size; i++) buf[i] = buf[i]! ^ 0xff;
      fs.writeSync(fd, buf, 0, size, (page - 1) * size);
      fs.closeSync(fd);
    },
  },
  { name: 'a truncated file', damage: (db) => fs.truncateSync(db, Math.floor(fs.statSync(db).size / 2 / 4096) * 4096) },
  {
    name: 'a zeroed header',
    damage: (db) => {
      const fd = fs.openSync(db, 'r+');
      fs.writeSync(fd, Buffer.alloc(100), 0, 100, 0);
      fs.closeSync(fd);
    },
  },
];

describe('a damaged practice database', () => {
  for (const c of DAMAGE) {
    it(`with ${c.name}: check reports it, the file is moved aside with its WAL, the newest good backup is offered and restores`, async () => {
      const { dir, db, backup } = await practiceWithBackup();
      c.damage(db);
      fs.writeFileSync(`${db}-wal`, ''); // a WAL beside it goes with it
      const bytes = fs.readFileSync(db);
      const r = runCli('check', '--data', dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/is damaged \(/);
      expect(r.err).toMatch(/has moved it aside to .*spoke\.db\.damaged-.*\(nothing was deleted\)/);
      expect(r.err).toContain(`The newest good backup is ${backup}`);
      expect(r.err).toContain(`restore --data "${dir}" --from "${backup}"`);
      const names = fs.readdirSync(dir).sort();
      expect(names).not.toContain('spoke.db');
      const aside = names.find((n) => /^spoke\.db\.damaged-[0-9TZ-]+$/.test(n));
      expect(aside).toBeDefined();
      expect(names).toContain(`${aside}-wal`);
      expect(fs.readFileSync(path.join(dir, aside ?? '')).equals(bytes)).toBe(true); // moved, not changed
      // the app does not make a new, empty practice over it
      expect(() => new PracticeCore({ dataDir: dir, create: 'ifMissing' })).toThrow(/moved aside .* will not start a new, empty practice there/);
      const restored = await runPracticeCli(['restore', '--data', dir, '--from', backup], { out: () => undefined, err: () => undefined });
      expect(restored).toBe(0);
      const after = runCli('check', '--data', dir);
      expect(after.code).toBe(0);
      expect(after.err).toMatch(/is a damaged practice database Spoke moved aside earlier; it is kept/);
      expect(fs.existsSync(path.join(dir, aside ?? ''))).toBe(true);
    });
  }

  it('a text file called spoke.db is still refused untouched (not moved: it may be someone else’s)', () => {
    const dir = temp.make('spoke-corrupt-');
    fs.writeFileSync(path.join(dir, 'spoke.db'), 'notes\n'.repeat(100));
    expect(runCli('check', '--data', dir).code).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['spoke.db']);
  });
});
