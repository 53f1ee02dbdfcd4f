/**
 * Every security decision the desktop shell makes, as plain functions of strings and
 * numbers: which URLs are Spoke's own page, which requests to app:// map to which file,
 * where the window may navigate, which links may leave for the system browser, which
 * IPC senders are trusted, and the Content Security Policy. Electron's binary cannot be
 * run in CI, so the shell (main.ts, window.ts, app-protocol.ts) only wires these to
 * Electron's events; tests/unit/electron-policy.test.ts exercises them directly.
 *
 * No Electron import here, on purpose.
 */
import path from 'node:path';
import { PAGE_CSP_DIRECTIVES } from '../../shared/page-csp';

/** The renderer is served from app://spoke/ rather than file:// (Electron security checklist, 18). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'spoke';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = 'index.html';
export const APP_ENTRY_URL = `${APP_ORIGIN}/${APP_ENTRY}`;

/** The page's policy (see shared/page-csp.ts), re-exported for the shell's callers. */
export { PAGE_CSP_DIRECTIVES };

/**
 * What app:// responses add: frame-ancestors is ignored in a <meta> tag, so only a
 * header can stop the page being framed; frame-src 'none' because Spoke embeds nothing.
 */
export const APP_CSP = [...PAGE_CSP_DIRECTIVES, "frame-ancestors 'none'", "frame-src 'none'"].join('; ');

/** The headers every app:// response carries, whatever its status. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for any URL on Spoke's own origin (app://spoke), with no credentials or port smuggled in. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** True for Spoke's page itself, whatever its route (#/staff) or query. */
export function isAppPage(url: string): boolean {
  const u = parse(url);
  return u !== null && isAppUrl(url) && (u.pathname === `/${APP_ENTRY}` || u.pathname === '/');
}

export type AppRequest =
  | { ok: true; filePath: string; contentType: string }
  | { ok: false; status: 400 | 403 | 404 | 405; reason: string };

/**
 * Maps an app:// request to a file under `rootDir` (dist/renderer), or refuses it.
 * Refuses: other schemes or hosts, methods other than GET/HEAD, any segment that is
 * '.' or '..' or empty, or that decodes to a separator, a NUL or a drive colon (so
 * %2e%2e, %2f and %5c cannot climb out), and file types the renderer does not ship.
 * The shell still checks the real path (symlinks) with isInside before reading.
 */
export function resolveAppRequest(url: string, rootDir: string, method = 'GET'): AppRequest {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: `method ${method} is not allowed` };
  const u = parse(url);
  if (!u || !isAppUrl(url)) return { ok: false, status: 403, reason: 'not Spoke’s own origin' };
  const raw = u.pathname === '/' ? `/${APP_ENTRY}` : u.pathname;
  const segments: string[] = [];
  for (const encoded of raw.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) {
      return { ok: false, status: 403, reason: 'path traversal refused' };
    }
    segments.push(segment);
  }
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, ...segments);
  if (!isInside(root, filePath)) return { ok: false, status: 403, reason: 'path traversal refused' };
  const contentType = CONTENT_TYPES[path.extname(filePath).toLowerCase()];
  if (!contentType) return { ok: false, status: 404, reason: 'not a file the app serves' };
  return { ok: true, filePath, contentType };
}

/** True when `candidate` is `root` itself's descendant (not root, not a sibling such as root-evil). */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(candidate));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Sites a link in a protocol may open in the system browser: NHS, government, NICE and
 * the professional regulators. Everything else stays closed; protocol text comes from
 * outside the practice and a link's words can say anything.
 */
export const EXTERNAL_LINK_DOMAINS: readonly string[] = [
  'nhs.uk',
  'nhs.net',
  'gov.uk',
  'nice.org.uk',
  'cqc.org.uk',
  'gmc-uk.org',
  'nmc.org.uk',
  'hcpc-uk.org',
  'pharmacyregulation.org',
  'rcgp.org.uk',
];

/**
 * The address to hand to the system browser, or null: https only, the default port, no
 * user name or password in it, and a host that is one of the allowed domains or under it.
 */
export function externalLinkTarget(url: string, domains: readonly string[] = EXTERNAL_LINK_DOMAINS): string | null {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.port !== '' || u.username !== '' || u.password !== '') return null;
  const host = u.hostname.toLowerCase().replace(/\.$/, '');
  const allowed = domains.some((d) => host === d || host.endsWith(`.${d}`));
  return allowed ? u.href : null;
}

/**
 * will-navigate / will-redirect / will-frame-navigate: the window stays on Spoke's page
 * (route changes and reloads are fine); anything else is stopped. Links leave only
 * through window.open, after the page has shown the address (decideWindowOpen).
 */
export function decideNavigation(url: string): { action: 'allow' | 'deny' } {
  return { action: isAppPage(url) ? 'allow' : 'deny' };
}

/**
 * window.open and target=_blank: never a new Electron window; an allowed https link is
 * handed to the system browser instead.
 */
export function decideWindowOpen(url: string): { action: 'deny'; openExternally: string | null } {
  return { action: 'deny', openExternally: externalLinkTarget(url) };
}

/** Spoke needs no camera, microphone, notifications, location, clipboard-read, USB, HID or serial. */
export function allowPermission(_permission: string): false {
  return false;
}

/** What Electron tells us about the frame that sent an IPC call. */
export interface SenderFrameFacts {
  /** webContents id of the sender. */
  contentsId: number;
  /** The sending frame, or null when it has gone (navigated away or destroyed). */
  frame: { url: string; isMainFrame: boolean; processId: number; frameToken: string } | null;
}

/** The window whose page may call the core. */
export interface TrustedWindowFacts {
  contentsId: number;
  destroyed: boolean;
  mainFrame: { processId: number; frameToken: string };
}

/**
 * An IPC call is dispatched only when it comes from the top frame of Spoke's own window
 * while that frame shows Spoke's own page on app://spoke: not an iframe, not another
 * window, not a page the window was somehow navigated to.
 */
export function isTrustedSender(sender: SenderFrameFacts, win: TrustedWindowFacts | null): boolean {
  if (!win || win.destroyed) return false;
  if (sender.contentsId !== win.contentsId) return false;
  const frame = sender.frame;
  if (!frame || !frame.isMainFrame) return false;
  if (frame.processId !== win.mainFrame.processId || frame.frameToken !== win.mainFrame.frameToken) return false;
  return isAppPage(frame.url);
}
