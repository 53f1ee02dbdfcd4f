/**
 * `npm run web -- [--data DIR] [--port 5170] [--demo]`: the practice app without Electron.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SpokeError } from '../../../shared/errors';
import { defaultUserDataDir, practiceDataDir } from '../paths';
import { PracticeCore } from '../practice-core';
import { startWebHost } from './server';

const USAGE = 'usage: npm run web -- [--data DIR] [--port 5170] [--demo]';

async function main(): Promise<number> {
  let values: { data?: string; port?: string; demo?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { data: { type: 'string' }, port: { type: 'string' }, demo: { type: 'boolean' }, help: { type: 'boolean' } },
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
  const port = values.port === undefined ? 5170 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535\n${USAGE}`);
    return 2;
  }
  const demo = values.demo === true;
  const dataDir = values.data ?? practiceDataDir(defaultUserDataDir(), demo);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const staticDir = process.env.SPOKE_RENDERER_DIR ?? path.resolve(here, '..', 'renderer');

  let core: PracticeCore;
  try {
    core = new PracticeCore({ dataDir, purpose: port === 0 ? 'web host' : `web host on port ${port}` });
  } catch (err) {
    console.error(err instanceof SpokeError ? err.message : `Could not open ${dataDir}: ${(err as Error).message}`);
    return 1;
  }
  if (demo && !core.isSetUp()) core.loadDemo();
  try {
    let host;
    try {
      host = await startWebHost({ core, port, staticDir });
    } catch (err) {
      // Only the default port gives way (say, `npm start` and `npm run demo` side by side);
      // a port someone asked for by name is theirs to free.
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || values.port !== undefined) throw err;
      console.log(`Port ${port} is in use; using a free port instead.`);
      host = await startWebHost({ core, port: 0, staticDir });
    }
    console.log(`Spoke is running at ${host.url}`);
    console.log(`Practice data: ${core.dataDir}`);
    if (core.backupPath) console.log(`Backup taken before upgrading the database: ${core.backupPath}`);
    console.log('Press Ctrl+C to stop.');
    core.rota.warmSoon();
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      host
        .close()
        .catch((err: unknown) => console.error(err))
        .finally(() => {
          core.close();
          process.exit(0);
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
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
