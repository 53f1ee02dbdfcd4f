import fs from 'node:fs';
import {
  CatalogueTarget,
  PolicyTarget,
  ReleaseTarget,
  TargetCustom,
  type CatalogueTarget as CatalogueDoc,
  type PolicyTarget as PolicyDoc,
  type ReleaseTarget as ReleaseDoc,
} from '../../../../shared/hub-content';
import { SyncFailure } from './errors';
import { SpokeFetcher, type FetcherOptions } from './fetcher';
import { TargetStore } from './target-store';
import type { TrustStore } from './trust-store';
import { TufSession } from './tuf-session';

export type CentralDoc = PolicyDoc | CatalogueDoc | ReleaseDoc;

export interface VerifiedItem {
  path: string;
  sha256: string;
  custom: TargetCustom;
  doc: CentralDoc;
}

export interface SyncProgress {
  phase: 'metadata' | 'content' | 'applying';
  itemsDone: number;
  itemsTotal: number;
  bytes: number;
}

export interface SyncPlan {
  /** The release marker of what was verified. */
  release: ReleaseDoc;
  /** Items whose content (sha256) the practice does not hold yet. */
  arrived: VerifiedItem[];
  /** Every target path in the release with its sha256 (to find withdrawn items). */
  present: Map<string, string>;
  timestampExpires: string;
  /**
   * Makes the verified metadata the trusted state. A database-backed trust store writes
   * it inside the same transaction as the content; if `apply` does not call it, the
   * engine commits trust right after `apply` returns.
   */
  commitTrust(): void;
}

export interface SyncEngineOptions {
  trust: TrustStore;
  metadataUrl: string;
  targetUrl: string;
  /** Verified targets by content hash; reused by a later or resumed sync. */
  cacheDir: string;
  /** Where staging folders are made (beside the trusted metadata). */
  stagingBase: string;
  fetch?: FetcherOptions;
  onProgress?: (p: SyncProgress) => void;
  /** Whether the practice already applied this content (path, sha256): then it is not read again. */
  holds(path: string, sha256: string): boolean;
  /**
   * Applies the plan to the practice's database in one synchronous transaction. Called
   * only when everything has been verified; if it throws, trust is left as it was.
   */
  apply(plan: SyncPlan): void;
  /** How many targets to fetch at once. */
  concurrency?: number;
}

export interface SyncOutcome {
  changed: boolean;
  /** The release now held; null when nothing changed since the last sync. */
  release: number | null;
  arrived: VerifiedItem[];
  bytes: number;
  requests: number;
  timestampExpires: string;
}

function parseDoc(path: string, bytes: Buffer, custom: TargetCustom): CentralDoc {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new SyncFailure('malformed', `${path} is not JSON`);
  }
  const schema = custom.kind === 'policy' ? PolicyTarget : custom.kind === 'catalogue' ? CatalogueTarget : ReleaseTarget;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new SyncFailure('malformed', `${path} is not valid ${custom.kind} content: ${parsed.error.issues[0]?.message ?? ''}`);
  const doc = parsed.data;
  const id = doc.type === 'release' ? 'release' : doc.id;
  const version = doc.type === 'release' ? doc.release : doc.version;
  if (id !== custom.id || version !== custom.version) throw new SyncFailure('tampered', `${path} does not match its signed id and version`);
  return doc;
}

/**
 * One sync, network first: verify the metadata (tuf-js), fetch every target the practice
 * does not hold (or take it from the verified cache), schema-check it, and only then
 * hand the whole plan to `apply` (one database transaction) and commit the new trusted
 * metadata. Any failure before commit leaves trust and data exactly as they were.
 */
export async function runSync(opts: SyncEngineOptions): Promise<SyncOutcome> {
  // One failed download stops the others at once, as cancelling does.
  const stop = new AbortController();
  const signal = opts.fetch?.signal ? AbortSignal.any([opts.fetch.signal, stop.signal]) : stop.signal;
  const progress: SyncProgress = { phase: 'metadata', itemsDone: 0, itemsTotal: 0, bytes: 0 };
  const report = (): void => opts.onProgress?.({ ...progress });
  const fetcher = new SpokeFetcher({
    ...opts.fetch,
    signal,
    onBytes: (n) => {
      progress.bytes += n;
      opts.fetch?.onBytes?.(n);
    },
  });
  const session = new TufSession({
    trust: opts.trust,
    metadataUrl: opts.metadataUrl,
    targetUrl: opts.targetUrl,
    fetcher,
    targets: TargetStore.contentAddressed(opts.cacheDir),
    stagingBase: opts.stagingBase,
  });
  try {
    report();
    await session.refresh();
    const before = opts.trust.read().get('timestamp.json');
    const after = fs.readFileSync(`${session.stagingDir}/timestamp.json`);
    const timestampExpires = (JSON.parse(after.toString('utf8')) as { signed: { expires: string } }).signed.expires;
    if (before && before.equals(after)) {
      // Nothing new since the last verified sync: the timestamp is the same signed file.
      return { changed: false, release: null, arrived: [], bytes: fetcher.bytesReceived, requests: fetcher.requests, timestampExpires };
    }
    const all = await session.allTargets();
    const present = new Map<string, string>();
    const wanted: { path: string; sha256: string; custom: TargetCustom; info: Parameters<TufSession['fetchTarget']>[0] }[] = [];
    let releaseEntry: (typeof wanted)[number] | null = null;
    for (const [path, held] of all) {
      const custom = TargetCustom.safeParse(held.info.custom);
      const sha256 = held.info.hashes.sha256;
      if (!custom.success || !sha256) throw new SyncFailure('malformed', `${path} has no valid Spoke description in the signed metadata`);
      present.set(path, sha256);
      const entry = { path, sha256, custom: custom.data, info: held.info };
      if (custom.data.kind === 'release') releaseEntry = entry;
      else if (!opts.holds(path, sha256)) wanted.push(entry);
    }
    if (!releaseEntry) throw new SyncFailure('malformed', 'the release has no release marker');
    wanted.push(releaseEntry);
    progress.phase = 'content';
    progress.itemsTotal = wanted.length;
    report();
    const arrived: VerifiedItem[] = new Array<VerifiedItem>(wanted.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < wanted.length) {
        if (signal.aborted) throw new SyncFailure('cancelled', 'sync cancelled');
        const i = next++;
        const w = wanted[i];
        if (!w) continue;
        const { bytes } = await session.fetchTarget(w.info);
        arrived[i] = { path: w.path, sha256: w.sha256, custom: w.custom, doc: parseDoc(w.path, bytes, w.custom) };
        progress.itemsDone += 1;
        report();
      }
    };
    const workers = Array.from({ length: Math.min(opts.concurrency ?? 6, Math.max(1, wanted.length)) }, () =>
      worker().catch((err: unknown) => {
        stop.abort();
        throw err;
      }),
    );
    const settled = await Promise.allSettled(workers);
    // Report the first real failure, not the cancellations it caused in the other workers.
    const failures = settled.flatMap((r) => (r.status === 'rejected' ? [session.failure(r.reason)] : []));
    const first = failures.find((f) => f.kind !== 'cancelled') ?? failures[0];
    if (first) throw first;
    if (signal.aborted) throw new SyncFailure('cancelled', 'sync cancelled');
    const releaseItem = arrived.pop();
    if (!releaseItem || releaseItem.doc.type !== 'release') throw new SyncFailure('malformed', 'the release marker is not valid');
    progress.phase = 'applying';
    report();
    let trustCommitted = false;
    const plan: SyncPlan = {
      release: releaseItem.doc,
      arrived,
      present,
      timestampExpires,
      commitTrust: () => {
        session.commit();
        trustCommitted = true;
      },
    };
    opts.apply(plan);
    if (!trustCommitted) session.commit();
    return {
      changed: true,
      release: releaseItem.doc.release,
      arrived,
      bytes: fetcher.bytesReceived,
      requests: fetcher.requests,
      timestampExpires,
    };
  } catch (err) {
    throw session.failure(err);
  } finally {
    session.dispose();
    fetcher.close();
  }
}
