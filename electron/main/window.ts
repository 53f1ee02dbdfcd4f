import { BrowserWindow, Menu, shell, type ContextMenuParams, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import { pathToFileURL } from 'node:url';

export interface WindowFiles {
  /** The bundled preload (dist/node/preload.cjs). */
  preload: string;
  /** The renderer's entry page (dist/renderer/index.html). */
  indexHtml: string;
}

/** The page URL without query or fragment, so routes (#/staff) still count as ours. */
function pageOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return null;
  }
}

/** Only https links leave the app, and only to the system browser. */
function openOutside(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol !== 'https:') return;
  shell.openExternal(parsed.href).catch((err: unknown) => console.error('[spoke] could not open link:', err));
}

/** Spelling suggestions, then cut/copy/paste as the page allows at that point. */
function editMenuFor(win: BrowserWindow, params: ContextMenuParams): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (params.misspelledWord) {
    for (const word of params.dictionarySuggestions.slice(0, 5)) {
      items.push({ label: word, click: () => win.webContents.replaceMisspelling(word) });
    }
    if (items.length) items.push({ type: 'separator' });
  }
  const flags = params.editFlags;
  if (params.isEditable) items.push({ role: 'cut', enabled: flags.canCut });
  if (params.isEditable || params.selectionText) items.push({ role: 'copy', enabled: flags.canCopy });
  if (params.isEditable) items.push({ role: 'paste', enabled: flags.canPaste }, { type: 'separator' }, { role: 'selectAll', enabled: flags.canSelectAll });
  return items;
}

/**
 * The practice window: isolated, sandboxed, no Node in the page, no pop-ups and no
 * navigation away from Spoke's own page (Electron security checklist).
 */
export function createMainWindow(files: WindowFiles): BrowserWindow {
  const ourPage = pageOf(pathToFileURL(files.indexHtml).href);
  const win = new BrowserWindow({
    title: 'Spoke',
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#f0f4f5',
    webPreferences: {
      preload: files.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Linux's spellchecker downloads dictionaries from Google; Windows and macOS use the OS's own.
      spellcheck: process.platform !== 'linux',
    },
  });

  win.once('ready-to-show', () => win.show());

  const contents = win.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  const keepOnOurPage = (event: { preventDefault(): void }, url: string): void => {
    if (pageOf(url) === ourPage) return;
    event.preventDefault();
    openOutside(url);
  };
  contents.on('will-navigate', keepOnOurPage);
  contents.on('will-redirect', keepOnOurPage);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Electron shows no right-click menu by default; practice staff expect copy and paste there.
  contents.on('context-menu', (_event, params) => {
    const items = editMenuFor(win, params);
    if (items.length) Menu.buildFromTemplate(items).popup({ window: win });
  });
  contents.on('render-process-gone', (_event, details) => {
    console.error(`[spoke] the window's page stopped (${details.reason}, exit code ${details.exitCode})`);
  });

  return win;
}

/**
 * True when an IPC call was sent by the top frame of `win` while it shows Spoke's own
 * page: not an iframe, not another window, not a page it was somehow navigated to.
 */
export function isFromOurPage(win: BrowserWindow | null, indexHtml: string, event: IpcMainInvokeEvent): boolean {
  if (!win || win.isDestroyed()) return false;
  const contents = win.webContents;
  if (event.sender.id !== contents.id) return false;
  const frame = event.senderFrame;
  const top = contents.mainFrame;
  if (!frame || frame.parent !== null) return false;
  if (frame.processId !== top.processId || frame.frameToken !== top.frameToken) return false;
  return pageOf(frame.url) === pageOf(pathToFileURL(indexHtml).href);
}
