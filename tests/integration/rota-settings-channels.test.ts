import { describe, expect, it } from 'vitest';
import { caller, demoCore, fixedClock } from '../helpers/core';

/** The channels behind the Rota settings pages that the pages rely on beyond the rota tests. */
function setup() {
  const { core, c, status } = demoCore(fixedClock('2026-11-23T09:00:00.000Z'));
  const range = () => c.ok('rota.range', { from: '2026-11-23', to: '2026-11-29' });
  return { core, c, status, range };
}

describe('rota.duties.remove', () => {
  it('removes a duty nothing uses, with an audit entry; it is gone from the rota and its code is free again', () => {
    const { core, c, range } = setup();
    const added = c.ok('rota.duties.save', { code: 'TMP', name: 'Temporary', colour: '#112233' });
    expect(c.ok('rota.duties.remove', { id: added.id, expectedUpdatedAt: added.updatedAt })).toEqual({ ok: true });
    expect(range().duties.some((d) => d.id === added.id)).toBe(false);
    const audit = c.ok('audit.list', { limit: 5 });
    expect(JSON.stringify(audit)).toContain('duty removed');
    expect(c.ok('rota.duties.save', { code: 'TMP', name: 'Temporary again', colour: '#112233' }).code).toBe('TMP');
    core.close();
  });

  it('refuses a duty in use, saying what uses it and to archive it instead; nothing changes', () => {
    const { core, c, range } = setup();
    const r = range();
    const dd = r.duties.find((d) => d.code === 'DD');
    if (!dd) throw new Error('demo has no DD');
    const env = c.raw('rota.duties.remove', { id: dd.id, expectedUpdatedAt: dd.updatedAt });
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('conflict');
    expect(env.error.message).toMatch(/^DD is used by \d+ sessions, \d+ coverage rules and \d+ working patterns?, so it cannot be removed\. Archive it instead/);
    expect(range().duties.find((d) => d.id === dd.id)).toEqual(dd);
    core.close();
  });

  it('a duty only a coverage rule uses is refused too; staff may not remove duties', () => {
    const { core, c, status, range } = setup();
    const added = c.ok('rota.duties.save', { code: 'RUL', name: 'Ruled', colour: '#445566' });
    const site = range().sites[0]?.id ?? '';
    c.ok('rota.coverage.save', { siteId: site, weekday: 'mon', session: 'am', dutyId: added.id, roleGroup: null, min: 1, max: null });
    const env = c.raw('rota.duties.remove', { id: added.id, expectedUpdatedAt: added.updatedAt });
    expect(!env.ok && env.error.message).toMatch(/^RUL is used by 1 coverage rule, so it cannot be removed/);
    const staff = caller(core, { profileId: null });
    staff.ok('session.signIn', { profileId: status.profiles.find((p) => p.appRole === 'staff')?.id ?? '' });
    expect(staff.raw('rota.duties.remove', { id: added.id, expectedUpdatedAt: added.updatedAt })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    core.close();
  });
});

describe('coverage rules from the settings page', () => {
  it('min above max is refused on the max field and nothing is saved', () => {
    const { core, c, range } = setup();
    const r = range();
    const before = r.coverageRules.length;
    const env = c.raw('rota.coverage.save', { siteId: r.sites[0]?.id ?? '', weekday: 'tue', session: 'am', dutyId: null, roleGroup: 'nursing', min: 3, max: 1 });
    expect(env).toMatchObject({ ok: false, error: { code: 'invalid_input', fieldErrors: { max: 'The maximum must be at least the minimum' } } });
    expect(range().coverageRules).toHaveLength(before);
    core.close();
  });
});
