import crypto from 'node:crypto';
import { Metadata, MetaFile, Root, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';
// Not re-exported by the package index in 4.1.1; the same classes the index uses.
import { Delegations } from '@tufjs/models/dist/delegations';
import { DelegatedRole, Role } from '@tufjs/models/dist/role';
import type { JSONObject } from '@tufjs/models/dist/utils';
import { Keyring, type KeyRole, type SigningKey } from './keys';
import type { HubDb } from './store';

/**
 * The hub's TUF repository (specification 1.0), built and signed with @tufjs/models.
 *
 * - root, targets, snapshot and timestamp with consistent snapshots: every metadata file
 *   is published as VERSION.ROLE.json and every target as HASH.NAME, so no file ever
 *   changes under a name and any static host or CDN can serve the repository;
 * - targets delegates everything, by hash of the target path, to BIN_COUNT hashed bins
 *   (PEP 458): a changed policy re-signs one small bin, the snapshot and the timestamp;
 * - the online roles (bins, snapshot, timestamp) expire within days and are re-signed
 *   by the running hub before they do; root and top-level targets last a year.
 */
export const SPEC_VERSION = '1.0.31';
export const BIN_COUNT = 64;
const PREFIXES_PER_BIN = 256 / BIN_COUNT;
const DAY = 24 * 60 * 60 * 1000;
export const LIFETIME_MS: Record<'root' | 'targets' | 'bins' | 'snapshot' | 'timestamp', number> = {
  root: 365 * DAY,
  targets: 365 * DAY,
  bins: 7 * DAY,
  snapshot: 7 * DAY,
  timestamp: 1 * DAY,
};

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

export function binName(index: number): string {
  const lo = index * PREFIXES_PER_BIN;
  return `bin-${hex2(lo)}-${hex2(lo + PREFIXES_PER_BIN - 1)}`;
}
export const BIN_NAMES = Array.from({ length: BIN_COUNT }, (_, i) => binName(i));

/** The bin a target path falls in: the first byte of SHA-256(path), as TUF hashes it. */
export function binFor(targetPath: string): string {
  const first = crypto.createHash('sha256').update(targetPath).digest()[0] ?? 0;
  return binName(Math.floor(first / PREFIXES_PER_BIN));
}

function binPrefixes(index: number): string[] {
  return Array.from({ length: PREFIXES_PER_BIN }, (_, k) => hex2(index * PREFIXES_PER_BIN + k));
}

export function tufTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

interface StoredFile {
  version: number;
  bytes: Buffer;
}

/** What to re-sign in one step; everything downstream of a change follows. */
interface Resign {
  root?: boolean;
  bins?: Iterable<string>;
  targets?: boolean;
  snapshot?: boolean;
  timestamp?: boolean;
}

export class HubRepository {
  readonly keys: Keyring;

  constructor(
    dir: string,
    private readonly db: HubDb,
  ) {
    this.keys = new Keyring(dir, db);
  }

  isInitialised(): boolean {
    return this.latest('root') !== undefined;
  }

  /** Keys for every role and version 1 of every metadata file (all bins empty). */
  initialise(now: Date): void {
    this.db
      .transaction(() => {
        if (this.isInitialised()) return;
        for (const role of ['root', 'targets', 'snapshot', 'timestamp', 'bins'] as const) if (!this.keys.has(role)) this.keys.create(role, now);
        const insertBin = this.db.prepare('INSERT INTO bins (name, version, targets_json, expires) VALUES (?, 0, ?, ?)');
        for (const name of BIN_NAMES) insertBin.run(name, '{}', tufTime(now.getTime()));
        this.resign(now, { root: true, bins: BIN_NAMES, targets: true });
      })
      .immediate();
  }

  latest(role: string): StoredFile | undefined {
    const row = this.db
      .prepare('SELECT version, bytes FROM metadata_files WHERE role = ? ORDER BY version DESC LIMIT 1')
      .get(role) as { version: number; bytes: Buffer } | undefined;
    return row ? { version: row.version, bytes: row.bytes } : undefined;
  }

  /**
   * A metadata file by the name a client asks for: VERSION.ROLE.json for everything
   * versioned, plus timestamp.json (always the newest) and root.json.
   */
  metadataFile(name: string): Buffer | undefined {
    if (name === 'timestamp.json') return this.latest('timestamp')?.bytes;
    if (name === 'root.json') return this.latest('root')?.bytes;
    const row = this.db.prepare('SELECT bytes FROM metadata_files WHERE name = ?').get(name) as { bytes: Buffer } | undefined;
    return row?.bytes;
  }

  targetFile(urlPath: string): Buffer | undefined {
    const row = this.db.prepare('SELECT bytes FROM target_files WHERE url_path = ?').get(urlPath) as { bytes: Buffer } | undefined;
    return row?.bytes;
  }

  /** Stores a target's bytes under its consistent-snapshot name and returns its TargetFile. */
  addTarget(targetPath: string, bytes: Buffer, custom: JSONObject): TargetFile {
    const hash = sha256(bytes);
    const slash = targetPath.lastIndexOf('/');
    const urlPath = slash < 0 ? `${hash}.${targetPath}` : `${targetPath.slice(0, slash)}/${hash}.${targetPath.slice(slash + 1)}`;
    this.db.prepare('INSERT OR IGNORE INTO target_files (url_path, bytes) VALUES (?, ?)').run(urlPath, bytes);
    return new TargetFile({ path: targetPath, length: bytes.length, hashes: { sha256: hash }, unrecognizedFields: { custom } });
  }

  /**
   * Makes `targets` (path -> TargetFile) the complete signed set: bins whose contents
   * changed are re-signed, then snapshot and timestamp. Call inside a transaction.
   */
  setTargets(targets: ReadonlyMap<string, TargetFile>, now: Date): number {
    const byBin = new Map<string, Record<string, JSONObject>>(BIN_NAMES.map((n) => [n, {}]));
    for (const [p, t] of [...targets.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const bin = byBin.get(binFor(p));
      if (bin) bin[p] = t.toJSON();
    }
    const changed: string[] = [];
    const current = this.db.prepare('SELECT name, targets_json FROM bins').all() as { name: string; targets_json: string }[];
    const was = new Map(current.map((r) => [r.name, r.targets_json]));
    const update = this.db.prepare('UPDATE bins SET targets_json = ? WHERE name = ?');
    for (const [name, content] of byBin) {
      const json = JSON.stringify(content);
      if (was.get(name) !== json) {
        update.run(json, name);
        changed.push(name);
      }
    }
    if (changed.length > 0) this.resign(now, { bins: changed });
    return changed.length;
  }

  /**
   * Re-signs whatever expires within half its lifetime (the running hub calls this
   * periodically; publishing calls it too). Returns whether anything was signed.
   */
  refreshExpiring(now: Date): boolean {
    return this.db
      .transaction(() => {
        const soon = (role: keyof typeof LIFETIME_MS, expires: string | undefined): boolean =>
          expires === undefined || Date.parse(expires) - now.getTime() < LIFETIME_MS[role] / 2;
        const expiresOf = (role: string): string | undefined => {
          const f = this.latest(role);
          return f ? (JSON.parse(f.bytes.toString('utf8')) as { signed: { expires: string } }).signed.expires : undefined;
        };
        const bins = (this.db.prepare('SELECT name, expires FROM bins').all() as { name: string; expires: string }[])
          .filter((b) => soon('bins', b.expires))
          .map((b) => b.name);
        const plan: Resign = {
          root: soon('root', expiresOf('root')),
          targets: soon('targets', expiresOf('targets')),
          bins,
          snapshot: soon('snapshot', expiresOf('snapshot')),
          timestamp: soon('timestamp', expiresOf('timestamp')),
        };
        if (!plan.root && !plan.targets && bins.length === 0 && !plan.snapshot && !plan.timestamp) return false;
        this.resign(now, plan);
        return true;
      })
      .immediate();
  }

  /**
   * Replaces the key of one role. The new root lists the new key and is signed by the
   * old root key and the new one (for a root rotation), so enrolled practices follow it
   * without re-enrolling; everything the role signs is then re-signed with the new key.
   */
  rotate(role: KeyRole, now: Date): { rootVersion: number; keyid: string } {
    return this.db
      .transaction(() => {
        const old = this.keys.current(role);
        const oldRoot = this.keys.current('root');
        this.keys.retire(old.keyid, now);
        const fresh = this.keys.create(role, now);
        if (role === 'bins') {
          this.resign(now, { targets: true, bins: BIN_NAMES });
        } else {
          this.resign(now, {
            root: true,
            extraRootSigners: role === 'root' ? [oldRoot] : [],
            targets: role === 'targets',
            snapshot: role === 'snapshot',
            timestamp: true,
          });
        }
        this.keys.destroy(role, old.keyid);
        return { rootVersion: this.latest('root')?.version ?? 0, keyid: fresh.keyid };
      })
      .immediate();
  }

  private store(role: string, version: number, md: Metadata<Root | Targets | Snapshot | Timestamp>, now: Date): Buffer {
    const bytes = Buffer.from(JSON.stringify(md.toJSON()));
    this.db
      .prepare('INSERT INTO metadata_files (name, role, version, bytes, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(`${version}.${role}.json`, role, version, bytes, now.toISOString());
    return bytes;
  }

  private resign(now: Date, plan: Resign & { extraRootSigners?: SigningKey[] }): void {
    const t = now.getTime();
    const binsToSign = new Set(plan.bins ?? []);
    if (plan.root) {
      const version = (this.latest('root')?.version ?? 0) + 1;
      const root = new Root({ version, specVersion: SPEC_VERSION, expires: tufTime(t + LIFETIME_MS.root), consistentSnapshot: true });
      for (const role of ['root', 'targets', 'snapshot', 'timestamp'] as const) {
        root.roles[role] = new Role({ keyIDs: [], threshold: 1 });
        root.addKey(this.keys.current(role).key, role);
      }
      const md = new Metadata(root);
      for (const signer of plan.extraRootSigners ?? []) md.sign((d) => signer.sign(d));
      const current = this.keys.current('root');
      md.sign((d) => current.sign(d));
      this.store('root', version, md, now);
    }
    const binKey = this.keys.current('bins');
    if (binsToSign.size > 0) {
      const rows = this.db.prepare('SELECT name, version, targets_json FROM bins').all() as { name: string; version: number; targets_json: string }[];
      const update = this.db.prepare('UPDATE bins SET version = ?, expires = ? WHERE name = ?');
      for (const row of rows) {
        if (!binsToSign.has(row.name)) continue;
        const version = row.version + 1;
        const expires = tufTime(t + LIFETIME_MS.bins);
        const entries = JSON.parse(row.targets_json) as Record<string, JSONObject>;
        const targets: Record<string, TargetFile> = {};
        for (const [p, j] of Object.entries(entries)) targets[p] = TargetFile.fromJSON(p, j);
        const md = new Metadata(new Targets({ version, specVersion: SPEC_VERSION, expires, targets }));
        md.sign((d) => binKey.sign(d));
        this.store(row.name, version, md, now);
        update.run(version, expires, row.name);
      }
    }
    if (plan.targets) {
      const version = (this.latest('targets')?.version ?? 0) + 1;
      const roles: Record<string, DelegatedRole> = {};
      BIN_NAMES.forEach((name, i) => {
        roles[name] = new DelegatedRole({ name, keyIDs: [binKey.keyid], threshold: 1, terminating: true, pathHashPrefixes: binPrefixes(i) });
      });
      const delegations = new Delegations({ keys: { [binKey.keyid]: binKey.key }, roles });
      const md = new Metadata(new Targets({ version, specVersion: SPEC_VERSION, expires: tufTime(t + LIFETIME_MS.targets), delegations }));
      const key = this.keys.current('targets');
      md.sign((d) => key.sign(d));
      this.store('targets', version, md, now);
    }
    const snapshotNeeded = plan.snapshot || plan.targets || binsToSign.size > 0 || !this.latest('snapshot');
    if (snapshotNeeded) {
      const version = (this.latest('snapshot')?.version ?? 0) + 1;
      const meta: Record<string, MetaFile> = {};
      for (const role of ['targets', ...BIN_NAMES]) {
        const f = this.latest(role);
        if (f) meta[`${role}.json`] = new MetaFile({ version: f.version, length: f.bytes.length, hashes: { sha256: sha256(f.bytes) } });
      }
      const md = new Metadata(new Snapshot({ version, specVersion: SPEC_VERSION, expires: tufTime(t + LIFETIME_MS.snapshot), meta }));
      const key = this.keys.current('snapshot');
      md.sign((d) => key.sign(d));
      this.store('snapshot', version, md, now);
    }
    if (snapshotNeeded || plan.timestamp || plan.root || !this.latest('timestamp')) {
      const snap = this.latest('snapshot');
      if (!snap) throw new Error('no snapshot to timestamp');
      const version = (this.latest('timestamp')?.version ?? 0) + 1;
      const snapshotMeta = new MetaFile({ version: snap.version, length: snap.bytes.length, hashes: { sha256: sha256(snap.bytes) } });
      const md = new Metadata(new Timestamp({ version, specVersion: SPEC_VERSION, expires: tufTime(t + LIFETIME_MS.timestamp), snapshotMeta }));
      const key = this.keys.current('timestamp');
      md.sign((d) => key.sign(d));
      this.store('timestamp', version, md, now);
    }
  }

  /** SHA-256 of a root file's bytes: what an enrolment code pins. */
  static fingerprint(bytes: Buffer): string {
    return sha256(bytes);
  }
}
