/**
 * Protocol text rendered safely. Central text is signed, but a signature proves who sent
 * it, not that it is harmless, so it is treated like any untrusted input:
 * - markdown-it with raw HTML off (a <script> in the source shows as text);
 * - links only to https:, http: and mailto: addresses; anything else (javascript:,
 *   data:, file:, vbscript:) is not linked; links get the class spoke-external-link so the app opens them
 *   outside itself only after showing the address and asking;
 * - images never load (no tracking pixels, no remote content): they show as their
 *   description;
 * - the HTML is then sanitised by DOMPurify with a short allow-list (no SVG, MathML,
 *   iframes, forms, styles or event handlers), so a renderer bug cannot let markup through.
 * Pure apart from the sanitiser, which the caller passes in (DOMPurify bound to a window:
 * the renderer's, or jsdom's in tests).
 */
import MarkdownIt from 'markdown-it';

/** The part of DOMPurify this needs. */
export interface HtmlSanitiser {
  sanitize(html: string, config: Record<string, unknown>): string;
}

/** The largest protocol text Spoke renders or accepts (the hub caps central text the same). */
export const MAX_PROTOCOL_BYTES = 256 * 1024;

const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
// Images become their description: nothing is fetched from anywhere.
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const alt = token ? md.utils.escapeHtml(token.content || 'image') : 'image';
  return `<span class="spoke-md-image">[Image not shown: ${alt}]</span>`;
};
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  // The app intercepts clicks on these: it shows the address and asks before opening it
  // outside Spoke (the page itself never navigates away).
  token?.attrJoin('class', 'spoke-external-link');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

const PURIFY_CONFIG = {
  ALLOWED_TAGS: ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'blockquote', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br', 'span', 's', 'del'],
  ALLOWED_ATTR: ['href', 'title', 'class', 'start'],
  ALLOWED_URI_REGEXP: SAFE_LINK,
  ALLOW_DATA_ATTR: false,
  FORBID_TAGS: ['style', 'svg', 'math', 'iframe', 'img', 'form', 'input', 'object', 'embed', 'script'],
  KEEP_CONTENT: true,
};

/** Markdown to HTML that is safe to put in the page. Text over the size cap is refused. */
export function renderProtocolHtml(markdown: string, sanitiser: HtmlSanitiser): string {
  if (new TextEncoder().encode(markdown).length > MAX_PROTOCOL_BYTES) {
    throw new RangeError(`This protocol is larger than ${MAX_PROTOCOL_BYTES / 1024} KB and is not shown.`);
  }
  return sanitiser.sanitize(md.render(markdown), PURIFY_CONFIG);
}
