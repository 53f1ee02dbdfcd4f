import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartTime } from '../../electron/core/lock';
import { PracticeCore } from '../../electron/core/practice-core';
import { tempDirs } from '../helpers/core';

const temp = tempDirs();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  temp.removeAll();
});

/** A live process that is not Spoke, as a reused pid after a power cut would be. */
async function liveProcess(command: string, args: string[]): Promise<number> {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  // wait until the exec has happened, so /proc shows the new command line
  for (let i = 0; i < 100 && !fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes(args[0] ?? command); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

const bootId = () => fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

function folderLockedBy(info: Record<string, unknown>): { dir: string; lock: string } {
  const dir = temp.make('spoke-lock-');
  const lock = path.join(dir, 'spoke.lock');
  fs.writeFileSync(lock, JSON.stringify({ host: os.hostname(), purpose: 'web host on port 5170', since: '2026-11-20T08:00:00.000Z', ...info }));
  return { dir, lock };
}

const open = (dir: string) => new PracticeCore({ dataDir: dir, create: 'ifMissing', purpose: 'test' });

describe.skipIf(process.platform !== 'linux')('the data folder lock after a power cut', () => {
  it('records the boot and the start time of the process holding it', () => {
    const dir = temp.make('spoke-lock-');
    const core = open(dir);
    const held = JSON.parse(fs.readFileSync(path.join(dir, 'spoke.lock'), 'utf8')) as Record<string, unknown>;
    expect(held).toMatchObject({ pid: process.pid, bootId: bootId(), startTime: processStartTime(process.pid) });
    expect(held['startTime']).toMatch(/^\d+$/);
    core.close();
  });

  it('says when the pid in an old-style lock now belongs to a program that is not Spoke, and how to recover', async () => {
    const pid = await liveProcess('sleep', ['300']);
    const { dir, lock } = folderLockedBy({ pid }); // no start time: written by an older Spoke
    const before = fs.readFileSync(lock, 'utf8');
    expect(() => open(dir)).toThrow(
      new RegExp(
        `is locked by process ${pid} \\(web host on port 5170, since 2026-11-20T08:00:00.000Z\\), but that process is not Spoke: it is "sleep 300"\\. .*Make sure Spoke is not open anywhere, then delete ${lock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} and start Spoke again\\.`,
      ),
    );
    expect(fs.readFileSync(lock, 'utf8')).toBe(before); // refused, not taken over
  });

  it('takes over a lock whose pid was reused by a later process, even a node one (start times differ)', async () => {
    const pid = await liveProcess(process.execPath, ['-e', 'setTimeout(() => {}, 300000)']);
    const real = processStartTime(pid);
    expect(real).toMatch(/^\d+$/);
    const { dir, lock } = folderLockedBy({ pid, bootId: bootId(), startTime: String(Number(real) - 1) });
    const core = open(dir);
    expect((JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number }).pid).toBe(process.pid);
    core.close();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('takes over a lock written before the computer restarted, whatever now runs under its pid', async () => {
    const pid = await liveProcess('sleep', ['300']);
    const { dir } = folderLockedBy({ pid, bootId: '00000000-0000-4000-8000-000000000000', startTime: processStartTime(pid) });
    open(dir).close();
  });

  it('still refuses a lock held by the live process that wrote it', async () => {
    const pid = await liveProcess(process.execPath, ['-e', 'setTimeout(() => {}, 300000)']);
    const { dir, lock } = folderLockedBy({ pid, bootId: bootId(), startTime: processStartTime(pid) });
    expect(() => open(dir)).toThrow(
      new RegExp(`already open in another Spoke process \\(web host on port 5170, process ${pid}, since .*\\)\\. Close that one first\\.`),
    );
    expect(fs.existsSync(lock)).toBe(true);
  });
});
