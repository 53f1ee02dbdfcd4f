// @vitest-environment node
/**
 * The Electron IPC transport, with 'electron' replaced by a recorder: every contract
 * channel gets a handler, calls reach the real core through dispatch, untrusted senders
 * get a forbidden envelope, and each window keeps its own sign-in session.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, ipcName } from '../../shared/channels';
import type { Envelope } from '../../shared/errors';
import { PracticeCore } from '../../electron/core/practice-core';

type Handler = (event: unknown, input: unknown) => Promise<Envelope<unknown>>;
const ipc = vi.hoisted(() => ({ handlers: new Map<string, Handler>() }));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (name: string, fn: Handler) => ipc.handlers.set(name, fn),
    removeHandler: (name: string) => ipc.handlers.delete(name),
  },
}));

const pageUrl = 'app://spoke/index.html#/staff';

/** A stand-in for Electron's window and frames, enough for isFromOurPage. */
function fakeWindow(id: number) {
  const mainFrame: { processId: number; frameToken: string; parent: object | null; url: string } = {
    processId: 7,
    frameToken: `top-${id}`,
    parent: null,
    url: pageUrl,
  };
  const destroyed: (() => void)[] = [];
  const contents = { id, mainFrame, once: (_e: string, fn: () => void) => destroyed.push(fn) };
  return {
    win: { isDestroyed: () => false, webContents: contents },
    event: (frame: Partial<typeof mainFrame> = {}) => ({ sender: contents, senderFrame: { ...mainFrame, ...frame } }),
    destroy: () => destroyed.forEach((fn) => fn()),
  };
}

let core: PracticeCore;
let unregister: () => void;
const windows = [fakeWindow(1), fakeWindow(2)];

beforeAll(async () => {
  const { registerIpc } = await import('../../electron/main/ipc');
  const { isFromOurPage } = await import('../../electron/main/window');
  core = new PracticeCore({ dataDir: null });
  // Trusted = the top frame of one of our windows showing our page, as main.ts wires it.
  unregister = registerIpc(core, (event) =>
    windows.some((w) => isFromOurPage(w.win as never, event)),
  );
});
afterAll(() => {
  unregister();
  core.close();
});

const call = (channel: string, event: unknown, input: unknown = {}) => {
  const handler = ipc.handlers.get(ipcName(channel as (typeof CHANNELS)[number]));
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, input);
};

describe('Electron IPC', () => {
  it('registers exactly one handler per contract channel', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(CHANNELS.map(ipcName).sort());
  });

  it('serves our page through the real core, with a session per window', async () => {
    const [a, b] = windows;
    const opened = await call('practice.openDemo', a?.event());
    expect(opened.ok).toBe(true);
    expect((await call('staff.list', a?.event())).ok).toBe(true);
    // The other window has not signed in.
    const other = await call('staff.list', b?.event());
    expect(other).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    // A window closed and its id reused starts signed out.
    a?.destroy();
    expect(await call('staff.list', a?.event())).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('refuses iframes, other pages and other windows', async () => {
    const [a] = windows;
    const forbidden = { ok: false, error: { code: 'forbidden' } };
    expect(await call('app.status', a?.event({ parent: {} }))).toMatchObject(forbidden);
    expect(await call('app.status', a?.event({ url: 'https://evil.example/' }))).toMatchObject(forbidden);
    // The page as it was before app:// (file://) is not ours any more either.
    expect(await call('app.status', a?.event({ url: 'file:///opt/spoke/resources/app/dist/renderer/index.html' }))).toMatchObject(forbidden);
    expect(await call('app.status', a?.event({ frameToken: 'someone-else' }))).toMatchObject(forbidden);
    const stranger = fakeWindow(99);
    expect(await call('app.status', stranger.event())).toMatchObject(forbidden);
  });
});
