// @vitest-environment node
/**
 * The Electron fuses electron-builder flips when packaging (build/electron-builder.yml):
 * the shipped binary must not run as plain Node, take NODE_OPTIONS or --inspect, load
 * an app from outside its asar, or skip the asar's integrity check, and its cookie store
 * is encrypted. Each key is also checked against the installed electron-builder's own
 * option list, so a misspelt key (which electron-builder would ignore) fails here.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const config = parse(fs.readFileSync(path.join(root, 'build/electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const fuses = config.electronFuses as Record<string, unknown> | undefined;

describe('Electron fuses at packaging', () => {
  it('sets the hardening fuses', () => {
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('uses only fuse names the installed electron-builder knows', () => {
    const require = createRequire(path.join(root, 'package.json'));
    const builderLib = path.dirname(require.resolve('app-builder-lib/package.json'));
    const version = (JSON.parse(fs.readFileSync(path.join(builderLib, 'package.json'), 'utf8')) as { version: string }).version;
    // electronFuses arrived in electron-builder 24.13.
    const [major = 0, minor = 0] = version.split('.').map(Number);
    expect(major > 24 || (major === 24 && minor >= 13)).toBe(true);
    const types = fs.readFileSync(path.join(builderLib, 'out/configuration.d.ts'), 'utf8');
    const block = /export interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(types)?.[1] ?? '';
    const known = new Set([...block.matchAll(/^\s+(\w+)\?: boolean;/gm)].map((m) => m[1]));
    expect(known.size).toBeGreaterThan(5);
    for (const key of Object.keys(fuses ?? {})) expect(known, key).toContain(key);
  });
});
