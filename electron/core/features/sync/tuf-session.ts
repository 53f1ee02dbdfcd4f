import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Metadata, Targets } from '@tufjs/models';
import { Updater, type TargetFile } from 'tuf-js';
import { classifySyncError, SyncFailure } from './errors';
import type { SpokeFetcher } from './fetcher';
import type { TargetStore } from './target-store';
import type { TrustStore } from './trust-store';

export interface TufSessionOptions {
  trust: TrustStore;
  metadataUrl: string;
  targetUrl: string;
  fetcher: SpokeFetcher;
  targets: TargetStore;
  /** Staging folders are made beside this path (same filesystem, so nothing crosses disks). */
  stagingBase: string;
}

/** tuf-js 5.0.1 loads and verifies one targets role on demand; it is not public API. */
interface UpdaterInternals {
  loadTargets(role: string, parentRole: string): Promise<Metadata<Targets> | undefined>;
}

export interface HeldTarget {
  info: TargetFile;
  /** The name of the role that signed it (targets, or a hashed bin). */
  role: string;
}

/**
 * One sync against a TUF repository, on Spoke's terms: tuf-js verifies everything
 * (signatures to threshold, no version going back, expiry, hashes and lengths), working
 * in a staging copy of the trusted metadata; Spoke's fetcher decides how bytes travel;
 * verified targets land in a cache that a later or resumed sync reuses. Nothing becomes
 * trusted until `commit`.
 */
export class TufSession {
  readonly stagingDir: string;
  private readonly updater: Updater;
  private refreshed = false;

  constructor(private readonly options: TufSessionOptions) {
    fs.mkdirSync(path.dirname(options.stagingBase), { recursive: true });
    this.stagingDir = fs.mkdtempSync(`${options.stagingBase}.staging-`);
    options.trust.stageInto(this.stagingDir);
    if (!fs.existsSync(path.join(this.stagingDir, 'root.json'))) {
      this.dispose();
      throw new SyncFailure('not-enrolled', 'there is no trusted root yet');
    }
    try {
      this.updater = new Updater({
        metadataDir: this.stagingDir,
        metadataBaseUrl: options.metadataUrl,
        targetBaseUrl: options.targetUrl,
        fetcher: options.fetcher,
        config: { fetchRetry: 0, fetchTimeout: 0 },
      });
    } catch (err) {
      this.dispose();
      throw this.failure(err);
    }
  }

  failure(err: unknown): SyncFailure {
    const failure = classifySyncError(err, this.options.fetcher.lastFailure);
    if (failure.kind === 'tampered' && /UnsignedMetadataError|signed by \d+\/\d+ keys/.test(failure.detail) && this.signedOnlyByUnknownKeys()) {
      return new SyncFailure('unknown-key', failure.detail);
    }
    return failure;
  }

  /**
   * Whether the metadata that just failed its signature check carries signatures only
   * from keys this practice has never been told about (a forger's key), rather than a
   * known key's signature over changed content.
   */
  private signedOnlyByUnknownKeys(): boolean {
    const last = this.options.fetcher.lastBody;
    if (!last) return false;
    try {
      const doc = JSON.parse(last.bytes.toString('utf8')) as { signatures?: { keyid?: unknown }[]; signed?: { keys?: Record<string, unknown> } };
      const keyids = (doc.signatures ?? []).map((s) => s.keyid).filter((k): k is string => typeof k === 'string');
      if (keyids.length === 0) return false;
      const known = new Set<string>();
      for (const role of ['root', 'targets']) {
        const staged = this.stagedJson(role) as { signed?: { keys?: Record<string, unknown>; delegations?: { keys?: Record<string, unknown> } } } | undefined;
        for (const k of Object.keys(staged?.signed?.keys ?? {})) known.add(k);
        for (const k of Object.keys(staged?.signed?.delegations?.keys ?? {})) known.add(k);
      }
      // A new root lists its own keys; those count only once it is verified, so not here.
      return keyids.every((k) => !known.has(k));
    } catch {
      return false;
    }
  }

  /** Top-level refresh: root (following rotations), timestamp, snapshot, targets. */
  async refresh(): Promise<void> {
    try {
      await this.updater.refresh();
      this.refreshed = true;
    } catch (err) {
      throw this.failure(err);
    }
  }

  /** The TUF lookup of one target path, through the delegation graph. */
  async targetInfo(targetPath: string): Promise<TargetFile | undefined> {
    try {
      return await this.updater.getTargetInfo(targetPath);
    } catch (err) {
      throw this.failure(err);
    }
  }

  /**
   * Every target the repository signs, loading each delegated role (the hashed bins) in
   * order. A role that lists a path outside what it was delegated makes the whole sync
   * fail: a hub that does that is broken or compromised.
   */
  async allTargets(maxRoles = 4096): Promise<Map<string, HeldTarget>> {
    if (!this.refreshed) await this.refresh();
    const internals = this.updater as unknown as UpdaterInternals;
    if (typeof internals.loadTargets !== 'function') throw new Error('this tuf-js version does not expose loadTargets');
    const found = new Map<string, HeldTarget>();
    type Visit = { role: string; parent: string; allows: ((p: string) => boolean)[] };
    const stack: Visit[] = [{ role: 'targets', parent: 'root', allows: [] }];
    const visited = new Set<string>();
    try {
      while (stack.length > 0) {
        const visit = stack.pop();
        if (!visit || visited.has(visit.role)) continue;
        if (visited.size >= maxRoles) throw new SyncFailure('too-large', `more than ${maxRoles} delegated roles`);
        visited.add(visit.role);
        const md = await internals.loadTargets(visit.role, visit.parent);
        if (!md) continue;
        for (const [targetPath, info] of Object.entries(md.signed.targets)) {
          if (!visit.allows.every((allow) => allow(targetPath))) {
            throw new SyncFailure('tampered', `${visit.role} lists ${targetPath}, which was not delegated to it`);
          }
          if (!found.has(targetPath)) found.set(targetPath, { info, role: visit.role });
        }
        const delegations = md.signed.delegations;
        const children: Visit[] = [];
        for (const child of Object.values(delegations?.roles ?? {})) {
          children.push({ role: child.name, parent: visit.role, allows: [...visit.allows, (p) => child.isDelegatedPath(p)] });
        }
        const succinct = delegations?.succinctRoles;
        if (succinct) {
          for (const name of succinct.getRoles()) {
            children.push({ role: name, parent: visit.role, allows: [...visit.allows, (p) => succinct.getRoleForTarget(p) === name] });
          }
        }
        stack.push(...children.reverse());
      }
    } catch (err) {
      throw this.failure(err);
    }
    return found;
  }

  /** The consistent-snapshot file name of a target: its hash, then its name. */
  targetUrl(info: TargetFile): string {
    let file = info.path;
    if (this.consistentSnapshot()) {
      const hash = Object.values(info.hashes)[0];
      const { dir, base } = path.posix.parse(file);
      file = dir ? `${dir}/${hash}.${base}` : `${hash}.${base}`;
    }
    const base = this.options.targetUrl.endsWith('/') ? this.options.targetUrl : `${this.options.targetUrl}/`;
    return new URL(base + (file.startsWith('/') ? file.slice(1) : file)).toString();
  }

  private consistent: boolean | null = null;
  private consistentSnapshot(): boolean {
    if (this.consistent === null) {
      const root = JSON.parse(fs.readFileSync(path.join(this.stagingDir, 'root.json'), 'utf8')) as { signed?: { consistent_snapshot?: unknown } };
      this.consistent = root.signed?.consistent_snapshot === true;
    }
    return this.consistent;
  }

  /**
   * A verified target's bytes: from the cache when it already holds a file matching the
   * signed length and hashes, otherwise downloaded (never more than the signed length),
   * verified, and cached.
   */
  async fetchTarget(info: TargetFile): Promise<{ bytes: Buffer; fromCache: boolean }> {
    try {
      const cached = await this.options.targets.find(info);
      if (cached) return { bytes: cached, fromCache: true };
      const bytes = await this.options.fetcher.downloadBytes(this.targetUrl(info), info.length);
      await info.verify(Readable.from([bytes]));
      await this.options.targets.save(info, bytes);
      return { bytes, fromCache: false };
    } catch (err) {
      throw this.failure(err);
    }
  }

  /** Makes what this session verified the trusted state. */
  commit(): void {
    this.options.trust.commitFrom(this.stagingDir);
  }

  dispose(): void {
    fs.rmSync(this.stagingDir, { recursive: true, force: true });
  }

  /** The staged (verified, uncommitted) metadata file of a role, parsed. */
  stagedJson(role: string): unknown {
    const file = path.join(this.stagingDir, `${encodeURIComponent(role)}.json`);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown) : undefined;
  }
}
