/**
 * Foundation hardening, items 1, 2 and 8: one text policy, reads never hostage to one bad
 * row, a committed write never reported as failed, strict nested input, numeric and date
 * rules that match their messages, and optimistic concurrency on every update.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/errors';
import { demoCore, sampleStaff } from '../helpers/core';

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

function setup() {
  const d = demoCore();
  open.push(d.core);
  const siteId = d.status.practice?.sites[0]?.id ?? '';
  const rows = () => d.core.db.prepare('SELECT (SELECT count(*) FROM staff) + (SELECT count(*) FROM audit_log)').pluck().get() as number;
  const unregistered = (overrides: Parameters<typeof sampleStaff>[1] = {}) =>
    sampleStaff(siteId, { roleId: 'receptionist', professionalBody: null, registrationNumber: null, competencies: [], ...overrides });
  return { ...d, siteId, rows, unregistered };
}

function fieldError(env: Envelope<unknown>, field: string): string | undefined {
  expect(env.ok).toBe(false);
  return env.ok ? undefined : env.error.fieldErrors?.[field];
}

describe('item 1: a name ending in half a surrogate pair', () => {
  it('is refused with a plain message, nothing is saved, and the directory still loads', () => {
    const { c, rows, unregistered } = setup();
    const before = rows();
    const env = c.raw('staff.create', unregistered({ givenName: `${'a'.repeat(59)}\uD800` }));
    expect(fieldError(env, 'givenName')).toBe('First name contains a broken character. Type it again');
    expect(rows()).toBe(before);
    const list = c.raw('staff.list', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(26);
  });

  it('a name at the limit in letters that take two UTF-16 units is counted in characters', () => {
    const { c, unregistered } = setup();
    const sixtyEmoji = '🌟'.repeat(60);
    const saved = c.ok('staff.create', unregistered({ givenName: sixtyEmoji }));
    expect(c.ok('staff.get', { id: saved.id }).givenName).toBe(sixtyEmoji);
    expect(fieldError(c.raw('staff.create', unregistered({ givenName: '🌟'.repeat(61) })), 'givenName')).toBe('First name must be 60 characters or fewer');
  });
});

describe('no stored row can stop a list from loading', () => {
  it('a row damaged by another tool is flagged for attention; the rest of the list loads', () => {
    const { core, c, status } = setup();
    const victim = c.ok('staff.list', {})[0];
    if (!victim) throw new Error('no staff');
    // Invalid UTF-8 written behind Spoke's back reads back as replacement characters.
    core.db.prepare("UPDATE staff SET given_name = CAST(X'41FF42' AS TEXT) WHERE id = ?").run(victim.id);
    const list = c.raw('staff.list', {});
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(list.value).toHaveLength(25);
    expect(list.attention?.map((a) => a.id)).toEqual([victim.id]);
    expect(list.attention?.[0]?.message).toMatch(/needs attention \(ref [0-9a-f]{8}\)/);
    // The single record says it needs attention rather than showing garbage.
    const one = c.raw('staff.get', { id: victim.id });
    expect(one).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(!one.ok && one.error.message).toMatch(/needs attention/);
    // A write to it that commits is reported as saved (with attention), never as failed.
    const archived = c.raw('staff.archive', { id: victim.id });
    expect(archived.ok).toBe(true);
    if (archived.ok) expect(archived.attention?.[0]?.message).toMatch(/The change was saved/);
    expect(core.db.prepare('SELECT archived_at IS NOT NULL FROM staff WHERE id = ?').pluck().get(victim.id)).toBe(1);
    // Everything else still works.
    expect(c.raw('app.status', {}).ok).toBe(true);
    expect(status.profiles.length).toBeGreaterThan(0);
  });

  it('JSON of the wrong shape in a row is flagged the same way, not a failure for everyone', () => {
    const { core, c } = setup();
    const victim = c.ok('staff.list', {})[1];
    if (!victim) throw new Error('no staff');
    core.db.prepare('UPDATE staff SET usual_sessions = ? WHERE id = ?').run('{"oops":1}', victim.id);
    const list = c.raw('staff.list', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(25);
    expect(list.ok && list.attention?.map((a) => a.id)).toEqual([victim.id]);
    expect(c.raw('workforce.summary', {}).ok).toBe(true);
  });
});

describe('item 2: invisible, impersonating and control characters', () => {
  const cases: [string, string, RegExp][] = [
    ['zero-width only', '\u200B\u200B\u200B', /letters or numbers you can see/],
    ['Hangul filler only', '\u3164', /letters or numbers you can see/],
    ['right-to-left override', '\u202Etloh', /hidden text-direction character/],
    ['isolate', 'Sam\u2066ira', /hidden text-direction character/],
    ['zero-width space inside', 'Sam\u200Bira', /invisible character/],
    ['NUL', 'Sam\u0000ira', /control character/],
    ['line break', 'Sam\nira', /one line/],
    ['escape', 'Sam\u001Bira', /control character/],
  ];
  it.each(cases)('%s is refused with a plain message and nothing saved', (_what, name, message) => {
    const { c, rows, unregistered } = setup();
    const before = rows();
    expect(fieldError(c.raw('staff.create', unregistered({ familyName: name })), 'familyName')).toMatch(message);
    expect(rows()).toBe(before);
  });

  it('unusual but valid names are kept exactly, normalised to one form', () => {
    const { c, unregistered } = setup();
    for (const [given, family] of [
      ['Zoë', 'Ó Briain'],
      ['Siân', 'ap Rhys'],
      ['Łukasz', 'Żółć'],
      ['太郎', '山田'],
      ['Seren 🌟', "O'Connor-Ellis"],
    ] as const) {
      const saved = c.ok('staff.create', unregistered({ givenName: given, familyName: family }));
      expect([saved.givenName, saved.familyName]).toEqual([given, family]);
    }
    // "ë" typed as e + combining diaeresis is stored as the single character.
    expect(c.ok('staff.create', unregistered({ givenName: 'Zoe\u0308', familyName: '  Adams   Smith ' }))).toMatchObject({ givenName: 'Zoë', familyName: 'Adams Smith' });
  });
});

describe('item 8: validation matches what the messages say', () => {
  it('hours allow two decimal places, not nine', () => {
    const { c, unregistered } = setup();
    expect(c.raw('staff.create', unregistered({ contract: { kind: 'hours', amount: 22.25 } })).ok).toBe(true);
    expect(fieldError(c.raw('staff.create', unregistered({ contract: { kind: 'hours', amount: 37.000000001 } })), 'contract.amount')).toBe('Use at most two decimal places');
    expect(fieldError(c.raw('staff.create', unregistered({ contract: { kind: 'hours', amount: 7.123 } })), 'contract.amount')).toBe('Use at most two decimal places');
  });

  it('dates must be plausible: 1900 to 2100', () => {
    const { c, unregistered } = setup();
    expect(fieldError(c.raw('staff.create', unregistered({ startDate: '0000-01-01' })), 'startDate')).toBe('Enter a date between 1900 and 2100');
    expect(fieldError(c.raw('staff.create', unregistered({ startDate: '9999-12-31' })), 'startDate')).toBe('Enter a date between 1900 and 2100');
    expect(c.raw('staff.create', unregistered({ startDate: '1900-01-01' })).ok).toBe(true);
  });

  it('extra keys inside nested objects are refused, not silently dropped', () => {
    const { c, rows, unregistered } = setup();
    const before = rows();
    expect(c.raw('staff.create', { ...unregistered(), contract: { kind: 'hours', amount: 10, bonus: 1 } }).ok).toBe(false);
    expect(c.raw('staff.create', { ...unregistered(), usualSessions: [{ day: 'mon', period: 'am', site: 'x' }] }).ok).toBe(false);
    expect(
      c.raw('practice.setup', { name: 'X Practice', odsCode: 'Z99001', listSize: 1, sites: [{ name: 'Main', extra: true }], manager: { givenName: 'A', familyName: 'B' } }).ok,
    ).toBe(false);
    expect(rows()).toBe(before);
  });

  it('practice.update needs the version the editor loaded; a stale or missing one changes nothing', () => {
    const { c, status } = setup();
    const p = status.practice;
    if (!p) throw new Error('no practice');
    const missing = c.raw('practice.update', { name: 'Overwritten', odsCode: p.odsCode, listSize: 1 });
    expect(fieldError(missing, 'expectedUpdatedAt')).toMatch(/Reload the page/);
    const first = c.ok('practice.update', { name: 'First Edit Practice', odsCode: p.odsCode, listSize: 1, expectedUpdatedAt: p.updatedAt });
    const stale = c.raw('practice.update', { name: 'Stale Edit', odsCode: p.odsCode, listSize: 2, expectedUpdatedAt: p.updatedAt });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(c.ok('app.status', {}).practice).toMatchObject({ name: 'First Edit Practice', updatedAt: first.updatedAt });
  });

  it('every update channel in the contract requires expectedUpdatedAt', async () => {
    const { contract } = await import('../../shared/contract');
    const updates = Object.entries(contract).filter(([name]) => /\.update$/.test(name));
    expect(updates.length).toBeGreaterThan(0);
    for (const [name, spec] of updates) {
      const shape = (spec.input as unknown as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
      expect(shape?.['expectedUpdatedAt'], `${name} must take expectedUpdatedAt`).toBeDefined();
      expect(shape?.['expectedUpdatedAt']?.safeParse(undefined).success, `${name}: expectedUpdatedAt must be required`).toBe(false);
    }
  });
});
