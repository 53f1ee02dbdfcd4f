import { parseArgs } from 'node:util';
import { PracticeDetailsInput } from '../../../shared/contract/practice';
import { SpokeError, fieldErrorsFromIssues, readOnlyMessage } from '../../../shared/errors';
import { PracticeCore } from '../practice-core';
import { dispatchSync } from '../dispatch';
import type { ProtocolDetail } from '../../../shared/contract/protocols';
import { parseWholeNumber } from './numbers';

export const USAGE = `usage: npm run --silent practice -- <command> --data DIR [options]

commands:
  init   --data DIR --ods CODE --name NAME [--list-size N] [--site NAME]...
         create a practice (first --site is the main surgery; default "Main surgery")
  demo   --data DIR          load the fictional demo practice into an empty folder
  export --data DIR          print all practice data as JSON (stable order)
  check  --data DIR          integrity, foreign-key and text (UTF-8) check; exit 1 on problems
  enrol  --data DIR --code CODE   enrol with a hub from its one-line enrolment code
  sync   --data DIR [--json]      sync now with the hub; exit 1 with the reason on failure
  protocols --data DIR [--json]   central and local protocols with their state
  adopt  --data DIR --id ID --as PROFILE_ID   adopt the offered version of a central protocol,
         acting as that profile (it must be a clinical lead)

every command but init and demo refuses a folder without a Spoke practice, changing nothing`;

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
  code: { type: 'string' },
  json: { type: 'boolean' },
  id: { type: 'string' },
  as: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** Only these commands may create a practice; every other one refuses a folder without one. */
const CREATES = new Set(['init', 'demo']);

const ALLOWED: Record<string, readonly string[]> = {
  init: ['data', 'ods', 'name', 'list-size', 'site'],
  demo: ['data'],
  export: ['data'],
  check: ['data'],
  enrol: ['data', 'code'],
  sync: ['data', 'json'],
  protocols: ['data', 'json'],
  adopt: ['data', 'id', 'as'],
};

/** Commands that wait on the network (hub enrolment and sync). */
const NETWORK_COMMANDS = new Set(['enrol', 'sync']);

/**
 * The CLI entry point: the network commands are awaited, everything else runs as
 * `runPracticeCli`. Returns the exit code: 0 ok, 1 failed, 2 usage.
 */
export async function runPracticeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch {
    return runPracticeCli(argv, io);
  }
  const command = parsed.positionals[0];
  if (!command || !NETWORK_COMMANDS.has(command) || parsed.positionals.length > 1) return runPracticeCli(argv, io);
  const { values } = parsed;
  const usage = (problem: string) => {
    io.err(`${problem}\n\n${USAGE}`);
    return 2;
  };
  const stray = Object.keys(values).filter((k) => !(ALLOWED[command] ?? []).includes(k));
  if (stray.length) return usage(`--${stray[0]} does not apply to "${command}".`);
  if (!values.data) return usage(`"${command}" needs --data DIR.`);
  if (command === 'enrol' && !values.code) return usage('"enrol" needs --code CODE (the line the hub printed).');
  let core: PracticeCore;
  try {
    core = new PracticeCore({ dataDir: values.data, create: 'never', purpose: `practice CLI (${command})` });
  } catch (err) {
    const missing = err instanceof SpokeError && err.code === 'not_found';
    io.err(
      err instanceof SpokeError
        ? `${err.message}${missing ? ' To make a new practice use "init" or "demo".' : ''}`
        : `Could not open ${values.data}: ${(err as Error).message}`,
    );
    return 1;
  }
  try {
    if (core.readOnly) {
      io.err(readOnlyMessage(core.readOnly.reason));
      return 1;
    }
    if (!core.isSetUp()) {
      io.err(`${core.dataDir} has no practice yet: create one first (init or demo).`);
      return 1;
    }
    if (command === 'enrol') {
      const status = await core.sync.enrol(values.code ?? '', null);
      io.out(`Enrolled with the hub at ${status.contentUrl ?? '?'}. Run sync to fetch its content.`);
      return 0;
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
  } catch (err) {
    io.err(err instanceof SpokeError ? err.message : `Failed: ${(err as Error).message}`);
    return 1;
  } finally {
    core.close();
  }
}

/** The practice CLI on the same core as the app. Returns the exit code: 0 ok, 1 failed, 2 usage. */
export function runPracticeCli(argv: readonly string[], io: CliIo): number {
  const usage = (problem: string) => {
    io.err(`${problem}\n\n${USAGE}`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') {
    io.out(USAGE);
    return 0;
  }
  const [command, ...extra] = positionals;
  if (!command) return usage('Give a command.');
  const allowed = ALLOWED[command];
  if (!allowed) return usage(`Unknown command "${command}".`);
  if (NETWORK_COMMANDS.has(command)) return usage(`"${command}" runs through runPracticeCommand.`);
  if (extra.length) return usage(`Unexpected argument "${extra[0]}".`);
  const stray = Object.keys(values).filter((k) => !allowed.includes(k));
  if (stray.length) return usage(`--${stray[0]} does not apply to "${command}".`);
  if (!values.data) return usage(`"${command}" needs --data DIR.`);
  if (command === 'adopt' && (!values.id || !values.as)) return usage('"adopt" needs --id ID (the central protocol) and --as PROFILE_ID (a clinical lead\'s profile).');

  let setup: ReturnType<typeof PracticeDetailsInput.parse> | null = null;
  if (command === 'init') {
    if (!values.ods || !values.name) return usage('"init" needs --ods CODE and --name NAME.');
    const listSizeText = values['list-size'];
    const listSize = listSizeText === undefined ? 0 : parseWholeNumber(listSizeText);
    if (listSize === null) return usage(`--list-size must be a whole number written in digits, like 8500 (not "${listSizeText}").`);
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
    core = new PracticeCore({ dataDir: values.data, create: CREATES.has(command) ? 'ifMissing' : 'never', purpose: `practice CLI (${command})` });
  } catch (err) {
    const missing = err instanceof SpokeError && err.code === 'not_found';
    io.err(
      err instanceof SpokeError
        ? `${err.message}${missing ? ' To make a new practice use "init" or "demo".' : ''}`
        : `Could not open ${values.data}: ${(err as Error).message}`,
    );
    return 1;
  }
  try {
    if (core.readOnly && CREATES.has(command)) {
      io.err(readOnlyMessage(core.readOnly.reason));
      return 1;
    }
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
      case 'check': {
        const problems = core.check();
        if (problems.length) {
          io.err(`${problems.length} problem(s) in ${core.dataDir}:\n${problems.join('\n')}`);
          return 1;
        }
        io.err(`${core.dataDir}: database is healthy (schema ${core.schemaVersion}).`);
        return 0;
      }
      case 'protocols': {
        if (!core.isSetUp()) {
          io.err(`${core.dataDir} has no practice yet: create one first (init or demo).`);
          return 1;
        }
        const inbox = core.protocols.inbox(null);
        if (values.json) {
          io.out(JSON.stringify({ today: inbox.today, central: inbox.central, local: inbox.local }, null, 2));
          return 0;
        }
        for (const i of inbox.central) {
          const adopted = i.adoptedVersion === null ? 'not adopted' : `adopted v${i.adoptedVersion}`;
          io.out(`${i.id}\t${i.state}\toffered v${i.offeredVersion} (${i.changeKind})\t${adopted}\t${i.mandatory ? 'mandatory' : 'optional'}\t${i.title}`);
        }
        for (const l of inbox.local) io.out(`${l.id}\tlocal ${l.state}\tv${l.version}\tsigned ${l.signed} of ${l.signed + l.toSign}\t${l.title}`);
        if (inbox.central.length + inbox.local.length === 0) io.err('No protocols yet: sync with the hub, or write a local protocol in the app.');
        return 0;
      }
      case 'adopt': {
        const session = { profileId: values.as ?? null };
        const profile = core.profileOf(session);
        if (!profile) {
          io.err(`No current profile has the id ${values.as ?? ''}. Nothing was changed.`);
          return 1;
        }
        const env = dispatchSync(core, 'protocols.get', { kind: 'central', id: values.id ?? '' }, session);
        if (!env.ok) {
          io.err(`${env.error.message} Nothing was changed.`);
          return 1;
        }
        const offered = (env.value as ProtocolDetail).offeredVersion;
        const adopted = dispatchSync(core, 'protocols.adopt', { id: values.id ?? '', version: offered }, session);
        if (!adopted.ok) {
          io.err(`${adopted.error.message} Nothing was changed.`);
          return 1;
        }
        const d = adopted.value as ProtocolDetail;
        io.out(`Adopted version ${d.inForce.version ?? '?'} of ${d.title} as ${profile.displayName}.`);
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
