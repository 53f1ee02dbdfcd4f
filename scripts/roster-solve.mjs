#!/usr/bin/env node
// Starts the pre-built auto-roster CLI, building it first only when its sources are newer
// (a handful of stat calls, so a warm start stays well under 100 ms).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'node', 'roster-solve.mjs');
const mtime = (p) => { try { return fs.statSync(p).mtimeMs; } catch { return 0; } };
const newestIn = (dir) => { let t = 0; try { for (const f of fs.readdirSync(dir)) t = Math.max(t, mtime(path.join(dir, f))); } catch { /* missing */ } return t; };
const built = Math.min(mtime(bundle), mtime(path.join(root, 'dist', 'node', 'roster-worker.mjs')));
if (built === 0 || newestIn(path.join(root, 'shared', 'roster')) > built || newestIn(path.join(root, 'electron', 'core', 'roster')) > built) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--node-only'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) { process.stderr.write('roster:solve: the build failed\n'); process.exit(1); }
}
await import(pathToFileURL(bundle).href);
