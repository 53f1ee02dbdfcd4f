// A child process for the crash-safety stress test: opens a practice folder through the
// real core and saves whole weeks of rota, one `rota.apply` batch per week, until it is
// killed (or has written `weeks` batches). Each batch marks its cells with the note
// "batch-<week>", so the parent can tell a whole batch from part of one.
import { dispatchSync } from '../../electron/core/dispatch';
import { PracticeCore } from '../../electron/core/practice-core';

const [dataDir, startArg, batchesArg] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: rota-writer DIR [FIRST-WEEK] [BATCHES]');
/** Weeks of 2028 used (the years Spoke knows bank holidays for end in 2028). */
const WEEKS = 50;
const start = Number(startArg ?? '0');
const batches = Number(batchesArg ?? '2000');

const core = new PracticeCore({ dataDir, create: 'never', purpose: 'rota stress writer' });
const manager = core.db.prepare("SELECT id FROM profile WHERE app_role = 'practice_manager' AND deleted = 0 LIMIT 1").get() as { id: string } | undefined;
if (!manager) throw new Error('no practice manager in this folder');
const session = { profileId: null as string | null };
const signIn = dispatchSync(core, 'session.signIn', { profileId: manager.id }, session);
if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.error.message}`);
const site = (core.db.prepare('SELECT id FROM site ORDER BY is_main DESC, id LIMIT 1').get() as { id: string }).id;
const duty = (core.db.prepare('SELECT id FROM duty WHERE archived = 0 ORDER BY id LIMIT 1').get() as { id: string }).id;
const staff = (core.db.prepare('SELECT id FROM staff WHERE archived_at IS NULL AND end_date IS NULL ORDER BY id LIMIT 12').all() as { id: string }[]).map((s) => s.id);

/** The Monday of week `w`, counted from 2028-01-03 (clear of the demo's own rota). */
function monday(w: number): Date {
  return new Date(Date.UTC(2028, 0, 3 + 7 * w));
}
const weekRows = core.db.prepare('SELECT id, staff_id, date, session, updated_at FROM rota_assignment WHERE note = ? AND deleted = 0');
process.stdout.write(`batch-size ${staff.length * 10}\n`);
// (Cleared cells stay as tombstones, deleted = 1, for sync; only live ones count.)
// Each week in turn is filled if empty and emptied if full, so a run never runs out of
// work: the invariant the parent checks is that every week holds all of a batch or none.
for (let i = 0; i < batches; i++) {
  const w = (start + i) % WEEKS;
  const existing = weekRows.all(`batch-${w}`) as { id: string; staff_id: string; date: string; session: 'am' | 'pm'; updated_at: string }[];
  const ops = [];
  if (existing.length > 0) {
    for (const r of existing) ops.push({ op: 'clear' as const, staffId: r.staff_id, date: r.date, session: r.session, replaces: { id: r.id, expectedUpdatedAt: r.updated_at } });
  } else {
    for (let d = 0; d < 5; d++) {
      const date = new Date(monday(w).getTime() + d * 86_400_000).toISOString().slice(0, 10);
      for (const staffId of staff) for (const s of ['am', 'pm'] as const) ops.push({ op: 'set' as const, staffId, date, session: s, siteId: site, dutyId: duty, note: `batch-${w}`, replaces: null });
    }
  }
  const res = dispatchSync(core, 'rota.apply', { action: 'Stress', ops }, session);
  if (!res.ok) {
    process.stderr.write(`batch ${w} refused: ${res.error.message} ${JSON.stringify(res.error.fieldErrors ?? {}).slice(0, 400)}\n`);
    process.exit(2);
  }
  process.stdout.write(`batch ${w} ${existing.length > 0 ? 'cleared' : 'set'}\n`);
}
core.close();
