/** Turning a failed save into what an NHS.UK form shows: a summary and a message per field. */
import { ApiError } from './api/client';
import type { ErrorCode } from '../../shared/errors';

export interface FormErrors<F extends string> {
  code: ErrorCode | null;
  /** The first message for each field, shown next to it. */
  fields: Partial<Record<F, string>>;
  /** Every message in the order the server gave them; `field` null = no field to link to. */
  items: { field: F | null; message: string }[];
}

/**
 * Maps the server's field paths ("contract.amount", "competencies.2") onto the form's
 * fields. The server's messages are the source of truth; nothing is reworded here.
 */
export function formErrorsFrom<F extends string>(err: unknown, fieldFor: (path: string) => F | null): FormErrors<F> {
  if (!(err instanceof ApiError)) {
    const detail = err instanceof Error ? err.message : String(err);
    return { code: null, fields: {}, items: [{ field: null, message: `Something went wrong: ${detail}` }] };
  }
  const entries = Object.entries(err.fieldErrors);
  if (entries.length === 0) return { code: err.code, fields: {}, items: [{ field: null, message: err.message }] };
  const fields: Partial<Record<F, string>> = {};
  const items = entries.map(([path, message]) => {
    const field = fieldFor(path);
    if (field !== null && fields[field] === undefined) fields[field] = message;
    return { field, message };
  });
  return { code: err.code, fields, items };
}

/** Client-side checks produce the same shape, so the form shows them identically. */
export function formErrorsOf<F extends string>(messages: Partial<Record<F, string>>): FormErrors<F> | null {
  const items = (Object.entries(messages) as [F, string | undefined][])
    .filter((e): e is [F, string] => e[1] !== undefined)
    .map(([field, message]) => ({ field, message }));
  return items.length === 0 ? null : { code: 'invalid_input', fields: messages, items };
}

/** Ids for a field's hint and error, joined for aria-describedby. */
export function describedBy(id: string, opts: { hint?: boolean; error?: string | undefined }): string | undefined {
  const ids = [opts.hint ? `${id}-hint` : null, opts.error ? `${id}-error` : null].filter((x): x is string => x !== null);
  return ids.length ? ids.join(' ') : undefined;
}
