import crypto from 'node:crypto';
import type {
  EvidenceReport,
  Inbox,
  InboxItem,
  LocalSummary,
  PersonCompletion,
  ProtocolDetail,
  SignTask,
  protocolsChannels,
} from '../../../../shared/contract/protocols';
import type { Profile } from '../../../../shared/contract/profiles';
import type { Staff } from '../../../../shared/contract/staff';
import { BUILT_IN_CATALOGUE, roleLabelIn, roleListRefusal, type Catalogue } from '../../../../shared/domain/catalogue';
import { SpokeError } from '../../../../shared/errors';
import type { PolicyTarget } from '../../../../shared/hub-content';
import { adoptionRefusal, adoptionState, needsSignature, reviewState, type ChangeHistory, type ChangeKind, type OfferedVersion, type ReadVersion } from '../../../../shared/protocols/adoption';
import { protocolDiff, type DiffBlock } from '../../../../shared/protocols/diff';
import { MAX_PROTOCOL_BYTES } from '../../../../shared/protocols/markdown';
import type { CoreContext, HandlerTable } from '../context';
import type { PracticeRepo } from '../practice/repo';
import type { StaffRepo } from '../staff/repo';
import { ProtocolsRepo, type AckRow, type OfferedRow } from './repo';

type Kinds = ReadonlyMap<number, ChangeKind>;

/** Everything the read-and-sign rule needs, loaded once per call (the inbox covers thousands of items). */
interface SignIndex {
  staff: Staff[];
  /** A role's label in the catalogue in use, read once per call. */
  roleLabel: (roleId: string) => string;
  central: Map<string, Map<number, ChangeKind>>;
  addendum: Map<string, Map<number, ChangeKind>>;
  local: Map<string, Map<number, ChangeKind>>;
  /** Latest signature per protocol and person: "central:id" -> staff id -> row. */
  latest: Map<string, Map<string, AckRow>>;
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function roles(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * A version the practice never received (it did not sync between two releases) is
 * treated as substantive: nobody is excused from signing because a change went unseen.
 */
function filled(kinds: Map<number, ChangeKind> | undefined, upTo: number | null): Kinds {
  const out = new Map<number, ChangeKind>();
  for (let v = 1; v <= (upTo ?? 0); v++) out.set(v, kinds?.get(v) ?? 'substantive');
  return out;
}

function group<T>(rows: readonly T[], key: (r: T) => string, version: (r: T) => number, kind: (r: T) => ChangeKind): Map<string, Map<number, ChangeKind>> {
  const out = new Map<string, Map<number, ChangeKind>>();
  for (const r of rows) {
    let m = out.get(key(r));
    if (!m) out.set(key(r), (m = new Map<number, ChangeKind>()));
    m.set(version(r), kind(r));
  }
  return out;
}

function maxKey(m: Map<number, unknown> | undefined): number | null {
  if (!m || m.size === 0) return null;
  let max = 0;
  for (const k of m.keys()) if (k > max) max = k;
  return max;
}

const fullName = (s: Staff) => `${s.givenName} ${s.familyName}`;

/**
 * Protocol governance: central protocols are offered, never imposed (the text staff read
 * is the version the clinical lead adopted), local addenda and local protocols are
 * versioned, and staff sign the version in force. The rules themselves are the pure
 * functions in shared/protocols/adoption.ts, so the inbox, the reports to the hub and the
 * tests agree.
 */
export class ProtocolsFeature {
  readonly repo: ProtocolsRepo;
  private readonly diffs = new Map<string, DiffBlock[]>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly staffRepo: StaffRepo,
    private readonly practiceRepo: PracticeRepo,
    /** The catalogue in use, for role labels (a role only the hub knows, or one it retired). */
    private readonly catalogue: () => Catalogue = () => BUILT_IN_CATALOGUE,
  ) {
    this.repo = new ProtocolsRepo(ctx.db);
  }

  /** Called by sync inside its apply transaction for every verified policy version. */
  keepCentralVersion(doc: PolicyTarget, at: string): void {
    this.repo.keepVersion(doc, at);
  }

  private activeStaff(today: string): Staff[] {
    return this.staffRepo.list(false).filter((s) => s.startDate <= today && (s.endDate === null || s.endDate >= today));
  }

  private index(today: string): SignIndex {
    const latest = new Map<string, Map<string, AckRow>>();
    for (const a of this.repo.acks()) {
      const key = `${a.protocol_kind}:${a.protocol_id}`;
      let m = latest.get(key);
      if (!m) latest.set(key, (m = new Map<string, AckRow>()));
      m.set(a.staff_id, a);
    }
    const cat = this.catalogue();
    return {
      staff: this.activeStaff(today),
      roleLabel: (roleId) => roleLabelIn(cat, roleId),
      central: group(this.repo.changeKinds(), (r) => r.item_id, (r) => r.version, (r) => r.change_kind),
      addendum: group(this.repo.addendumKinds(), (r) => r.item_id, (r) => r.version, (r) => r.change_kind),
      local: group(this.repo.localChangeKinds(), (r) => r.protocol_id, (r) => r.version, (r) => r.change_kind),
      latest,
    };
  }

  private static offeredOf(row: OfferedRow): OfferedVersion {
    return { version: row.version, mandatory: row.mandatory === 1, effective: row.effective, review: row.review, change: row.change_kind };
  }

  private stateOf(row: OfferedRow, today: string) {
    const state = adoptionState(ProtocolsFeature.offeredOf(row), { adoptedVersion: row.adopted_version, declinedVersion: row.declined_version }, today);
    // Adopted an older version: its review date is the one that matters until the newer one is adopted.
    return state;
  }

  /** Who must sign (the protocol's roles, or everyone) and where each stands. */
  private completion(idx: SignIndex, kind: 'central' | 'local', id: string, roleIds: readonly string[], inForce: ReadVersion, history: ChangeHistory): PersonCompletion[] {
    const signed = idx.latest.get(`${kind}:${id}`);
    return idx.staff
      .filter((s) => roleIds.length === 0 || roleIds.includes(s.roleId))
      .map((s) => {
        const a = signed?.get(s.id);
        const mine: ReadVersion | null = a ? { central: a.version, addendum: a.addendum_version } : null;
        return {
          staffId: s.id,
          name: fullName(s),
          role: idx.roleLabel(s.roleId),
          signedVersion: a?.version ?? null,
          signedAddendumVersion: a?.addendum_version ?? null,
          signedAt: a?.at ?? null,
          needsSignature: needsSignature(mine, inForce, history),
        };
      });
  }

  private centralInForce(idx: SignIndex, row: OfferedRow): { inForce: ReadVersion; history: ChangeHistory } {
    const addendum = maxKey(idx.addendum.get(row.item_id));
    return {
      inForce: { central: row.adopted_version, addendum },
      history: { central: filled(idx.central.get(row.item_id), row.adopted_version), addendum: filled(idx.addendum.get(row.item_id), addendum) },
    };
  }

  private localInForce(idx: SignIndex, id: string, version: number): { inForce: ReadVersion; history: ChangeHistory } {
    return { inForce: { central: version, addendum: null }, history: { central: filled(idx.local.get(id), version), addendum: new Map() } };
  }

  inbox(profile: Profile | null): Inbox {
    const today = this.ctx.today();
    const idx = this.index(today);
    const me = profile ? idx.staff.find((s) => s.id === profile.staffId) ?? null : null;
    const toSign: SignTask[] = [];
    const central: InboxItem[] = this.repo.offered().map((row) => {
      const roleIds = roles(row.roles_json);
      let signed = 0;
      let outstanding = 0;
      if (row.adopted_version !== null) {
        const { inForce, history } = this.centralInForce(idx, row);
        for (const p of this.completion(idx, 'central', row.item_id, roleIds, inForce, history)) {
          if (p.needsSignature) outstanding++;
          else signed++;
          if (me && p.staffId === me.id && p.needsSignature) {
            toSign.push({ kind: 'central', id: row.item_id, title: row.title, version: row.adopted_version, addendumVersion: inForce.addendum, again: p.signedVersion !== null });
          }
        }
      }
      return {
        id: row.item_id,
        title: row.title,
        category: row.category,
        mandatory: row.mandatory === 1,
        state: this.stateOf(row, today),
        offeredVersion: row.version,
        adoptedVersion: row.adopted_version,
        changeKind: row.change_kind,
        effective: row.effective,
        review: row.review,
        summary: row.summary,
        signed,
        toSign: outstanding,
      };
    });
    const local: LocalSummary[] = this.repo.locals().map((row) => {
      const { inForce, history } = this.localInForce(idx, row.id, row.version);
      let signed = 0;
      let outstanding = 0;
      for (const p of this.completion(idx, 'local', row.id, roles(row.roles_json), inForce, history)) {
        if (p.needsSignature) outstanding++;
        else signed++;
        if (me && p.staffId === me.id && p.needsSignature) {
          toSign.push({ kind: 'local', id: row.id, title: row.title, version: row.version, addendumVersion: null, again: p.signedVersion !== null });
        }
      }
      const owner = this.staffRepo.get(row.owner_staff_id);
      return {
        id: row.id,
        title: row.title,
        version: row.version,
        owner: owner ? fullName(owner) : 'Unknown',
        review: row.review,
        state: reviewState(row.review, today),
        signed,
        toSign: outstanding,
      };
    });
    return { today, central, local, toSign };
  }

  detail(kind: 'central' | 'local', id: string, profile: Profile | null): ProtocolDetail {
    const today = this.ctx.today();
    const idx = this.index(today);
    const me = profile?.staffId ?? null;
    if (kind === 'central') {
      const row = this.repo.offeredOne(id);
      if (!row) throw new SpokeError('not_found', 'That central protocol is not held by this practice (it may have been withdrawn by the hub). Sync, then open it from the inbox.');
      const roleIds = roles(row.roles_json);
      const { inForce, history } = this.centralInForce(idx, row);
      const completion = row.adopted_version === null ? [] : this.completion(idx, 'central', id, roleIds, inForce, history);
      const addendums = this.repo.addendums(id);
      const latestAddendum = addendums[0];
      const mineRow = completion.find((p) => p.staffId === me);
      const inForceBody = row.adopted_version === null ? null : (this.repo.version(id, row.adopted_version)?.body ?? null);
      const offeredBody = this.repo.version(id, row.version)?.body ?? '';
      return {
        kind,
        id,
        title: row.title,
        category: row.category,
        mandatory: row.mandatory === 1,
        state: this.stateOf(row, today),
        roles: roleIds,
        owner: null,
        ownerStaffId: null,
        review: row.review,
        effective: row.effective,
        offeredVersion: row.version,
        inForce: { version: row.adopted_version, addendumVersion: inForce.addendum },
        inForceBody,
        offeredBody,
        diff: inForceBody !== null && inForceBody !== offeredBody ? this.diffOf(inForceBody, offeredBody) : null,
        addendum: latestAddendum ? { version: latestAddendum.version, body: latestAddendum.body } : null,
        versions: this.repo.versions(id).map((v) => ({ version: v.version, changeKind: v.change_kind, summary: v.summary, at: v.published_at, by: 'Central team' })),
        addendumVersions: addendums.map((a) => ({ version: a.version, changeKind: a.change_kind, summary: '', at: a.at, by: a.by_name })),
        history: this.repo.events(id).map((e) => ({ action: e.action, version: e.version, addendumVersion: e.addendum_version, reason: e.reason, at: e.at, by: e.by_name })),
        completion,
        mine:
          mineRow && mineRow.needsSignature && row.adopted_version !== null
            ? { kind, id, title: row.title, version: row.adopted_version, addendumVersion: inForce.addendum, again: mineRow.signedVersion !== null }
            : null,
      };
    }
    const row = this.repo.local(id);
    if (!row) throw new SpokeError('not_found', 'That local protocol does not exist.');
    const roleIds = roles(row.roles_json);
    const { inForce, history } = this.localInForce(idx, id, row.version);
    const completion = this.completion(idx, 'local', id, roleIds, inForce, history);
    const versions = this.repo.localVersions(id);
    const owner = this.staffRepo.get(row.owner_staff_id);
    const mineRow = completion.find((p) => p.staffId === me);
    return {
      kind,
      id,
      title: row.title,
      category: 'Local protocol',
      mandatory: false,
      state: reviewState(row.review, today),
      roles: roleIds,
      owner: owner ? fullName(owner) : null,
      ownerStaffId: row.owner_staff_id,
      review: row.review,
      effective: null,
      offeredVersion: row.version,
      inForce: { version: row.version, addendumVersion: null },
      inForceBody: row.body,
      offeredBody: row.body,
      addendum: null,
      diff: null,
      versions: versions.map((v) => ({ version: v.version, changeKind: v.change_kind, summary: v.title, at: v.at, by: v.by_name })),
      addendumVersions: [],
      history: [],
      completion,
      mine: mineRow?.needsSignature ? { kind, id, title: row.title, version: row.version, addendumVersion: null, again: mineRow.signedVersion !== null } : null,
    };
  }

  /**
   * The readable diff between two texts, computed once per pair and kept (the newest 32
   * pairs): a 50 KB protocol takes tens of milliseconds to parse and diff, and the page
   * asks for the same pair every time it opens. Keyed by the texts' hashes, so a key can
   * never name a stale diff.
   */
  diffOf(before: string, after: string): DiffBlock[] {
    const hash = (t: string) => crypto.createHash('sha256').update(t).digest('base64');
    const key = `${hash(before)}>${hash(after)}`;
    const hit = this.diffs.get(key);
    if (hit) {
      this.diffs.delete(key);
      this.diffs.set(key, hit);
      return hit;
    }
    const blocks = protocolDiff(before, after);
    this.diffs.set(key, blocks);
    if (this.diffs.size > 32) {
      const oldest = this.diffs.keys().next();
      if (!oldest.done) this.diffs.delete(oldest.value);
    }
    return blocks;
  }

  /** The diff between two held versions of a central or local protocol. */
  versionDiff(kind: 'central' | 'local', id: string, from: number, to: number): { from: number; to: number; blocks: DiffBlock[] } {
    const before = this.versionText(kind, id, from).body;
    const after = this.versionText(kind, id, to).body;
    return { from, to, blocks: this.diffOf(before, after) };
  }

  versionText(kind: 'central' | 'local' | 'addendum', id: string, version: number): { version: number; body: string } {
    const body =
      kind === 'central' ? this.repo.version(id, version)?.body : kind === 'addendum' ? this.repo.addendum(id, version)?.body : this.repo.localVersionOf(id, version)?.body;
    if (body === undefined) throw new SpokeError('not_found', `Version ${version} of that ${kind === 'addendum' ? 'addendum' : 'protocol'} is not held by this practice.`);
    return { version, body };
  }

  private offeredOrRefuse(id: string): OfferedRow {
    const row = this.repo.offeredOne(id);
    if (!row) throw new SpokeError('not_found', 'That central protocol is not held by this practice (it may have been withdrawn by the hub). Sync, then open it from the inbox.');
    return row;
  }

  adopt(id: string, version: number, profile: Profile | null): ProtocolDetail {
    const at = this.ctx.now();
    this.ctx.db.transaction(() => {
      const row = this.offeredOrRefuse(id);
      const refusal = adoptionRefusal({ kind: 'adopt', version }, ProtocolsFeature.offeredOf(row));
      if (refusal) throw new SpokeError('conflict', refusal);
      if (row.adopted_version === version) throw new SpokeError('conflict', `Version ${version} of “${row.title}” is already adopted.`);
      const addendum = this.repo.addendums(id)[0]?.version ?? null;
      const actor = this.ctx.actorOf(profile);
      this.repo.adopt(id, version, at);
      this.repo.event({ id: crypto.randomUUID(), item: id, action: 'adopt', version, addendumVersion: addendum, reason: null, at, profileId: profile?.id ?? null, by: actor.name });
      this.ctx.audit.record(at, actor, 'adopt', 'protocol', id, { adoptedVersion: row.adopted_version }, { adoptedVersion: version, addendumVersion: addendum });
    })();
    return this.detail('central', id, profile);
  }

  decline(id: string, version: number, reason: string, profile: Profile | null): ProtocolDetail {
    const at = this.ctx.now();
    this.ctx.db.transaction(() => {
      const row = this.offeredOrRefuse(id);
      const refusal = adoptionRefusal({ kind: 'decline', version, reason }, ProtocolsFeature.offeredOf(row));
      if (refusal) throw new SpokeError(refusal.startsWith('Give') ? 'invalid_input' : 'conflict', refusal, refusal.startsWith('Give') ? { reason: refusal } : undefined);
      if (row.adopted_version !== null) throw new SpokeError('conflict', `“${row.title}” is adopted (version ${row.adopted_version}); an adopted protocol stays in force and cannot be declined.`);
      const actor = this.ctx.actorOf(profile);
      this.repo.decline(id, version, reason, at);
      this.repo.event({ id: crypto.randomUUID(), item: id, action: 'decline', version, addendumVersion: null, reason, at, profileId: profile?.id ?? null, by: actor.name });
      this.ctx.audit.record(at, actor, 'decline', 'protocol', id, null, { declinedVersion: version, reason });
    })();
    return this.detail('central', id, profile);
  }

  saveAddendum(id: string, expectedVersion: number, body: string, change: ChangeKind, profile: Profile | null): ProtocolDetail {
    if (bytes(body) > MAX_PROTOCOL_BYTES) throw new SpokeError('invalid_input', `The addendum is larger than ${MAX_PROTOCOL_BYTES / 1024} KB; shorten it.`, { body: 'Too large' });
    const at = this.ctx.now();
    this.ctx.db.transaction(() => {
      this.offeredOrRefuse(id);
      const latest = this.repo.addendums(id)[0];
      const current = latest?.version ?? 0;
      if (current !== expectedVersion) throw new SpokeError('conflict', `Someone saved addendum version ${current} since you opened it. Reload to see it, then make your change again.`);
      if ((latest?.body ?? '') === body) throw new SpokeError('invalid_input', 'The addendum has not changed: nothing to save.', { body: 'Nothing changed' });
      const version = current + 1;
      const actor = this.ctx.actorOf(profile);
      // The first version is what staff first read: always substantive.
      const kind: ChangeKind = version === 1 ? 'substantive' : change;
      this.repo.saveAddendum(id, version, body, kind, at, actor.name);
      this.ctx.audit.record(at, actor, 'addendum', 'protocol', id, latest ? { version: latest.version } : null, { version, change: kind, bytes: bytes(body) });
    })();
    return this.detail('central', id, profile);
  }

  saveLocal(
    input: { id?: string | undefined; expectedVersion?: number | undefined; title: string; body: string; ownerStaffId: string; review: string | null; roles: string[]; change: ChangeKind },
    profile: Profile | null,
  ): ProtocolDetail {
    if (bytes(input.body) > MAX_PROTOCOL_BYTES) throw new SpokeError('invalid_input', `The protocol text is larger than ${MAX_PROTOCOL_BYTES / 1024} KB; shorten it.`, { body: 'Too large' });
    const owner = this.staffRepo.get(input.ownerStaffId);
    if (!owner || owner.archivedAt !== null) throw new SpokeError('invalid_input', 'Choose a current member of staff as the owner.', { ownerStaffId: 'Choose a current member of staff' });
    const at = this.ctx.now();
    const actor = this.ctx.actorOf(profile);
    const roleIds = [...new Set(input.roles)].sort();
    const held = input.id ? roles(this.repo.local(input.id)?.roles_json ?? '[]') : [];
    const roleWhy = roleListRefusal(this.catalogue(), roleIds, held);
    if (roleWhy) throw new SpokeError('invalid_input', `${roleWhy}.`, { roles: roleWhy });
    let id = input.id ?? '';
    this.ctx.db.transaction(() => {
      if (!input.id) {
        id = crypto.randomUUID();
        this.repo.createLocal(id, owner.id, input.review, roleIds, at);
        this.repo.addLocalVersion(id, 1, input.title, input.body, 'substantive', at, actor.name);
        this.ctx.audit.record(at, actor, 'create', 'local_protocol', id, null, { title: input.title, version: 1 });
        return;
      }
      const cur = this.repo.local(input.id);
      if (!cur) throw new SpokeError('not_found', 'That local protocol does not exist.');
      if (input.expectedVersion !== cur.version) {
        throw new SpokeError('conflict', `Someone saved version ${cur.version} of “${cur.title}” since you opened it. Reload to see it, then make your change again.`);
      }
      const sameMeta = cur.owner_staff_id === owner.id && cur.review === input.review && cur.roles_json === JSON.stringify(roleIds);
      if (sameMeta && cur.title === input.title && cur.body === input.body) throw new SpokeError('invalid_input', 'Nothing has changed: nothing to save.');
      const version = cur.version + 1;
      this.repo.updateLocalMeta(input.id, owner.id, input.review, roleIds, this.ctx.stampAfter(cur.updated_at));
      this.repo.addLocalVersion(input.id, version, input.title, input.body, input.change, at, actor.name);
      this.ctx.audit.record(at, actor, 'update', 'local_protocol', input.id, { version: cur.version, title: cur.title }, { version, title: input.title, change: input.change });
    })();
    return this.detail('local', id, profile);
  }

  sign(input: { kind: 'central' | 'local'; id: string; version: number; addendumVersion: number | null }, profile: Profile | null): ProtocolDetail {
    if (!profile) throw new SpokeError('not_signed_in', 'Sign in to continue.');
    const at = this.ctx.now();
    this.ctx.db.transaction(() => {
      let inForce: ReadVersion;
      let title: string;
      if (input.kind === 'central') {
        const row = this.offeredOrRefuse(input.id);
        if (row.adopted_version === null) throw new SpokeError('conflict', `“${row.title}” has not been adopted by the practice yet, so there is nothing to sign.`);
        inForce = { central: row.adopted_version, addendum: this.repo.addendums(input.id)[0]?.version ?? null };
        title = row.title;
      } else {
        const row = this.repo.local(input.id);
        if (!row) throw new SpokeError('not_found', 'That local protocol does not exist.');
        inForce = { central: row.version, addendum: null };
        title = row.title;
      }
      if (inForce.central !== input.version || inForce.addendum !== input.addendumVersion) {
        const what = `version ${inForce.central ?? '?'}${inForce.addendum !== null ? ` with local addendum version ${inForce.addendum}` : ''}`;
        throw new SpokeError('conflict', `You read a version of “${title}” that is no longer in force; ${what} is. Reload, read it, then sign.`);
      }
      const last = this.repo.acksFor(input.kind, input.id).filter((a) => a.staff_id === profile.staffId).pop();
      if (last && last.version === input.version && last.addendum_version === input.addendumVersion) return;
      const actor = this.ctx.actorOf(profile);
      this.repo.sign({ id: crypto.randomUUID(), kind: input.kind, protocolId: input.id, staffId: profile.staffId, version: input.version, addendumVersion: input.addendumVersion, at, profileId: profile.id });
      this.ctx.audit.record(at, actor, 'sign', input.kind === 'central' ? 'protocol' : 'local_protocol', input.id, null, { version: input.version, addendumVersion: input.addendumVersion });
    })();
    return this.detail(input.kind, input.id, profile);
  }

  evidence(kind: 'central' | 'local', id: string): EvidenceReport {
    const d = this.detail(kind, id, null);
    const staff = new Map(this.staffRepo.list(true).map((s) => [s.id, s]));
    const cat = this.catalogue();
    return {
      kind,
      id,
      title: d.title,
      practice: this.practiceRepo.get()?.name ?? '',
      generatedAt: this.ctx.now(),
      inForce: d.inForce,
      adoptions: d.history,
      signatures: this.repo.acksFor(kind, id).map((a) => {
        const s = staff.get(a.staff_id);
        return { name: s ? fullName(s) : 'Former member of staff', role: s ? roleLabelIn(cat, s.roleId) : '', version: a.version, addendumVersion: a.addendum_version, at: a.at };
      }),
      outstanding: d.completion.filter((p) => p.needsSignature).map((p) => ({ name: p.name, role: p.role })),
    };
  }

  people(): { staffId: string; name: string; role: string; applies: number; signed: number; outstanding: string[] }[] {
    const today = this.ctx.today();
    const idx = this.index(today);
    const per = new Map(idx.staff.map((s) => [s.id, { staffId: s.id, name: fullName(s), role: idx.roleLabel(s.roleId), applies: 0, signed: 0, outstanding: [] as string[] }]));
    const tally = (list: PersonCompletion[], title: string) => {
      for (const p of list) {
        const acc = per.get(p.staffId);
        if (!acc) continue;
        acc.applies++;
        if (p.needsSignature) acc.outstanding.push(title);
        else acc.signed++;
      }
    };
    for (const row of this.repo.offered()) {
      if (row.adopted_version === null) continue;
      const { inForce, history } = this.centralInForce(idx, row);
      tally(this.completion(idx, 'central', row.item_id, roles(row.roles_json), inForce, history), row.title);
    }
    for (const row of this.repo.locals()) {
      const { inForce, history } = this.localInForce(idx, row.id, row.version);
      tally(this.completion(idx, 'local', row.id, roles(row.roles_json), inForce, history), row.title);
    }
    return [...per.values()].sort((a, b) => b.outstanding.length - a.outstanding.length || a.name.localeCompare(b.name));
  }

  /**
   * What the hub's dashboard needs, built at sync time: mandatory items with the adopted
   * and offered versions and state (the hub knows titles), state counts, and signature
   * completion per protocol in force. Bounded to stay well under the hub's 64 KB limit.
   */
  reports(practiceId: string, release: number | null): { adoption: Record<string, unknown>; acknowledgements: Record<string, unknown> } {
    const inbox = this.inbox(null);
    const counts: Record<string, number> = {};
    for (const i of inbox.central) counts[i.state] = (counts[i.state] ?? 0) + 1;
    const mandatory = inbox.central.filter((i) => i.mandatory);
    const items = mandatory.slice(0, 400).map((i) => ({ id: i.id, offered: i.offeredVersion, adopted: i.adoptedVersion, state: i.state, effective: i.effective }));
    const inForce = [
      ...inbox.central.filter((i) => i.adoptedVersion !== null).map((i) => ({ kind: 'central' as const, id: i.id, title: i.title, signed: i.signed, toSign: i.toSign })),
      ...inbox.local.map((l) => ({ kind: 'local' as const, id: l.id, title: l.title.slice(0, 200), signed: l.signed, toSign: l.toSign })),
    ];
    const people = this.people();
    return {
      adoption: { practiceId, release, syncedAt: this.ctx.now(), counts, items, truncated: mandatory.length > items.length },
      acknowledgements: {
        practiceId,
        protocols: inForce.slice(0, 300),
        truncated: inForce.length > 300,
        people: { total: people.length, complete: people.filter((p) => p.outstanding.length === 0).length },
      },
    };
  }

  readonly handlers: HandlerTable<typeof protocolsChannels> = {
    'protocols.inbox': (_input, call) => this.inbox(call.profile),
    'protocols.get': (input, call) => this.detail(input.kind, input.id, call.profile),
    'protocols.version': (input) => this.versionText(input.kind, input.id, input.version),
    'protocols.diff': (input) => this.versionDiff(input.kind, input.id, input.from, input.to),
    'protocols.adopt': (input, call) => this.adopt(input.id, input.version, call.profile),
    'protocols.decline': (input, call) => this.decline(input.id, input.version, input.reason, call.profile),
    'protocols.saveAddendum': (input, call) => this.saveAddendum(input.id, input.expectedVersion, input.body, input.change, call.profile),
    'protocols.saveLocal': (input, call) => this.saveLocal(input, call.profile),
    'protocols.sign': (input, call) => this.sign(input, call.profile),
    'protocols.evidence': (input) => this.evidence(input.kind, input.id),
    'protocols.people': () => this.people(),
  };
}
