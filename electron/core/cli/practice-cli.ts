import { parseArgs } from 'node:util';
import { PracticeDetailsInput } from '../../../shared/contract/practice';
import { SpokeError, fieldErrorsFromIssues } from '../../../shared/errors';
import { PracticeCore } from '../practice-core';
import { exportRota, parseExportRotaArgs } from './export-rota';

export const USAGE = `usage: npm run --silent practice -- <command> --data DIR [options]

commands:
  init   --data DIR --ods CODE --name NAME [--list-size N] [--site NAME]...
         create a practice (first --site is the main surgery; default "Main surgery")
  demo   --data DIR          load the fictional demo practice into an empty folder
  export --data DIR          print all practice data as JSON (stable order)
  check  --data DIR          integrity and foreign-key check; exit 1 on problems
  export-rota --data DIR --from DATE --to DATE --format csv|xlsx|ics [--staff ID] --out FILE
         the rota of a date range (at most 400 days); --staff limits it to one person.
         ics without --staff: --out is a folder, one calendar file per person`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const OPTIONS = {
  data: { type: 'string' },
  ods: { type: 'string' },
  name: { type: 'string' },
  'list-size': { type: 'string' },
  site: { type: 'string', multiple: true },
  help: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  staff: { type: 'string' },
  out: { type: 'string' },
} as const;

const ALLOWED: Record<string, readonly string[]> = {
  init: ['data', 'ods', 'name', 'list-size', 'site'],
  demo: ['data'],
  export: ['data'],
  check: ['data'],
  'export-rota': ['data', 'from', 'to', 'format', 'staff', 'out'],
};

/**
 * The practice CLI on the same core as the app. Returns the exit code: 0 ok, 1 failed,
 * 2 usage. `export-rota` writes files asynchronously (the .xlsx writer is), so the entry
 * point awaits this; every other command finishes before it returns.
 */
export async function runPracticeCliAsync(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false });
  if (parsed.positionals[0] !== 'export-rota') return runPracticeCli(argv, io);
  const checked = checkCommand(argv, io);
  if (typeof checked === 'number') return checked;
  const { values, data } = checked;
  const args = parseExportRotaArgs({ from: values.from, to: values.to, format: values.format, out: values.out, ...(values.staff === undefined ? {} : { staff: values.staff }) });
  if (!args.ok) return usageError(io, args.message);
  let core: PracticeCore;
  try {
    core = new PracticeCore({ dataDir: data, purpose: 'practice CLI (export-rota)' });
  } catch (err) {
    io.err(err instanceof SpokeError ? err.message : `Could not open ${data}: ${(err as Error).message}`);
    return 1;
  }
  try {
    if (!core.isSetUp()) {
      io.err(`${core.dataDir} holds no practice yet.`);
      return 1;
    }
    const files = await exportRota(core, args.args);
    io.err(files.length === 0 ? 'Nobody has sessions in that range: no calendar files written.' : `Wrote ${files.length === 1 ? (files[0] ?? '') : `${files.length} files into ${args.args.out}`}.`);
    return 0;
  } catch (err) {
    io.err(err instanceof SpokeError ? err.message : `Failed: ${(err as Error).message}`);
    return 1;
  } finally {
    core.close();
  }
}

function usageError(io: CliIo, problem: string): number {
  io.err(`${problem}\n\n${USAGE}`);
  return 2;
}

/** Parses and checks the options every command shares; a number is the exit code to stop with. */
function checkCommand(argv: readonly string[], io: CliIo) {
  const usage = (problem: string) => usageError(io, problem);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (!command) return usage('Give a command.');
  const allowed = ALLOWED[command];
  if (!allowed) return usage(`Unknown command "${command}".`);
  if (extra.length) return usage(`Unexpected argument "${extra[0]}".`);
  const stray = Object.keys(values).filter((k) => !allowed.includes(k));
  if (stray.length) return usage(`--${stray[0]} does not apply to "${command}".`);
  if (!values.data) return usage(`"${command}" needs --data DIR.`);
  return { values, command, data: values.data };
}

/** The synchronous commands (everything but export-rota). */
export function runPracticeCli(argv: readonly string[], io: CliIo): number {
  const usage = (problem: string) => usageError(io, problem);
  const loose = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false });
  if (loose.values.help === true || loose.positionals[0] === 'help') {
    io.out(USAGE);
    return 0;
  }
  const checked = checkCommand(argv, io);
  if (typeof checked === 'number') return checked;
  const { values, command, data } = checked;

  let setup: ReturnType<typeof PracticeDetailsInput.parse> | null = null;
  if (command === 'init') {
    if (!values.ods || !values.name) return usage('"init" needs --ods CODE and --name NAME.');
    const listSize = values['list-size'] === undefined ? 0 : Number(values['list-size']);
    const parsedSetup = PracticeDetailsInput.safeParse({
      name: values.name,
      odsCode: values.ods,
      listSize,
      sites: (values.site ?? ['Main surgery']).map((name) => ({ name })),
    });
    if (!parsedSetup.success) {
      const errors = fieldErrorsFromIssues(parsedSetup.error.issues);
      return usage(Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join('\n'));
    }
    setup = parsedSetup.data;
  }

  let core: PracticeCore;
  try {
    core = new PracticeCore({ dataDir: data, purpose: `practice CLI (${command})` });
  } catch (err) {
    io.err(err instanceof SpokeError ? err.message : `Could not open ${data}: ${(err as Error).message}`);
    return 1;
  }
  try {
    switch (command) {
      case 'init': {
        if (!setup) return 2;
        core.createPractice({ name: setup.name, odsCode: setup.odsCode, listSize: setup.listSize, sites: setup.sites, isDemo: false });
        io.err(`Created ${setup.name} (${setup.odsCode}) in ${core.dataDir}. Open Spoke to create the first practice manager.`);
        return 0;
      }
      case 'demo': {
        core.loadDemo();
        io.err(`Loaded the demo practice into ${core.dataDir}.`);
        return 0;
      }
      case 'export': {
        io.out(JSON.stringify(core.exportAll(), null, 2));
        return 0;
      }
      case 'export-rota':
        return usage('"export-rota" writes files asynchronously: run it through the practice command.');
      case 'check': {
        const problems = core.check();
        if (problems.length) {
          io.err(`${problems.length} problem(s) in ${core.dataDir}:\n${problems.join('\n')}`);
          return 1;
        }
        io.err(`${core.dataDir}: database is healthy (schema ${core.schemaVersion}).`);
        return 0;
      }
      default:
        return usage(`Unknown command "${command}".`);
    }
  } catch (err) {
    io.err(err instanceof SpokeError ? err.message : `Failed: ${(err as Error).message}`);
    return 1;
  } finally {
    core.close();
  }
}
