import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SpokeError } from '../../shared/errors';

interface LockInfo {
  pid: number;
  host: string;
  purpose: string;
  since: string;
  /** Linux: the kernel's id for this boot; a lock from an earlier boot is stale whatever its pid. */
  bootId?: string | null;
  /** Linux: when the holder started (clock ticks since boot, /proc/<pid>/stat), so a reused pid is told apart. */
  startTime?: string | null;
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

function readProc(p: string): string | null {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return null; // not Linux, or the process is gone
  }
}

function bootId(): string | null {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

/** Field 22 of /proc/<pid>/stat. The command name (field 2) may hold spaces and ')', so count from the last ')'. */
export function processStartTime(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

function commandLine(pid: number): string | null {
  const raw = readProc(`/proc/${pid}/cmdline`);
  return raw === null ? null : raw.replace(/\0+$/, '').split('\0').join(' ');
}

/** How Spoke is started: the desktop app (Spoke/Electron) or the bundled web host or CLI. */
const SPOKE_COMMAND = /spoke|electron|web\.mjs|practice\.mjs/i;

/**
 * One process owns a data folder at a time: SQLite would cope with two, but two
 * copies of the app each keeping their own view of the practice would not. A lock
 * left by a process that died, or from before the computer restarted, or naming a
 * process number since reused by another program, is taken over; one held by a live
 * Spoke is refused with who holds it and how to recover if that is wrong.
 */
export function lockDataFolder(dir: string, purpose: string): DataFolderLock {
  const file = path.join(dir, 'spoke.lock');
  const mine: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    purpose,
    since: new Date().toISOString(),
    bootId: bootId(),
    startTime: processStartTime(process.pid),
  };
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
    if (held) refuseIfHeld(dir, file, held);
    fs.rmSync(file, { force: true }); // stale: its process is gone
  }
  throw new SpokeError('conflict', `Could not lock the data folder ${dir}`);
}

/** Throws when `held` is a live holder (or cannot be proven dead); returns when the lock is stale. */
function refuseIfHeld(dir: string, file: string, held: LockInfo): void {
  const recover = `If Spoke is not open anywhere, the lock was left by a crash or power cut: delete ${file} and start Spoke again.`;
  if (held.host !== os.hostname()) {
    throw new SpokeError(
      'conflict',
      `The data folder ${dir} is open on another computer (${held.host}, ${held.purpose}, since ${held.since}). Close Spoke there first; if that computer crashed, delete ${file}.`,
    );
  }
  const inUse = () =>
    new SpokeError(
      'conflict',
      `The data folder ${dir} is already open in another Spoke process (${held.purpose}, process ${held.pid}, since ${held.since}). Close that one first. ${recover}`,
    );
  if (held.pid === process.pid) {
    if (heldHere.has(file)) throw inUse();
    return; // our number, but not our lock: left by an earlier process that had it
  }
  const boot = bootId();
  if (held.bootId && boot && held.bootId !== boot) return; // written before the computer restarted
  if (!alive(held.pid)) return;
  const started = processStartTime(held.pid);
  if (held.startTime && started) {
    if (held.startTime !== started) return; // the number now belongs to a later process
    throw inUse();
  }
  // Not provable either way (a lock from an older Spoke, or no /proc): say what we can see.
  const command = commandLine(held.pid);
  if (command !== null && !SPOKE_COMMAND.test(command)) {
    throw new SpokeError(
      'conflict',
      `The data folder ${dir} is locked by process ${held.pid} (${held.purpose}, since ${held.since}), but that process is not Spoke: it is "${command.slice(0, 120)}". The lock was most likely left when the computer lost power or Spoke crashed, and the number has since been reused. Make sure Spoke is not open anywhere, then delete ${file} and start Spoke again.`,
    );
  }
  throw inUse();
}
