import { randomUUID } from 'node:crypto';
import { CHANNELS, type Channel } from '../../shared/channels';
import { contract, type ChannelSpec } from '../../shared/contract';
import { APP_ROLE_LABELS } from '../../shared/schemas';
import { type Envelope, SpokeError, fieldErrorsFromIssues, readOnlyMessage } from '../../shared/errors';
import type { PracticeCore, Session } from './practice-core';

const known = new Set<string>(CHANNELS);

export function isChannel(name: string): name is Channel {
  return known.has(name);
}

type AnyHandler = (input: unknown, ctx: { session: Session; profile: ReturnType<PracticeCore['profileOf']> }) => unknown;

/**
 * The one entry point every transport uses: validate the input against the contract,
 * check who is asking, run the handler, validate its output, and turn any failure into
 * an envelope with a message fit for the user. Never throws.
 */
export function dispatch(core: PracticeCore, channelName: string, rawInput: unknown, session: Session): Envelope<unknown> {
  try {
    if (!isChannel(channelName)) {
      return { ok: false, error: { code: 'unknown_channel', message: `Spoke has no operation called "${channelName}".` } };
    }
    const spec: ChannelSpec = contract[channelName];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const fieldErrors = fieldErrorsFromIssues(parsed.error.issues);
      const first = Object.values(fieldErrors)[0] ?? 'Some details are not valid';
      return { ok: false, error: { code: 'invalid_input', message: `Check the details: ${first}.`, fieldErrors } };
    }
    const profile = core.profileOf(session);
    if (spec.access !== 'public') {
      if (!core.isSetUp()) return { ok: false, error: { code: 'not_set_up', message: 'Set up the practice first.' } };
      if (!profile) {
        const notice = session.signedOutNotice;
        return { ok: false, error: { code: 'not_signed_in', message: notice ? `${notice} Sign in again to continue.` : 'Sign in to continue.' } };
      }
      if (spec.access !== 'signedIn' && !spec.access.includes(profile.appRole)) {
        const who = spec.access.map((r) => APP_ROLE_LABELS[r].toLowerCase()).join(' or ');
        return {
          ok: false,
          error: {
            code: 'forbidden',
            message: `Only a ${who} can do this. You are signed in as ${profile.displayName} (${APP_ROLE_LABELS[profile.appRole]}).`,
          },
        };
      }
    }
    // Unmarked channels count as writes: refusing a read is a nuisance, attempting a write is a failure.
    if (core.readOnly && spec.kind !== 'read') {
      return { ok: false, error: { code: 'conflict', message: readOnlyMessage(core.readOnly.reason) } };
    }
    const handler = core.handlers[channelName] as AnyHandler;
    const value = handler(parsed.data, { session, profile });
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      const ref = randomUUID().slice(0, 8);
      console.error(`[spoke] ${channelName} produced output that breaks the contract (ref ${ref}):`, checked.error.issues);
      return { ok: false, error: { code: 'internal', message: `Spoke hit an internal problem (ref ${ref}). Nothing was lost; please report it.` } };
    }
    return { ok: true, value: checked.data };
  } catch (err) {
    if (err instanceof SpokeError) return { ok: false, error: err.toBody() };
    // The file or disk became read-only after the practice was opened (SQLITE_READONLY_*).
    if (String((err as { code?: unknown }).code).startsWith('SQLITE_READONLY')) {
      return {
        ok: false,
        error: { code: 'conflict', message: 'The change was not saved: the practice database can no longer be written (the file or its disk became read-only). Restart Spoke.' },
      };
    }
    const ref = randomUUID().slice(0, 8);
    console.error(`[spoke] ${channelName} failed (ref ${ref}):`, err);
    return {
      ok: false,
      error: { code: 'internal', message: `Spoke hit an internal problem (ref ${ref}). The change was not saved; please report it.` },
    };
  }
}
