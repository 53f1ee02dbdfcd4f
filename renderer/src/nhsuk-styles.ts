/**
 * Applies the NHS.UK frontend stylesheet and then Spoke's own, as constructed
 * stylesheets. Why not a plain CSS import: Vite's CSS minifier (lightningcss) rejects the
 * IE-only `@media screen\0` hack inside nhsuk-frontend.min.css and fails the build. With
 * `css.lightningcss.errorRecovery` (or `build.cssMinify: 'esbuild'`) set in vite.config.ts
 * this file can go back to two ordinary imports.
 *
 * Constructed sheets are not inline <style> elements, so the web host's CSP needs no
 * 'unsafe-inline' for them, and the order of the array is the cascade order.
 */
import nhsukCss from 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css?raw';
import spokeCss from './styles.css?raw';

/** The remote Frutiger web font is dropped: Spoke is offline and never calls out to a CDN. */
export function offlineNhsukCss(css: string): string {
  return css.replace(/@font-face\s*\{[^}]*\}/g, '').replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
}

export function applyStyles(): void {
  const sheets = [offlineNhsukCss(nhsukCss), spokeCss].map((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  });
  document.adoptedStyleSheets = [...sheets, ...document.adoptedStyleSheets];
}
