import crypto from 'node:crypto';
import { Metadata, MetadataKind } from '@tufjs/models';
import type { JSONObject } from '@tufjs/models/dist/utils';
import { z } from 'zod';
import { SyncFailure } from './errors';
import { SpokeFetcher, type FetcherOptions } from './fetcher';

/**
 * The one-line code a hub prints for a practice: where to fetch content and send
 * reports, the practice's id and token, and the fingerprint (SHA-256) of the root the
 * practice is to trust. Nothing fetched is trusted unless it matches that fingerprint.
 */
export const ENROLMENT_PREFIX = 'spoke-enrol-1:';
const HttpUrl = z.string().max(2000).refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
});
export const EnrolmentCode = z.strictObject({
  hub: HttpUrl,
  content: HttpUrl,
  practiceId: z.uuid(),
  token: z.string().regex(/^[A-Za-z0-9_-]{32,128}$/),
  rootVersion: z.number().int().min(1),
  rootSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type EnrolmentCode = z.infer<typeof EnrolmentCode>;

export function decodeEnrolmentCode(raw: string): EnrolmentCode {
  const text = raw.trim();
  if (!text.startsWith(ENROLMENT_PREFIX)) throw new SyncFailure('malformed', 'this is not a Spoke enrolment code (it should start with spoke-enrol-1:)');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text.slice(ENROLMENT_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new SyncFailure('malformed', 'the enrolment code is damaged; copy it again in full');
  }
  const parsed = EnrolmentCode.safeParse(value);
  if (!parsed.success) throw new SyncFailure('malformed', 'the enrolment code is damaged or incomplete; copy it again in full');
  return { ...parsed.data, hub: parsed.data.hub.replace(/\/+$/, ''), content: parsed.data.content.replace(/\/+$/, '') };
}

export const metadataUrlOf = (content: string): string => `${content}/metadata`;
export const targetsUrlOf = (content: string): string => `${content}/targets`;

/**
 * Fetches the root named by the code and checks it: its SHA-256 must equal the code's
 * fingerprint and it must be signed by its own root keys to threshold. Returns its bytes,
 * which become the practice's only trust anchor.
 */
export async function fetchTrustedRoot(code: EnrolmentCode, options: FetcherOptions = {}): Promise<Buffer> {
  const fetcher = new SpokeFetcher(options);
  let bytes: Buffer;
  try {
    bytes = await fetcher.downloadBytes(`${metadataUrlOf(code.content)}/${code.rootVersion}.root.json`, 512 * 1024);
  } catch (err) {
    throw fetcher.lastFailure?.failure ?? (err instanceof SyncFailure ? err : new SyncFailure('unreachable', String(err)));
  } finally {
    fetcher.close();
  }
  const digest = crypto.createHash('sha256').update(bytes).digest('hex');
  if (digest !== code.rootSha256) throw new SyncFailure('tampered', 'the hub’s root does not match the fingerprint in the enrolment code');
  try {
    const md = Metadata.fromJSON(MetadataKind.Root, JSON.parse(bytes.toString('utf8')) as JSONObject);
    md.verifyDelegate(MetadataKind.Root, md);
    if (md.signed.version !== code.rootVersion) throw new Error('wrong root version');
  } catch (err) {
    throw new SyncFailure('malformed', `the root named by the enrolment code is not valid TUF root metadata (${(err as Error).message})`);
  }
  return bytes;
}
