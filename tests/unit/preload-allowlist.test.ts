// @vitest-environment node
/**
 * The preload's allow-list is the contract's channel list, exactly: nothing the page can
 * reach that the contract does not define, and no generic invoke.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, ipcName } from '../../shared/channels';
import { contract } from '../../shared/contract';

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn((_channel: string, _input: unknown) => Promise.resolve({ ok: true, value: 'reply' })),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      bridge.exposed.set(key, api);
    },
  },
  ipcRenderer: { invoke: bridge.invoke },
}));

type Api = Record<string, unknown>;

describe('preload allow-list', () => {
  let api: Api;

  beforeAll(async () => {
    await import('../../electron/preload/preload');
    api = bridge.exposed.get('spoke') as Api;
  });

  it('the contract covers exactly CHANNELS', () => {
    expect(new Set(Object.keys(contract))).toEqual(new Set(CHANNELS));
    expect(Object.keys(contract)).toHaveLength(CHANNELS.length);
  });

  it('exposes one object, window.spoke, and nothing else', () => {
    expect([...bridge.exposed.keys()]).toEqual(['spoke']);
    expect(api).toBeDefined();
  });

  it('window.spoke has exactly one function per channel', () => {
    expect(Object.keys(api).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(typeof api[channel]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('each function invokes its own channel with the input only', async () => {
    bridge.invoke.mockClear();
    const status = api['app.status'] as (input: unknown) => Promise<unknown>;
    await expect(status({})).resolves.toEqual({ ok: true, value: 'reply' });
    expect(bridge.invoke).toHaveBeenCalledTimes(1);
    expect(bridge.invoke).toHaveBeenCalledWith('spoke:app.status', {});

    for (const channel of CHANNELS) {
      bridge.invoke.mockClear();
      const call = api[channel] as (...args: unknown[]) => Promise<unknown>;
      // A page passing extra arguments (say, another channel name) still reaches only this channel.
      await call({ x: 1 }, 'spoke:audit.list');
      expect(bridge.invoke).toHaveBeenCalledWith(ipcName(channel), { x: 1 });
    }
  });

  it('the preload source imports only electron and the channel list', () => {
    const source = fs.readFileSync(path.resolve(import.meta.dirname, '../../electron/preload/preload.ts'), 'utf8');
    const imports = [...source.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['../../shared/channels', 'electron']);
    expect(source.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    // The only invoke is the one inside the per-channel wrapper, with a fixed channel name.
    expect(source.match(/ipcRenderer\.invoke\(/g)).toHaveLength(1);
    expect(source).toMatch(/ipcRenderer\.invoke\(name, input\)/);
    expect(source).not.toMatch(/ipcRenderer\.(send|sendSync|on|once|postMessage)\b/);
  });
});
