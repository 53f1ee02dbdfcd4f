// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { protocolDiff } from '../../shared/protocols/diff';
import { DiffView, Markdown } from '../../renderer/src/features/protocols/Markdown';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('protocol text on the page', () => {
  it('a link opens only after a confirmation that shows its address, and never navigates the app', () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    render(<Markdown text={'See [the guidance](https://example.org/sepsis?x=1) now.'} testId="md" />);
    const link = screen.getByRole('link', { name: 'the guidance' });
    // fireEvent returns false when the page cancelled the click's default (navigation).
    expect(fireEvent.click(link)).toBe(false);
    expect(open).not.toHaveBeenCalled();
    expect(screen.getByTestId('link-confirm').textContent).toContain('https://example.org/sepsis?x=1');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('link-confirm')).toBeNull();
    expect(open).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('link', { name: 'the guidance' }));
    fireEvent.click(screen.getByRole('button', { name: 'Open link' }));
    expect(open).toHaveBeenCalledWith('https://example.org/sepsis?x=1', '_blank', 'noopener,noreferrer');
  });

  it('hostile central text shows as text: no script, no handlers, no remote image', () => {
    render(<Markdown text={'<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n![pixel](https://tracker.example/p.png)\n\n[x](javascript:alert(3))'} testId="md" />);
    const md = screen.getByTestId('md');
    expect(md.querySelectorAll('script, img, iframe, svg, [onerror]')).toHaveLength(0);
    expect([...md.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([]);
    expect(screen.getByTestId('md').textContent).toContain('<script>alert(1)</script>');
    expect(screen.getByTestId('md').textContent).toContain('[Image not shown: pixel]');
  });

  it('the diff marks words added and removed in words too, and collapses long unchanged stretches', () => {
    const para = (k: number, w = 'at once') => `Paragraph ${k} escalates ${w}.`;
    const before = Array.from({ length: 12 }, (_, k) => para(k)).join('\n\n');
    const after = Array.from({ length: 12 }, (_, k) => (k === 6 ? para(k, 'within ten minutes') : para(k))).join('\n\n');
    render(<DiffView blocks={protocolDiff(before, after)} testId="diff" />);
    const diff = screen.getByTestId('diff');
    const removed = [...diff.querySelectorAll('del')].map((d) => d.textContent).join(' ');
    const added = [...diff.querySelectorAll('ins')].map((d) => d.textContent).join(' ');
    expect(removed).toMatch(/\[removed: .*once/);
    expect(added).toMatch(/\[added: .*ten/);
    expect(added).toContain('minutes');
    // Kept: the first and last blocks, the change and its neighbours.
    expect(diff.textContent).toContain('4 unchanged blocks not shown');
    expect(diff.textContent).toContain('3 unchanged blocks not shown');
    expect(diff.textContent).toContain('Paragraph 5');
    expect(diff.textContent).not.toContain('Paragraph 2 ');
  });
});
