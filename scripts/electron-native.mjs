#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI in .electron-native/, leaving
// node_modules/better-sqlite3 (built for Node, used by the tests, the CLI and the web
// host) untouched. The result is what `npm start` passes to the app as
// SPOKE_SQLITE_BINDING and what electron-builder ships as resources/native/.
// A stamp (Electron version, better-sqlite3 version, platform, arch) skips the work when
// nothing changed. Progress goes to stderr; stdout gets the binding path only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NATIVE_DIR = path.join(root, '.electron-native');
const moduleDir = path.join(NATIVE_DIR, 'node_modules', 'better-sqlite3');
/** The Electron build of the SQLite addon (also named in build/electron-builder.yml). */
export const ELECTRON_SQLITE_BINDING = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
const stampFile = path.join(NATIVE_DIR, 'stamp.json');
const log = (m) => process.stderr.write(`${m}\n`);

function versionOf(pkg) {
  const file = path.join(root, 'node_modules', pkg, 'package.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    throw new Error(`${pkg} is not installed (${file} is missing). Run npm install.`);
  }
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
}

/** Copies better-sqlite3's sources (not its Node build) into the private tree. */
function stageSources(sqliteVersion) {
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  fs.rmSync(moduleDir, { recursive: true, force: true });
  fs.cpSync(source, moduleDir, {
    recursive: true,
    filter: (from) => {
      const rel = path.relative(source, from).split(path.sep);
      return rel[0] !== 'build' && rel[0] !== 'node_modules' && rel[0] !== 'prebuilds';
    },
  });
  fs.writeFileSync(
    path.join(NATIVE_DIR, 'package.json'),
    `${JSON.stringify({ name: 'spoke-electron-native', private: true, description: 'better-sqlite3 rebuilt for Electron by scripts/electron-native.mjs', dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2)}\n`,
  );
}

/** Ensures the Electron build of better-sqlite3 exists; returns its path. Throws with a message fit for the terminal. */
export async function ensureElectronSqlite({ force = false } = {}) {
  const want = { electron: versionOf('electron'), betterSqlite3: versionOf('better-sqlite3'), platform: process.platform, arch: process.arch };
  const have = readStamp();
  if (!force && have && fs.existsSync(ELECTRON_SQLITE_BINDING) && Object.entries(want).every(([k, v]) => have[k] === v)) {
    return ELECTRON_SQLITE_BINDING;
  }

  log(`Building SQLite (better-sqlite3 ${want.betterSqlite3}) for Electron ${want.electron} in ${path.relative(root, NATIVE_DIR)}/ ...`);
  fs.mkdirSync(NATIVE_DIR, { recursive: true });
  fs.rmSync(stampFile, { force: true });
  stageSources(want.betterSqlite3);

  // npm passes the user's `nodedir` (here: Node's own headers) to child processes as
  // npm_config_nodedir; node-gyp would then build against Node instead of Electron.
  for (const key of Object.keys(process.env)) if (key.toLowerCase() === 'npm_config_nodedir') delete process.env[key];

  const { rebuild } = await import('@electron/rebuild');
  try {
    await rebuild({
      buildPath: NATIVE_DIR,
      // Stop the module search here: without it @electron/rebuild walks up to the
      // project's own node_modules and rebuilds the Node copy too.
      projectRootPath: NATIVE_DIR,
      electronVersion: want.electron,
      onlyModules: ['better-sqlite3'],
      force: true,
      mode: 'sequential',
    });
  } catch (err) {
    throw new Error(
      [
        `Could not build better-sqlite3 for Electron ${want.electron}: ${err instanceof Error ? err.message : String(err)}`,
        'This needs either a prebuilt binary (downloaded from GitHub) or the Electron headers (downloaded once into ~/.electron-gyp)',
        'plus a C++ toolchain (Python 3, make and g++ on Linux; Visual Studio Build Tools on Windows; Xcode tools on macOS).',
        'If you are offline, connect once and run `npm run electron:native` again.',
      ].join('\n'),
    );
  }
  if (!fs.existsSync(ELECTRON_SQLITE_BINDING)) {
    throw new Error(`The Electron build finished but ${ELECTRON_SQLITE_BINDING} is missing.`);
  }
  fs.writeFileSync(stampFile, `${JSON.stringify({ ...want, builtAt: new Date().toISOString() }, null, 2)}\n`);
  log('SQLite for Electron is ready.');
  return ELECTRON_SQLITE_BINDING;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const binding = await ensureElectronSqlite({ force: process.argv.includes('--force') });
    process.stdout.write(`${binding}\n`);
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}
