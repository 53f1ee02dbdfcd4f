/**
 * `npm run web -- [--data DIR] [--port 5170] [--demo] [--idle-hours 12]`: the practice app without Electron.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SpokeError, readOnlyMessage } from '../../../shared/errors';
import { defaultUserDataDir, practiceDataDir } from '../paths';
import { PracticeCore } from '../practice-core';
import { parseWholeNumber } from '../cli/numbers';
import { startWebHost } from './server';
import { startDailyBackups } from '../features/backup/daily';

const USAGE = 'usage: npm run web -- [--data DIR] [--port 5170] [--demo] [--idle-hours 12]';

/** After Ctrl+C or SIGTERM the host is gone within this long, whatever its clients do. */
const STOP_DEADLINE_MS = 4_000;

async function main(): Promise<number> {
  let values: { data?: string; port?: string; demo?: boolean; help?: boolean; 'idle-hours'?: string };
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        demo: { type: 'boolean' },
        help: { type: 'boolean' },
        'idle-hours': { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 5170 : parseWholeNumber(values.port);
  if (port === null || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, in digits\n${USAGE}`);
    return 2;
  }
  const idleHours = values['idle-hours'] === undefined ? 12 : parseWholeNumber(values['idle-hours']);
  if (idleHours === null || idleHours < 1 || idleHours > 24 * 366) {
    console.error(`--idle-hours must be a whole number of hours from 1 to 8784, in digits\n${USAGE}`);
    return 2;
  }
  const sessionIdleMs = idleHours * 3_600_000;
  const demo = values.demo === true;
  const dataDir = values.data ?? practiceDataDir(defaultUserDataDir(), demo);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const staticDir = process.env.SPOKE_RENDERER_DIR ?? path.resolve(here, '..', 'renderer');

  let core: PracticeCore;
  try {
    core = new PracticeCore({ dataDir, create: 'ifMissing', purpose: port === 0 ? 'web host' : `web host on port ${port}` });
  } catch (err) {
    console.error(err instanceof SpokeError ? err.message : `Could not open ${dataDir}: ${(err as Error).message}`);
    return 1;
  }
  if (demo && !core.isSetUp() && !core.readOnly) core.loadDemo();
  // `npm run demo` starts a demo hub beside the app and hands over an enrolment code.
  const demoHubCode = process.env.SPOKE_DEMO_HUB_CODE;
  if (demo && demoHubCode && !core.readOnly) {
    await core.sync.enrolDemo(demoHubCode).catch((err: unknown) => console.error(`The demo practice could not enrol with the demo hub: ${(err as Error).message}`));
  }
  try {
    let host;
    try {
      host = await startWebHost({ core, port, staticDir, sessionIdleMs });
    } catch (err) {
      // Only the default port gives way (say, `npm start` and `npm run demo` side by side);
      // a port someone asked for by name is theirs to free.
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || values.port !== undefined) throw err;
      console.log(`Port ${port} is in use; using a free port instead.`);
      host = await startWebHost({ core, port: 0, staticDir, sessionIdleMs });
    }
    console.log(`Spoke is running at ${host.url}`);
    console.log(`Practice data: ${core.dataDir}`);
    if (core.readOnly) console.log(readOnlyMessage(core.readOnly.reason));
    if (core.backupPath) console.log(`Backup taken before upgrading the database: ${core.backupPath}`);
    if (core.storageWarning) console.log(`Warning: ${core.storageWarning}`);
    const stopDailyBackups = core.readOnly ? () => undefined : startDailyBackups(core, (m) => console.error(m));
    console.log('Press Ctrl+C to stop.');
    core.rota.warmSoon();
    const started = host;
    // Whatever else happens, the database is closed and the folder unlocked on the way out.
    process.on('exit', () => core.close());
    const finish = () => {
      stopDailyBackups();
      core.close();
      process.exit(0);
    };
    let stopping = false;
    const stop = () => {
      if (stopping) return finish(); // a second Ctrl+C: stop now
      stopping = true;
      console.log('Stopping Spoke...');
      setTimeout(finish, STOP_DEADLINE_MS);
      started
        .close()
        .catch((err: unknown) => console.error(err))
        .finally(finish);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', stop);
    return -1; // keep running
  } catch (err) {
    core.close();
    const code = (err as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `Port ${port} is already in use. Try --port 0 for any free port.` : (err as Error).message);
    return 1;
  }
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
