#!/usr/bin/env node
// Builds what the app runs: the renderer (Vite) into dist/renderer and the Node entry
// points (esbuild) into dist/node. `--if-stale` skips work when no source is newer than
// the last build; `--node-only` skips the renderer. All output goes to stderr so that
// `npm run --silent practice -- export` keeps stdout for the JSON.
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const ifStale = args.has('--if-stale');
const nodeOnly = args.has('--node-only');
const log = (m) => process.stderr.write(`${m}\n`);

function newest(dirs) {
  let t = 0;
  const walk = (p) => {
    let st;
    try { st = fs.statSync(p); } catch { return; }
    if (st.isDirectory()) {
      if (path.basename(p) === 'node_modules') return;
      for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    } else t = Math.max(t, st.mtimeMs);
  };
  for (const d of dirs) walk(path.join(root, d));
  return t;
}
function stampTime(file) {
  try { return fs.statSync(file).mtimeMs; } catch { return 0; }
}
const deps = ['shared', 'package.json', 'package-lock.json'];
const nodeStamp = path.join(root, 'dist', '.node-built');
const webStamp = path.join(root, 'dist', '.renderer-built');

async function buildNode() {
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
  // The web host and CLI are bundled whole (only the native SQLite addon stays outside):
  // one file to load starts about 80 ms sooner than resolving hundreds of modules, and
  // they then run from a packaged app too. CommonJS dependencies inside an ES module
  // bundle need a real `require`.
  const esmNode = {
    ...common,
    format: 'esm',
    external: ['better-sqlite3', 'highs'],
    banner: { js: "import { createRequire as __spokeRequire } from 'node:module'; const require = __spokeRequire(import.meta.url);" },
  };
  await Promise.all([
    esbuild({ ...esmNode, entryPoints: ['electron/core/webhost/main.ts'], outfile: 'dist/node/web.mjs' }),
    esbuild({ ...esmNode, entryPoints: ['electron/core/cli/main.ts'], outfile: 'dist/node/practice.mjs' }),
    // The hub server and its CLI, and the TUF conformance entry point of the practice's client.
    esbuild({ ...esmNode, entryPoints: ['hub/src/main.ts'], outfile: 'dist/node/hub.mjs' }),
    esbuild({ ...esmNode, entryPoints: ['electron/core/features/sync/tuf-client-main.ts'], outfile: 'dist/node/tuf-client.mjs' }),
    // The auto-roster CLI and its search thread: pre-built because start-up counts
    // against the solver's wall-clock limit.
    esbuild({ ...esmNode, entryPoints: ['electron/core/roster/solve-main.ts'], outfile: 'dist/node/roster-solve.mjs' }),
    esbuild({ ...esmNode, entryPoints: ['electron/core/roster/worker.ts'], outfile: 'dist/node/roster-worker.mjs' }),
    // Electron's main process: everything bundled but Electron and the native SQLite addon.
    esbuild({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/node/electron-main.cjs', format: 'cjs', external: ['electron', 'better-sqlite3'] }),
    // A sandboxed preload may require only 'electron': bundle the rest in.
    esbuild({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/node/preload.cjs', format: 'cjs', platform: 'browser', external: ['electron'] }),
  ]);
  fs.writeFileSync(nodeStamp, new Date().toISOString());
}

async function buildRenderer() {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  fs.writeFileSync(webStamp, new Date().toISOString());
}

fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
const started = Date.now();
const nodeNeeded = !ifStale || newest(['electron', 'hub/src', ...deps]) > stampTime(nodeStamp);
const webNeeded = !nodeOnly && (!ifStale || newest(['renderer', 'vite.config.ts', ...deps]) > stampTime(webStamp));
if (nodeNeeded) await buildNode();
if (webNeeded) await buildRenderer();
if (nodeNeeded || webNeeded) log(`built ${[nodeNeeded && 'node', webNeeded && 'renderer'].filter(Boolean).join(' + ')} in ${Date.now() - started} ms`);
