#!/usr/bin/env node
// `npm start` and `npm run demo`: build what is stale, then open the desktop app.
// Extra arguments pass through (`npm start -- --data DIR`). Where Electron's binary is
// not installed (offline machines, ELECTRON_SKIP_BINARY_DOWNLOAD) the same practice
// opens in the loopback web host instead, with the same arguments.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_SQLITE_BINDING } from './electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const node = process.execPath;
const say = (m) => process.stderr.write(`${m}\n`);
// A closed terminal or pipe must not kill this process before its child: it would orphan the child.
process.stderr.on('error', () => {});
process.stdout.on('error', () => {});

/** Runs a child with the terminal attached, passes Ctrl+C and termination on, and exits with its code. */
function runToEnd(command, argv, env = process.env) {
  const child = spawn(command, argv, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (err) => {
    say(`Could not start ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1));
  });
}

/** Path of the Electron executable, or null when the npm package has no binary. */
function findElectron() {
  const require = createRequire(path.join(root, 'package.json'));
  try {
    delete require.cache[require.resolve('electron')];
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const build = spawnSync(node, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

/** The user-data folder, as electron/core/paths.ts finds it (the demo hub lives beside the demo practice). */
function userDataDir() {
  if (process.env.SPOKE_DATA_HOME) return process.env.SPOKE_DATA_HOME;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Spoke');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Spoke');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Spoke');
}

/**
 * `npm run demo`: a demo hub (hub/demo-content) beside the app on 127.0.0.1:8787, so that
 * "Sync now" works out of the box. Resolves with an enrolment code for the demo practice,
 * or null (with a message) if the hub could not start; the app then runs without it.
 */
function startDemoHub() {
  const hubDir = path.join(userDataDir(), 'demo-hub');
  const hubJs = path.join(root, 'dist', 'node', 'hub.mjs');
  return new Promise((resolve) => {
    const hub = spawn(node, [hubJs, 'serve', '--data', hubDir, '--port', '8787', '--demo'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    const done = (code) => {
      hub.stdout.removeAllListeners('data');
      resolve(code);
    };
    const timer = setTimeout(() => {
      say(`The demo hub did not start in time; the app runs without it.\n${said}`);
      done(null);
    }, 20_000);
    hub.stderr.on('data', (b) => (said += b.toString()));
    hub.stdout.on('data', (b) => {
      said += b.toString();
      const m = /serving .* at (\S+) \(release (\d+)\)/.exec(said);
      if (!m) return;
      clearTimeout(timer);
      say(`Demo hub (release ${m[2]}) at ${m[1]}`);
      const enrol = spawnSync(node, [hubJs, 'enrol', '--data', hubDir, '--ods', 'Z99001', '--name', 'Spokeford Medical Practice'], { cwd: root, encoding: 'utf8' });
      done(enrol.status === 0 ? enrol.stdout.trim().split('\n').pop() : null);
    });
    hub.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0 && code !== null) say(`The demo hub stopped (${said.trim()}); the app runs without it.`);
      done(null);
    });
    // The hub lives as long as this script: stop it when the app ends.
    process.on('exit', () => {
      if (hub.exitCode === null) hub.kill('SIGTERM');
    });
  });
}

if (args.includes('--demo')) {
  const code = await startDemoHub();
  if (code) process.env.SPOKE_DEMO_HUB_CODE = code;
}

let electron = findElectron();
if (!electron && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  // The package's own postinstall download; fails within a second when offline.
  const install = path.join(root, 'node_modules', 'electron', 'install.js');
  if (fs.existsSync(install)) spawnSync(node, [install], { cwd: root, stdio: 'ignore', timeout: 120_000 });
  electron = findElectron();
}

const webHost = () => runToEnd(node, [path.join(root, 'dist', 'node', 'web.mjs'), ...args]);

if (!electron) {
  say('Electron is not installed (offline or ELECTRON_SKIP_BINARY_DOWNLOAD); starting the web host instead.');
  webHost();
} else {
  const native = spawnSync(node, [path.join(root, 'scripts', 'electron-native.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (native.status !== 0 || !fs.existsSync(ELECTRON_SQLITE_BINDING)) {
    say('SQLite could not be built for Electron (see above); starting the web host instead.');
    webHost();
  } else {
    const env = { ...process.env, SPOKE_SQLITE_BINDING: ELECTRON_SQLITE_BINDING };
    // Set in some shells and CI images; it would make Electron behave as plain Node.
    delete env.ELECTRON_RUN_AS_NODE;
    runToEnd(electron, ['.', ...args], env);
  }
}
