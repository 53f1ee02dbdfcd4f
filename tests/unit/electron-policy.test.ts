// @vitest-environment node
/**
 * The desktop shell's security decisions (electron/main/policy.ts), tested without
 * Electron: the app:// file mapping and its refusal of path traversal, navigation and
 * pop-ups, links to the system browser, permissions, the IPC sender check, and the
 * Content Security Policy, which must match the page's own <meta> tag.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowPermission,
  APP_CSP,
  APP_ENTRY_URL,
  appResponseHeaders,
  decideNavigation,
  decideWindowOpen,
  externalLinkTarget,
  isAppPage,
  isAppUrl,
  isInside,
  isTrustedSender,
  PAGE_CSP_DIRECTIVES,
  resolveAppRequest,
  type SenderFrameFacts,
  type TrustedWindowFacts,
} from '../../electron/main/policy';

const ROOT = path.resolve('/opt/spoke/resources/app.asar/dist/renderer');

describe('app:// requests', () => {
  it('maps the page and its assets to files under the renderer folder', () => {
    expect(resolveAppRequest(APP_ENTRY_URL, ROOT)).toEqual({ ok: true, filePath: path.join(ROOT, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppRequest('app://spoke/', ROOT)).toMatchObject({ ok: true, filePath: path.join(ROOT, 'index.html') });
    expect(resolveAppRequest('app://spoke/assets/index-Ab12.js', ROOT)).toEqual({
      ok: true,
      filePath: path.join(ROOT, 'assets', 'index-Ab12.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest('app://spoke/assets/a%20b.css?v=1#x', ROOT)).toMatchObject({ ok: true, filePath: path.join(ROOT, 'assets', 'a b.css') });
    expect(resolveAppRequest('app://spoke/index.html', ROOT, 'HEAD')).toMatchObject({ ok: true });
  });

  it('refuses every way out of the renderer folder', () => {
    const attempts = [
      'app://spoke/%2e%2e/%2e%2e/etc/passwd',
      'app://spoke/..%2f..%2fetc%2fpasswd',
      'app://spoke/assets/..%5c..%5cwindows%5cwin.ini',
      'app://spoke/assets/%2e%2e%2f%2e%2e%2fspoke.db',
      'app://spoke/C:%5cWindows%5cwin.ini',
      'app://spoke/assets//index.js',
      'app://spoke/index.html%00.js',
    ];
    for (const url of attempts) {
      const r = resolveAppRequest(url, ROOT);
      // Refused outright, or (where the URL parser folded %2e%2e away) not a file the app has.
      expect(r.ok, url).toBe(false);
    }
    // The URL parser already folds plain ../ away; what is left must still be inside.
    for (const url of ['app://spoke/../../../etc/passwd.txt', 'app://spoke/.%2e/package.json', 'app://spoke/assets/%2e%2e/%2e%2e/x.js']) {
      const folded = resolveAppRequest(url, ROOT);
      expect(folded.ok && isInside(ROOT, folded.filePath), url).toBe(true);
    }
  });

  it('never yields a path outside the folder, whatever the path (property)', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E%2E', '%2f', '%5c', '%00', 'C:', '', 'assets', 'index.html', 'a.js'),
      fc.string({ maxLength: 6 }).map(encodeURIComponent),
    );
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (parts) => {
        const r = resolveAppRequest(`app://spoke/${parts.join('/')}`, ROOT);
        if (r.ok) expect(isInside(ROOT, r.filePath)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses other origins, credentials in the URL, methods that write and unknown file types', () => {
    expect(resolveAppRequest('app://evil/index.html', ROOT)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppRequest('file:///opt/spoke/index.html', ROOT)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppRequest('app://user:pw@spoke/index.html', ROOT)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppRequest('app://spoke:8080/index.html', ROOT)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppRequest(APP_ENTRY_URL, ROOT, 'POST')).toMatchObject({ ok: false, status: 405 });
    expect(resolveAppRequest('app://spoke/spoke.db', ROOT)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppRequest('app://spoke/%E0%A4%A', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppRequest('not a url', ROOT)).toMatchObject({ ok: false, status: 403 });
  });

  it('isInside is not fooled by a sibling folder with the same prefix', () => {
    expect(isInside('/a/renderer', '/a/renderer/x.js')).toBe(true);
    expect(isInside('/a/renderer', '/a/renderer-evil/x.js')).toBe(false);
    expect(isInside('/a/renderer', '/a/renderer')).toBe(false);
    expect(isInside('/a/renderer', '/a/x.js')).toBe(false);
  });
});

describe('navigation, pop-ups and links', () => {
  it('keeps the window on Spoke’s page, routes and reloads included', () => {
    expect(isAppUrl('app://spoke/assets/x.js')).toBe(true);
    expect(isAppPage('app://spoke/index.html#/rota')).toBe(true);
    expect(isAppPage('app://spoke/')).toBe(true);
    expect(decideNavigation('app://spoke/index.html#/protocols/1')).toEqual({ action: 'allow' });
    for (const url of [
      'https://www.nhs.uk/',
      'http://127.0.0.1:5170/',
      'file:///etc/passwd',
      'app://spoke/assets/x.js',
      'app://other/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      '',
    ]) {
      expect(decideNavigation(url), url).toEqual({ action: 'deny' });
    }
  });

  it('never opens a new window; only allowed https sites go to the system browser', () => {
    expect(decideWindowOpen('https://www.nice.org.uk/guidance/ng28')).toEqual({ action: 'deny', openExternally: 'https://www.nice.org.uk/guidance/ng28' });
    expect(decideWindowOpen('https://evil.example/')).toEqual({ action: 'deny', openExternally: null });
    expect(externalLinkTarget('https://www.england.nhs.uk/gp/')).toBe('https://www.england.nhs.uk/gp/');
    expect(externalLinkTarget('https://GOV.UK./guidance')).toBe('https://gov.uk./guidance');
    for (const url of [
      'http://www.nhs.uk/', // not https
      'https://nhs.uk.evil.example/',
      'https://evilnhs.uk/',
      'https://www.nhs.uk@evil.example/',
      'https://user:pw@www.nhs.uk/',
      'https://www.nhs.uk:8443/',
      'file:///C:/Windows/system32/calc.exe',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'javascript:alert(1)',
      'app://spoke/index.html',
      'not a url',
    ]) {
      expect(externalLinkTarget(url), url).toBeNull();
    }
  });

  it('grants no permission of any kind', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen']) {
      expect(allowPermission(p)).toBe(false);
    }
  });
});

describe('IPC sender check', () => {
  const win: TrustedWindowFacts = { contentsId: 3, destroyed: false, mainFrame: { processId: 11, frameToken: 'top' } };
  const from = (frame: Partial<NonNullable<SenderFrameFacts['frame']>> = {}, contentsId = 3): SenderFrameFacts => ({
    contentsId,
    frame: { url: 'app://spoke/index.html#/staff', isMainFrame: true, processId: 11, frameToken: 'top', ...frame },
  });

  it('trusts only the top frame of our window showing our page', () => {
    expect(isTrustedSender(from(), win)).toBe(true);
    expect(isTrustedSender(from({ isMainFrame: false }), win)).toBe(false);
    expect(isTrustedSender(from({ frameToken: 'child' }), win)).toBe(false);
    expect(isTrustedSender(from({ processId: 12 }), win)).toBe(false);
    expect(isTrustedSender(from({}, 4), win)).toBe(false);
    expect(isTrustedSender(from({ url: 'https://evil.example/' }), win)).toBe(false);
    expect(isTrustedSender(from({ url: 'file:///opt/spoke/dist/renderer/index.html' }), win)).toBe(false);
    expect(isTrustedSender(from({ url: 'app://spoke/assets/evil.html' }), win)).toBe(false);
    expect(isTrustedSender({ contentsId: 3, frame: null }, win)).toBe(false);
    expect(isTrustedSender(from(), null)).toBe(false);
    expect(isTrustedSender(from(), { ...win, destroyed: true })).toBe(false);
  });
});

describe('Content Security Policy', () => {
  const directives = new Map(APP_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name ?? '', values]));

  it('is strict: scripts only from the app, no eval, no plugins, no base, no framing', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(APP_CSP).not.toMatch(/unsafe-eval|wasm-unsafe-eval|strict-dynamic/);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });

  it('is sent on every app:// response with nosniff', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8');
    expect(headers['Content-Security-Policy']).toBe(APP_CSP);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('matches the page’s own <meta> policy, directive for directive', () => {
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const metaDirectives = (meta ?? '').split(';').map((d) => d.trim()).filter(Boolean);
    expect(metaDirectives).toEqual([...PAGE_CSP_DIRECTIVES]);
  });
});
