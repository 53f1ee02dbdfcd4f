import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { ErrorCode } from '../../../shared/errors';
import { dispatch } from '../dispatch';
import type { PracticeCore, Session } from '../practice-core';

export interface WebHostOptions {
  core: PracticeCore;
  /** 0 picks a free port. */
  port: number;
  /** Built renderer (index.html and assets). */
  staticDir: string;
  /** Fixed token for tests; normally random per run. */
  token?: string;
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

const MAX_SESSIONS = 256;
const SESSION_HEADER = 'x-spoke-session';
const SESSION_ID = /^[0-9a-f-]{36}$/;

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The loopback web host: the built UI and the API on 127.0.0.1 only. Every API call must
 * carry the per-run token (the printed URL holds it in its #fragment, which browsers never
 * send to servers or put in Referer). Host and Origin are checked so another web page in
 * the same browser cannot reach the API through DNS rebinding.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  const sessions = new Map<string, Session>();

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

  // Filled in once the port is known (port 0 = chosen by the OS); nothing is served before.
  let allowedHosts = new Set<string>();

  const deny = (reply: FastifyReply, status: number, code: ErrorCode, message: string) =>
    reply.code(status).header('cache-control', 'no-store').send({ ok: false, error: { code, message } });

  app.addHook('onRequest', async (req, reply) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return deny(reply, 403, 'forbidden', 'Spoke only answers on 127.0.0.1.');
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('content-security-policy', CSP);
    return undefined;
  });

  function sessionFor(req: FastifyRequest): Session {
    const raw = req.headers[SESSION_HEADER];
    const key = typeof raw === 'string' && SESSION_ID.test(raw) ? raw : 'default';
    let s = sessions.get(key);
    if (!s) {
      if (sessions.size >= MAX_SESSIONS) {
        const oldest = sessions.keys().next().value;
        if (oldest !== undefined) sessions.delete(oldest);
      }
      s = { profileId: null };
      sessions.set(key, s);
    }
    return s;
  }

  app.post<{ Params: { channel: string } }>('/api/:channel', async (req, reply) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return deny(reply, 401, 'unauthorised', 'This address needs the access token Spoke printed when it started.');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^https?:\/\//, ''))) {
      return deny(reply, 403, 'forbidden', 'Calls from other sites are refused.');
    }
    const envelope = await dispatch(opts.core, req.params.channel, req.body, sessionFor(req));
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
    close: () => app.close(),
  };
}
