import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from '../../renderer/src/routes';

describe('hash routes', () => {
  it.each([
    ['', { page: 'staff' }],
    ['#/', { page: 'staff' }],
    ['#token=abc', { page: 'staff' }],
    ['#/rota', { page: 'rota' }],
    ['#/rota/2026-03-02', { page: 'rota', date: '2026-03-02' }],
    ['#/rota/settings', { page: 'rotaSettings', section: 'duties' }],
    ['#/rota/settings/coverage', { page: 'rotaSettings', section: 'coverage' }],
    ['#/rota/settings/leave-and-hours', { page: 'rotaSettings', section: 'leave-and-hours' }],
    ['#/rota/settings/nonsense', { page: 'notFound', path: '/rota/settings/nonsense' }],
    ['#/rota/settings/duties/x', { page: 'notFound', path: '/rota/settings/duties/x' }],
    ['#/staff', { page: 'staff' }],
    ['#/staff/new', { page: 'staffNew' }],
    ['#/staff/3f1c', { page: 'staffMember', id: '3f1c' }],
    ['#/mdt', { page: 'mdt' }],
    ['#/leads', { page: 'leads' }],
    ['#/leave', { page: 'leave' }],
    ['#/rota/2026-02-30x', { page: 'notFound', path: '/rota/2026-02-30x' }],
    ['#/protocols', { page: 'protocols' }],
    ['#/protocols/central/sepsis-recognition', { page: 'protocol', kind: 'central', id: 'sepsis-recognition' }],
    ['#/protocols/local/3f1c', { page: 'protocol', kind: 'local', id: '3f1c' }],
    ['#/protocols/local/3f1c/edit', { page: 'protocolEdit', id: '3f1c' }],
    ['#/protocols/central/complaints/evidence', { page: 'protocolEvidence', kind: 'central', id: 'complaints' }],
    ['#/protocols/new', { page: 'protocolNew' }],
    ['#/protocols/people', { page: 'protocolPeople' }],
    ['#/protocols/central/complaints/other', { page: 'notFound', path: '/protocols/central/complaints/other' }],
    ['#/protocols/elsewhere/x', { page: 'notFound', path: '/protocols/elsewhere/x' }],
    ['#/sync', { page: 'sync' }],
    ['#/settings', { page: 'settings' }],
    ['#/nowhere', { page: 'notFound', path: '/nowhere' }],
    ['#/staff/a/b', { page: 'notFound', path: '/staff/a/b' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips every route through its path', () => {
    for (const hash of ['#/rota', '#/rota/2026-03-02', '#/leave', '#/staff/new', '#/staff/3f1c', '#/mdt', '#/settings', '#/protocols/central/a-b', '#/protocols/local/x/edit', '#/protocols/local/x/evidence', '#/protocols/people', '#/rota/settings/patterns', '#/rota/settings/sessions']) {
      expect(`#${routePath(parseRoute(hash))}`).toBe(hash);
    }
  });
});
