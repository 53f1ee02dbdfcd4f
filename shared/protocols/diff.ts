/**
 * What changed in a protocol's text, for people: the markdown is split into the blocks a
 * reader sees (headings, paragraphs, list items, quotes, code), blocks are matched up, and
 * a changed block shows the words added and removed within it. Raw markdown syntax (#, *,
 * links' addresses) is never shown as a change: only the text a reader reads.
 *
 * Pure: runs in the renderer and in tests. jsdiff does the sequence work.
 */
import { diffArrays, diffWordsWithSpace } from 'diff';
import MarkdownIt from 'markdown-it';

export type BlockType = 'heading' | 'paragraph' | 'listItem' | 'quote' | 'code' | 'tableRow';

export interface TextBlock {
  type: BlockType;
  /** Heading level 1-6, or list nesting depth from 1. */
  level: number;
  /** The text as read: inline markup removed, link text kept. */
  text: string;
  /** Numbered list item. */
  ordered?: boolean;
}

export interface DiffPart {
  text: string;
  change: 'same' | 'added' | 'removed';
}

export interface DiffBlock {
  type: BlockType;
  level: number;
  ordered?: boolean;
  /** 'changed': the same block with words added or removed inside it. */
  status: 'same' | 'added' | 'removed' | 'changed';
  parts: DiffPart[];
}

const md = new MarkdownIt({ html: false, linkify: false });

/** The blocks of a markdown document, in reading order. */
export function textBlocks(markdown: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  // Open containers (heading, list item, quote) and the block each has collected so far:
  // a list item's second paragraph joins the item rather than becoming its own block.
  const open: { type: BlockType; level: number; ordered: boolean; block: TextBlock | null }[] = [];
  const ordered: boolean[] = [];
  let cells: string[] | null = null;
  for (const t of md.parse(markdown, {})) {
    switch (t.type) {
      case 'heading_open':
        open.push({ type: 'heading', level: Number(t.tag.slice(1)), ordered: false, block: null });
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        ordered.push(t.type === 'ordered_list_open');
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        ordered.pop();
        break;
      case 'list_item_open':
        open.push({ type: 'listItem', level: ordered.length, ordered: ordered[ordered.length - 1] ?? false, block: null });
        break;
      case 'blockquote_open':
        open.push({ type: 'quote', level: 1, ordered: false, block: null });
        break;
      case 'heading_close':
      case 'list_item_close':
      case 'blockquote_close':
        open.pop();
        break;
      case 'tr_open':
        cells = [];
        break;
      case 'tr_close':
        if (cells) blocks.push({ type: 'tableRow', level: 1, text: cells.join(' | ') });
        cells = null;
        break;
      case 'fence':
      case 'code_block':
        blocks.push({ type: 'code', level: 1, text: t.content.replace(/\n$/, '') });
        break;
      case 'inline': {
        const text = inlineText(t.children ?? []);
        if (cells) {
          cells.push(text);
          break;
        }
        const container = open[open.length - 1];
        if (!container) {
          blocks.push({ type: 'paragraph', level: 1, text });
        } else if (container.block) {
          container.block.text = `${container.block.text}\n${text}`;
        } else {
          container.block = { type: container.type, level: container.level, text, ...(container.ordered ? { ordered: true } : {}) };
          blocks.push(container.block);
        }
        break;
      }
      default:
        break;
    }
  }
  return blocks;
}

function inlineText(children: { type: string; content: string }[]): string {
  let out = '';
  for (const c of children) {
    if (c.type === 'text' || c.type === 'code_inline') out += c.content;
    else if (c.type === 'softbreak' || c.type === 'hardbreak') out += ' ';
    else if (c.type === 'image') out += c.content;
  }
  return out;
}

const sameBlock = (a: TextBlock, b: TextBlock) => a.type === b.type && a.level === b.level && a.text === b.text;

/**
 * The readable difference from one version's markdown to another's. Unchanged blocks are
 * included (marked 'same') so the whole new text can be read with the changes in place.
 */
export function protocolDiff(before: string, after: string): DiffBlock[] {
  const a = textBlocks(before);
  const b = textBlocks(after);
  const changes = diffArrays(a, b, { comparator: sameBlock });
  const out: DiffBlock[] = [];
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (!change) continue;
    const next = changes[i + 1];
    if (change.removed && next?.added) {
      // A run of removed blocks followed by added ones: pair blocks of the same kind and
      // show word changes inside them; the rest are whole-block removals or additions.
      out.push(...pairBlocks(change.value, next.value));
      i++;
      continue;
    }
    for (const block of change.value) {
      const status = change.added ? 'added' : change.removed ? 'removed' : 'same';
      out.push({ ...shape(block), status, parts: [{ text: block.text, change: status === 'same' ? 'same' : status }] });
    }
  }
  return out;
}

function shape(b: TextBlock): Pick<DiffBlock, 'type' | 'level' | 'ordered'> {
  return { type: b.type, level: b.level, ...(b.ordered ? { ordered: true } : {}) };
}

function pairBlocks(removed: TextBlock[], added: TextBlock[]): DiffBlock[] {
  const out: DiffBlock[] = [];
  let r = 0;
  let a = 0;
  while (r < removed.length || a < added.length) {
    const old = removed[r];
    const neu = added[a];
    if (old && neu && old.type === neu.type) {
      const words = diffWordsWithSpace(old.text, neu.text);
      const parts: DiffPart[] = words.map((w) => ({ text: w.value, change: w.added ? 'added' : w.removed ? 'removed' : 'same' }));
      out.push({ ...shape(neu), status: 'changed', parts });
      r++;
      a++;
    } else if (old && (!neu || removed.length - r >= added.length - a)) {
      out.push({ ...shape(old), status: 'removed', parts: [{ text: old.text, change: 'removed' }] });
      r++;
    } else if (neu) {
      out.push({ ...shape(neu), status: 'added', parts: [{ text: neu.text, change: 'added' }] });
      a++;
    }
  }
  return out;
}

/** Counts for a summary line: "3 paragraphs changed, 1 added, 2 removed". */
export function diffSummary(blocks: readonly DiffBlock[]): { changed: number; added: number; removed: number } {
  return {
    changed: blocks.filter((b) => b.status === 'changed').length,
    added: blocks.filter((b) => b.status === 'added').length,
    removed: blocks.filter((b) => b.status === 'removed').length,
  };
}
