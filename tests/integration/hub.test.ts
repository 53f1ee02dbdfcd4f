import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Hub } from '../../hub/src/hub';
import { startHubServer } from '../../hub/src/server';
import { decodeEnrolmentCode } from '../../electron/core/features/sync/enrolment';
import { tempDirs } from '../helpers/core';
import { copyDemoContent, DEMO_CONTENT, TestPractice } from '../helpers/hub';

const root = path.resolve(import.meta.dirname, '../..');
const temp = tempDirs();
const children: ChildProcess[] = [];
const closers: (() => Promise<void> | void)[] = [];

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--node-only'], { cwd: root, stdio: 'ignore' });
}, 120_000);
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  for (const c of children.splice(0)) c.kill('SIGTERM');
});
afterAll(() => temp.removeAll());

const hubCli = (...args: string[]) => spawnSync(process.execPath, ['dist/node/hub.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

function waitForLine(child: ChildProcess, pattern: RegExp, ms = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${String(pattern)}: ${out}`)), ms);
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

describe('publishing', () => {
  it('publishes the demo content as release 1, then reports no changes, then bumps only what changed', () => {
    const content = copyDemoContent(path.join(temp.make(), 'c'));
    const hub = new Hub(temp.make('spoke-hub-'));
    closers.push(() => hub.close());
    const first = hub.publish(content);
    expect(first.release).toBe(1);
    expect(first.added).toHaveLength(16);
    expect(hub.publish(content).release).toBeNull();
    const file = path.join(content, 'policies', 'chaperones.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('change: substantive\n', '').replace('summary: First version for the group.', 'summary: Clarified who may chaperone.\nchange: minor'));
    fs.rmSync(path.join(content, 'policies', 'lone-working.md'));
    const second = hub.publish(content);
    expect(second).toEqual({ release: 2, added: [], changed: ['chaperones'], withdrawn: ['lone-working'] });
    const row = hub.db.prepare("SELECT version, target_json FROM items WHERE id = 'chaperones'").get() as { version: number; target_json: string };
    expect(row.version).toBe(2);
    expect((JSON.parse(row.target_json) as { custom: { change: string; version: number } }).custom).toMatchObject({ id: 'chaperones', version: 2, change: 'minor', kind: 'policy' });
    const sepsis = hub.db.prepare("SELECT version FROM items WHERE id = 'sepsis-recognition'").get() as { version: number };
    expect(sepsis.version).toBe(1);
  });

  it('refuses invalid content with file, line and field, and publishes nothing', () => {
    const content = copyDemoContent(path.join(temp.make(), 'c'));
    write(content, 'policies/bad.md', '---\nid: bad-policy\ntitle: A bad policy\ncategory: Clinical\nmandatory: perhaps\neffective: 2026-02-30\n---\nText.\n');
    write(content, 'policies/roles.md', '---\nid: role-policy\ntitle: Unknown role\ncategory: Clinical\nmandatory: false\nroles:\n  - gp_partner\n  - wizard\n---\nText.\n');
    write(content, 'workforce-model.yaml', 'perPatients: 10000\ntargets:\n  - { role: practice_nurse, wte: 2 }\n  - { role: unicorn, wte: 1 }\n');
    write(content, 'policies/no-front.md', '# Just text\n');
    const hub = new Hub(temp.make('spoke-hub-'));
    closers.push(() => hub.close());
    const before = hub.repo.latest('timestamp');
    let message = '';
    try {
      hub.publish(content);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Nothing was published/);
    expect(message).toContain('policies/bad.md:5: mandatory: must be true or false');
    expect(message).toContain('policies/bad.md:6: effective: must be a real date written YYYY-MM-DD');
    expect(message).toContain('policies/roles.md:8: roles[1]: wizard is not in the role catalogue');
    expect(message).toContain('workforce-model.yaml:4: targets[1].role: unicorn is not in the role catalogue');
    expect(message).toContain('policies/no-front.md:1: a policy file must start with YAML front matter');
    expect(hub.currentRelease()).toBe(0);
    expect(hub.repo.latest('timestamp')).toEqual(before);
  });

  it('locates YAML syntax errors and unknown fields by line', () => {
    const content = temp.make();
    write(content, 'roles.yaml', 'roles:\n  - id: gp_partner\n    label: GP partner\n    category: gp\n    arrs: false\n    colour: blue\n');
    write(content, 'policies/x.md', '---\nid: x-policy\ntitle: [unclosed\n---\nBody\n');
    const hub = new Hub(temp.make('spoke-hub-'));
    closers.push(() => hub.close());
    expect(() => hub.publish(content)).toThrow(/roles\.yaml:2: roles\[0\]: Unrecognized key: "colour"/);
    expect(() => hub.publish(content)).toThrow(/policies\/x\.md:4: not valid YAML/);
  });
});

describe('keys and enrolment', () => {
  it('keeps private keys in 0600 files that are never served, and stores only a hash of each token', async () => {
    const dir = temp.make('spoke-hub-');
    const hub = new Hub(dir);
    hub.publish(DEMO_CONTENT);
    const server = await startHubServer({ hub, port: 0, host: '127.0.0.1' });
    hub.setPublicUrl(server.url);
    closers.push(async () => {
      await server.close();
      hub.close();
    });
    const keyFiles = fs.readdirSync(path.join(dir, 'keys'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(keyFiles).toHaveLength(5);
    for (const f of keyFiles) expect(fs.statSync(path.join(f.parentPath, f.name)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'keys')).mode & 0o777).toBe(0o700);
    for (const probe of ['/keys/', '/metadata/..%2Fkeys', '/targets/..%2F..%2Fhub.db', '/hub.db', `/metadata/${keyFiles[0]?.name ?? ''}`]) {
      const res = await fetch(server.url + probe);
      expect(res.status, probe).toBe(404);
    }
    const { code } = hub.enrol('Z99001', 'Spokeford Medical Practice', 'https://cdn.example.org/spoke');
    const decoded = decodeEnrolmentCode(code);
    expect(decoded.content).toBe('https://cdn.example.org/spoke');
    expect(decoded.hub).toBe(server.url);
    const rootBytes = hub.repo.latest('root')?.bytes ?? Buffer.alloc(0);
    expect(decoded.rootSha256).toBe(crypto.createHash('sha256').update(rootBytes).digest('hex'));
    const stored = hub.db.prepare('SELECT token_sha256 FROM practices').get() as { token_sha256: string };
    expect(stored.token_sha256).toBe(crypto.createHash('sha256').update(decoded.token).digest('hex'));
    expect(fs.readFileSync(path.join(dir, 'hub.db')).includes(decoded.token)).toBe(false);
  });

  it('refuses an enrolment whose root does not match the fingerprint', async () => {
    const hubA = new Hub(temp.make('spoke-hub-'));
    const hubB = new Hub(temp.make('spoke-hub-'));
    const server = await startHubServer({ hub: hubB, port: 0, host: '127.0.0.1' });
    closers.push(async () => {
      await server.close();
      hubA.close();
      hubB.close();
    });
    const practice = new TestPractice(temp.make('spoke-practice-'));
    closers.push(() => practice.close());
    // A code from hub A pointed at hub B: B's root is not the one the code pins.
    await expect(practice.enrol(hubA.enrol('Z99001', 'Spokeford').code, server.url)).rejects.toMatchObject({ kind: 'tampered' });
    expect(practice.trust.read().size).toBe(0);
  });
});

describe('reports', () => {
  it('accepts a practice’s reports once per id, only with its own token, within size and schema', async () => {
    const hub = new Hub(temp.make('spoke-hub-'));
    const server = await startHubServer({ hub, port: 0, host: '127.0.0.1' });
    closers.push(async () => {
      await server.close();
      hub.close();
    });
    const a = decodeEnrolmentCode(hub.enrol('Z99001', 'Spokeford').code);
    const b = decodeEnrolmentCode(hub.enrol('Z99002', 'Otherton').code);
    const post = (auth: string | null, body: unknown) =>
      fetch(`${server.url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const workforce = (practiceId: string, listSize: number) => ({
      practiceId,
      asOf: '2026-11-23',
      listSize,
      totals: { headcount: 1, wte: 1, arrsWte: 0, coreWte: 1 },
      roles: [{ role: 'gp_partner', headcount: 1, wte: 1 }],
      namedLeads: null,
    });
    const report = { reportId: crypto.randomUUID(), kind: 'workforce', createdAt: new Date().toISOString(), payload: workforce(a.practiceId, 9000) };
    expect((await post(null, report)).status).toBe(401);
    expect((await post(`${a.practiceId}:${b.token}`, report)).status).toBe(401);
    expect((await post(`${a.practiceId}:${a.token}x`, report)).status).toBe(401);
    const first = await post(`${a.practiceId}:${a.token}`, report);
    expect(first.status).toBe(201);
    const again = await post(`${a.practiceId}:${a.token}`, report);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
    expect((await post(`${a.practiceId}:${a.token}`, { ...report, payload: workforce(a.practiceId, 1) })).status).toBe(409);
    // A report naming another practice is refused, whoever's token carries it.
    const other = await post(`${b.practiceId}:${b.token}`, report);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: string }).error).toMatch(/another practice/);
    // The same report id from another practice, about itself, is that practice's own report.
    expect((await post(`${b.practiceId}:${b.token}`, { ...report, payload: workforce(b.practiceId, 5000) })).status).toBe(201);
    const malformed = await post(`${a.practiceId}:${a.token}`, { ...report, reportId: crypto.randomUUID(), payload: { listSize: 9000 } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/workforce report is not valid/);
    const bad = await post(`${a.practiceId}:${a.token}`, { ...report, reportId: 'not-a-uuid' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/reportId/);
    const huge = await post(`${a.practiceId}:${a.token}`, { ...report, reportId: crypto.randomUUID(), payload: { ...workforce(a.practiceId, 1), pad: 'x'.repeat(100_000) } });
    expect(huge.status).toBe(413);
    const rows = hub.db.prepare('SELECT practice_id, report_id FROM reports ORDER BY practice_id').all() as { practice_id: string }[];
    expect(rows.map((r) => r.practice_id).sort()).toEqual([a.practiceId, b.practiceId].sort());
  });

  it('limits the rate of report calls', async () => {
    const hub = new Hub(temp.make('spoke-hub-'));
    const server = await startHubServer({ hub, port: 0, host: '127.0.0.1', reportsPerMinute: 3 });
    closers.push(async () => {
      await server.close();
      hub.close();
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${server.url}/api/v1/reports`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('the hub as processes', () => {
  it('serves what publish, enrol and rotate-keys write while it runs on the same folder', async () => {
    const dir = temp.make('spoke-hub-');
    const serve = spawn(process.execPath, ['dist/node/hub.mjs', 'serve', '--data', dir, '--port', '0', '--demo'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(serve);
    const line = await waitForLine(serve, /at (http:\/\/127\.0\.0\.1:\d+) \(release 1\)/);
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0] ?? '';
    const enrol = hubCli('enrol', '--data', dir, '--ods', 'z99001', '--name', 'Spokeford Medical Practice');
    expect(enrol.status, enrol.stderr).toBe(0);
    const code = enrol.stdout.trim().split('\n').pop() ?? '';
    expect(decodeEnrolmentCode(code).hub).toBe(url);
    const practice = new TestPractice(temp.make('spoke-practice-'));
    closers.push(() => practice.close());
    await practice.enrol(code);
    expect((await practice.sync()).release).toBe(1);

    const content = copyDemoContent(path.join(temp.make(), 'c'));
    const file = path.join(content, 'policies', 'duty-doctor.md');
    fs.appendFileSync(file, '\nThe duty doctor carries the practice’s emergency phone.\n');
    const pub = hubCli('publish', '--data', dir, '--from', content);
    expect(pub.status, pub.stderr).toBe(0);
    expect(pub.stdout.trim()).toBe('release 2');
    expect(pub.stderr).toContain('changed: duty-doctor');
    expect(hubCli('publish', '--data', dir, '--from', content).stdout.trim()).toBe('no changes');
    expect(((await (await fetch(url)).json()) as { release: number }).release).toBe(2);
    const rot = hubCli('rotate-keys', '--data', dir, '--role', 'root');
    expect(rot.status, rot.stderr).toBe(0);
    const r = await practice.sync();
    expect(r.release).toBe(2);
    expect(r.arrived.map((i) => i.custom.id)).toEqual(['duty-doctor']);
  });

  it('exports a static repository that a plain static file server serves as the hub', async () => {
    const dir = temp.make('spoke-hub-');
    const out = temp.make('spoke-export-');
    expect(hubCli('publish', '--data', dir, '--from', DEMO_CONTENT).status).toBe(0);
    const exp = hubCli('export', '--data', dir, '--out', out);
    expect(exp.status, exp.stderr).toBe(0);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const py = spawn('/usr/bin/python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(py);
    const staticUrl = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      if (await fetch(`${staticUrl}/metadata/root.json`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const enrol = hubCli('enrol', '--data', dir, '--ods', 'Z99001', '--name', 'Spokeford', '--url', staticUrl);
    const code = enrol.stdout.trim().split('\n').pop() ?? '';
    const practice = new TestPractice(temp.make('spoke-practice-'));
    closers.push(() => practice.close());
    await practice.enrol(code);
    const r = await practice.sync();
    expect(r.release).toBe(1);
    expect(practice.count()).toBe(16);
    expect(fs.readdirSync(path.join(out, 'metadata'))).toContain('timestamp.json');
    expect(fs.existsSync(path.join(out, 'keys'))).toBe(false);
  });

  it('exits 2 with usage for bad arguments and 1 with a message for bad content', () => {
    expect(hubCli('frobnicate').status).toBe(2);
    const noOds = hubCli('enrol', '--data', temp.make(), '--ods', '12345', '--name', 'X Practice');
    expect(noOds.status).toBe(2);
    expect(noOds.stderr).toMatch(/ODS practice code/);
    const bad = temp.make();
    write(bad, 'policies/a.md', '---\nid: A\n---\nx\n');
    const r = hubCli('publish', '--data', temp.make(), '--from', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('policies/a.md:2: id:');
    expect(r.stdout).toBe('');
  });
});
