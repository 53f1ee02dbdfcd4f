import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRosterCli } from '../../electron/core/roster/cli';
import { readInstance, score } from '../helpers/shift-scheduling-scorer';

const root = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-cli-'));
const GOOD = fs.readFileSync(path.join(root, 'bench', 'shift-scheduling', 'instances', 'Instance1.txt'), 'utf8');

async function run(text: string, extra: string[] = []): Promise<{ code: number; err: string }> {
  const file = path.join(tmp, `case-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(file, text);
  let err = '';
  // Every case here fails before any search thread starts, so no worker is needed.
  const code = await runRosterCli([file, '--time-limit', '1', ...extra], { out: () => undefined, err: (t) => { err += `${t}\n`; } }, new URL('file:///nonexistent-worker.mjs'));
  return { code, err };
}

const lineOf = (needle: string): number => GOOD.split('\n').findIndex((l) => l.startsWith(needle)) + 1;

describe('roster:solve malformed input', () => {
  it('names the line and the reason for a non-number', async () => {
    const bad = GOOD.replace('A,D=14,4320,3360,5,2,2,1', 'A,D=14,lots,3360,5,2,2,1');
    const r = await run(bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`line ${lineOf('A,D=14')}: MaxTotalMinutes "lots" is not a whole number`);
  });

  it('refuses an unknown shift, an unknown employee and a day outside the horizon', async () => {
    expect((await run(GOOD.replace('0,D,5,100,1', '0,X,5,100,1'))).err).toMatch(/line \d+: unknown shift "X"/);
    expect((await run(GOOD.replace('A,2,D,2', 'Z,2,D,2'))).err).toMatch(/line \d+: unknown employee "Z"/);
    const r = await run(GOOD.replace('13,D,4,100,1', '14,D,4,100,1'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`line ${lineOf('13,D,4,100,1')}: day 14 is outside the horizon 0-13`);
  });

  it('refuses contradictions: min above max, duplicate IDs and cover rows, missing sections', async () => {
    expect((await run(GOOD.replace('A,D=14,4320,3360', 'A,D=14,3000,3360'))).err).toMatch(/MinTotalMinutes 3360 is above MaxTotalMinutes 3000/);
    expect((await run(GOOD.replace('B,D=14', 'A,D=14'))).err).toMatch(/employee "A" is already listed on line \d+/);
    expect((await run(GOOD.replace('1,D,7,100,1', '0,D,7,100,1'))).err).toMatch(/cover for day 0, shift "D" is already given on line \d+/);
    expect((await run(GOOD.replace('SECTION_COVER', 'SECTION_COVERS'))).err).toMatch(/unknown section "SECTION_COVERS"/);
    const noHorizon = GOOD.replace(/SECTION_HORIZON[\s\S]*?\n14\n/, '');
    expect((await run(noHorizon)).err).toMatch(/no SECTION_HORIZON section/);
    expect((await run(GOOD.replace('A,2,D,2', 'A,2,D'))).err).toMatch(/a request needs 4 comma-separated fields, found 3/);
  });

  it('explains bad options with the usage, exit 2', async () => {
    const r = await run(GOOD, ['--seed', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--seed needs a whole number/);
    expect(r.err).toMatch(/usage: roster:solve/);
    const missing = await runRosterCli([path.join(tmp, 'nope.txt'), '--time-limit', '1'], { out: () => undefined, err: () => undefined }, new URL('file:///x.mjs'));
    expect(missing).toBe(2);
  });
});

describe('roster:solve end to end (built CLI, 2 threads)', () => {
  it('writes a feasible roster with its objective within the wall-clock limit', () => {
    const out = path.join(tmp, 'out.json');
    // Warm up: the launcher builds the bundle first if the sources are newer.
    spawnSync(process.execPath, [path.join(root, 'scripts', 'roster-solve.mjs')], { encoding: 'utf8' });
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'roster-solve.mjs'), path.join(root, 'bench', 'shift-scheduling', 'instances', 'Instance2.txt'), '--time-limit', '2', '--seed', '3', '--out', out], { encoding: 'utf8' });
    const wall = (Date.now() - t0) / 1000;
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(fs.readFileSync(out, 'utf8')) as { objective: number; roster: Record<string, string[]> };
    const s = score(readInstance(fs.readFileSync(path.join(root, 'bench', 'shift-scheduling', 'instances', 'Instance2.txt'), 'utf8')), res.roster);
    expect(s.violations).toEqual([]);
    expect(s.objective).toBe(res.objective);
    expect(wall).toBeLessThan(2 + 1);
  }, 60_000);

  it('says so and exits 2 when no roster can keep the hard rules', () => {
    // Everyone has every day off, yet must work at least 3360 minutes.
    const impossible = GOOD.replace(/SECTION_DAYS_OFF[\s\S]*?\n\n/, `SECTION_DAYS_OFF\n${'ABCDEFGH'.split('').map((e) => `${e},${Array.from({ length: 14 }, (_, d) => d).join(',')}`).join('\n')}\n\n`);
    const file = path.join(tmp, 'impossible.txt');
    fs.writeFileSync(file, impossible);
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'roster-solve.mjs'), file, '--time-limit', '1'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/"A" must work at least 3360 minutes but can work at most 0/);
  }, 60_000);

  it('exits 2 with a message when the search finds no roster within the limit', () => {
    // Each person must work 8 shifts in 14 days but, after at most 2 days in a row, needs 9 days off.
    const hard = GOOD.replace(/,4320,3360,5,2,2,1/g, ',4320,3840,2,1,9,2');
    const file = path.join(tmp, 'tight.txt');
    fs.writeFileSync(file, hard);
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'roster-solve.mjs'), file, '--time-limit', '1'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no roster keeps every hard rule/);
  }, 60_000);
});
