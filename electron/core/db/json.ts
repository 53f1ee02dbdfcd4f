/**
 * Reads a JSON column. A value another tool damaged must not throw in the middle of a
 * list: it comes back as undefined, fails the contract's output check, and dispatch flags
 * that one record as needing attention while the rest of the list loads.
 */
export function readJsonColumn(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
