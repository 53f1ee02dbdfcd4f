/**
 * Pasted text (from Spoke's own grid or a spreadsheet: tab-separated cells, one row per
 * line) to a rectangular block of duty codes. All or nothing: any unknown code or a
 * ragged block is refused with where it is, so a bulk paste never half-applies.
 */
import type { Duty } from './model';

export interface PasteError {
  /** 1-based, as a person counts rows and columns in what they copied. */
  row: number;
  column: number;
  message: string;
}

export type PasteResult =
  | { ok: true; rows: number; columns: number; /** Duty id per cell; null = clear the cell. */ cells: (string | null)[][] }
  | { ok: false; errors: PasteError[] };

export const PASTE_LIMITS = { rows: 400, columns: 200, characters: 200_000 } as const;

export function parsePastedDuties(text: string, duties: readonly Pick<Duty, 'id' | 'code' | 'archived'>[]): PasteResult {
  if (text.length > PASTE_LIMITS.characters) {
    return { ok: false, errors: [{ row: 1, column: 1, message: `That is too much to paste at once (over ${PASTE_LIMITS.characters.toLocaleString('en-GB')} characters)` }] };
  }
  const byCode = new Map(duties.filter((d) => !d.archived).map((d) => [d.code.toUpperCase(), d.id]));
  // Spreadsheets end the copied block with one line break; drop it, keep inner blank rows.
  const body = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  if (body.trim() === '') return { ok: false, errors: [{ row: 1, column: 1, message: 'There is nothing to paste' }] };
  const lines = body.split('\n');
  if (lines.length > PASTE_LIMITS.rows) {
    return { ok: false, errors: [{ row: PASTE_LIMITS.rows + 1, column: 1, message: `Paste at most ${PASTE_LIMITS.rows} rows at once` }] };
  }
  const raw = lines.map((l) => l.split('\t'));
  const columns = raw[0]?.length ?? 0;
  const errors: PasteError[] = [];
  if (columns > PASTE_LIMITS.columns) errors.push({ row: 1, column: PASTE_LIMITS.columns + 1, message: `Paste at most ${PASTE_LIMITS.columns} columns at once` });
  const cells: (string | null)[][] = [];
  raw.forEach((cols, r) => {
    if (cols.length !== columns) {
      errors.push({ row: r + 1, column: Math.min(cols.length, columns) + 1, message: `Row ${r + 1} has ${cols.length} ${cols.length === 1 ? 'cell' : 'cells'} but row 1 has ${columns}: paste a rectangular block` });
      return;
    }
    const row: (string | null)[] = [];
    cols.forEach((cell, c) => {
      let v = cell.trim();
      if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/""/g, '"').trim();
      if (v === '') {
        row.push(null);
        return;
      }
      const id = byCode.get(v.toUpperCase());
      if (id === undefined) {
        const shown = v.length > 20 ? `${v.slice(0, 20)}…` : v;
        errors.push({ row: r + 1, column: c + 1, message: `"${shown}" at row ${r + 1}, column ${c + 1} is not a duty code` });
        row.push(null);
      } else row.push(id);
    });
    cells.push(row);
  });
  if (errors.length) return { ok: false, errors: errors.slice(0, 50) };
  return { ok: true, rows: cells.length, columns, cells };
}

/** The grid's copy: a block of duty codes as tab-separated text, as spreadsheets paste it. */
export function formatDutyBlock(cells: readonly (readonly (string | null)[])[], duties: readonly Pick<Duty, 'id' | 'code'>[]): string {
  const codeOf = new Map(duties.map((d) => [d.id, d.code]));
  return `${cells.map((row) => row.map((id) => (id === null ? '' : (codeOf.get(id) ?? ''))).join('\t')).join('\n')}\n`;
}
