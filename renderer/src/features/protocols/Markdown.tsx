import DOMPurify from 'dompurify';
import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { DiffBlock } from '../../../../shared/protocols/diff';
import { renderProtocolHtml } from '../../../../shared/protocols/markdown';
import { whenIdle } from '../../when-idle';

const purify = DOMPurify(window);

/**
 * Asks before a link leaves Spoke, showing the full address: protocol text comes from
 * outside the practice (even signed central text), and a link's words can say anything.
 * The app itself never navigates away: the link opens in a new window (the desktop app
 * hands https links to the system browser).
 */
function LinkConfirm({ url, onClose }: { url: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    // A modal dialog where the browser has one (Chromium, Electron); open in place otherwise.
    if (d && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
  }, []);
  return (
    <dialog ref={ref} className="spoke-link-dialog" aria-labelledby="link-dialog-title" onClose={onClose} data-testid="link-confirm">
      <h2 id="link-dialog-title" className="nhsuk-heading-s">Open this link outside Spoke?</h2>
      <p className="nhsuk-body">The link goes to:</p>
      <p className="nhsuk-body spoke-link-address">
        <code>{url}</code>
      </p>
      <p className="nhsuk-body-s">Only open it if you trust the address. It opens in your web browser.</p>
      <div className="nhsuk-button-group">
        <button
          type="button"
          className="nhsuk-button"
          onClick={() => {
            window.open(url, '_blank', 'noopener,noreferrer');
            onClose();
          }}
        >
          Open link
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

function useLinkGuard() {
  const [url, setUrl] = useState<string | null>(null);
  const onClick = (e: MouseEvent<HTMLElement>) => {
    const a = (e.target as HTMLElement).closest('a');
    if (!a) return;
    e.preventDefault();
    const href = a.getAttribute('href');
    if (href) setUrl(href);
  };
  const dialog = url ? <LinkConfirm url={url} onClose={() => setUrl(null)} /> : null;
  return { onClick, dialog };
}

/** Texts above this size render when the page is next idle, after what the reader came for (the diff) has painted. */
const DEFER_ABOVE = 20_000;

/** Protocol markdown, rendered safely (shared/protocols/markdown.ts), links guarded. */
export function Markdown({ text, testId, label }: { text: string; testId?: string; label?: string }) {
  const { onClick, dialog } = useLinkGuard();
  const [ready, setReady] = useState(text.length <= DEFER_ABOVE);
  useEffect(() => {
    if (ready) return;
    return whenIdle(() => setReady(true));
  }, [ready]);
  const long = text.length > DEFER_ABOVE;
  const html = useMemo(() => {
    if (!ready) return { ok: false as const, message: 'Preparing the text…' };
    try {
      return { ok: true as const, html: renderProtocolHtml(text, purify) };
    } catch (err) {
      return { ok: false as const, message: err instanceof Error ? err.message : String(err) };
    }
  }, [text, ready]);
  if (!html.ok) return <p className="nhsuk-body">{html.message}</p>;
  return (
    <>
      {/* Clicks (and Enter on a link, which browsers deliver as a click) are caught here so that no link in the text navigates the app. */}
      <div className={long ? 'spoke-markdown spoke-markdown--long' : 'spoke-markdown'} data-testid={testId} aria-label={label} onClick={onClick} dangerouslySetInnerHTML={{ __html: html.html }} />
      {dialog}
    </>
  );
}

const TAG_FOR: Record<DiffBlock['type'], string> = { heading: 'h', paragraph: 'p', listItem: 'li', quote: 'blockquote', code: 'pre', tableRow: 'p' };

/**
 * Which blocks a reader needs to see a change in place: every changed block, the block
 * either side of it, and every heading (to know where they are). Long unchanged stretches
 * become one line saying how much was left out.
 */
function visibleBlocks(blocks: readonly DiffBlock[]): ({ kind: 'block'; block: DiffBlock; index: number } | { kind: 'gap'; count: number; index: number })[] {
  const keep = blocks.map((b, i) => b.status !== 'same' || b.type === 'heading' || blocks[i - 1]?.status !== 'same' || blocks[i + 1]?.status !== 'same');
  const out: ({ kind: 'block'; block: DiffBlock; index: number } | { kind: 'gap'; count: number; index: number })[] = [];
  blocks.forEach((block, index) => {
    if (keep[index]) out.push({ kind: 'block', block, index });
    else {
      const last = out[out.length - 1];
      if (last?.kind === 'gap') last.count++;
      else out.push({ kind: 'gap', count: 1, index });
    }
  });
  return out;
}

/** A readable diff: blocks as a reader sees them, words added and removed marked in words too. */
export function DiffView({ blocks, testId }: { blocks: readonly DiffBlock[]; testId?: string }) {
  if (blocks.every((b) => b.status === 'same')) return <p className="nhsuk-body">The text is the same in both versions.</p>;
  return (
    <div className="spoke-diff" data-testid={testId}>
      {visibleBlocks(blocks).map((v) => {
        if (v.kind === 'gap') {
          return (
            <p key={`gap-${v.index}`} className="spoke-diff__gap">
              {v.count} unchanged {v.count === 1 ? 'block' : 'blocks'} not shown
            </p>
          );
        }
        const { block: b, index: i } = v;
        const base = TAG_FOR[b.type];
        const level = Math.min(6, Math.max(3, b.level + 2));
        const Tag = (base === 'h' ? `h${level}` : base === 'li' ? 'p' : base) as 'p';
        const cls = `spoke-diff__block spoke-diff__block--${b.status}${b.type === 'listItem' ? ' spoke-diff__item' : ''}`;
        return (
          <Tag key={i} className={cls}>
            {b.status === 'added' && <span className="nhsuk-u-visually-hidden">Added: </span>}
            {b.status === 'removed' && <span className="nhsuk-u-visually-hidden">Removed: </span>}
            {b.type === 'listItem' ? '• ' : ''}
            {b.parts.map((p, j) =>
              p.change === 'added' ? (
                <ins key={j}>
                  <span className="nhsuk-u-visually-hidden">[added: </span>
                  {p.text}
                  <span className="nhsuk-u-visually-hidden">]</span>
                </ins>
              ) : p.change === 'removed' ? (
                <del key={j}>
                  <span className="nhsuk-u-visually-hidden">[removed: </span>
                  {p.text}
                  <span className="nhsuk-u-visually-hidden">]</span>
                </del>
              ) : (
                <span key={j}>{p.text}</span>
              ),
            )}
          </Tag>
        );
      })}
    </div>
  );
}
