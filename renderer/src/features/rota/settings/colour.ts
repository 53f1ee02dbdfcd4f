/** Colour checks for duty colours: the grid writes a duty's code in black or white on it (textOn). */
import { textOn } from '../grid-model';

function luminance(hex: string): number {
  const ch = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5);
}

export const isHexColour = (s: string) => /^#[0-9A-Fa-f]{6}$/.test(s);

/** WCAG contrast ratio between two #RRGGBB colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The text colour the grid will use on this duty colour, and how well it reads. */
export function dutyTextCheck(colour: string): { text: '#000000' | '#ffffff'; textName: 'black' | 'white'; ratio: number; meetsAA: boolean } {
  const text = textOn(colour);
  const ratio = contrastRatio(colour, text);
  return { text, textName: text === '#000000' ? 'black' : 'white', ratio, meetsAA: ratio >= 4.5 };
}
