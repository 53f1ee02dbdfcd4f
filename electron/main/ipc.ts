import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS, ipcName } from '../../shared/channels';
import type { Envelope } from '../../shared/errors';
import { dispatch } from '../core/dispatch';
import type { PracticeCore, Session } from '../core/practice-core';

/** Decides whether an IPC call comes from Spoke's own page in Spoke's own window. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

const FORBIDDEN: Envelope<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This window is not allowed to use the practice data.' },
};

/**
 * Wires every contract channel to the core. Only channels from the contract get a
 * handler, each call is checked for its sender first, and each window keeps its own
 * sign-in session for as long as its web contents live.
 */
export function registerIpc(core: PracticeCore, isTrustedSender: SenderCheck): () => void {
  const sessions = new Map<number, Session>();

  const sessionFor = (contents: WebContents): Session => {
    let session = sessions.get(contents.id);
    if (!session) {
      session = { profileId: null };
      sessions.set(contents.id, session);
      const id = contents.id;
      contents.once('destroyed', () => sessions.delete(id));
    }
    return session;
  };

  for (const channel of CHANNELS) {
    ipcMain.handle(ipcName(channel), async (event: IpcMainInvokeEvent, input: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        console.warn(`[spoke] refused ${channel} from ${event.senderFrame?.url ?? 'a frame that has gone'}`);
        return FORBIDDEN;
      }
      return dispatch(core, channel, input, sessionFor(event.sender));
    });
  }

  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(ipcName(channel));
    sessions.clear();
  };
}
