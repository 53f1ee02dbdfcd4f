import type { Db } from './open';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** More than this many bad values are summarised, so a badly damaged file still gives a readable report. */
const MAX_LISTED = 100;

/**
 * Every stored text value that is not valid UTF-8. SQLite keeps whatever bytes it was
 * given (a lone surrogate half arrives as one), and reading such a value back silently
 * turns the bad bytes into replacement characters, so integrity_check cannot see it.
 * Each value is read as raw bytes and decoded strictly.
 */
export function invalidTextProblems(db: Db): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const problems: string[] = [];
  let more = 0;
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  for (const table of tables) {
    const columns = db.pragma(`table_info(${quote(table)})`) as { name: string; pk: number }[];
    const keys = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const keyExpr = keys.length === 1 ? quote(keys[0]?.name ?? '') : keys.length > 1 ? `json_array(${keys.map((k) => quote(k.name)).join(', ')})` : 'rowid';
    for (const column of columns) {
      const rows = db
        .prepare(`SELECT ${keyExpr} AS k, CAST(${quote(column.name)} AS BLOB) AS b FROM ${quote(table)} WHERE typeof(${quote(column.name)}) = 'text'`)
        .iterate() as IterableIterator<{ k: unknown; b: Uint8Array }>;
      for (const row of rows) {
        try {
          decoder.decode(row.b);
        } catch {
          if (problems.length >= MAX_LISTED) more++;
          else problems.push(`text: ${table} row ${String(row.k)} has a ${column.name} that is not valid UTF-8 (it would show with replacement characters); correct it in Spoke or restore a backup`);
        }
      }
    }
  }
  if (more) problems.push(`text: and ${more} more values that are not valid UTF-8`);
  return problems;
}
