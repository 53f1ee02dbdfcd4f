import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { ErrorCode } from '../../../shared/errors';
import { dispatch } from '../dispatch';
import type { PracticeCore, Session } from '../practice-core';
import { answerClientError } from '../../../shared/http/client-error';
import { PAGE_CSP_DIRECTIVES } from '../../../shared/page-csp';

export interface WebHostOptions {
  core: PracticeCore;
  /** 0 picks a free port. */
  port: number;
  /** Built renderer (index.html and assets). */
  staticDir: string;
  /** Fixed token for tests; normally random per run. */
  token?: string;
  /** A signed-in tab idle this long is signed out (default 12 hours). */
  sessionIdleMs?: number;
  /** Sessions kept at most; the least recently used goes first (default 10,000). */
  maxSessions?: number;
  /** A request must arrive whole (headers and body) within this time (default 15 s). */
  requestTimeoutMs?: number;
  /** Milliseconds now; tests move it to cross the idle limit. */
  now?: () => number;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  forbidden: 403,
  not_signed_in: 401,
  conflict: 409,
  not_set_up: 409,
  unauthorised: 401,
  unknown_channel: 404,
  internal: 500,
};

export const DEFAULT_SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
const DEFAULT_MAX_SESSIONS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** A refused request with a body up to this size is drained rather than disconnected. */
const SMALL_BODY = 64 * 1024;
/** After Ctrl+C, requests still in flight get this long before their connections are cut. */
const CLOSE_GRACE_MS = 1_000;
const SESSION_HEADER = 'x-spoke-session';
const SESSION_ID = /^[0-9a-f-]{36}$/;

/** The page's own policy (the same as the desktop app's), plus what only a header can say. */
const CSP = [...PAGE_CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/**
 * Sent on every answer (refusals, errors, static files and the API alike), so that no
 * response, however it was produced, can be framed, sniffed or leak a Referer.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()',
};

/** "12 hours", "1 hour", "90 minutes": how long the idle limit is, for the signed-out notice. */
export function describeIdle(ms: number): string {
  const hours = ms / 3_600_000;
  if (Number.isInteger(hours)) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

interface SessionEntry {
  session: Session;
  lastUsed: number;
}

/**
 * The loopback web host: the built UI and the API on 127.0.0.1 only. Every API call must
 * carry the per-run token (the printed URL holds it in its #fragment, which browsers never
 * send to servers or put in Referer). Host and Origin are checked so another web page in
 * the same browser cannot reach the API through DNS rebinding.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  const idleMs = opts.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const maxSessions = opts.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const now = opts.now ?? Date.now;
  const requestTimeout = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const signedOutNotice = `You were signed out after ${describeIdle(idleMs)} without activity.`;
  // A Map iterates in insertion order; re-inserting on every use keeps the least recently used first.
  const sessions = new Map<string, SessionEntry>();

  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    clientErrorHandler: answerClientError(SECURITY_HEADERS),
    // A client that sends headers and then part of a body, or nothing, is answered 408 and
    // dropped: otherwise it holds a connection (and Ctrl+C) for as long as it likes.
    requestTimeout,
    keepAliveTimeout: 5_000,
    http: {
      headersTimeout: Math.min(10_000, requestTimeout),
      // Node checks the two timeouts above on this interval (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, requestTimeout),
    },
  });

  // Filled in once the port is known (port 0 = chosen by the OS); nothing is served before.
  let allowedHosts = new Set<string>();

  const deny = (reply: FastifyReply, status: number, code: ErrorCode, message: string) =>
    reply.code(status).header('cache-control', 'no-store').send({ ok: false, error: { code, message } });
  // Refused before its body is read. A large (or unannounced) body is not drained to keep
  // the connection: it is closed. A small one is left to Node to discard, because closing
  // a socket with unread bytes resets it and the client could lose the answer.
  const refuse = (req: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, message: string) => {
    const announced = Number(req.headers['content-length'] ?? 0);
    if (req.headers['transfer-encoding'] !== undefined || !(announced <= SMALL_BODY)) reply.header('connection', 'close');
    return deny(reply, status, code, message);
  };

  // onRequest runs before any body is read, so a caller without the token cannot make the
  // host read (and buffer) up to the body limit.
  // Set again as each answer leaves, so errors and static files carry them too.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return refuse(req, reply, 403, 'forbidden', 'Spoke only answers on 127.0.0.1.');
    }
    if (req.url.startsWith('/api/')) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return refuse(req, reply, 401, 'unauthorised', 'This address needs the access token Spoke printed when it started.');
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedHosts.has(origin.replace(/^https?:\/\//, ''))) {
        return refuse(req, reply, 403, 'forbidden', 'Calls from other sites are refused.');
      }
    }
    return undefined;
  });

  function sessionFor(req: FastifyRequest): Session {
    const raw = req.headers[SESSION_HEADER];
    const key = typeof raw === 'string' && SESSION_ID.test(raw) ? raw : 'default';
    const at = now();
    let entry = sessions.get(key);
    if (entry) {
      sessions.delete(key);
      if (entry.session.profileId !== null && at - entry.lastUsed > idleMs) {
        entry.session.profileId = null;
        entry.session.signedOutNotice = signedOutNotice;
      }
    } else {
      if (sessions.size >= maxSessions) {
        const oldest = sessions.keys().next().value;
        if (oldest !== undefined) sessions.delete(oldest);
      }
      entry = { session: { profileId: null }, lastUsed: at };
    }
    entry.lastUsed = at;
    sessions.set(key, entry);
    return entry.session;
  }

  app.post<{ Params: { channel: string } }>('/api/:channel', async (req, reply) => {
    const session = sessionFor(req);
    const envelope = await dispatch(opts.core, req.params.channel, req.body, session);
    if (session.profileId !== null) session.signedOutNotice = null; // signed in again: the notice has done its job
    reply.code(envelope.ok ? 200 : HTTP_STATUS[envelope.error.code]).header('cache-control', 'no-store');
    return envelope;
  });

  // Malformed JSON and oversized bodies get the same envelope as every other failure.
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const message =
      status === 413 ? 'That request is too large.' : status < 500 ? `The request could not be read: ${err.message}` : 'Spoke hit an internal problem.';
    if (status >= 500) console.error('[spoke] web host error:', err);
    return deny(reply, status, status < 500 ? 'invalid_input' : 'internal', message);
  });

  const indexFile = path.join(opts.staticDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    throw new Error(`The built UI is missing (${indexFile}). Run "npm run build" first.`);
  }
  // wildcard: files are looked up per request, so a rebuilt UI is served without a restart.
  await app.register(fastifyStatic, { root: opts.staticDir, index: ['index.html'], wildcard: true });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) return deny(reply, 404, 'unknown_channel', 'No such API address.');
    return reply.type('text/html').sendFile('index.html');
  });

  await app.listen({ host: '127.0.0.1', port: opts.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    app,
    async close() {
      // Idle keep-alive connections close at once; one still sending or awaiting a reply
      // gets a moment, then is cut, so Ctrl+C never waits on a client.
      const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}
