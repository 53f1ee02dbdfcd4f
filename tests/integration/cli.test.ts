import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { tempDirs, runCli } from '../helpers/core';

const run = runCli;

const temp = tempDirs();
const dir = () => temp.make('spoke-cli-');
afterEach(() => temp.removeAll());

describe('practice CLI', () => {
  it('init creates a practice; a second init is refused', () => {
    const d = dir();
    const r = run('init', '--data', d, '--ods', 'z12345', '--name', 'Fictional Lane Surgery', '--site', 'Fictional Lane', '--site', 'Mill Branch');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Created Fictional Lane Surgery \(Z12345\)/);
    const again = run('init', '--data', d, '--ods', 'Z12345', '--name', 'Again');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already holds a practice/);
    const exported = JSON.parse(run('export', '--data', d).out) as { practice: { ods_code: string }[]; sites: { name: string }[] };
    expect(exported.practice[0]?.ods_code).toBe('Z12345');
    expect(exported.sites.map((s) => s.name)).toEqual(['Fictional Lane', 'Mill Branch']);
  });

  it('demo then export prints every table in a stable order', () => {
    const d = dir();
    expect(run('demo', '--data', d).code).toBe(0);
    const first = run('export', '--data', d);
    const second = run('export', '--data', d);
    expect(first.code).toBe(0);
    expect(first.out).toBe(second.out);
    const data = JSON.parse(first.out) as Record<string, unknown[]>;
    expect(data['staff']?.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(data)).toEqual(['format', 'formatVersion', 'appVersion', 'schemaVersion', 'practice', 'sites', 'staff', 'staffSites', 'profiles', 'siteSessions', 'duties', 'rotaAssignments', 'workingPatterns', 'leaveRequests', 'coverageRules', 'namedLeadTypes', 'namedLeads', 'staffPreferences', 'rotaSettings', 'auditLog',
      // format 2: every other table, by name (hub sync, protocols, settings)
      'acknowledgement', 'addendumVersion', 'adoptionEvent', 'centralItem', 'centralVersion', 'hubEnrolment', 'localProtocol', 'localProtocolVersion',
      'meta', 'protocolAdoption', 'reportOutbox', 'syncState', 'tufMetadata']);
  });

  it('check passes on a healthy database and fails with the problems on a broken one', () => {
    const d = dir();
    run('demo', '--data', d);
    expect(run('check', '--data', d).code).toBe(0);
    const db = new Database(`${d}/spoke.db`);
    db.pragma('foreign_keys = OFF');
    db.prepare("INSERT INTO staff_site (staff_id, site_id, updated_at) VALUES ('ghost-staff', 'ghost-site', 'x')").run();
    db.close();
    const r = run('check', '--data', d);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/foreign key: staff_site a row points at a missing (staff|site)/);
  });

  it('unknown commands and bad arguments print usage and exit 2', () => {
    expect(run().code).toBe(2);
    const unknown = run('frobnicate', '--data', '/tmp/x');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unknown command "frobnicate"[\s\S]*usage:/);
    expect(run('export').code).toBe(2);
    expect(run('export', '--data').code).toBe(2);
    expect(run('init', '--data', dir(), '--ods', 'BAD', '--name', 'X Practice').err).toMatch(/odsCode: An ODS code is a letter and five digits/);
    expect(run('demo', '--data', dir(), '--ods', 'A12345').code).toBe(2);
    expect(run('export', '--data', dir(), 'extra').code).toBe(2);
    expect(run('--bogus').code).toBe(2);
    expect(run('help').code).toBe(0);
  });
});
