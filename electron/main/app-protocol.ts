import { protocol } from 'electron';
import fs from 'node:fs/promises';
import { APP_SCHEME, appResponseHeaders, isInside, resolveAppRequest } from './policy';

/**
 * app:// must be declared before the app is ready. Standard and secure make it behave
 * like https for the page (its own origin, a secure context); fetch and CORS support let
 * the page's module scripts (Vite marks them crossorigin) load from it. It grants no
 * access to other origins.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

function refusal(status: number, reason: string): Response {
  return new Response(`Refused: ${reason}`, { status, headers: appResponseHeaders('text/plain; charset=utf-8') });
}

/**
 * Serves the built renderer (dist/renderer) on app://spoke/. The decisions are
 * resolveAppRequest's; here the file's real path (after symlinks) is checked to still be
 * inside the renderer folder, then it is read and sent with the Content Security Policy.
 */
export function handleAppProtocol(rendererDir: string): void {
  let realRoot: Promise<string> | null = null;
  protocol.handle(APP_SCHEME, async (request) => {
    const decided = resolveAppRequest(request.url, rendererDir, request.method);
    if (!decided.ok) return refusal(decided.status, decided.reason);
    try {
      realRoot ??= fs.realpath(rendererDir);
      const [root, real] = await Promise.all([realRoot, fs.realpath(decided.filePath)]);
      if (!isInside(root, real)) return refusal(403, 'path traversal refused');
      const body = request.method === 'HEAD' ? null : await fs.readFile(real);
      return new Response(body, { status: 200, headers: appResponseHeaders(decided.contentType) });
    } catch {
      return refusal(404, 'not found');
    }
  });
}
