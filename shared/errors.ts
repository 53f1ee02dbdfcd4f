/**
 * The error envelope: what crosses a wire when a call fails. Never a stack trace;
 * always a message a practice manager can act on, plus per-field messages for forms.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'forbidden'
  | 'not_signed_in'
  | 'conflict'
  | 'not_set_up'
  | 'unauthorised'
  | 'unknown_channel'
  | 'internal';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Field path (e.g. "contract.amount") -> message shown next to that field. */
  fieldErrors?: Record<string, string>;
}

/**
 * Something the user should know about a call that succeeded: a stored record that could
 * not be shown (a list still loads without it), or a saved change whose result could not
 * be read back properly. The reference ties it to the log entry.
 */
export interface Attention {
  ref: string;
  message: string;
  /** The record concerned, when it is known. */
  id?: string;
}

export type Envelope<T> = { ok: true; value: T; attention?: Attention[] } | { ok: false; error: ErrorBody };

/** An error a handler throws on purpose; its message is safe to show the user. */
export class SpokeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'SpokeError';
  }

  toBody(): ErrorBody {
    return this.fieldErrors ? { code: this.code, message: this.message, fieldErrors: this.fieldErrors } : { code: this.code, message: this.message };
  }
}

/** Collapse zod issues into one message per field path (first message wins). */
export function fieldErrorsFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** The one sentence the banner and every refused write use for a practice open read-only. */
export function readOnlyMessage(reason: string): string {
  return `This practice is open read-only because ${reason}. Changes cannot be saved.`;
}
