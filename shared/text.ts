/**
 * The one text policy. Every free-text field in the contract declares what kind of text
 * it holds and gets the same normalisation, limits and messages from here; a new field
 * never invents its own rules (conventions 13).
 *
 * Why each rule exists:
 * - Lone surrogates cannot be stored as UTF-8: SQLite would keep invalid bytes that read
 *   back as replacement characters, longer than what was accepted, and break every list.
 * - NFC: "é" typed on two keyboards must be the same name, the same sort key and the
 *   same length everywhere.
 * - Control characters (NUL, escapes, C1) have no place in practice records; line breaks
 *   only in multi-line text.
 * - Bidirectional overrides and isolates let "\u202Etloh" display as "holt": in a name or
 *   a label that is impersonation, so they are refused there. Multi-line text (protocols,
 *   notes) may need isolates and marks for right-to-left quotations, so only the
 *   overrides and embeddings, which re-order text invisibly, are refused there.
 * - Text made only of invisible characters (zero-width, Hangul filler, braille blank) is
 *   a blank card on screen. Zero-width spaces, word joiners and BOMs inside a name or a
 *   label make a look-alike of a real name; joiners (ZWJ/ZWNJ) stay, scripts and emoji
 *   need them.
 * - Length is counted in Unicode code points, which is what survives the round trip
 *   through SQLite's UTF-8 storage unchanged ("Zoë" is 3 whatever the keyboard sent,
 *   an emoji is 1).
 *
 * Pure functions and zod schemas: used by the contract (input), the core, and the UI.
 */
import { z } from 'zod';

/** What a field holds; decides which characters are allowed and how spaces are treated. */
export type TextKind =
  /** A person's given or family name. */
  | 'personName'
  /** A one-line label: practice, site, duty or protocol title, lead type. */
  | 'label'
  /** Free text over several lines: notes, reasons, markdown bodies. */
  | 'multiline';

export interface TextRule {
  kind: TextKind;
  /** The field's name as the user sees it, e.g. "First name". */
  label: string;
  /** Most code points allowed after normalising. */
  max: number;
  /** Fewest code points (default 1: the field must not be empty). */
  min?: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// The replacement character is what damaged text reads back as, and U+FFFE/U+FFFF are not
// characters at all: in practice records they only ever mean something broke on the way.
const BROKEN = /[\uFFFD\uFFFE\uFFFF]/;
const LINE_BREAK = /[\n\u2028\u2029]/;
const TAB = /\t/;
const BIDI_OVERRIDE = /[\u202A-\u202E]/;
const BIDI_ANY = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
// Invisible characters that make a look-alike of another name when mixed into it.
const INVISIBLE_IN_NAME = /[\u200B\u2060-\u2064\uFEFF\u00AD\u180E\u115F\u1160\u3164\uFFA0]|\u034F/;
// Anything that draws nothing: spaces, default-ignorable code points, format characters.
const DRAWS_NOTHING = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\u2800\u3164\u115F\u1160\uFFA0]/gu;
const INNER_SPACES = /[ \t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;

/** C0 controls except tab and line feed, DEL, and C1 controls. */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x08 || (c >= 0x0b && c <= 0x1f) || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/** Code points, the length users and the database agree on. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** True when every surrogate is part of a pair, so the text can be stored as UTF-8. */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

export type TextVerdict = { ok: true; value: string } | { ok: false; message: string };

/**
 * Normalise and check one value. Returns the exact string to store, or the message to show
 * next to the field.
 */
export function applyTextPolicy(raw: string, rule: TextRule): TextVerdict {
  const { kind, label } = rule;
  const min = rule.min ?? 1;
  if (!isWellFormed(raw) || BROKEN.test(raw)) return { ok: false, message: `${label} contains a broken character. Type it again` };
  let v = raw.normalize('NFC').replace(/\r\n?/g, '\n');
  if (hasControlCharacter(v)) return { ok: false, message: `${label} contains a control character that cannot be saved` };
  if (kind === 'multiline') {
    v = v.replace(/[ \t]+$/gm, '').replace(/^\n+|\s+$/g, '');
  } else {
    if (LINE_BREAK.test(v) || TAB.test(v)) return { ok: false, message: `${label} must be on one line` };
    v = v.trim().replace(INNER_SPACES, ' ');
  }
  if (kind === 'multiline' ? BIDI_OVERRIDE.test(v) : BIDI_ANY.test(v)) {
    return { ok: false, message: `${label} contains a hidden text-direction character. Type it again without pasting` };
  }
  const visible = v.replace(DRAWS_NOTHING, '');
  if (v.length > 0 && visible.length === 0) return { ok: false, message: `${label} must contain letters or numbers you can see` };
  if (kind !== 'multiline' && INVISIBLE_IN_NAME.test(v)) {
    return { ok: false, message: `${label} contains an invisible character. Type it again without pasting` };
  }
  if (min > 0 && v.length === 0) return { ok: false, message: `Enter ${lowerFirst(label)}` };
  const length = codePointLength(v);
  if (length < min) return { ok: false, message: `${label} must be at least ${min} characters` };
  if (length > rule.max) return { ok: false, message: `${label} must be ${rule.max} characters or fewer` };
  return { ok: true, value: v };
}

function lowerFirst(label: string): string {
  // "First name" -> "first name", but "ODS code" and "GMC number" keep their capitals.
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/**
 * Every text-policy schema is registered here with its rule, so tests can find every text
 * field in the contract by walking the schemas (a new field is covered with no new test).
 */
export const textFields = z.registry<TextRule>();

/**
 * Output side: text read back from the database. Damaged text (invalid UTF-8 written by
 * another tool reads back as U+FFFD) fails it, so dispatch flags that one record as needing
 * attention instead of showing garbage or failing the whole list.
 */
export const StoredText = z.string().refine((s) => isWellFormed(s) && !BROKEN.test(s), { error: 'Stored text is damaged' });

/** A required (or, with min 0, possibly empty) text field following the policy. */
export function textField(rule: TextRule) {
  const schema = z
    .string({ error: `Enter ${lowerFirst(rule.label)}` })
    .transform((raw, ctx) => {
      const verdict = applyTextPolicy(raw, rule);
      if (!verdict.ok) {
        // continue: the object's cross-field rules still run, so the form shows every problem at once.
        ctx.addIssue({ code: 'custom', message: verdict.message, continue: true });
        return z.NEVER;
      }
      return verdict.value;
    });
  textFields.add(schema, rule);
  return schema;
}

/** An optional text field: null, or an empty/blank string, both mean "not given". */
export function optionalTextField(rule: Omit<TextRule, 'min'>) {
  const inner = textField({ ...rule, min: 0 });
  return inner.nullable().transform((v) => (v === null || v === '' ? null : v));
}

/** A person's name (given or family). */
export const personName = (label: string, max = 60) => textField({ kind: 'personName', label, max });
/** A one-line label such as a site, practice or duty name. */
export const label = (labelText: string, max: number, min = 1) => textField({ kind: 'label', label: labelText, max, min });
/** Multi-line free text such as a note or a reason. */
export const multiline = (labelText: string, max: number, min = 1) => textField({ kind: 'multiline', label: labelText, max, min });
