import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TargetFile } from '@tufjs/models';
import type { JSONObject } from '@tufjs/models/dist/utils';
import {
  CATALOGUE_KINDS,
  CatalogueTarget,
  PolicyTarget,
  ReleaseTarget,
  targetPathFor,
  type PracticeReport,
  type TargetCustom,
} from '../../shared/hub-content';
import { formatProblem, readContentFolder, type ContentProblem } from './content';
import { dashboardData, type DashboardData } from './dashboard';
import type { KeyRole } from './keys';
import { HubRepository } from './repository';
import { getSetting, HubError, openHubDb, setSetting, type HubDb } from './store';

export class ContentRefused extends HubError {
  constructor(readonly problems: ContentProblem[]) {
    super(`Nothing was published: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the content.\n${problems.map(formatProblem).join('\n')}`);
  }
}

export interface PublishResult {
  release: number | null;
  added: string[];
  changed: string[];
  withdrawn: string[];
}

export interface Enrolment {
  practiceId: string;
  code: string;
}

export const DEFAULT_HUB_URL = 'http://127.0.0.1:8787';
const ENROLMENT_PREFIX = 'spoke-enrol-1:';

/** What an enrolment code carries, as a practice reads it. */
export interface EnrolmentCode {
  hub: string;
  content: string;
  practiceId: string;
  token: string;
  rootVersion: number;
  rootSha256: string;
}

export function encodeEnrolmentCode(c: EnrolmentCode): string {
  return ENROLMENT_PREFIX + Buffer.from(JSON.stringify(c)).toString('base64url');
}

function sha256hex(s: string | Buffer): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

function canonicalSource(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

interface ItemRow {
  id: string;
  kind: 'policy' | 'catalogue';
  version: number;
  source_hash: string;
  target_path: string;
  target_json: string;
  retired: number;
}

/**
 * The hub: one folder holding hub.db (SQLite, WAL) and keys/. Every operation opens
 * the same database, so publish, enrol and rotate-keys can run while `serve` serves the
 * folder: the server reads the newest release from the database on each request.
 */
export class Hub {
  readonly db: HubDb;
  readonly repo: HubRepository;

  constructor(
    readonly dir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.db = openHubDb(dir);
    this.repo = new HubRepository(dir, this.db);
    if (!this.repo.isInitialised()) this.repo.initialise(this.clock());
  }

  close(): void {
    this.db.close();
  }

  currentRelease(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM releases').get() as { v: number | null };
    return row.v ?? 0;
  }

  private publishedRoleIds(): Set<string> {
    const row = this.db.prepare("SELECT target_path FROM items WHERE kind = 'catalogue' AND id = 'roles' AND retired = 0").get() as { target_path: string } | undefined;
    if (!row) return new Set();
    const bytes = this.repo.targetFile(row.target_path);
    if (!bytes) return new Set();
    const parsed = CatalogueTarget.parse(JSON.parse(bytes.toString('utf8')));
    return new Set((parsed.data as { roles: { id: string }[] }).roles.map((r) => r.id));
  }

  /**
   * Publishes FOLDER as the complete content: a new release only if something changed,
   * each changed item's version bumped, policies no longer in the folder withdrawn.
   * Invalid content is refused whole, with every problem listed.
   */
  publish(folder: string): PublishResult {
    const { content, problems } = readContentFolder(folder, this.publishedRoleIds());
    if (problems.length) throw new ContentRefused(problems);
    const now = this.clock();
    const publishedAt = now.toISOString();
    const result: PublishResult = { release: null, added: [], changed: [], withdrawn: [] };
    this.db
      .transaction(() => {
        const rows = this.db.prepare('SELECT id, kind, version, source_hash, target_path, target_json, retired FROM items').all() as ItemRow[];
        const existing = new Map(rows.map((r) => [`${r.kind}:${r.id}`, r]));
        const release = this.currentRelease() + 1;
        const upsert = this.db.prepare(
          `INSERT INTO items (id, kind, version, source_hash, target_path, target_json, retired, updated_release)
           VALUES (@id, @kind, @version, @source_hash, @target_path, @target_json, 0, @release)
           ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, source_hash = excluded.source_hash,
             target_path = excluded.target_path, target_json = excluded.target_json, retired = 0, updated_release = excluded.updated_release`,
        );
        const consider = (kind: 'policy' | 'catalogue', id: string, source: unknown, build: (version: number) => { bytes: Buffer; custom: TargetCustom }): void => {
          const hash = sha256hex(canonicalSource(source));
          const prev = existing.get(`${kind}:${id}`);
          if (prev && prev.retired === 0 && prev.source_hash === hash) return;
          const version = (prev?.version ?? 0) + 1;
          const { bytes, custom } = build(version);
          const targetPath = kind === 'policy' ? targetPathFor.policy(id) : targetPathFor.catalogue(id);
          const target = this.repo.addTarget(targetPath, bytes, custom);
          upsert.run({ id, kind, version, source_hash: hash, target_path: urlPathOf(target), target_json: JSON.stringify(target.toJSON()), release });
          (prev && prev.retired === 0 ? result.changed : result.added).push(kind === 'policy' ? id : `catalogue ${id}`);
        };
        for (const p of content.policies) {
          const f = p.front;
          const source = { ...f, change: f.change ?? 'substantive', body: p.body };
          consider('policy', f.id, source, (version) => {
            const doc = PolicyTarget.parse({
              type: 'policy',
              id: f.id,
              version,
              title: f.title,
              category: f.category,
              mandatory: f.mandatory,
              effective: f.effective ?? null,
              review: f.review ?? null,
              change: version === 1 ? 'substantive' : (f.change ?? 'substantive'),
              summary: f.summary ?? '',
              roles: f.roles ?? [],
              body: p.body,
              publishedAt,
            });
            return {
              bytes: Buffer.from(JSON.stringify(doc)),
              custom: { id: f.id, kind: 'policy', version, change: doc.change, effective: doc.effective, review: doc.review, published: publishedAt },
            };
          });
        }
        for (const kind of CATALOGUE_KINDS) {
          const data = content.catalogues[kind];
          if (data === undefined) continue;
          consider('catalogue', kind, data, (version) => {
            const doc = CatalogueTarget.parse({ type: 'catalogue', id: kind, version, publishedAt, data });
            return { bytes: Buffer.from(JSON.stringify(doc)), custom: { id: kind, kind: 'catalogue', version, published: publishedAt } };
          });
        }
        const inFolder = new Set(content.policies.map((p) => p.front.id));
        const retire = this.db.prepare("UPDATE items SET retired = 1, updated_release = ? WHERE kind = 'policy' AND id = ?");
        for (const r of rows) {
          if (r.kind === 'policy' && r.retired === 0 && !inFolder.has(r.id)) {
            retire.run(release, r.id);
            result.withdrawn.push(r.id);
          }
        }
        if (!result.added.length && !result.changed.length && !result.withdrawn.length) return;
        this.writeRelease(release, publishedAt, now, result);
        result.release = release;
      })
      .immediate();
    return result;
  }

  private writeRelease(release: number, publishedAt: string, now: Date, changes: Omit<PublishResult, 'release'>): void {
    const live = this.db.prepare('SELECT target_json, target_path, kind, id FROM items WHERE retired = 0').all() as ItemRow[];
    const targets = new Map<string, TargetFile>();
    for (const r of live) {
      const p = r.kind === 'policy' ? targetPathFor.policy(r.id) : targetPathFor.catalogue(r.id);
      targets.set(p, TargetFile.fromJSON(p, JSON.parse(r.target_json) as JSONObject));
    }
    const marker = ReleaseTarget.parse({ type: 'release', release, publishedAt, items: live.length });
    const custom: TargetCustom = { id: 'release', kind: 'release', version: release, published: publishedAt };
    targets.set(targetPathFor.release(), this.repo.addTarget(targetPathFor.release(), Buffer.from(JSON.stringify(marker)), custom));
    this.repo.setTargets(targets, now);
    this.db.prepare('INSERT INTO releases (version, created_at, changes) VALUES (?, ?, ?)').run(release, publishedAt, JSON.stringify(changes));
  }

  /** Re-signs online roles before they expire; true when something was signed. */
  refreshExpiring(): boolean {
    return this.repo.refreshExpiring(this.clock());
  }

  rotateKeys(role: KeyRole): { rootVersion: number; keyid: string } {
    return this.repo.rotate(role, this.clock());
  }

  /** The address practices reach this hub at: --url, else what `serve` last announced. */
  publicUrl(): string {
    return getSetting(this.db, 'public_url') ?? DEFAULT_HUB_URL;
  }

  setPublicUrl(url: string): void {
    setSetting(this.db, 'public_url', url);
  }

  enrol(ods: string, name: string, contentUrl?: string): Enrolment {
    const practiceId = crypto.randomUUID();
    const token = crypto.randomBytes(32).toString('base64url');
    const root = this.repo.latest('root');
    if (!root) throw new HubError('the hub has no root metadata');
    this.db
      .prepare('INSERT INTO practices (id, ods, name, token_sha256, enrolled_at) VALUES (?, ?, ?, ?, ?)')
      .run(practiceId, ods, name, sha256hex(token), this.clock().toISOString());
    const hub = this.publicUrl();
    const code = encodeEnrolmentCode({
      hub,
      content: contentUrl ?? hub,
      practiceId,
      token,
      rootVersion: root.version,
      rootSha256: HubRepository.fingerprint(root.bytes),
    });
    return { practiceId, code };
  }

  /** The practice a bearer credential (PRACTICE_ID:TOKEN) belongs to, compared in constant time. */
  authenticate(credential: string): string | null {
    const colon = credential.indexOf(':');
    if (colon <= 0) return null;
    const id = credential.slice(0, colon);
    const token = credential.slice(colon + 1);
    const row = this.db.prepare('SELECT token_sha256 FROM practices WHERE id = ?').get(id) as { token_sha256: string } | undefined;
    // Hash either way, so an unknown practice id costs the same as a wrong token.
    const offered = crypto.createHash('sha256').update(token).digest();
    const expected = Buffer.from(row?.token_sha256 ?? '0'.repeat(64), 'hex');
    return crypto.timingSafeEqual(offered, expected) && row ? id : null;
  }

  /** A new token for the central dashboard; only its hash is kept. */
  createDashboardToken(): { id: string; token: string } {
    const id = crypto.randomUUID();
    const token = `dash_${crypto.randomBytes(32).toString('base64url')}`;
    this.db.prepare('INSERT INTO dashboard_tokens (id, token_sha256, created_at) VALUES (?, ?, ?)').run(id, sha256hex(token), this.clock().toISOString());
    return { id, token };
  }

  /** Whether a dashboard token is valid (practice tokens never are: they live in another table). */
  authenticateDashboard(token: string): boolean {
    if (token.length === 0 || token.length > 200) return false;
    // Looked up by its hash: the lookup reveals nothing about the stored value.
    return this.db.prepare('SELECT 1 FROM dashboard_tokens WHERE token_sha256 = ?').get(sha256hex(token)) !== undefined;
  }

  dashboard(): DashboardData {
    return dashboardData(this.db, this.repo, this.currentRelease(), this.clock());
  }

  /** Stores a report once per report id; the same id again is accepted, a different body refused. */
  receiveReport(practiceId: string, report: PracticeReport): 'stored' | 'duplicate' | 'conflict' {
    const body = JSON.stringify(report);
    return this.db
      .transaction(() => {
        const prev = this.db.prepare('SELECT body FROM reports WHERE practice_id = ? AND report_id = ?').get(practiceId, report.reportId) as { body: string } | undefined;
        if (prev) return prev.body === body ? 'duplicate' : 'conflict';
        this.db
          .prepare('INSERT INTO reports (practice_id, report_id, kind, body, received_at) VALUES (?, ?, ?, ?, ?)')
          .run(practiceId, report.reportId, report.kind, body, this.clock().toISOString());
        return 'stored';
      })
      .immediate();
  }

  /**
   * Writes the repository as static files: OUT/metadata (every versioned file, plus
   * root.json and timestamp.json) and OUT/targets (hash-prefixed). Versioned files are
   * written before timestamp.json, so a host serving OUT while it is refreshed never
   * points at a file that is not there yet.
   */
  exportTo(out: string): { files: number } {
    let files = 0;
    const write = (rel: string, bytes: Buffer): void => {
      const file = path.join(out, ...rel.split('/'));
      if (!path.resolve(file).startsWith(path.resolve(out) + path.sep)) throw new HubError(`refusing to write outside ${out}: ${rel}`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, file);
      files++;
    };
    const snapshot = this.db.transaction(() => ({
      targets: this.db.prepare('SELECT url_path, bytes FROM target_files').all() as { url_path: string; bytes: Buffer }[],
      metadata: this.db.prepare("SELECT name, role, bytes FROM metadata_files WHERE role != 'timestamp'").all() as { name: string; role: string; bytes: Buffer }[],
      root: this.repo.latest('root'),
      timestamp: this.repo.latest('timestamp'),
    }))();
    for (const t of snapshot.targets) write(`targets/${t.url_path}`, t.bytes);
    for (const m of snapshot.metadata) write(`metadata/${m.name}`, m.bytes);
    if (snapshot.root) write('metadata/root.json', snapshot.root.bytes);
    if (snapshot.timestamp) write('metadata/timestamp.json', snapshot.timestamp.bytes);
    return { files };
  }
}

function urlPathOf(target: TargetFile): string {
  const hash = target.hashes.sha256 ?? '';
  const slash = target.path.lastIndexOf('/');
  return slash < 0 ? `${hash}.${target.path}` : `${target.path.slice(0, slash)}/${hash}.${target.path.slice(slash + 1)}`;
}
