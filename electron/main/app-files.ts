/**
 * Answers one app:// request from the built renderer folder, without Electron, so the
 * real file serving (symlinks, missing files, HEAD, headers) is tested in Node
 * (tests/integration/app-protocol.test.ts). app-protocol.ts hands it Electron's requests.
 */
import fs from 'node:fs';
import { promisify } from 'node:util';
import { appResponseHeaders, isInside, resolveAppRequest } from './policy';

// The callback forms, which Electron's asar support patches: the renderer lives inside app.asar.
const realpath = promisify(fs.realpath);
const stat = promisify(fs.stat);
const readFile = promisify(fs.readFile);

function refusal(status: number, reason: string): Response {
  return new Response(`Refused: ${reason}`, { status, headers: appResponseHeaders('text/plain; charset=utf-8') });
}

/**
 * The path decision is resolveAppRequest's; then the file's real path (after symlinks)
 * must still be inside the renderer folder's real path before it is read.
 */
export async function appFileResponse(request: { url: string; method: string }, rendererDir: string): Promise<Response> {
  const decided = resolveAppRequest(request.url, rendererDir, request.method);
  if (!decided.ok) return refusal(decided.status, decided.reason);
  try {
    const [root, real] = await Promise.all([realpath(rendererDir), realpath(decided.filePath)]);
    if (!isInside(root, real)) return refusal(403, 'path traversal refused');
    const info = await stat(real);
    if (!info.isFile()) return refusal(404, 'not found');
    const body = request.method === 'HEAD' ? null : await readFile(real);
    return new Response(body, { status: 200, headers: appResponseHeaders(decided.contentType) });
  } catch {
    return refusal(404, 'not found');
  }
}
