import { BrowserWindow, dialog, Menu, shell, type ContextMenuParams, type IpcMainInvokeEvent, type MenuItemConstructorOptions, type WebContents } from 'electron';
import { decideNavigation, decideWindowOpen, isTrustedSender, type TrustedWindowFacts } from './policy';

export interface WindowFiles {
  /** The bundled preload (dist/node/preload.cjs). */
  preload: string;
  /** The built renderer folder (dist/renderer), served on app://spoke/. */
  rendererDir: string;
}

/**
 * Sends an allowed https link to the system browser; any other address is refused with a
 * message, since the page has already shown the person the address and they chose to open it.
 */
function openOutside(url: string, parent: BrowserWindow | null): void {
  const target = decideWindowOpen(url).openExternally;
  if (target) {
    shell.openExternal(target).catch((err: unknown) => console.error('[spoke] could not open link:', err));
    return;
  }
  const options = {
    type: 'info' as const,
    title: 'Link not opened',
    message: 'Spoke opens links only to NHS, government and regulator websites.',
    detail: `This link was not opened:\n${url.slice(0, 500)}\n\nIf you need it, type the address into your web browser yourself.`,
    buttons: ['OK'],
  };
  const shown = parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options);
  shown.catch((err: unknown) => console.error('[spoke] could not show the link message:', err));
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
 * Guards any web contents the app ever creates (the window, and anything Chromium might
 * make for it): no pop-up windows, no navigation or redirect away from Spoke's page, no
 * <webview>. The decisions are policy.ts's; this only wires them to Electron's events.
 */
export function guardContents(contents: WebContents): void {
  const parent = (): BrowserWindow | null => BrowserWindow.fromWebContents(contents);
  contents.setWindowOpenHandler(({ url }) => {
    if (url) openOutside(url, parent());
    return { action: 'deny' };
  });
  const keepOnOurPage = (event: { preventDefault(): void }, url: string): void => {
    if (decideNavigation(url).action === 'allow') return;
    event.preventDefault();
    console.warn(`[spoke] refused navigation to ${url.slice(0, 200)}`);
  };
  contents.on('will-navigate', keepOnOurPage);
  contents.on('will-frame-navigate', (event) => {
    if (decideNavigation(event.url).action !== 'allow') event.preventDefault();
  });
  contents.on('will-redirect', keepOnOurPage);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The practice window: isolated, sandboxed, no Node in the page, web security on, its
 * page served from app:// (Electron security checklist).
 */
export function createMainWindow(files: WindowFiles): BrowserWindow {
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
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click would otherwise try to open links in a new window (denied anyway).
      disableBlinkFeatures: 'Auxclick',
      // Linux's spellchecker downloads dictionaries from Google; Windows and macOS use the OS's own.
      spellcheck: process.platform !== 'linux',
    },
  });

  win.once('ready-to-show', () => win.show());

  // guardContents is applied to this window's contents, as to every other, by main.ts's
  // 'web-contents-created' handler, before its page starts loading.
  const contents = win.webContents;
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

/** Facts about the window whose page may call the core, for policy.isTrustedSender. */
function windowFacts(win: BrowserWindow | null): TrustedWindowFacts | null {
  if (!win || win.isDestroyed()) return null;
  const top = win.webContents.mainFrame;
  return { contentsId: win.webContents.id, destroyed: false, mainFrame: { processId: top.processId, frameToken: top.frameToken } };
}

/**
 * True when an IPC call was sent by the top frame of `win` while it shows Spoke's own
 * page on app://spoke (see policy.isTrustedSender).
 */
export function isFromOurPage(win: BrowserWindow | null, event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(
    {
      contentsId: event.sender.id,
      frame: frame ? { url: frame.url, isMainFrame: frame.parent === null, processId: frame.processId, frameToken: frame.frameToken } : null,
    },
    windowFacts(win),
  );
}
