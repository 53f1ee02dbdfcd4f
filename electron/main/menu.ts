import { app, dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

export interface MenuContext {
  /** The practice folder, shown in About and openable from Help. */
  dataDir: string;
  mainWindow: () => BrowserWindow | null;
}

function showAbout(ctx: MenuContext): void {
  const options = {
    type: 'info' as const,
    title: 'About Spoke',
    message: `Spoke ${app.getVersion()}`,
    detail: `Workforce, roles, rota and protocols for GP practices.\n\nPractice data is kept on this computer in:\n${ctx.dataDir}`,
    buttons: ['OK'],
  };
  const win = ctx.mainWindow();
  const shown = win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options);
  shown.catch((err: unknown) => console.error('[spoke] about box failed:', err));
}

function openDataFolder(ctx: MenuContext): void {
  shell
    .openPath(ctx.dataDir)
    .then((problem) => {
      if (problem) dialog.showErrorBox('Could not open the data folder', `${ctx.dataDir}\n\n${problem}`);
    })
    .catch((err: unknown) => console.error('[spoke] could not open the data folder:', err));
}

/** A small application menu: what a desktop user expects, nothing that reaches the page's internals in a packaged app. */
export function installAppMenu(ctx: MenuContext): void {
  const isMac = process.platform === 'darwin';
  const dev = !app.isPackaged;
  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: app.name,
            submenu: [
              { label: 'About Spoke', click: () => showAbout(ctx) },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: 'File',
      submenu: isMac ? [{ role: 'close' }] : [{ role: 'quit' }],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(dev ? [{ role: 'toggleDevTools' } satisfies MenuItemConstructorOptions] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'Show Practice Data Folder', click: () => openDataFolder(ctx) },
        ...(isMac ? [] : [{ type: 'separator' } satisfies MenuItemConstructorOptions, { label: 'About Spoke', click: () => showAbout(ctx) }]),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
