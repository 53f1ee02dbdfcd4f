import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SyncChange, SyncResult, SyncStatus, syncChannels } from '../../../../shared/contract/sync';
import type { Profile } from '../../../../shared/contract/profiles';
import type { PolicyTarget } from '../../../../shared/hub-content';
import { SpokeError } from '../../../../shared/errors';
import type { CoreContext, HandlerTable } from '../context';
import { DbTrustStore } from './db-trust-store';
import { decodeEnrolmentCode, fetchTrustedRoot, metadataUrlOf, targetsUrlOf } from './enrolment';
import { SyncFailure } from './errors';
import { SyncRepo } from './repo';
import { runSync, type SyncPlan, type SyncProgress } from './sync-engine';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SyncFeatureOptions {
  /** Folder for the verified-target cache and staging (beside spoke.db); null = a temporary one. */
  workDir: string | null;
  /**
   * The reports to send the hub, built at sync time from the practice's current state
   * (adoption, signatures, workforce). Each is queued in the sync's transaction, replacing
   * an unsent one of its kind, and sent under its own id until the hub has it.
   */
  reports(practiceId: string, release: number | null): { kind: string; body: Record<string, unknown> }[];
  /** Every verified policy version, inside the apply transaction (the protocols feature keeps them all). */
  onPolicy(doc: PolicyTarget, at: string): void;
  /** Inside the apply transaction, once every item and withdrawal is stored (the catalogue follows the hub's lists). */
  onApplied?(at: string): void;
  /** Just before the apply transaction (the practice is backed up there); a throw applies nothing. */
  beforeApply?(): void;
}

/**
 * Hub sync for the practice: enrol with a code, then "Sync now" on demand. The network
 * comes first (tuf-js verifies everything into a staging area and a cache), then one
 * synchronous transaction applies every verified item, the sync state, the audit entry
 * and the new trusted metadata together. Any failure applies nothing and says why.
 */
export class SyncFeature {
  readonly repo: SyncRepo;
  private readonly trust: DbTrustStore;
  private readonly workDir: string;
  private running: Promise<SyncResult> | null = null;
  private controller: AbortController | null = null;
  private progress: SyncProgress | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly opts: SyncFeatureOptions,
  ) {
    this.repo = new SyncRepo(ctx.db);
    this.trust = new DbTrustStore(ctx.db);
    this.workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'spoke-hub-'));
  }

  status(): SyncStatus {
    const e = this.repo.enrolment();
    const s = this.repo.state();
    const now = this.ctx.clock.now().getTime();
    let notCheckedForDays: number | null = null;
    if (s?.timestamp_expires && Date.parse(s.timestamp_expires) < now) {
      const since = s.last_success_at ? Date.parse(s.last_success_at) : now;
      notCheckedForDays = Math.max(1, Math.floor((now - since) / DAY_MS));
    }
    return {
      enrolled: e !== undefined,
      hubUrl: e?.hub_url ?? null,
      contentUrl: e?.content_url ?? null,
      release: s?.release ?? null,
      lastSuccessAt: s?.last_success_at ?? null,
      lastAttemptAt: s?.last_attempt_at ?? null,
      lastError: s?.last_error ?? null,
      notCheckedForDays,
      running: this.running !== null,
      progress: this.progress ? { ...this.progress } : null,
      lastChanges: SyncRepo.changes(s?.last_changes_json ?? '[]'),
      centralItems: this.repo.liveCount(),
      reportsWaiting: this.repo.waitingReports().length,
    };
  }

  /** Enrols from a code; a code or hub that fails the checks is refused with the reason. */
  async enrol(code: string, profile: Profile | null): Promise<SyncStatus> {
    if (this.running) throw new SpokeError('conflict', 'A sync is running; enrol again when it has finished.');
    let decoded: ReturnType<typeof decodeEnrolmentCode>;
    let root: Buffer;
    try {
      decoded = decodeEnrolmentCode(code);
    } catch (err) {
      const message = err instanceof SyncFailure ? err.detail : String(err);
      throw new SpokeError('invalid_input', `Check the enrolment code: ${message}.`, { code: message });
    }
    try {
      root = await fetchTrustedRoot(decoded);
    } catch (err) {
      throw new SpokeError('conflict', `Not enrolled: ${err instanceof SyncFailure ? err.message : String(err)}. Nothing was changed.`);
    }
    const at = this.ctx.now();
    this.ctx.db.transaction(() => {
      const before = this.repo.enrolment();
      this.repo.saveEnrolment({
        hub_url: decoded.hub,
        content_url: decoded.content,
        practice_id: decoded.practiceId,
        token: decoded.token,
        root_sha256: decoded.rootSha256,
        enrolled_at: at,
      });
      this.trust.initialise(root);
      // Never the token: the audit log is read by every signed-in profile.
      this.ctx.audit.record(
        at,
        this.ctx.actorOf(profile),
        before ? 're-enrol' : 'enrol',
        'hub',
        decoded.practiceId,
        before ? { hub: before.hub_url, content: before.content_url } : null,
        { hub: decoded.hub, content: decoded.content, root: decoded.rootSha256 },
      );
    })();
    return this.status();
  }

  /**
   * `npm run demo`: enrols the demo practice with the demo hub started beside it, unless
   * it is already enrolled with that hub. Failures are reported, never fatal: the app
   * works without a hub.
   */
  async enrolDemo(code: string): Promise<void> {
    let content: string;
    try {
      content = decodeEnrolmentCode(code).content;
    } catch {
      return;
    }
    if (this.repo.enrolment()?.content_url === content) return;
    await this.enrol(code, null);
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** Sync now; a second call while one runs joins it rather than starting another. */
  syncNow(profile: Profile | null, fetchOptions: { stallMs?: number; requestMs?: number } = {}): Promise<SyncResult> {
    if (this.running) return this.running;
    const run = this.run(profile, fetchOptions).finally(() => {
      this.running = null;
      this.controller = null;
      this.progress = null;
    });
    this.running = run;
    return run;
  }

  private async run(profile: Profile | null, fetchOptions: { stallMs?: number; requestMs?: number }): Promise<SyncResult> {
    const enrolment = this.repo.enrolment();
    if (!enrolment) return { outcome: 'failed', message: 'This practice is not enrolled with a hub yet: paste the enrolment code first.', release: null, changes: [], warning: null, bytes: 0 };
    this.controller = new AbortController();
    this.progress = { phase: 'metadata', itemsDone: 0, itemsTotal: 0, bytes: 0 };
    const attemptAt = this.ctx.now();
    let changes: SyncChange[] = [];
    let release: number | null = null;
    let applyError: unknown = null;
    try {
      const outcome = await runSync({
        trust: this.trust,
        metadataUrl: metadataUrlOf(enrolment.content_url),
        targetUrl: targetsUrlOf(enrolment.content_url),
        cacheDir: path.join(this.workDir, 'targets'),
        stagingBase: path.join(this.workDir, 'tuf'),
        fetch: { signal: this.controller.signal, ...fetchOptions },
        onProgress: (p) => (this.progress = p),
        // A withdrawn item that comes back must be applied again, even with the same content.
        holds: (p, sha) => {
          const row = this.repo.item(p);
          return row !== undefined && row.withdrawn === 0 && row.sha256 === sha;
        },
        apply: (plan) => {
          try {
            ({ changes, release } = this.apply(plan, profile, attemptAt));
          } catch (err) {
            applyError = err; // the engine words every error as the hub's; this one is this PC's
            throw err;
          }
        },
      });
      if (!outcome.changed) {
        this.ctx.db.transaction(() => {
          this.repo.saveState({ last_success_at: attemptAt, last_attempt_at: attemptAt, last_error: null, timestamp_expires: outcome.timestampExpires });
          this.queueReports(enrolment.practice_id, this.repo.state()?.release ?? null, attemptAt);
        })();
      }
      const warning = await this.deliverReports(enrolment);
      const current = this.repo.state()?.release ?? null;
      const synced = outcome.changed && changes.length > 0;
      return {
        outcome: synced ? 'synced' : 'up-to-date',
        message: synced
          ? `Release ${release ?? current ?? '?'} applied: ${describe(changes)}.`
          : `Up to date with the hub (release ${current ?? '?'}).`,
        release: release ?? current,
        changes,
        warning,
        bytes: outcome.bytes,
      };
    } catch (err) {
      const failure = err instanceof SyncFailure ? err : new SyncFailure('malformed', String(err));
      const local = localFailure(applyError ?? err);
      const message =
        failure.kind === 'cancelled' ? 'Sync cancelled: nothing was changed.' : local ? `Sync failed, nothing was changed: ${local}` : `Sync failed, nothing was changed: ${failure.message}.`;
      try {
        this.ctx.db.transaction(() => this.repo.saveState({ last_attempt_at: attemptAt, last_error: message }))();
      } catch {
        /* a full disk cannot record the failure either; the caller is still told */
      }
      return { outcome: failure.kind === 'cancelled' ? 'cancelled' : 'failed', message, release: this.repo.state()?.release ?? null, changes: [], warning: null, bytes: 0 };
    }
  }

  /** Everything verified, in one transaction: items, withdrawals, state, audit, report, trust. */
  private apply(plan: SyncPlan, profile: Profile | null, at: string): { changes: SyncChange[]; release: number } {
    const release = plan.release.release;
    const changes: SyncChange[] = [];
    const previousRelease = this.repo.state()?.release ?? null;
    this.opts.beforeApply?.();
    this.ctx.db.transaction(() => {
      for (const item of plan.arrived) {
        const doc = item.doc;
        if (doc.type === 'release') continue;
        const prev = this.repo.item(item.path);
        const title = doc.type === 'policy' ? doc.title : catalogueTitle(doc.id);
        const changeKind = doc.type === 'policy' ? doc.change : null;
        if (doc.type === 'policy') this.opts.onPolicy(doc, at);
        this.repo.putItem({
          path: item.path,
          kind: doc.type,
          item_id: doc.id,
          version: doc.version,
          sha256: item.sha256,
          title,
          change_kind: changeKind,
          body_json: JSON.stringify(doc),
          release,
          arrived_at: at,
        });
        changes.push({ path: item.path, kind: doc.type, id: doc.id, title, version: doc.version, status: prev && prev.withdrawn === 0 ? 'changed' : 'new', changeKind });
      }
      for (const live of this.repo.live()) {
        if (plan.present.has(live.path)) continue;
        const row = this.repo.item(live.path);
        this.repo.markWithdrawn(live.path, release);
        if (row) changes.push({ path: row.path, kind: row.kind, id: row.item_id, title: row.title, version: row.version, status: 'withdrawn', changeKind: null });
      }
      this.opts.onApplied?.(at);
      const order = { policy: 0, catalogue: 1 } as const;
      changes.sort((a, b) => order[a.kind] - order[b.kind] || a.title.localeCompare(b.title));
      if (changes.length === 0 && previousRelease === release) {
        // The hub re-signed its online metadata (it does so before it expires) but published
        // nothing new: newer trust, same content, and the list of what last arrived is kept.
        this.repo.saveState({ last_success_at: at, last_attempt_at: at, last_error: null, timestamp_expires: plan.timestampExpires });
        plan.commitTrust();
        return;
      }
      this.repo.saveState({
        release,
        last_success_at: at,
        last_attempt_at: at,
        last_error: null,
        timestamp_expires: plan.timestampExpires,
        last_changes_json: JSON.stringify(changes),
      });
      this.ctx.audit.record(at, this.ctx.actorOf(profile), 'sync', 'hub', `release-${release}`, null, {
        release,
        new: changes.filter((c) => c.status === 'new').length,
        changed: changes.filter((c) => c.status === 'changed').length,
        withdrawn: changes.filter((c) => c.status === 'withdrawn').length,
      });
      this.queueReports(this.repo.enrolment()?.practice_id ?? '', release, at);
      plan.commitTrust();
    })();
    return { changes, release };
  }

  private queueReports(practiceId: string, release: number | null, at: string): void {
    for (const r of this.opts.reports(practiceId, release)) this.repo.queueReport(crypto.randomUUID(), r.kind, r.body, at);
  }

  /**
   * Sends waiting reports to the hub. Content that synced is still a success when they
   * cannot be delivered (a static export has no reports address): they wait for next time.
   */
  private async deliverReports(enrolment: { hub_url: string; practice_id: string; token: string }): Promise<string | null> {
    const waiting = this.repo.waitingReports();
    if (waiting.length === 0) return null;
    let problem: string | null = null;
    for (const r of waiting) {
      try {
        const body = { reportId: r.id, kind: r.kind, createdAt: this.ctx.now(), payload: JSON.parse(r.body_json) as unknown };
        const res = await fetch(`${enrolment.hub_url}/api/v1/reports`, {
          method: 'POST',
          redirect: 'error',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${enrolment.practice_id}:${enrolment.token}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        if (res.status === 200 || res.status === 201) {
          this.ctx.db.transaction(() => this.repo.reportSent(r.id, this.ctx.now()))();
        } else {
          problem = `the hub answered ${res.status}`;
          break;
        }
      } catch (err) {
        problem = `the hub's reports address could not be reached (${(err as Error).message})`;
        break;
      }
    }
    const left = this.repo.waitingReports().length;
    return problem && left > 0 ? `Content is up to date, but ${left} report${left === 1 ? '' : 's'} to the hub could not be sent (${problem}); ${left === 1 ? 'it waits' : 'they wait'} for the next sync.` : null;
  }

  readonly handlers: HandlerTable<typeof syncChannels> = {
    'sync.status': () => this.status(),
    'sync.enrol': (input, call) => this.enrol(input.code, call.profile),
    'sync.now': (_input, call) => this.syncNow(call.profile),
    'sync.cancel': () => {
      this.cancel();
      return { ok: true as const };
    },
  };
}

function catalogueTitle(id: string): string {
  return (
    { roles: 'MDT role catalogue', 'named-leads': 'Named-lead types', 'workforce-model': 'Workforce model', 'bank-holidays': 'Bank holidays' } as Record<string, string>
  )[id] ?? id;
}

function describe(changes: SyncChange[]): string {
  const n = (s: SyncChange['status']) => changes.filter((c) => c.status === s).length;
  const parts = [`${n('new')} new`, `${n('changed')} changed`];
  if (n('withdrawn')) parts.push(`${n('withdrawn')} withdrawn`);
  return parts.join(', ');
}

/**
 * A failure on this PC rather than the hub's (the disk filled while applying, the backup
 * before it could not be written), in words; null for the hub's own failures.
 */
function localFailure(err: unknown): string | null {
  if (err instanceof SpokeError) return err.message;
  const code = codeOf(err);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'the disk holding the practice data is full. Free some space and sync again.';
  if (code.startsWith('SQLITE_READONLY')) return 'the practice database can no longer be written (the file or its disk became read-only).';
  return null;
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
