import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CHANNELS, type Channel } from '../../shared/channels';
import { contract, type ChannelSpec } from '../../shared/contract';
import { APP_ROLE_LABELS } from '../../shared/domain/app-roles';
import { type Attention, type Envelope, SpokeError, fieldErrorsFromIssues, readOnlyMessage } from '../../shared/errors';
import type { CallContext, Session } from './features/context';
import type { PracticeCore } from './practice-core';

const known = new Set<string>(CHANNELS);

export function isChannel(name: string): name is Channel {
  return known.has(name);
}

type AnyHandler = (input: unknown, call: CallContext) => unknown;
type Ready = { channel: Channel; spec: ChannelSpec; run: () => unknown };

const reference = () => randomUUID().slice(0, 8);

/**
 * Everything before the handler runs: the channel exists, the input matches the contract,
 * the caller may use it. Returns either a failure envelope or the call, ready to run.
 */
function prepare(core: PracticeCore, channelName: string, rawInput: unknown, session: Session): Envelope<never> | Ready {
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
  if (core.readOnly && spec.kind === 'write') {
    return { ok: false, error: { code: 'conflict', message: readOnlyMessage(core.readOnly.reason) } };
  }
  const handler = core.handlers[channelName] as AnyHandler;
  return { channel: channelName, spec, run: () => handler(parsed.data, { session, profile }) };
}

/** A handler threw: its own message when it meant to, otherwise a reference and no stack trace. */
function failure(ready: Ready, err: unknown): Envelope<never> {
  if (err instanceof SpokeError) return { ok: false, error: err.toBody() };
  // The file or disk became read-only after the practice was opened (SQLITE_READONLY_*).
  if (String((err as { code?: unknown }).code).startsWith('SQLITE_READONLY')) {
    return {
      ok: false,
      error: { code: 'conflict', message: 'The change was not saved: the practice database can no longer be written (the file or its disk became read-only). Restart Spoke.' },
    };
  }
  // The disk filled part way: the transaction rolled back whole.
  const code = String((err as { code?: unknown }).code);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return {
      ok: false,
      error: { code: 'conflict', message: 'The change was not saved: the disk holding the practice data is full. Nothing was half-saved; free some space and try again.' },
    };
  }
  const ref = reference();
  console.error(`[spoke] ${ready.channel} failed (ref ${ref}):`, err);
  const outcome = ready.spec.kind === 'write' ? 'The change was not saved' : 'Nothing was changed';
  return { ok: false, error: { code: 'internal', message: `Spoke hit an internal problem (ref ${ref}). ${outcome}; please report it.` } };
}

function idOf(row: unknown): string | undefined {
  const id = row !== null && typeof row === 'object' ? (row as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The handler's result, checked against the contract. A check that fails never turns a
 * success into a failure the user would act on wrongly:
 * - a list drops only the rows that break the contract and says which need attention,
 *   so one bad stored row can never stop the list loading for everyone;
 * - a write has already committed, so it is reported as saved, with a reference.
 * Only a single record that cannot be shown is an error.
 */
function finish(ready: Ready, value: unknown): Envelope<unknown> {
  const { spec, channel } = ready;
  const checked = spec.output.safeParse(value);
  if (checked.success) return { ok: true, value: checked.data };
  const ref = reference();
  console.error(`[spoke] ${channel} produced output that breaks the contract (ref ${ref}):`, checked.error.issues);
  if (spec.output instanceof z.ZodArray && Array.isArray(value)) {
    const element = spec.output.element as z.ZodType;
    const rows: unknown[] = [];
    const attention: Attention[] = [];
    for (const row of value) {
      const r = element.safeParse(row);
      if (r.success) rows.push(r.data);
      else {
        const id = idOf(row);
        attention.push({
          ref,
          ...(id ? { id } : {}),
          message: `A stored record could not be shown and needs attention (ref ${ref}). Run the database check and report it.`,
        });
      }
    }
    return { ok: true, value: rows, attention };
  }
  if (spec.kind === 'write') {
    const attention: Attention[] = [
      { ref, message: `The change was saved, but Spoke could not show the result properly (ref ${ref}). Reload the page; report it if it persists.` },
    ];
    return { ok: true, value, attention };
  }
  return { ok: false, error: { code: 'internal', message: `This record needs attention: Spoke could not show it (ref ${ref}). Nothing was changed; please report it.` } };
}

/**
 * The one entry point every transport uses (Electron IPC, the web host, the CLI): validate
 * the input against the contract, check who is asking, run the handler (awaiting it if it
 * had to wait on the network), validate its output, and turn any failure into an envelope
 * with a message fit for the user. Never throws.
 */
export async function dispatch(core: PracticeCore, channelName: string, rawInput: unknown, session: Session): Promise<Envelope<unknown>> {
  const ready = prepare(core, channelName, rawInput, session);
  if (!('run' in ready)) return ready;
  let value: unknown;
  try {
    value = await ready.run();
  } catch (err) {
    return failure(ready, err);
  }
  return finish(ready, value);
}

/**
 * The same for a caller that cannot wait (tests, scripts) on a synchronous channel. A
 * channel whose handler returns a promise is refused: use `dispatch`.
 */
export function dispatchSync(core: PracticeCore, channelName: string, rawInput: unknown, session: Session): Envelope<unknown> {
  const ready = prepare(core, channelName, rawInput, session);
  if (!('run' in ready)) return ready;
  let value: unknown;
  try {
    value = ready.run();
  } catch (err) {
    return failure(ready, err);
  }
  if (value instanceof Promise) {
    value.catch(() => undefined);
    throw new Error(`${channelName} is asynchronous: call dispatch() and await it`);
  }
  return finish(ready, value);
}
