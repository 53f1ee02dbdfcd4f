/**
 * A command-line number as people write one: ASCII digits only. Number() would read ''
 * as 0, '0x10' as 16, '1e3' as 1000 and ' 12' as 12, and let '-0' through; each of those
 * is far more likely a slip than what was meant, so they are refused. Null when `text`
 * is not a plain whole number.
 */
export function parseWholeNumber(text: string): number | null {
  if (!/^[0-9]{1,15}$/.test(text)) return null;
  return Number(text);
}
