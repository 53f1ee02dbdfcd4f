import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { networkFilesystem, networkStorageWarning, storageFacts } from '../../electron/core/db/filesystem';

const linux = (fsType: number | null) => ({ path: '/home/pm/.config/Spoke/practice', platform: 'linux' as const, fsType });
const win = (p: string, networkDrives: string[] = []) => ({ path: p, platform: 'win32' as const, fsType: null, networkDrives });

describe('a data folder on a network filesystem', () => {
  it.each([
    [0x6969, 'NFS'],
    [0x517b, 'SMB'],
    [0xfe534d42, 'SMB2/3'],
    [0xff534d42, 'CIFS'],
    [0x01021997, '9p'],
    [0x65735546, 'FUSE (such as sshfs)'],
    [0x786f4256, 'VirtualBox shared folder'],
  ])('Linux statfs type 0x%s is %s', (type, name) => {
    expect(networkFilesystem(linux(type))).toBe(`a network filesystem (${name})`);
  });

  it('statfs gives CIFS as a negative number on some builds: still found', () => {
    expect(networkFilesystem(linux(0xff534d42 | 0))).toBe('a network filesystem (CIFS)');
  });

  it.each([
    [0xef53, 'ext4'],
    [0x9123683e, 'btrfs'],
    [0x58465342, 'xfs'],
    [0x01021994, 'tmpfs'],
    [0x794c7630, 'overlayfs'],
  ])('a local Linux filesystem (0x%s, %s) is not warned about', (type) => {
    expect(networkFilesystem(linux(type))).toBeNull();
  });

  it('an unknown type is not warned about', () => {
    expect(networkFilesystem(linux(null))).toBeNull();
  });

  it('Windows: UNC paths are shares, device paths and local drives are not, mapped drives are', () => {
    expect(networkFilesystem(win('\\\\surgery-nas\\practice\\Spoke'))).toBe('a Windows network share (UNC path)');
    expect(networkFilesystem(win('//surgery-nas/practice/Spoke'))).toBe('a Windows network share (UNC path)');
    expect(networkFilesystem(win('\\\\?\\UNC\\surgery-nas\\practice'))).toBe('a Windows network share (UNC path)');
    expect(networkFilesystem(win('\\\\?\\C:\\Users\\pm\\Spoke'))).toBeNull();
    expect(networkFilesystem(win('C:\\Users\\pm\\AppData\\Roaming\\Spoke\\practice'))).toBeNull();
    expect(networkFilesystem(win('Z:\\Spoke\\practice', ['Z:']))).toBe('a mapped network drive (Z:)');
    expect(networkFilesystem(win('z:\\Spoke', ['Z:']))).toBe('a mapped network drive (Z:)');
    expect(networkFilesystem(win('C:\\Spoke', ['Z:']))).toBeNull();
  });

  it('the warning says what is unsafe and what to do; this machine’s temp folder is local', () => {
    const w = networkStorageWarning('/mnt/share/practice', linux(0x6969));
    expect(w).toMatch(/is on a network filesystem \(NFS\)\. SQLite's write-ahead log is not safe there/);
    expect(w).toMatch(/Keep the data folder on this PC's own disk/);
    expect(networkStorageWarning(os.tmpdir(), storageFacts(os.tmpdir()))).toBeNull();
  });
});
