import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWholeNumber } from '../../electron/core/cli/numbers';
import { tempDirs, runCli } from '../helpers/core';
import { fingerprint, repoRoot, runNode } from '../helpers/processes';

const temp = tempDirs();
afterAll(() => temp.removeAll());
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--node-only'], { cwd: repoRoot, stdio: 'ignore' });
}, 120_000);

const cli = runCli;

describe('CLI numbers are plain decimal whole numbers', () => {
  it.each(['', '0x10', '1e3', ' 12', '12 ', '-0', '-5', '+5', '12.0', '1_000', '٣', 'Infinity', 'NaN', '9'.repeat(16)])(
    '--list-size %j is a usage error and creates nothing',
    (value) => {
      const d = temp.make('spoke-cli-');
      // the = form, so values starting with a dash reach Spoke's own check
      const r = cli('init', '--data', d, '--ods', 'Z12345', '--name', 'Fictional Surgery', `--list-size=${value}`);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--list-size must be a whole number written in digits, like 8500 (not "${value}").`);
      expect(r.err).toMatch(/usage: npm run --silent practice/);
      expect(fingerprint(d)).toEqual({});
    },
  );

  it('`--list-size -0` (a separate argument starting with a dash) is a usage error too', () => {
    const d = temp.make('spoke-cli-');
    const r = cli('init', '--data', d, '--ods', 'Z12345', '--name', 'Fictional Surgery', '--list-size', '-0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/usage: npm run --silent practice/);
    expect(fingerprint(d)).toEqual({});
  });

  it('accepts digits, leading zeros included', () => {
    expect(parseWholeNumber('8500')).toBe(8500);
    expect(parseWholeNumber('0')).toBe(0);
    expect(parseWholeNumber('007')).toBe(7);
    const d = temp.make('spoke-cli-');
    expect(cli('init', '--data', d, '--ods', 'Z12345', '--name', 'Fictional Surgery', '--list-size', '8500').code).toBe(0);
    const exported = JSON.parse(cli('export', '--data', d).out) as { practice: { list_size: number }[] };
    expect(exported.practice[0]?.list_size).toBe(8500);
  });

  it('as a process: `--list-size 0x10` exits 2', () => {
    const d = temp.make('spoke-cli-');
    const r = runNode([], ['dist/node/practice.mjs', 'init', '--data', d, '--ods', 'Z12345', '--name', 'Fictional Surgery', '--list-size', '0x10']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--list-size must be a whole number written in digits');
  });
});

describe('`practice check` finds text that is not valid UTF-8', () => {
  it('reports each stored value that would read back as replacement characters, and exits 1', () => {
    const d = temp.make('spoke-cli-');
    expect(cli('demo', '--data', d).code).toBe(0);
    expect(cli('check', '--data', d).code).toBe(0);
    const db = new Database(path.join(d, 'spoke.db'));
    const [first, second] = db.prepare('SELECT id FROM staff ORDER BY id LIMIT 2').pluck().all() as string[];
    // half a surrogate pair, as JavaScript strings can hold and SQLite stores byte for byte
    db.prepare('UPDATE staff SET given_name = ? WHERE id = ?').run(`${'A'.repeat(59)}\uD800`, first);
    // a truncated two-byte sequence, as a broken import could write
    db.prepare("UPDATE staff SET family_name = CAST(X'4AC3' AS TEXT) WHERE id = ?").run(second);
    db.close();
    const r = runNode([], ['dist/node/practice.mjs', 'check', '--data', d]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`text: staff row ${first} has a given_name that is not valid UTF-8`);
    expect(r.stderr).toContain(`text: staff row ${second} has a family_name that is not valid UTF-8`);
    expect(r.stderr).toMatch(/^2 problem\(s\) in /);
  });

  it('names rows of tables keyed by several columns', () => {
    const d = temp.make('spoke-cli-');
    expect(cli('demo', '--data', d).code).toBe(0);
    const db = new Database(path.join(d, 'spoke.db'));
    const row = db.prepare('SELECT staff_id, site_id FROM staff_site LIMIT 1').get() as { staff_id: string; site_id: string };
    db.prepare("UPDATE staff_site SET updated_at = CAST(X'FF' AS TEXT) WHERE staff_id = ? AND site_id = ?").run(row.staff_id, row.site_id);
    db.close();
    const r = cli('check', '--data', d);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`text: staff_site row ["${row.staff_id}","${row.site_id}"] has a updated_at that is not valid UTF-8`);
  });
});
