// @vitest-environment node
/**
 * The desktop app's app:// file serving (electron/main/app-files.ts) on the real built
 * renderer and on a folder with a symlink pointing out of it: everything the page loads
 * is served with its type and the Content Security Policy, and nothing outside is.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFileResponse } from '../../electron/main/app-files';
import { APP_CSP, APP_ENTRY_URL } from '../../electron/main/policy';

const root = path.resolve(import.meta.dirname, '../..');
const renderer = path.join(root, 'dist', 'renderer');
let tmp: string;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'ignore' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-app-protocol-'));
  fs.mkdirSync(path.join(tmp, 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
  fs.writeFileSync(path.join(tmp, 'secret.json'), '{"token":"do not serve"}');
  fs.symlinkSync(path.join(tmp, 'secret.json'), path.join(tmp, 'renderer', 'assets', 'link.json'));
  fs.mkdirSync(path.join(tmp, 'renderer', 'dir.js'));
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const get = (url: string, dir: string, method = 'GET') => appFileResponse({ url, method }, dir);

describe('app:// serving the built renderer', () => {
  it('serves the page and every file the build holds, each with its type and the CSP', async () => {
    const page = await get(APP_ENTRY_URL, renderer);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).toBe(fs.readFileSync(path.join(renderer, 'index.html'), 'utf8'));

    // Every script and stylesheet the page names loads from app:// (none would be refused as an unknown type).
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '').filter((r) => !r.startsWith('data:'));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const res = await get(new URL(ref, APP_ENTRY_URL).href, renderer);
      expect(res.status, ref).toBe(200);
    }
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(renderer).filter((f) => !f.endsWith('.map'))) {
      const url = `app://spoke/${path.relative(renderer, file).split(path.sep).map(encodeURIComponent).join('/')}`;
      const res = await get(url, renderer);
      expect(res.status, url).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(file)), url).toBe(true);
    }
  });

  it('answers HEAD without a body and refuses writes', async () => {
    const head = await get(APP_ENTRY_URL, renderer, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get(APP_ENTRY_URL, renderer, 'POST')).status).toBe(405);
  });

  it('refuses a symlink out of the folder, traversal, folders and missing files, always with the CSP', async () => {
    const dir = path.join(tmp, 'renderer');
    expect((await get('app://spoke/index.html', dir)).status).toBe(200);
    const link = await get('app://spoke/assets/link.json', dir);
    expect(link.status).toBe(403);
    expect(await link.text()).not.toContain('do not serve');
    expect(link.headers.get('content-security-policy')).toBe(APP_CSP);
    expect((await get('app://spoke/%2e%2e/secret.json', dir)).status).not.toBe(200);
    expect((await get('app://spoke/..%2fsecret.json', dir)).status).toBe(403);
    expect((await get('app://spoke/dir.js', dir)).status).toBe(404);
    expect((await get('app://spoke/missing.js', dir)).status).toBe(404);
    expect((await get('app://evil/index.html', dir)).status).toBe(403);
  });
});
