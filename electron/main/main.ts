/**
 * Electron's main process: one instance, one practice folder, one window. Everything the
 * practice does goes through the core via the contract channels (see ipc.ts); this file
 * only deals with the desktop: lifecycle, the window, the menu and start-up failures.
 */
import { app, BrowserWindow, dialog, session } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { SpokeError } from '../../shared/errors';
import { practiceDataDir } from '../core/paths';
import { PracticeCore } from '../core/practice-core';
import { startDailyBackups } from '../core/features/backup/daily';
import { parseShellArgs } from './args';
import { registerIpc } from './ipc';
import { installAppMenu } from './menu';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { allowPermission, APP_ENTRY_URL } from './policy';
import { createMainWindow, guardContents, isFromOurPage, type WindowFiles } from './window';

const APP_ID = 'org.spoke.app';

// Bundled to dist/node/electron-main.cjs: the preload sits beside it, the page in dist/renderer.
const files: WindowFiles = {
  preload: path.join(__dirname, 'preload.cjs'),
  rendererDir: path.join(__dirname, '..', 'renderer'),
};

/** The better-sqlite3 addon built for Electron's ABI (node_modules holds the one built for Node). */
function sqliteBinding(): string | undefined {
  if (process.env.SPOKE_SQLITE_BINDING) return process.env.SPOKE_SQLITE_BINDING;
  if (app.isPackaged) return path.join(process.resourcesPath, 'native', 'better_sqlite3.node');
  return undefined;
}

/** Opens the practice, or explains why not and returns null. Never deletes or moves anything. */
function openPractice(dataDir: string, demo: boolean): PracticeCore | null {
  const binding = sqliteBinding();
  if (binding && !fs.existsSync(binding)) {
    const fix = app.isPackaged ? 'Reinstall Spoke.' : 'Run `npm run electron:native`, or start with `npm start`.';
    dialog.showErrorBox('Spoke is incomplete', `Spoke's database component is missing:\n${binding}\n\n${fix} Your practice data has not been touched.`);
    return null;
  }
  let core: PracticeCore;
  try {
    core = new PracticeCore({ dataDir, create: 'ifMissing', purpose: 'Spoke desktop app', ...(binding ? { nativeBinding: binding } : {}) });
  } catch (err) {
    let message = err instanceof SpokeError ? err.message : `Could not open the practice data in ${dataDir}: ${String(err)}`;
    // Launched without scripts/start.mjs: node_modules holds SQLite built for Node, not Electron.
    if (!binding && /NODE_MODULE_VERSION|better_sqlite3\.node/.test(message)) {
      message += '\n\nStart the app with `npm start`, which builds SQLite for Electron.';
    }
    dialog.showErrorBox('Spoke cannot open the practice data', message);
    return null;
  }
  if (core.backupPath) console.log(`[spoke] database upgraded; the previous copy is at ${core.backupPath}`);
  core.rota.warmSoon();
  if (demo && !core.isSetUp() && !core.readOnly) {
    try {
      core.loadDemo();
    } catch (err) {
      core.close();
      dialog.showErrorBox('Spoke cannot load the demo practice', err instanceof Error ? err.message : String(err));
      return null;
    }
  }
  return core;
}

function start(): void {
  const args = parseShellArgs(process.argv.slice(1), process.cwd());
  // SPOKE_DATA_HOME moves the data the same way for the web host and the CLI (core/paths.ts).
  const userData = process.env.SPOKE_DATA_HOME ?? app.getPath('userData');
  const dataDir = args.dataDir ?? practiceDataDir(userData, args.demo);

  let core: PracticeCore | null = null;
  let stopDailyBackups = (): void => undefined;
  let mainWindow: BrowserWindow | null = null;

  const openWindow = (): void => {
    const win = createMainWindow(files);
    mainWindow = win;
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    win.loadURL(APP_ENTRY_URL).catch((err: unknown) => {
      dialog.showErrorBox('Spoke could not show its window', `${files.rendererDir}\n\n${String(err)}`);
    });
  };

  app.on('second-instance', () => {
    if (!mainWindow) {
      if (core && app.isReady()) openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    stopDailyBackups();
    core?.close();
    core = null;
  });

  app
    .whenReady()
    .then(() => {
      if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
      // Spoke needs no camera, microphone, notifications, location or devices: ask nothing, grant nothing.
      const ses = session.defaultSession;
      ses.setPermissionRequestHandler((_contents, permission, callback) => callback(allowPermission(permission)));
      ses.setPermissionCheckHandler((_contents, permission) => allowPermission(permission));
      ses.setDevicePermissionHandler((details) => allowPermission(details.deviceType));
      handleAppProtocol(files.rendererDir);

      core = openPractice(dataDir, args.demo);
      if (!core) {
        app.exit(1);
        return;
      }
      const demoHubCode = process.env.SPOKE_DEMO_HUB_CODE;
      if (args.demo && demoHubCode) {
        // `npm run demo` starts a demo hub beside the app and hands over an enrolment code.
        core.sync.enrolDemo(demoHubCode).catch((err: unknown) => console.error(`The demo practice could not enrol with the demo hub: ${(err as Error).message}`));
      }
      if (!core.readOnly) stopDailyBackups = startDailyBackups(core, (m) => console.error(m));
      registerIpc(core, (event) => isFromOurPage(mainWindow, event));
      installAppMenu({ dataDir: core.dataDir, mainWindow: () => mainWindow });
      openWindow();

      app.on('activate', () => {
        // macOS: clicking the dock icon with no window open brings the window back.
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch((err: unknown) => {
      dialog.showErrorBox('Spoke could not start', String(err));
      app.exit(1);
    });
}

app.enableSandbox();
registerAppScheme();
// Whatever web contents Chromium ever creates get the same guards as the window's.
app.on('web-contents-created', (_event, contents) => guardContents(contents));
// A second copy would fight the first over the practice folder: hand over to the first.
if (app.requestSingleInstanceLock()) start();
else app.quit();
