/**
 * The only bridge between the page and the main process: one named function per
 * contract channel, nothing else (no ipcRenderer, no generic invoke). The page sees it
 * as `window.spoke` (renderer/src/api/client.ts). Runs sandboxed, so it may import
 * only 'electron' and code bundled into it.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, ipcName, type Channel } from '../../shared/channels';

type ChannelCall = (input: unknown) => Promise<unknown>;

function callFor(channel: Channel): ChannelCall {
  const name = ipcName(channel);
  // Only the input crosses; the channel name is fixed here, never taken from the page.
  return (input: unknown) => ipcRenderer.invoke(name, input) as Promise<unknown>;
}

const api = Object.freeze(Object.fromEntries(CHANNELS.map((channel) => [channel, callFor(channel)])) as Record<Channel, ChannelCall>);

contextBridge.exposeInMainWorld('spoke', api);
