/**
 * The Content Security Policy the page runs under everywhere: the <meta> in
 * renderer/index.html (a test keeps the two identical), the desktop shell's app://
 * responses and the web host's header. Inline style attributes are allowed for the
 * charts; scripts come only from the app's own files, never inline or eval'd. A header
 * adds frame-ancestors, which a <meta> tag cannot carry.
 */
export const PAGE_CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];
