import { protocol } from 'electron';
import { appFileResponse } from './app-files';
import { APP_SCHEME } from './policy';

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

/** Serves the built renderer (dist/renderer) on app://spoke/, with its Content Security Policy. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appFileResponse(request, rendererDir));
}
