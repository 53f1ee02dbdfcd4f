import { runPracticeCli } from '../../electron/core/cli/practice-cli';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Channel } from '../../shared/channels';
import type { InputOf, OutputOf } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { dispatchSync } from '../../electron/core/dispatch';
import { PracticeCore, type Session } from '../../electron/core/practice-core';
import type { Clock } from '../../electron/core/clock';
import type { StaffInput } from '../../shared/contract/staff';

/** A clock tests can move. */
export function fixedClock(iso = '2026-11-23T09:00:00.000Z'): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (v: string) => (now = new Date(v)) };
}

export function tempDir(prefix = 'spoke-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Temporary folders for one test file: `make()` in tests, `removeAll()` in afterEach/afterAll. */
export function tempDirs() {
  const made: string[] = [];
  return {
    make(prefix?: string): string {
      const d = tempDir(prefix);
      made.push(d);
      return d;
    },
    removeAll(): void {
      for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Calls the core exactly as a transport does, through dispatch and the contract. */
export function caller(core: PracticeCore, session: Session = { profileId: null }) {
  const raw = (channel: string, input: unknown): Envelope<unknown> => dispatchSync(core, channel, input, session);
  const ok = <C extends Channel>(channel: C, input: InputOf<C>): OutputOf<C> => {
    const env = dispatchSync(core, channel, input, session);
    if (!env.ok) throw new Error(`${channel} failed: ${env.error.code} ${env.error.message} ${JSON.stringify(env.error.fieldErrors ?? {})}`);
    return env.value as OutputOf<C>;
  };
  return { raw, ok, session };
}

/** A demo practice in memory, signed in as its practice manager. */
export function demoCore(clock = fixedClock()) {
  const core = new PracticeCore({ dataDir: null, clock });
  const c = caller(core);
  const status = c.ok('practice.openDemo', {});
  return { core, c, status, clock };
}

export function sampleStaff(siteId: string, overrides: Partial<StaffInput> = {}): StaffInput {
  return {
    givenName: 'Test',
    familyName: 'Person',
    roleId: 'salaried_gp',
    contract: { kind: 'sessions', amount: 6 },
    usualSessions: [
      { day: 'mon', period: 'am' },
      { day: 'mon', period: 'pm' },
    ],
    siteIds: [siteId],
    professionalBody: 'GMC',
    registrationNumber: '9912345',
    startDate: '2026-01-05',
    endDate: null,
    competencies: ['duty_doctor'],
    email: null,
    ...overrides,
  };
}

/**
 * Runs a practice CLI command that finishes synchronously (init, demo, export, check, and
 * any usage error) in this process, and collects what it printed.
 */
export function runCli(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runPracticeCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  if (typeof code !== 'number') throw new Error(`"${argv[0] ?? ''}" waits on the network or a file: await runPracticeCli instead`);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
