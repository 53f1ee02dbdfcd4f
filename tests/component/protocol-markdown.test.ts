// @vitest-environment jsdom
import DOMPurify from 'dompurify';
import { describe, expect, it } from 'vitest';
import { MAX_PROTOCOL_BYTES, renderProtocolHtml } from '../../shared/protocols/markdown';

const purify = DOMPurify(window);
const render = (md: string) => {
  const html = renderProtocolHtml(md, purify);
  const host = document.createElement('div');
  host.innerHTML = html;
  return { html, host };
};

describe('protocol markdown is rendered safely (central text is untrusted input)', () => {
  it('renders ordinary markdown', () => {
    const { host } = render('# Title\n\n- one\n- **two**\n\n[NICE](https://www.nice.org.uk/)');
    expect(host.querySelector('h1')?.textContent).toBe('Title');
    expect(host.querySelectorAll('li')).toHaveLength(2);
    const link = host.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://www.nice.org.uk/');
    expect(link?.classList.contains('spoke-external-link')).toBe(true);
  });

  it.each([
    ['script tag', '<script>alert(1)</script>'],
    ['inline event handler', '<p onclick="alert(1)">x</p>'],
    ['img onerror', '<img src=x onerror=alert(1)>'],
    ['iframe', '<iframe src="https://evil.example"></iframe>'],
    ['svg with script', '<svg><script>alert(1)</script></svg>'],
    ['svg onload', '<svg onload="alert(1)"></svg>'],
    ['style tag', '<style>body{display:none}</style>'],
  ])('raw HTML (%s) is shown as text, never as markup', (_what, source) => {
    const { host } = render(source);
    expect(host.querySelector('script, iframe, svg, img, style, [onclick], [onerror], [onload]')).toBeNull();
  });

  it.each([
    ['javascript: link', '[click](javascript:alert(1))'],
    ['JaVaScRiPt with spaces', '[click]( JaVaScRiPt:alert(1) )'],
    ['data: link', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript: link', '[click](vbscript:msgbox(1))'],
    ['file: link', '[click](file:///etc/passwd)'],
    ['entity-encoded javascript', '[click](&#106;avascript:alert(1))'],
  ])('a %s is not a link', (_what, source) => {
    const { host } = render(source);
    expect(host.querySelector('a')).toBeNull();
    expect(host.textContent).toContain('click');
  });

  it('remote images never load: they show as their description', () => {
    const { host, html } = render('![tracking pixel](https://evil.example/pixel.png)');
    expect(host.querySelector('img')).toBeNull();
    expect(html).not.toContain('evil.example');
    expect(host.textContent).toContain('Image not shown: tracking pixel');
  });

  it('refuses text over the size cap with a message', () => {
    expect(() => renderProtocolHtml('a'.repeat(MAX_PROTOCOL_BYTES + 1), purify)).toThrow(/larger than 256 KB/);
  });

  it('malformed markdown still renders something readable', () => {
    const { host } = render('**unclosed *emphasis [link](\n\n```\nno end');
    expect(host.textContent).toContain('unclosed');
  });
});
