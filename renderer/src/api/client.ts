/**
 * The typed API client. The UI calls `api(channel, input)`; whether that travels over
 * Electron IPC (window.spoke, from the preload) or the loopback web host is decided
 * here once, and nothing else in the UI knows.
 */
import type { Channel } from '../../../shared/channels';
import type { InputOf, OutputOf } from '../../../shared/contract';
import type { Attention, Envelope, ErrorBody, ErrorCode } from '../../../shared/errors';

export type SpokeBridge = { [C in Channel]: (input: unknown) => Promise<Envelope<unknown>> };

declare global {
  interface Window {
    /** Present only inside the Electron app (see electron/preload). */
    spoke?: SpokeBridge;
  }
}

/** A failed call, carrying the user-facing message and any per-field messages. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors: Record<string, string>;
  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.fieldErrors = body.fieldErrors ?? {};
  }
}

const TOKEN_KEY = 'spoke.token';
const SESSION_KEY = 'spoke.session';

/** Reads the web host's token from the URL fragment once, then hides it from the address bar. */
function webToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function webSession(): string {
  let id = sessionStorage.getItem(SESSION_KEY);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(SESSION_KEY, id);
  }
  return id;
}

let token: string | null = null;

/** Call once at start-up, before routing reads the hash. */
export function initTransport(): void {
  if (!window.spoke) token = webToken();
}

async function viaWeb(channel: Channel, input: unknown): Promise<Envelope<unknown>> {
  if (!token) {
    return { ok: false, error: { code: 'unauthorised', message: 'Open Spoke with the address it printed when it started (it carries the access token).' } };
  }
  let res: Response;
  try {
    res = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-spoke-session': webSession() },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Spoke is not running. Start it again and reload this page.' } };
  }
  try {
    return (await res.json()) as Envelope<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: `Spoke answered with something unreadable (HTTP ${res.status}).` } };
  }
}

let attentionListener: ((items: Attention[]) => void) | null = null;

/** Where notices about records that need attention go (the store shows them). */
export function setAttentionListener(listener: (items: Attention[]) => void): void {
  attentionListener = listener;
}

export async function api<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const bridge = window.spoke;
  const envelope = bridge ? await bridge[channel](input) : await viaWeb(channel, input);
  if (!envelope.ok) throw new ApiError(envelope.error);
  if (envelope.attention?.length) attentionListener?.(envelope.attention);
  return envelope.value as OutputOf<C>;
}
