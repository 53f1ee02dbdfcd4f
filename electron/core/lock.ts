import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SpokeError } from '../../shared/errors';

interface LockInfo {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

/** Folders this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

export interface DataFolderLock {
  file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process owns a data folder at a time: SQLite would cope with two, but two
 * copies of the app each keeping their own view of the practice would not. A lock
 * left by a process that died is taken over; one held by a live process is refused
 * with who holds it.
 */
export function lockDataFolder(dir: string, purpose: string): DataFolderLock {
  const file = path.join(dir, 'spoke.lock');
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), purpose, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      heldHere.add(file);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          heldHere.delete(file);
          try {
            const held = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
            if (held.pid === process.pid) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let held: LockInfo | null = null;
    try {
      held = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    } catch {
      held = null; // unreadable lock: treat as stale
    }
    const sameHost = held?.host === os.hostname();
    const ours = held?.pid === process.pid && heldHere.has(file);
    if (held && sameHost && (ours || (held.pid !== process.pid && alive(held.pid)))) {
      throw new SpokeError(
        'conflict',
        `The data folder ${dir} is already open in another Spoke process (${held.purpose}, process ${held.pid}, since ${held.since}). Close that one first.`,
      );
    }
    if (held && !sameHost) {
      throw new SpokeError(
        'conflict',
        `The data folder ${dir} is open on another computer (${held.host}, ${held.purpose}, since ${held.since}). Close Spoke there first; if that computer crashed, delete ${file}.`,
      );
    }
    fs.rmSync(file, { force: true }); // stale: its process is gone
  }
  throw new SpokeError('conflict', `Could not lock the data folder ${dir}`);
}
