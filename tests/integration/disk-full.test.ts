import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { PracticeCore } from '../../electron/core/practice-core';
import type { SyncResult } from '../../shared/contract/sync';
import { caller, fixedClock, tempDirs } from '../helpers/core';
import { startTestHub } from '../helpers/hub';

const temp = tempDirs();
afterAll(() => temp.removeAll());

/** A demo practice on disk whose database may grow by only `pages` more pages: a full disk, as SQLite sees one. */
function nearlyFull(core: PracticeCore, pages: number): () => void {
  const used = core.db.pragma('page_count', { simple: true }) as number;
  core.db.pragma(`max_page_count = ${used + pages}`);
  return () => core.db.pragma('max_page_count = 1073741823');
}

function demoOnDisk() {
  const dir = temp.make('spoke-full-');
  const core = new PracticeCore({ dataDir: dir, create: 'ifMissing', clock: fixedClock(new Date().toISOString()) });
  const c = caller(core);
  c.ok('practice.openDemo', {});
  return { dir, core, c };
}

const FULL = /The change was not saved: the disk holding the practice data is full\. Nothing was half-saved/;

describe('a full disk', () => {
  it('during a bulk rota write: rolled back whole, said plainly, and the same write works once there is room', () => {
    const { core, c } = demoOnDisk();
    const range = { from: '2027-03-01', to: '2027-08-31' };
    const preview = c.ok('rota.patterns.preview', range);
    const adds = preview.add.length;
    expect(adds).toBeGreaterThan(1000);
    const count = () => core.db.prepare('SELECT count(*) FROM rota_assignment').pluck().get() as number;
    const audit = () => core.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    const week = { from: '2027-03-01', to: '2027-03-07' };
    const before = { rows: count(), audit: audit(), week: JSON.stringify(c.ok('rota.range', week)) };
    const room = nearlyFull(core, 3);
    const env = c.raw('rota.patterns.apply', range);
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('conflict');
    expect(env.error.message).toMatch(FULL);
    // nothing half-applied: no row, no audit entry, and the rota reads as before (validator included)
    expect(count()).toBe(before.rows);
    expect(audit()).toBe(before.audit);
    expect(JSON.stringify(c.ok('rota.range', week))).toBe(before.week);
    // a grid batch hits the same wall the same way
    const someone = c.ok('staff.list', {})[0]!;
    const site = c.ok('app.status', {}).practice?.sites[0]?.id ?? '';
    const duty = core.db.prepare("SELECT id FROM duty WHERE code = 'ADM'").pluck().get() as string;
    // weekdays of 6 Sep to 26 Nov 2027 (no bank holiday), morning and afternoon
    const days = Array.from({ length: 84 }, (_, i) => new Date(Date.UTC(2027, 8, 6) + i * 86_400_000)).filter((d) => d.getUTCDay() >= 1 && d.getUTCDay() <= 5);
    const ops = days.flatMap((d) =>
      (['am', 'pm'] as const).map((session) => ({
        op: 'set' as const,
        staffId: someone.id,
        date: d.toISOString().slice(0, 10),
        session,
        siteId: site,
        dutyId: duty,
        note: 'x'.repeat(150),
        replaces: null,
      })),
    );
    const batch = c.raw('rota.apply', { action: 'Paste', ops });
    expect(!batch.ok && batch.error.message).toMatch(FULL);
    expect(count()).toBe(before.rows);
    room();
    const applied = c.ok('rota.patterns.apply', range);
    expect(count()).toBe(before.rows + adds);
    expect(applied).toBeTruthy();
    expect(core.check()).toEqual([]);
    core.close();
  });

  it('during a sync apply: nothing applied, the reason in words, and the next sync works', async () => {
    const hub = await startTestHub(temp.make('spoke-hub-'));
    try {
      const { core, c } = demoOnDisk();
      const call = async <T>(channel: string, input: unknown): Promise<T> => {
        const env = await dispatch(core, channel, input, c.session);
        if (!env.ok) throw new Error(env.error.message);
        return env.value as T;
      };
      await call('sync.enrol', { code: hub.hub.enrol('Z99001', 'Spokeford Medical Practice').code });
      const state = () =>
        JSON.stringify([
          core.db.prepare('SELECT count(*) FROM central_item').pluck().get(),
          core.db.prepare('SELECT count(*) FROM central_version').pluck().get(),
          core.db.prepare('SELECT name, hex(bytes) FROM tuf_metadata ORDER BY name').all(),
          core.db.prepare('SELECT release, last_success_at FROM sync_state WHERE release IS NOT NULL').all(),
        ]);
      const before = state();
      const room = nearlyFull(core, 2);
      const failed = await call<SyncResult>('sync.now', {});
      expect(failed.outcome).toBe('failed');
      expect(failed.message).toMatch(/Sync failed, nothing was changed: the disk holding the practice data is full/);
      expect(state()).toBe(before);
      room();
      const ok = await call<SyncResult>('sync.now', {});
      expect(ok.outcome, ok.message).toBe('synced');
      expect(state()).not.toBe(before);
      core.close();
    } finally {
      await hub.close();
    }
  });
});
