/** `practice -- backup`, `restore` and `import`: listed in the one command table (cli/practice-cli.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { SpokeError } from '../../../../shared/errors';
import type { PracticeCommand } from '../../cli/command';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { lockDataFolder } from '../../lock';
import { DB_FILE_NAME, PracticeCore } from '../../practice-core';
import { importPractice } from './export';
import { prepareRestoreSource } from './feature';

const describeHolds = (h: { staff: number; assignments: number; protocols: number } | null) =>
  h ? `${h.staff} staff, ${h.assignments} rota assignments, ${h.protocols} protocols` : 'contents unknown';

/** A standalone command opens the practice itself; `run` is never called for it. */
const standaloneOnly = (): number => {
  throw new SpokeError('internal', 'This command opens the practice itself.');
};

export const backupCommand: PracticeCommand = {
  usage: 'backup --data DIR          back up the practice now into DIR/backups (SQLite online backup)',
  options: [],
  run: async (core, _values, io) => {
    if (core.readOnly) {
      io.err(`Cannot back up into ${core.dataDir}: ${core.readOnly.reason}. Copy spoke.db somewhere else instead.`);
      return 1;
    }
    const b = await core.backups.backupNow('manual');
    io.out(path.join(core.backups.folder ?? '', b.file));
    io.err(`Backed up ${b.holds?.practiceName ?? 'the practice'} (${describeHolds(b.holds)}).`);
    return 0;
  },
};

export const restoreCommand: PracticeCommand = {
  usage:
    'restore --data DIR --from FILE\n         replace the practice with a backup (checked first; the current state is backed up so the restore can be undone)',
  options: ['from'],
  check: (values) => (values.from ? null : '"restore" needs --from FILE (a backup, such as one in DIR/backups).'),
  run: standaloneOnly,
  standalone: async (values, io) => {
    const from = path.resolve(values.from ?? '');
    const dir = path.resolve(values.data);
    const dbFile = path.join(dir, DB_FILE_NAME);
    if (fs.existsSync(dir) && !fs.existsSync(dbFile)) {
      // The database was moved aside as damaged (or lost): the backup is put in its place.
      const lock = lockDataFolder(dir, 'practice CLI (restore)');
      try {
        const prepared = prepareRestoreSource(from, LATEST_SCHEMA_VERSION, {});
        try {
          const tmp = `${dbFile}.restoring`;
          fs.copyFileSync(prepared.file, tmp);
          fs.renameSync(tmp, dbFile);
        } finally {
          prepared.cleanup();
        }
      } finally {
        lock.release();
      }
      const core = new PracticeCore({ dataDir: dir, create: 'never', purpose: 'practice CLI (restore)' });
      core.close();
      io.err(`Restored ${from} into ${dir} (there was no practice database there to back up first).`);
      return 0;
    }
    const core = new PracticeCore({ dataDir: dir, create: 'never', purpose: 'practice CLI (restore)' });
    try {
      if (core.readOnly) throw new SpokeError('conflict', `Cannot restore: ${core.readOnly.reason}.`);
      const { undo } = await core.backups.restore(from, null);
      io.err(
        `Restored ${from}. The practice as it was just before is kept as ${path.join(core.backups.folder ?? '', undo.file)}; restore that to undo.`,
      );
      return 0;
    } finally {
      core.close();
    }
  },
};

export const importCommand: PracticeCommand = {
  usage: 'import --data DIR --from FILE\n         make a practice in a new or empty folder from an export (refused whole, writing nothing, if any row breaks a rule)',
  options: ['from'],
  check: (values) => (values.from ? null : '"import" needs --from FILE (made by "export").'),
  run: standaloneOnly,
  standalone: (values, io) => {
    const from = path.resolve(values.from ?? '');
    let text: string;
    try {
      text = fs.readFileSync(from, 'utf8');
    } catch (err) {
      throw new SpokeError('not_found', `Could not read ${from}: ${(err as Error).message}. Nothing was written.`);
    }
    const { counts } = importPractice(text, values.data, DB_FILE_NAME, LATEST_SCHEMA_VERSION);
    io.err(`Imported into ${path.resolve(values.data)}: ${counts.staff ?? 0} staff, ${counts.rotaAssignments ?? 0} rota assignments.`);
    return 0;
  },
};
