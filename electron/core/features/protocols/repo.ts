import type { Db } from '../../db/open';
import type { PolicyTarget } from '../../../../shared/hub-content';

export type ChangeKindText = 'substantive' | 'minor';

/** The columns every central version row has (what the hub published). */
interface CentralVersionColumns {
  item_id: string;
  version: number;
  title: string;
  category: string;
  mandatory: number;
  effective: string | null;
  review: string | null;
  change_kind: ChangeKindText;
  summary: string;
  roles_json: string;
}

export interface OfferedRow extends CentralVersionColumns {
  adopted_version: number | null;
  adopted_at: string | null;
  declined_version: number | null;
  declined_reason: string | null;
  adoption_updated_at: string | null;
}

export interface CentralVersionRow extends CentralVersionColumns {
  body: string;
  published_at: string;
  arrived_at: string;
}

export interface AddendumRow {
  item_id: string;
  version: number;
  body: string;
  change_kind: ChangeKindText;
  at: string;
  by_name: string;
}

export interface LocalRow {
  id: string;
  owner_staff_id: string;
  review: string | null;
  roles_json: string;
  created_at: string;
  updated_at: string;
  version: number;
  title: string;
  body: string;
}

export interface LocalVersionRow {
  protocol_id: string;
  version: number;
  title: string;
  body: string;
  change_kind: ChangeKindText;
  at: string;
  by_name: string;
}

export interface AckRow {
  protocol_kind: 'central' | 'local';
  protocol_id: string;
  staff_id: string;
  version: number;
  addendum_version: number | null;
  at: string;
}

export interface EventRow {
  action: 'adopt' | 'decline';
  version: number;
  addendum_version: number | null;
  reason: string | null;
  at: string;
  by_name: string;
}

const OFFERED_SQL = `
  SELECT ci.item_id, ci.version, cv.title, cv.category, cv.mandatory, cv.effective, cv.review, cv.change_kind, cv.summary, cv.roles_json,
         pa.adopted_version, pa.adopted_at, pa.declined_version, pa.declined_reason, pa.updated_at AS adoption_updated_at
    FROM central_item ci
    JOIN central_version cv ON cv.item_id = ci.item_id AND cv.version = ci.version
    LEFT JOIN protocol_adoption pa ON pa.item_id = ci.item_id
   WHERE ci.kind = 'policy' AND ci.withdrawn = 0`;

const LOCAL_SQL = `
  SELECT lp.id, lp.owner_staff_id, lp.review, lp.roles_json, lp.created_at, lp.updated_at, v.version, v.title, v.body
    FROM local_protocol lp
    JOIN local_protocol_version v ON v.protocol_id = lp.id
     AND v.version = (SELECT MAX(version) FROM local_protocol_version WHERE protocol_id = lp.id)
   WHERE lp.deleted = 0`;

/** The protocols feature's SQL, statements prepared once. */
export class ProtocolsRepo {
  private readonly allOffered;
  private readonly oneOffered;
  private readonly versionRow;
  private readonly versionsOf;
  private readonly allChangeKinds;
  private readonly insertVersion;
  private readonly latestAddendums;
  private readonly addendumsOf;
  private readonly addendumRow;
  private readonly putAddendum;
  private readonly upsertAdoption;
  private readonly upsertDecline;
  private readonly putEvent;
  private readonly eventsOf;
  private readonly allLocal;
  private readonly oneLocal;
  private readonly localVersionsOf;
  private readonly localVersion;
  private readonly allLocalChangeKinds;
  private readonly insertLocal;
  private readonly updateLocal;
  private readonly insertLocalVersion;
  private readonly allAcks;
  private readonly acksOf;
  private readonly insertAck;

  constructor(db: Db) {
    this.allOffered = db.prepare<[], OfferedRow>(`${OFFERED_SQL} ORDER BY cv.title COLLATE NOCASE, ci.item_id`);
    this.oneOffered = db.prepare<[string], OfferedRow>(`${OFFERED_SQL} AND ci.item_id = ?`);
    this.versionRow = db.prepare<[string, number], CentralVersionRow>('SELECT * FROM central_version WHERE item_id = ? AND version = ?');
    this.versionsOf = db.prepare<[string], Omit<CentralVersionRow, 'body'>>(
      'SELECT item_id, version, title, category, mandatory, effective, review, change_kind, summary, roles_json, published_at, arrived_at FROM central_version WHERE item_id = ? ORDER BY version DESC',
    );
    this.allChangeKinds = db.prepare<[], { item_id: string; version: number; change_kind: ChangeKindText }>('SELECT item_id, version, change_kind FROM central_version');
    this.insertVersion = db.prepare(
      `INSERT OR IGNORE INTO central_version (item_id, version, title, category, mandatory, effective, review, change_kind, summary, roles_json, body, published_at, arrived_at)
       VALUES (@item_id, @version, @title, @category, @mandatory, @effective, @review, @change_kind, @summary, @roles_json, @body, @published_at, @arrived_at)`,
    );
    this.latestAddendums = db.prepare<[], { item_id: string; version: number; change_kind: ChangeKindText }>('SELECT item_id, version, change_kind FROM addendum_version');
    this.addendumsOf = db.prepare<[string], AddendumRow>('SELECT * FROM addendum_version WHERE item_id = ? ORDER BY version DESC');
    this.addendumRow = db.prepare<[string, number], AddendumRow>('SELECT * FROM addendum_version WHERE item_id = ? AND version = ?');
    this.putAddendum = db.prepare('INSERT INTO addendum_version (item_id, version, body, change_kind, at, by_name) VALUES (?, ?, ?, ?, ?, ?)');
    this.upsertAdoption = db.prepare(
      `INSERT INTO protocol_adoption (item_id, adopted_version, adopted_at, declined_version, declined_reason, updated_at) VALUES (?, ?, ?, NULL, NULL, ?)
       ON CONFLICT (item_id) DO UPDATE SET adopted_version = excluded.adopted_version, adopted_at = excluded.adopted_at, declined_version = NULL, declined_reason = NULL, updated_at = excluded.updated_at`,
    );
    this.upsertDecline = db.prepare(
      `INSERT INTO protocol_adoption (item_id, adopted_version, adopted_at, declined_version, declined_reason, updated_at) VALUES (?, NULL, NULL, ?, ?, ?)
       ON CONFLICT (item_id) DO UPDATE SET declined_version = excluded.declined_version, declined_reason = excluded.declined_reason, updated_at = excluded.updated_at`,
    );
    this.putEvent = db.prepare(
      'INSERT INTO adoption_event (id, item_id, action, version, addendum_version, reason, at, profile_id, by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.eventsOf = db.prepare<[string], EventRow>('SELECT action, version, addendum_version, reason, at, by_name FROM adoption_event WHERE item_id = ? ORDER BY at DESC, rowid DESC');
    this.allLocal = db.prepare<[], LocalRow>(`${LOCAL_SQL} ORDER BY v.title COLLATE NOCASE`);
    this.oneLocal = db.prepare<[string], LocalRow>(`${LOCAL_SQL} AND lp.id = ?`);
    this.localVersionsOf = db.prepare<[string], LocalVersionRow>('SELECT * FROM local_protocol_version WHERE protocol_id = ? ORDER BY version DESC');
    this.localVersion = db.prepare<[string, number], LocalVersionRow>('SELECT * FROM local_protocol_version WHERE protocol_id = ? AND version = ?');
    this.allLocalChangeKinds = db.prepare<[], { protocol_id: string; version: number; change_kind: ChangeKindText }>('SELECT protocol_id, version, change_kind FROM local_protocol_version');
    this.insertLocal = db.prepare('INSERT INTO local_protocol (id, owner_staff_id, review, roles_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.updateLocal = db.prepare('UPDATE local_protocol SET owner_staff_id = ?, review = ?, roles_json = ?, updated_at = ? WHERE id = ?');
    this.insertLocalVersion = db.prepare('INSERT INTO local_protocol_version (protocol_id, version, title, body, change_kind, at, by_name) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.allAcks = db.prepare<[], AckRow>('SELECT protocol_kind, protocol_id, staff_id, version, addendum_version, at FROM acknowledgement ORDER BY at, rowid');
    this.acksOf = db.prepare<[string, string], AckRow>(
      'SELECT protocol_kind, protocol_id, staff_id, version, addendum_version, at FROM acknowledgement WHERE protocol_kind = ? AND protocol_id = ? ORDER BY at, rowid',
    );
    this.insertAck = db.prepare('INSERT INTO acknowledgement (id, protocol_kind, protocol_id, staff_id, version, addendum_version, at, profile_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  }

  offered(): OfferedRow[] {
    return this.allOffered.all();
  }

  offeredOne(id: string): OfferedRow | undefined {
    return this.oneOffered.get(id);
  }

  version(id: string, version: number): CentralVersionRow | undefined {
    return this.versionRow.get(id, version);
  }

  versions(id: string): Omit<CentralVersionRow, 'body'>[] {
    return this.versionsOf.all(id);
  }

  changeKinds(): { item_id: string; version: number; change_kind: ChangeKindText }[] {
    return this.allChangeKinds.all();
  }

  /** Keeps a verified policy version; a version already kept is never rewritten. */
  keepVersion(doc: PolicyTarget, at: string): void {
    this.insertVersion.run({
      item_id: doc.id,
      version: doc.version,
      title: doc.title,
      category: doc.category,
      mandatory: doc.mandatory ? 1 : 0,
      effective: doc.effective,
      review: doc.review,
      change_kind: doc.change,
      summary: doc.summary,
      roles_json: JSON.stringify(doc.roles),
      body: doc.body,
      published_at: doc.publishedAt,
      arrived_at: at,
    });
  }

  addendumKinds(): { item_id: string; version: number; change_kind: ChangeKindText }[] {
    return this.latestAddendums.all();
  }

  addendums(id: string): AddendumRow[] {
    return this.addendumsOf.all(id);
  }

  addendum(id: string, version: number): AddendumRow | undefined {
    return this.addendumRow.get(id, version);
  }

  saveAddendum(id: string, version: number, body: string, change: ChangeKindText, at: string, by: string): void {
    this.putAddendum.run(id, version, body, change, at, by);
  }

  adopt(id: string, version: number, at: string): void {
    this.upsertAdoption.run(id, version, at, at);
  }

  decline(id: string, version: number, reason: string, at: string): void {
    this.upsertDecline.run(id, version, reason, at);
  }

  event(e: { id: string; item: string; action: 'adopt' | 'decline'; version: number; addendumVersion: number | null; reason: string | null; at: string; profileId: string | null; by: string }): void {
    this.putEvent.run(e.id, e.item, e.action, e.version, e.addendumVersion, e.reason, e.at, e.profileId, e.by);
  }

  events(id: string): EventRow[] {
    return this.eventsOf.all(id);
  }

  locals(): LocalRow[] {
    return this.allLocal.all();
  }

  local(id: string): LocalRow | undefined {
    return this.oneLocal.get(id);
  }

  localVersions(id: string): LocalVersionRow[] {
    return this.localVersionsOf.all(id);
  }

  localVersionOf(id: string, version: number): LocalVersionRow | undefined {
    return this.localVersion.get(id, version);
  }

  localChangeKinds(): { protocol_id: string; version: number; change_kind: ChangeKindText }[] {
    return this.allLocalChangeKinds.all();
  }

  createLocal(id: string, owner: string, review: string | null, roles: readonly string[], at: string): void {
    this.insertLocal.run(id, owner, review, JSON.stringify(roles), at, at);
  }

  updateLocalMeta(id: string, owner: string, review: string | null, roles: readonly string[], at: string): void {
    this.updateLocal.run(owner, review, JSON.stringify(roles), at, id);
  }

  addLocalVersion(id: string, version: number, title: string, body: string, change: ChangeKindText, at: string, by: string): void {
    this.insertLocalVersion.run(id, version, title, body, change, at, by);
  }

  acks(): AckRow[] {
    return this.allAcks.all();
  }

  acksFor(kind: 'central' | 'local', id: string): AckRow[] {
    return this.acksOf.all(kind, id);
  }

  sign(a: { id: string; kind: 'central' | 'local'; protocolId: string; staffId: string; version: number; addendumVersion: number | null; at: string; profileId: string }): void {
    this.insertAck.run(a.id, a.kind, a.protocolId, a.staffId, a.version, a.addendumVersion, a.at, a.profileId);
  }
}
