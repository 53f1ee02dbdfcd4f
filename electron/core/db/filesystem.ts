/**
 * Whether a data folder is on a network filesystem, where SQLite's WAL mode is unsafe
 * (the WAL index lives in shared memory, which does not work across machines, and
 * network file locking is often unreliable): two PCs opening the same practice could
 * corrupt it. Spoke warns rather than refuses, as a share used by one PC at a time works.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Linux statfs f_type values of network and remote filesystems (from statfs(2) and the kernel's magic.h). */
export const NETWORK_FS_TYPES: ReadonlyMap<number, string> = new Map([
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xfe534d42, 'SMB2/3'],
  [0xff534d42, 'CIFS'],
  [0x01021997, '9p'],
  [0x65735546, 'FUSE (such as sshfs)'],
  [0x5346414f, 'AFS'],
  [0x73757245, 'Coda'],
  [0x564c, 'NCP'],
  [0x00c36400, 'Ceph'],
  [0x0bd00bd0, 'Lustre'],
  [0x786f4256, 'VirtualBox shared folder'],
  [0x47504653, 'GPFS'],
]);

export interface StorageFacts {
  /** The data folder's absolute path as the user gave it. */
  path: string;
  platform: NodeJS.Platform;
  /** statfs's f_type (Linux), or null where it is unknown. */
  fsType: number | null;
  /** Windows drive letters mapped to network shares ("Z:"), from `net use`. */
  networkDrives?: readonly string[];
}

/**
 * The kind of network filesystem the folder is on, or null for a local disk. Pure:
 * the facts are gathered by `storageFacts`.
 */
export function networkFilesystem(f: StorageFacts): string | null {
  if (f.platform === 'win32') {
    const p = f.path.replace(/\//g, '\\');
    // \\?\C:\... and \\.\ are local device paths; \\?\UNC\server\share is a share
    if (/^\\\\\?\\UNC\\/i.test(p)) return 'a Windows network share (UNC path)';
    if (/^\\\\[?.]\\/.test(p)) return null;
    if (/^\\\\[^\\]+\\[^\\]+/.test(p)) return 'a Windows network share (UNC path)';
    const drive = /^([a-z]):/i.exec(p)?.[1];
    if (drive && (f.networkDrives ?? []).some((d) => d.toUpperCase().startsWith(`${drive.toUpperCase()}:`))) return `a mapped network drive (${drive.toUpperCase()}:)`;
    return null;
  }
  if (f.fsType === null) return null;
  const name = NETWORK_FS_TYPES.get(f.fsType >>> 0);
  return name ? `a network filesystem (${name})` : null;
}

/** Drive letters `net use` lists as mapped to a share; empty if it cannot say within 2 s. */
function windowsNetworkDrives(): string[] {
  try {
    const out = execFileSync('net', ['use'], { encoding: 'utf8', timeout: 2000, windowsHide: true, stdio: ['ignore', 'pipe', 'ignore'] });
    return [...out.matchAll(/\b([A-Z]:)\s+\\\\/g)].map((m) => m[1] ?? '').filter(Boolean);
  } catch {
    return [];
  }
}

export function storageFacts(dir: string): StorageFacts {
  let fsType: number | null = null;
  if (process.platform !== 'win32') {
    try {
      fsType = Number(fs.statfsSync(dir).type);
    } catch {
      fsType = null;
    }
  }
  return {
    path: dir,
    platform: process.platform,
    fsType,
    ...(process.platform === 'win32' && /^[a-z]:/i.test(dir) ? { networkDrives: windowsNetworkDrives() } : {}),
  };
}

/** The warning users see for a data folder on a network filesystem, or null. */
export function networkStorageWarning(dir: string, facts: StorageFacts = storageFacts(dir)): string | null {
  const kind = networkFilesystem(facts);
  if (!kind) return null;
  return `The practice data folder ${dir} is on ${kind}. SQLite's write-ahead log is not safe there: if two PCs open this practice at once it can be damaged. Keep the data folder on this PC's own disk (back it up to the share instead), or make sure only one PC ever opens it.`;
}
