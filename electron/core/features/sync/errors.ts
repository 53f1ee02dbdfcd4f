/**
 * Why a sync failed, in the practice's words. tuf-js reports failures as a handful of
 * error classes, often wrapped in a RuntimeError whose message carries the original's
 * name; `classifySyncError` turns any of them into one of these kinds so that the app,
 * the CLI and the tests all speak the same language.
 */
export type SyncFailureKind =
  | 'tampered'
  | 'rollback'
  | 'expired'
  | 'unknown-key'
  | 'too-large'
  | 'malformed'
  | 'unreachable'
  | 'timed-out'
  | 'cancelled'
  | 'not-enrolled';

export const FAILURE_WORDS: Record<SyncFailureKind, string> = {
  tampered: 'tampered: what the hub sent does not match its signatures or hashes',
  rollback: 'rollback: the hub offered an older release than the one already trusted',
  expired: 'expired or frozen: the hub’s signed release has expired (it may be frozen at an old version)',
  'unknown-key': 'unknown key: the content was signed by a key this practice does not trust',
  'too-large': 'too large: the hub sent more data than allowed',
  malformed: 'malformed: the hub answered with something that is not valid signed content',
  unreachable: 'hub unreachable',
  'timed-out': 'timed out: the hub stopped answering',
  cancelled: 'cancelled',
  'not-enrolled': 'not enrolled with a hub',
};

export class SyncFailure extends Error {
  override readonly name = 'SyncFailure';
  constructor(
    readonly kind: SyncFailureKind,
    readonly detail: string,
  ) {
    super(`${FAILURE_WORDS[kind]} (${detail})`);
  }
}

/** Error classes of tuf-js and @tufjs/models, by the names they carry into messages. */
const RULES: readonly { test: RegExp; kind: SyncFailureKind }[] = [
  { test: /ExpiredMetadataError|is expired/, kind: 'expired' },
  { test: /EqualVersionError|BadVersionError.*less than|is less than current/, kind: 'rollback' },
  { test: /BadVersionError|does not match|doesn't match/, kind: 'tampered' },
  { test: /UnsignedMetadataError|LengthOrHashMismatchError|Expected (length|hash)|multiple signatures|signed by \d+\/\d+ keys|failed to verify/, kind: 'tampered' },
  { test: /DownloadLengthMismatchError|Max length reached/, kind: 'too-large' },
  {
    test: /SyntaxError|JSON|ValueError|TypeError|is not defined|is not an array|must be|Expected '|expected '|RepositoryError|Missing /,
    kind: 'malformed',
  },
  { test: /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EPIPE|socket hang up|DownloadHTTPError|Failed to download/, kind: 'unreachable' },
];

/**
 * The failure a sync ended with. `lastFetchFailure` is what the fetcher itself threw most
 * recently: tuf-js flattens errors from the fetcher into strings, so the original object
 * is recovered from there when its message shows up in the wrapper's.
 */
export interface FetchFailureRecord {
  thrown: Error;
  failure: SyncFailure;
}

export function classifySyncError(err: unknown, lastFetch: FetchFailureRecord | null): SyncFailure {
  if (err instanceof SyncFailure) return err;
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (lastFetch && (err === lastFetch.thrown || text.includes(lastFetch.thrown.message))) return lastFetch.failure;
  for (const rule of RULES) if (rule.test.test(text)) return new SyncFailure(rule.kind, shorten(text));
  return new SyncFailure('malformed', shorten(text));
}

function shorten(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
