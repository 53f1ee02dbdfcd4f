import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { PracticeReport, ReportEnvelope } from '../../shared/hub-content';
import type { Hub } from './hub';
import { DASHBOARD_CSS, dashboardPage, nhsukCss, signInPage } from './dashboard';
import { answerClientError } from '../../shared/http/client-error';

export interface HubServerOptions {
  hub: Hub;
  port: number;
  host: string;
  /** How often online roles are checked for expiry (ms); they are re-signed well before. */
  refreshEveryMs?: number;
  /** Requests per minute per address to the reports API. */
  reportsPerMinute?: number;
  /** Requests per minute per practice (by the id its credential names) to the reports API. */
  reportsPerPracticePerMinute?: number;
  /** Requests per minute per address to metadata and targets (a first sync is thousands). */
  filesPerMinute?: number;
}

export interface HubServer {
  url: string;
  port: number;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** On every hub answer, whatever produced it; HTML pages add their own stricter CSP. */
const HUB_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

export const MAX_REPORT_BYTES = 64 * 1024;
const METADATA_NAME = /^(?:[1-9][0-9]{0,9}\.)?[A-Za-z0-9_-]{1,64}\.json$/;
const TARGET_PATH = /^[A-Za-z0-9_-]{1,64}(?:\/[A-Za-z0-9_.-]{1,200}){0,4}$|^[A-Za-z0-9_.-]{1,200}$/;

/**
 * The hub server. Metadata and targets are immutable rows looked up per request, so a
 * publish or key rotation by another process on the same folder is served at once;
 * only timestamp.json and root.json name "the newest" and are never cached.
 */
export async function startHubServer(opts: HubServerOptions): Promise<HubServer> {
  const { hub } = opts;
  const app = Fastify({ logger: false, bodyLimit: MAX_REPORT_BYTES, trustProxy: false, clientErrorHandler: answerClientError({ ...HUB_HEADERS, 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" }) });
  await app.register(rateLimit, { global: false });

  // Every answer, whatever produced it (a file, a refusal, an error), is neither sniffed,
  // framed nor given a Referer; HTML pages add their own stricter CSP below.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(HUB_HEADERS);
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    return payload;
  });

  // A second limit keyed by the practice the credential names (before it is checked), so
  // one practice's token cannot be hammered from many addresses, nor one practice's
  // runaway client crowd out the others behind a shared address (a surgery's NAT).
  // @fastify/rate-limit runs one limit per request, so this one is a fixed window of its own;
  // the map is emptied every window and capped, so junk ids cannot grow it without bound.
  const perPracticeMax = opts.reportsPerPracticePerMinute ?? 60;
  const perPracticeCounts = new Map<string, number>();
  let windowStart = Date.now();
  const perPractice = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const auth = req.headers.authorization ?? '';
    const colon = auth.indexOf(':');
    if (!auth.startsWith('Bearer ') || colon <= 7) return;
    const key = auth.slice(7, Math.min(colon, 7 + 100)).trim();
    const at = Date.now();
    if (at - windowStart >= 60_000 || perPracticeCounts.size >= 10_000) {
      perPracticeCounts.clear();
      windowStart = at;
    }
    const count = (perPracticeCounts.get(key) ?? 0) + 1;
    perPracticeCounts.set(key, count);
    if (count > perPracticeMax) {
      await reply.code(429).header('retry-after', String(Math.ceil((windowStart + 60_000 - at) / 1000))).send({ ok: false, error: 'Too many reports from this practice; try again in a minute.' });
    }
  };

  const filesLimit = { rateLimit: { max: opts.filesPerMinute ?? 20_000, timeWindow: 60_000 } };

  const sendFile = (reply: FastifyReply, bytes: Buffer | undefined, type: string, immutable: boolean): FastifyReply => {
    if (!bytes) return reply.code(404).type('text/plain').send('not found');
    return reply
      .type(type)
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  };

  app.get('/metadata/:name', { config: filesLimit }, (req: FastifyRequest<{ Params: { name: string } }>, reply) => {
    const { name } = req.params;
    if (!METADATA_NAME.test(name)) return reply.code(404).type('text/plain').send('not found');
    const newest = name === 'timestamp.json' || name === 'root.json';
    return sendFile(reply, hub.repo.metadataFile(name), 'application/json', !newest);
  });

  app.get('/targets/*', { config: filesLimit }, (req: FastifyRequest<{ Params: { '*': string } }>, reply) => {
    const p = req.params['*'];
    if (!TARGET_PATH.test(p) || p.split('/').some((s) => s === '.' || s === '..')) return reply.code(404).type('text/plain').send('not found');
    return sendFile(reply, hub.repo.targetFile(p), 'application/octet-stream', true);
  });

  app.post(
    '/api/v1/reports',
    {
      bodyLimit: MAX_REPORT_BYTES,
      onRequest: perPractice,
      config: {
        rateLimit: { max: opts.reportsPerMinute ?? 120, timeWindow: 60_000 },
      },
    },
    (req, reply) => {
      const auth = req.headers.authorization ?? '';
      const practiceId = auth.startsWith('Bearer ') ? hub.authenticate(auth.slice(7).trim()) : null;
      if (!practiceId) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ ok: false, error: 'A valid practice token is needed.' });
      }
      const envelope = ReportEnvelope.safeParse(req.body);
      if (!envelope.success) {
        const first = envelope.error.issues[0];
        return reply.code(400).send({ ok: false, error: `The report is not valid: ${first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'unknown problem'}` });
      }
      const parsed = PracticeReport.safeParse(req.body);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return reply.code(400).send({ ok: false, error: `The ${envelope.data.kind} report is not valid: ${first ? `${first.path.join('.')}: ${first.message}` : 'unknown problem'}` });
      }
      if (parsed.data.payload.practiceId !== practiceId) {
        return reply.code(403).send({ ok: false, error: 'This report names another practice; a practice may only report on itself.' });
      }
      const outcome = hub.receiveReport(practiceId, parsed.data);
      if (outcome === 'conflict') return reply.code(409).send({ ok: false, error: 'A different report with this id was already received.' });
      return reply.code(outcome === 'stored' ? 201 : 200).send({ ok: true, reportId: parsed.data.reportId, duplicate: outcome === 'duplicate' });
    },
  );

  // The central dashboard: its own token (never a practice's), kept in an HttpOnly,
  // SameSite=Strict cookie scoped to /dashboard; pages carry no script and a strict CSP.
  const COOKIE = 'spoke_dashboard';
  const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  const html = (reply: FastifyReply, code: number, body: string): FastifyReply =>
    reply
      .code(code)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .send(body);
  const cookieToken = (req: FastifyRequest): string => {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === COOKIE) return decodeURIComponent(v.join('='));
    }
    return '';
  };
  let cssText: string | null = null;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.get('/dashboard', (req, reply) => (hub.authenticateDashboard(cookieToken(req)) ? html(reply, 200, dashboardPage(hub.dashboard())) : html(reply, 200, signInPage(null))));
  app.post('/dashboard/sign-in', { config: { rateLimit: { max: 30, timeWindow: 60_000 } } }, (req, reply) => {
    const raw = (req.body as Record<string, unknown> | null)?.token;
    const token = typeof raw === 'string' ? raw.trim() : '';
    if (!hub.authenticateDashboard(token)) {
      return html(reply, 401, signInPage(token === '' ? 'Enter the dashboard token' : 'That is not a dashboard token for this hub. Check it, or create a new one on the hub.'));
    }
    return reply.code(303).header('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=/dashboard; HttpOnly; SameSite=Strict`).header('location', '/dashboard').send();
  });
  app.post('/dashboard/sign-out', (_req, reply) =>
    reply.code(303).header('set-cookie', `${COOKIE}=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0`).header('location', '/dashboard').send(),
  );
  app.get('/dashboard/assets/:name', (req: FastifyRequest<{ Params: { name: string } }>, reply) => {
    const { name } = req.params;
    if (name !== 'nhsuk.css' && name !== 'dashboard.css') return reply.code(404).type('text/plain').send('not found');
    cssText ??= nhsukCss();
    return reply
      .type('text/css; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(name === 'nhsuk.css' ? cssText : DASHBOARD_CSS);
  });

  app.get('/', (_req, reply) =>
    reply.send({ service: 'spoke-hub', release: hub.currentRelease(), root: hub.repo.latest('root')?.version ?? 0, metadata: '/metadata/', targets: '/targets/' }),
  );

  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const message =
      status === 413 ? `The report is larger than ${MAX_REPORT_BYTES / 1024} KB.` : status === 429 ? 'Too many requests; try again in a minute.' : status < 500 ? err.message : 'The hub failed to handle this request.';
    if (status >= 500) process.stderr.write(`hub: ${err.message}\n`);
    return reply.code(status).send({ ok: false, error: message });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).type('text/plain').send('not found'));

  const refresh = (): void => {
    try {
      hub.refreshExpiring();
    } catch (err) {
      process.stderr.write(`hub: could not re-sign expiring metadata: ${(err as Error).message}\n`);
    }
  };
  refresh();
  const timer = setInterval(refresh, opts.refreshEveryMs ?? 10 * 60_000);
  timer.unref();

  await app.listen({ port: opts.port, host: opts.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    app,
    close: async () => {
      clearInterval(timer);
      await app.close();
    },
  };
}
