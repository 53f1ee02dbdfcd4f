/**
 * What every channel row in a feature's contract file declares. The feature files
 * (shared/contract/<feature>.ts) are merged into one table in ./index.ts.
 */
import { z } from 'zod';
import type { AppRole } from '../domain/app-roles';

export interface ChannelSpec {
  doc: string;
  input: z.ZodType;
  output: z.ZodType;
  /**
   * 'public': callable before anyone signs in (first run, sign-in).
   * 'signedIn': any signed-in profile. An AppRole list: only those roles.
   */
  access: 'public' | 'signedIn' | readonly AppRole[];
  /**
   * 'read' changes nothing; 'write' may change the practice database. A practice opened
   * read-only refuses writes, and a write whose transaction committed is never reported
   * as a failure (see dispatch).
   */
  kind: 'read' | 'write';
}

/** Channels that take no input. */
export const none = z.strictObject({});
export const managerOnly = ['practice_manager'] as const;
/** `{ ok: true }` for writes that return nothing else. */
export const Done = z.object({ ok: z.literal(true) });

/** Declares one feature's channel rows; keeps their literal types for the merged table. */
export function defineChannels<const T extends Record<string, ChannelSpec>>(rows: T): T {
  return rows;
}
