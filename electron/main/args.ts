import path from 'node:path';

/** What the desktop app was asked to open, from its command line. */
export interface ShellArgs {
  /** --data DIR (or --data=DIR): an explicit practice folder, resolved against the working directory. */
  dataDir: string | null;
  /** --demo: use the demo practice folder and load the demo practice into it if empty. */
  demo: boolean;
}

/**
 * Reads Spoke's own flags and ignores everything else: Electron and Chromium put their
 * own switches and the app path ('.') on the same command line, so a strict parser
 * would refuse to start.
 */
export function parseShellArgs(argv: readonly string[], cwd: string): ShellArgs {
  let dataDir: string | null = null;
  let demo = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--demo') demo = true;
    else if (arg === '--data') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        dataDir = path.resolve(cwd, next);
        i++;
      }
    } else if (arg?.startsWith('--data=')) {
      const value = arg.slice('--data='.length);
      if (value) dataDir = path.resolve(cwd, value);
    }
  }
  return { dataDir, demo };
}
