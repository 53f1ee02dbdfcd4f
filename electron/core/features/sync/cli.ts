/** The hub sync commands of the practice CLI: `enrol` and `sync`. */
import { readOnlyMessage } from '../../../../shared/errors';
import type { PracticeCommand } from '../../cli/command';

export const enrolCommand: PracticeCommand = {
  usage: 'enrol  --data DIR --code CODE   enrol with a hub from its one-line enrolment code',
  options: ['code'],
  needsPractice: true,
  check: (values) => (values.code ? null : '"enrol" needs --code CODE (the line the hub printed).'),
  run: async (core, values, io) => {
    if (core.readOnly) {
      io.err(readOnlyMessage(core.readOnly.reason));
      return 1;
    }
    const status = await core.sync.enrol(values.code ?? '', null);
    io.out(`Enrolled with the hub at ${status.contentUrl ?? '?'}. Run sync to fetch its content.`);
    return 0;
  },
};

export const syncCommand: PracticeCommand = {
  usage: 'sync   --data DIR [--json]      sync now with the hub; exit 1 with the reason on failure',
  options: ['json'],
  needsPractice: true,
  run: async (core, values, io) => {
    if (core.readOnly) {
      io.err(readOnlyMessage(core.readOnly.reason));
      return 1;
    }
    const result = await core.sync.syncNow(null);
    const ok = result.outcome === 'synced' || result.outcome === 'up-to-date';
    if (values.json) io.out(JSON.stringify(result));
    else if (ok) {
      io.out(result.message);
      for (const c of result.changes) io.out(`  ${c.status}: ${c.title} (${c.kind === 'policy' ? c.id : 'catalogue'}, version ${c.version})`);
    }
    if (!ok) io.err(result.message);
    if (result.warning) io.err(result.warning);
    return ok ? 0 : 1;
  },
};
