import os from 'node:os';
import path from 'node:path';

/**
 * Where Spoke keeps a practice's data when no --data is given: the same folder
 * Electron's app.getPath('userData') uses for the product name "Spoke", so the
 * desktop app and the web host find the same practice.
 */
export function defaultUserDataDir(): string {
  if (process.env.SPOKE_DATA_HOME) return process.env.SPOKE_DATA_HOME;
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Spoke');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Spoke');
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Spoke');
  }
}

/** The practice's own folder (database, backups, lock) inside the user-data folder. */
export function practiceDataDir(userData: string, demo: boolean): string {
  return path.join(userData, demo ? 'demo-practice' : 'practice');
}
