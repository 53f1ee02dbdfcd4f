import { randomUUID } from 'node:crypto';
import type { Practice, Site } from '../../../../shared/contract/practice';
import type { Db } from '../../db/open';

interface PracticeRow {
  id: string;
  name: string;
  ods_code: string;
  list_size: number;
  is_demo: number;
  updated_at: string;
}
interface SiteRow {
  id: string;
  name: string;
  is_main: number;
  updated_at: string;
}

export interface NewPractice {
  name: string;
  odsCode: string;
  listSize: number;
  isDemo: boolean;
  sites: { name: string }[];
}

/** The practice this database belongs to (one row) and its sites. */
export class PracticeRepo {
  private readonly selectPractice;
  private readonly selectSites;
  private readonly anyPractice;

  constructor(private readonly db: Db) {
    this.selectPractice = db.prepare<[], PracticeRow>('SELECT * FROM practice WHERE deleted = 0 LIMIT 1');
    this.anyPractice = db.prepare<[], { one: number }>('SELECT 1 AS one FROM practice WHERE deleted = 0 LIMIT 1');
    this.selectSites = db.prepare<[], SiteRow>('SELECT id, name, is_main, updated_at FROM site WHERE deleted = 0 ORDER BY sort_order, name');
  }

  /** Cheap check made on every API call: is there a practice yet? */
  exists(): boolean {
    return this.anyPractice.get() !== undefined;
  }

  get(): Practice | null {
    const row = this.selectPractice.get();
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      odsCode: row.ods_code,
      listSize: row.list_size,
      isDemo: row.is_demo === 1,
      updatedAt: row.updated_at,
      sites: this.sites(),
    };
  }

  sites(): Site[] {
    return this.selectSites.all().map((s) => ({ id: s.id, name: s.name, isMain: s.is_main === 1, updatedAt: s.updated_at }));
  }

  /** Caller holds the transaction. The first site listed is the main surgery. */
  create(p: NewPractice, at: string): Practice {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO practice (id, name, ods_code, list_size, is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, p.name, p.odsCode, p.listSize, p.isDemo ? 1 : 0, at, at);
    const insertSite = this.db.prepare(
      'INSERT INTO site (id, name, is_main, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    p.sites.forEach((s, i) => insertSite.run(randomUUID(), s.name, i === 0 ? 1 : 0, i, at, at));
    const created = this.get();
    if (!created) throw new Error('practice vanished after insert');
    return created;
  }

  /** A live site with this name (ignoring case, in any script), if any. */
  siteNamed(name: string): Site | null {
    const key = name.toLocaleLowerCase('en-GB');
    return this.sites().find((s) => s.name.toLocaleLowerCase('en-GB') === key) ?? null;
  }

  addSite(name: string, at: string): string {
    const id = randomUUID();
    const next = this.db.prepare('SELECT COALESCE(MAX(sort_order), -1) + 1 FROM site').pluck().get() as number;
    this.db
      .prepare('INSERT INTO site (id, name, is_main, sort_order, created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?)')
      .run(id, name, next, at, at);
    return id;
  }

  renameSite(id: string, name: string, at: string): void {
    this.db.prepare('UPDATE site SET name = ?, updated_at = ? WHERE id = ? AND deleted = 0').run(name, at, id);
  }

  update(id: string, fields: { name: string; odsCode: string; listSize: number }, at: string): void {
    this.db
      .prepare('UPDATE practice SET name = ?, ods_code = ?, list_size = ?, updated_at = ? WHERE id = ?')
      .run(fields.name, fields.odsCode, fields.listSize, at, id);
  }
}
