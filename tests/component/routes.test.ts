import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from '../../renderer/src/routes';

describe('hash routes', () => {
  it.each([
    ['', { page: 'staff' }],
    ['#/', { page: 'staff' }],
    ['#token=abc', { page: 'staff' }],
    ['#/rota', { page: 'rota' }],
    ['#/rota/2026-03-02', { page: 'rota', date: '2026-03-02' }],
    ['#/staff', { page: 'staff' }],
    ['#/staff/new', { page: 'staffNew' }],
    ['#/staff/3f1c', { page: 'staffMember', id: '3f1c' }],
    ['#/mdt', { page: 'mdt' }],
    ['#/leads', { page: 'leads' }],
    ['#/leave', { page: 'leave' }],
    ['#/rota/2026-02-30x', { page: 'notFound', path: '/rota/2026-02-30x' }],
    ['#/protocols', { page: 'protocols' }],
    ['#/sync', { page: 'sync' }],
    ['#/settings', { page: 'settings' }],
    ['#/nowhere', { page: 'notFound', path: '/nowhere' }],
    ['#/staff/a/b', { page: 'notFound', path: '/staff/a/b' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips every route through its path', () => {
    for (const hash of ['#/rota', '#/rota/2026-03-02', '#/leave', '#/staff/new', '#/staff/3f1c', '#/mdt', '#/settings']) {
      expect(`#${routePath(parseRoute(hash))}`).toBe(hash);
    }
  });
});
