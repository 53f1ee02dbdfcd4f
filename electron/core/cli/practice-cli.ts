import { parseArgs } from 'node:util';
import { PracticeDetailsInput } from '../../../shared/contract/practice';
import { SpokeError, fieldErrorsFromIssues, readOnlyMessage } from '../../../shared/errors';
import { adoptCommand, protocolsCommand } from '../features/protocols/cli';
import { exportRotaCommand } from '../features/rota/cli';
import { enrolCommand, syncCommand } from '../features/sync/cli';
import { backupCommand, importCommand, restoreCommand } from '../features/backup/cli';
import path from 'node:path';
import { DB_FILE_NAME, PracticeCore } from '../practice-core';
import { movedAside } from '../db/backups';
import { CLI_OPTIONS, type CliIo, type CliValues, type PracticeCommand } from './command';
import { parseWholeNumber } from './numbers';

export type { CliIo } from './command';

function setupFrom(values: CliValues) {
  const listSize = values['list-size'] === undefined ? 0 : parseWholeNumber(values['list-size']);
  if (listSize === null) return { ok: false as const, message: `--list-size must be a whole number written in digits, like 8500 (not "${values['list-size']}").` };
  const parsed = PracticeDetailsInput.safeParse({
    name: values.name,
    odsCode: values.ods,
    listSize,
    sites: (values.site ?? ['Main surgery']).map((name) => ({ name })),
  });
  if (!parsed.success) {
    return { ok: false as const, message: Object.entries(fieldErrorsFromIssues(parsed.error.issues)).map(([k, v]) => `${k}: ${v}`).join('\n') };
  }
  return { ok: true as const, setup: parsed.data };
}

const initCommand: PracticeCommand = {
  usage: 'init   --data DIR --ods CODE --name NAME [--list-size N] [--site NAME]...\n         create a practice (first --site is the main surgery; default "Main surgery")',
  options: ['ods', 'name', 'list-size', 'site'],
  creates: true,
  check: (values) => {
    if (!values.ods || !values.name) return '"init" needs --ods CODE and --name NAME.';
    const r = setupFrom(values);
    return r.ok ? null : r.message;
  },
  run: (core, values, io) => {
    const r = setupFrom(values);
    if (!r.ok) throw new Error(r.message);
    const { setup } = r;
    core.createPractice({ name: setup.name, odsCode: setup.odsCode, listSize: setup.listSize, sites: setup.sites, isDemo: false });
    io.err(`Created ${setup.name} (${setup.odsCode}) in ${core.dataDir}. Open Spoke to create the first practice manager.`);
    return 0;
  },
};

const demoCommand: PracticeCommand = {
  usage: 'demo   --data DIR          load the fictional demo practice into an empty folder',
  options: [],
  creates: true,
  run: (core, _values, io) => {
    core.loadDemo();
    io.err(`Loaded the demo practice into ${core.dataDir}.`);
    return 0;
  },
};

const exportCommand: PracticeCommand = {
  usage: 'export --data DIR          print the whole practice as JSON (every table, stable order; import reads it back)',
  options: [],
  run: (core, _values, io) => {
    io.out(JSON.stringify(core.exportAll(), null, 2));
    return 0;
  },
};

const checkCommand: PracticeCommand = {
  usage: 'check  --data DIR          integrity, foreign-key and text (UTF-8) check; exit 1 on problems',
  options: [],
  run: (core, _values, io) => {
    for (const aside of movedAside(core.dataDir, DB_FILE_NAME)) {
      io.err(`Note: ${path.join(core.dataDir, aside)} is a damaged practice database Spoke moved aside earlier; it is kept in case it is needed.`);
    }
    const problems = core.check();
    if (problems.length) {
      io.err(`${problems.length} problem(s) in ${core.dataDir}:\n${problems.join('\n')}`);
      return 1;
    }
    io.err(`${core.dataDir}: database is healthy (schema ${core.schemaVersion}).`);
    return 0;
  },
};

/** Every command, in the order the usage lists them. */
const COMMANDS: Record<string, PracticeCommand> = {
  init: initCommand,
  demo: demoCommand,
  export: exportCommand,
  check: checkCommand,
  backup: backupCommand,
  restore: restoreCommand,
  import: importCommand,
  'export-rota': exportRotaCommand,
  enrol: enrolCommand,
  sync: syncCommand,
  protocols: protocolsCommand,
  adopt: adoptCommand,
};

export const USAGE = `usage: npm run --silent practice -- <command> --data DIR [options]

commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join('\n')}

every command but init and demo refuses a folder without a Spoke practice, changing nothing`;

/**
 * The practice CLI on the same core as the app. Returns the exit code (0 done, 1 failed,
 * 2 usage): at once for commands that finish synchronously, as a promise for those that
 * wait on the network or on a file writer.
 */
export function runPracticeCli(argv: readonly string[], io: CliIo): number | Promise<number> {
  const usage = (problem: string) => {
    io.err(`${problem}\n\n${USAGE}`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: CLI_OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return usage((err as Error).message);
  }
  const values: CliValues = parsed.values;
  const { positionals } = parsed;
  if (values.help || positionals[0] === 'help') {
    io.out(USAGE);
    return 0;
  }
  const [name, ...extra] = positionals;
  if (!name) return usage('Give a command.');
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) return usage(`Unknown command "${name}".`);
  if (extra.length) return usage(`Unexpected argument "${extra[0]}".`);
  const allowed = new Set<string>(['data', ...command.options]);
  const stray = Object.keys(values).filter((k) => !allowed.has(k));
  if (stray.length) return usage(`--${stray[0]} does not apply to "${name}".`);
  if (!values.data) return usage(`"${name}" needs --data DIR.`);
  const problem = command.check?.(values);
  if (problem) return usage(problem);
  if (command.standalone) {
    const data = values.data;
    try {
      const r = command.standalone({ ...values, data }, io);
      return typeof r === 'number' ? r : r.catch((err: unknown) => {
        io.err(err instanceof SpokeError ? err.message : `Failed: ${(err as Error).message}`);
        return 1;
      });
    } catch (err) {
      io.err(err instanceof SpokeError ? err.message : `Failed: ${(err as Error).message}`);
      return 1;
    }
  }

  let core: PracticeCore;
  try {
    core = new PracticeCore({ dataDir: values.data, create: command.creates ? 'ifMissing' : 'never', purpose: `practice CLI (${name})` });
  } catch (err) {
    const missing = err instanceof SpokeError && err.code === 'not_found';
    io.err(
      err instanceof SpokeError
        ? `${err.message}${missing ? ' To make a new practice use "init" or "demo".' : ''}`
        : `Could not open ${values.data}: ${(err as Error).message}`,
    );
    return 1;
  }
  const fail = (err: unknown) => {
    io.err(err instanceof SpokeError ? err.message : `Failed: ${(err as Error).message}`);
    return 1;
  };
  if (core.storageWarning) io.err(`Warning: ${core.storageWarning}`);
  let result: number | Promise<number>;
  try {
    if (core.readOnly && command.creates) {
      io.err(readOnlyMessage(core.readOnly.reason));
      result = 1;
    } else if (command.needsPractice && !core.isSetUp()) {
      io.err(`${core.dataDir} has no practice yet: create one first (init or demo).`);
      result = 1;
    } else {
      result = command.run(core, values, io);
    }
  } catch (err) {
    core.close();
    return fail(err);
  }
  if (typeof result === 'number') {
    core.close();
    return result;
  }
  return result.catch(fail).finally(() => core.close());
}
