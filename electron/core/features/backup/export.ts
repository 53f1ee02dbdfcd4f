/**
 * The whole practice as one JSON document, and back. Every table is written (none left
 * out by a list someone forgot to update), rows in a fixed order by key, columns in the
 * schema's order, blobs as base64: the same practice always gives the same bytes, so an
 * export of an imported practice equals the export it came from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IsoDate, Id } from '../../../../shared/contract/common';
import { SpokeError } from '../../../../shared/errors';
import { applyTextPolicy, isWellFormed, type TextKind } from '../../../../shared/text';
import { type Db, openPracticeDb } from '../../db/open';
import { MIGRATIONS } from '../../db/migrations';
import { invalidTextProblems } from '../../db/text-check';

export const EXPORT_FORMAT = 'spoke-practice-export';
/** 2: every table, blobs as {"$base64": ...}; 1 listed the rota and staff tables only. */
export const EXPORT_FORMAT_VERSION = 2;

/**
 * The tables the first export format listed, in its order, with its key and row order
 * (kept so its readers still work); every other table follows by name, keyed in camelCase
 * and ordered by its primary key.
 */
const KNOWN: readonly { table: string; key: string; order: string }[] = [
  { table: 'practice', key: 'practice', order: 'id' },
  { table: 'site', key: 'sites', order: 'sort_order, id' },
  { table: 'staff', key: 'staff', order: 'id' },
  { table: 'staff_site', key: 'staffSites', order: 'staff_id, site_id' },
  { table: 'profile', key: 'profiles', order: 'id' },
  { table: 'site_session', key: 'siteSessions', order: 'site_id, weekday, session, id' },
  { table: 'duty', key: 'duties', order: 'sort_order, id' },
  { table: 'rota_assignment', key: 'rotaAssignments', order: 'date, staff_id, session, id' },
  { table: 'working_pattern', key: 'workingPatterns', order: 'staff_id, id' },
  { table: 'leave_request', key: 'leaveRequests', order: 'start_date, staff_id, id' },
  { table: 'coverage_rule', key: 'coverageRules', order: 'site_id, weekday, session, id' },
  { table: 'named_lead_type', key: 'namedLeadTypes', order: 'sort_order, id' },
  { table: 'named_lead', key: 'namedLeads', order: 'lead_type_id, from_date, id' },
  { table: 'staff_preference', key: 'staffPreferences', order: 'staff_id, weekday, session, id' },
  { table: 'rota_settings', key: 'rotaSettings', order: 'id' },
  { table: 'audit_log', key: 'auditLog', order: 'seq' },
];

type Cell = string | number | null | { $base64: string };
type Row = Record<string, Cell>;

interface TableInfo {
  name: string;
  key: string;
  order: string;
  columns: { name: string; type: string; pk: number }[];
}

const camel = (t: string) => t.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Rows ordered by primary key (or every column for a table without one), so insertion order never shows. */
function keyOrder(columns: TableInfo['columns']): string {
  const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  return (pk.length ? pk : columns).map((c) => `"${c.name}"`).join(', ');
}

/** The practice's tables (not SQLite's own) in export order, each with its columns. */
function tables(db: Db): TableInfo[] {
  const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const columnsOf = (name: string) => db.prepare('SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid').all(name) as TableInfo['columns'];
  const present = new Set(names);
  const known = KNOWN.filter((k) => present.has(k.table)).map((k) => ({ name: k.table, key: k.key, order: k.order, columns: columnsOf(k.table) }));
  const listed = new Set(KNOWN.map((k) => k.table));
  const rest = names.filter((n) => !listed.has(n)).map((name) => {
    const columns = columnsOf(name);
    return { name, key: camel(name), order: keyOrder(columns), columns };
  });
  return [...known, ...rest];
}

function encode(v: unknown): Cell {
  if (Buffer.isBuffer(v)) return { $base64: v.toString('base64') };
  if (typeof v === 'bigint') return Number(v);
  return v as Cell;
}

export function exportPractice(db: Db, meta: { appVersion: string; schemaVersion: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    appVersion: meta.appVersion,
    schemaVersion: meta.schemaVersion,
  };
  for (const t of tables(db)) {
    const rows = db.prepare(`SELECT * FROM "${t.name}" ORDER BY ${t.order}`).all() as Record<string, unknown>[];
    out[t.key] = rows.map((r) => {
      const row: Row = {};
      for (const c of t.columns) row[c.name] = encode(r[c.name]);
      return row;
    });
  }
  return out;
}

/** Free-text columns the practice writes, with the text policy each went through on the way in. */
const TEXT_COLUMNS: Record<string, Record<string, TextKind>> = {
  practice: { name: 'label' },
  site: { name: 'label' },
  staff: { given_name: 'personName', family_name: 'personName' },
  duty: { name: 'label' },
  named_lead_type: { label: 'label' },
  rota_assignment: { note: 'multiline' },
  leave_request: { note: 'multiline', decision_reason: 'multiline' },
  protocol_adoption: { declined_reason: 'multiline' },
  adoption_event: { reason: 'multiline' },
  addendum_version: { body: 'multiline' },
  local_protocol_version: { title: 'label', body: 'multiline' },
};
/** Tables whose `id` is a UUID the app made. */
const UUID_TABLES = new Set([
  'practice', 'site', 'staff', 'profile', 'site_session', 'duty', 'rota_assignment', 'working_pattern', 'leave_request', 'coverage_rule',
  'named_lead_type', 'named_lead', 'staff_preference', 'rota_settings', 'adoption_event', 'local_protocol', 'acknowledgement',
]);
const DATE_COLUMNS: Record<string, string[]> = {
  staff: ['start_date', 'end_date'],
  rota_assignment: ['date'],
  leave_request: ['start_date', 'end_date'],
  named_lead: ['from_date', 'to_date'],
};

/** The rules the app applies when it saves, checked on one imported value; a message when broken. */
function ruleProblem(table: string, column: string, v: Cell): string | null {
  if (typeof v === 'string') {
    if (!isWellFormed(v) || /[\uFFFD\uFFFE\uFFFF]/.test(v)) return `"${column}" holds damaged text`;
    const kind = TEXT_COLUMNS[table]?.[column];
    if (kind) {
      const verdict = applyTextPolicy(v, { kind, label: `"${column}"`, max: kind === 'multiline' ? 1_000_000 : 200, min: 0 });
      if (!verdict.ok) return verdict.message;
      if (verdict.value !== v) return `"${column}" holds text Spoke would have stored differently (spaces or characters not normalised)`;
    }
  }
  if (column === 'id' && UUID_TABLES.has(table) && !Id.safeParse(v).success) return `"${column}" is not a valid id`;
  if (DATE_COLUMNS[table]?.includes(column) && v !== null && !IsoDate.safeParse(v).success) return `"${column}" is not a real date`;
  return null;
}

function decode(v: unknown, where: string): Cell {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $base64?: unknown }).$base64 === 'string') {
    return { $base64: (v as { $base64: string }).$base64 };
  }
  throw new Error(`${where} holds a value of a kind no Spoke column has`);
}

const asSql = (c: Cell) => (c !== null && typeof c === 'object' ? Buffer.from(c.$base64, 'base64') : c);

/** Parses and checks the envelope of an export; the reason in words when it cannot be imported. */
export function readExport(text: string, latestSchema: number): { schemaVersion: number; doc: Record<string, unknown> } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SpokeError('invalid_input', `The file is not a whole Spoke export: it is cut off or not valid JSON (${(err as Error).message}).`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new SpokeError('invalid_input', 'The file is not a Spoke practice export (it is not a JSON object).');
  const d = doc as Record<string, unknown>;
  if (d.format !== EXPORT_FORMAT) throw new SpokeError('invalid_input', `The file is not a Spoke practice export (its "format" is not "${EXPORT_FORMAT}").`);
  if (typeof d.formatVersion !== 'number' || !Number.isInteger(d.formatVersion)) throw new SpokeError('invalid_input', 'The export has no format version.');
  if (d.formatVersion > EXPORT_FORMAT_VERSION) {
    throw new SpokeError('conflict', `The export was written by a newer Spoke (export format ${d.formatVersion}; this version reads up to ${EXPORT_FORMAT_VERSION}). Install the newer Spoke to import it.`);
  }
  if (d.formatVersion < EXPORT_FORMAT_VERSION) {
    throw new SpokeError('invalid_input', `The export uses format ${d.formatVersion}, which lists only some tables; export the practice again with this Spoke.`);
  }
  const sv = d.schemaVersion;
  if (typeof sv !== 'number' || !Number.isInteger(sv) || sv < 1) throw new SpokeError('invalid_input', 'The export has no valid Spoke schema version.');
  if (sv > latestSchema) {
    throw new SpokeError('conflict', `The export was written by a newer Spoke (schema ${sv}; this version understands up to ${latestSchema}). Install the newer Spoke to import it.`);
  }
  return { schemaVersion: sv, doc: d };
}

/**
 * Imports an export into `dataDir`, which must be empty or not exist yet. The practice is
 * built beside the target as a new database at the export's schema, every row checked by
 * SQLite (types, constraints, uniqueness) and by Spoke's rules (text policy, ids, dates,
 * foreign keys), brought up to this schema, and only then renamed into place. Any refusal
 * leaves nothing behind: not the folder, not a file.
 */
export function importPractice(text: string, dataDir: string, dbFileName: string, latestSchema: number): { counts: Record<string, number> } {
  const { schemaVersion, doc } = readExport(text, latestSchema);
  const dir = path.resolve(dataDir);
  let createdDir = false;
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new SpokeError('invalid_input', `${dir} is a file, not a folder. Nothing was written.`);
    if (fs.readdirSync(dir).length > 0) throw new SpokeError('conflict', `${dir} is not empty. Import into a new or empty folder; nothing was written.`);
  } else {
    fs.mkdirSync(dir, { recursive: true });
    createdDir = true;
  }
  const building = path.join(dir, `${dbFileName}.importing`);
  const clear = () => {
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(building + suffix, { force: true });
    fs.rmSync(path.join(dir, 'backups'), { recursive: true, force: true });
  };
  try {
    clear();
    const counts = fill(building, doc, schemaVersion);
    if (schemaVersion < latestSchema) {
      const upgraded = openPracticeDb(building, { create: 'never', backupDir: path.join(dir, '.import-backups'), skipQuickCheck: true });
      upgraded.db.close();
      fs.rmSync(path.join(dir, '.import-backups'), { recursive: true, force: true });
    }
    fs.renameSync(building, path.join(dir, dbFileName));
    return { counts };
  } catch (err) {
    clear();
    fs.rmSync(path.join(dir, '.import-backups'), { recursive: true, force: true });
    if (createdDir) fs.rmSync(dir, { recursive: true, force: true });
    if (err instanceof SpokeError) throw err;
    const code = codeOf(err);
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') throw new SpokeError('conflict', 'The import stopped because the disk is full. Nothing was written.');
    throw new SpokeError('invalid_input', `The export breaks a rule, so nothing was imported: ${(err as Error).message}.`);
  }
}

function fill(file: string, doc: Record<string, unknown>, schemaVersion: number): Record<string, number> {
  const opened = openPracticeDb(file, { create: 'ifMissing', migrations: MIGRATIONS.filter((m) => m.version <= schemaVersion) });
  const db = opened.db;
  try {
    const infos = tables(db);
    const known = new Set(['format', 'formatVersion', 'appVersion', 'schemaVersion', ...infos.map((t) => t.key)]);
    const stray = Object.keys(doc).find((k) => !known.has(k));
    if (stray) throw new SpokeError('invalid_input', `The export has a part called "${stray}", which this Spoke's schema ${schemaVersion} does not have. Nothing was imported.`);
    const missing = infos.find((t) => !Array.isArray(doc[t.key]));
    if (missing) throw new SpokeError('invalid_input', `The export has no "${missing.key}" list: it is incomplete or cut off. Nothing was imported.`);
    const triggers = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all() as { name: string; sql: string }[];
    const counts: Record<string, number> = {};
    db.pragma('foreign_keys = OFF');
    db.transaction(() => {
      // The rows are the practice's as exported: no trigger adds defaults, none refuses the audit log's own rows.
      for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
      for (const t of infos) {
        db.exec(`DELETE FROM "${t.name}"`); // the defaults a new database is seeded with
        const cols = t.columns.map((c) => c.name);
        const insert = db.prepare(`INSERT INTO "${t.name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
        const rows = doc[t.key] as unknown[];
        rows.forEach((raw, i) => {
          const where = `${t.key} row ${i + 1}`;
          if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new SpokeError('invalid_input', `${where} is not a record. Nothing was imported.`);
          const r = raw as Record<string, unknown>;
          const extra = Object.keys(r).find((k) => !cols.includes(k));
          if (extra) throw new SpokeError('invalid_input', `${where} has a field "${extra}" that ${t.name} does not have. Nothing was imported.`);
          const values = cols.map((c) => {
            if (!(c in r)) throw new SpokeError('invalid_input', `${where} has no "${c}". Nothing was imported.`);
            const v = decode(r[c], `${where} "${c}"`);
            const problem = ruleProblem(t.name, c, v);
            if (problem) throw new SpokeError('invalid_input', `${where}: ${problem}. Nothing was imported.`);
            return asSql(v);
          });
          try {
            insert.run(...values);
          } catch (err) {
            throw new SpokeError('invalid_input', `${where} breaks a rule of the practice database (${(err as Error).message}). Nothing was imported.`);
          }
        });
        counts[t.key] = rows.length;
      }
      for (const t of triggers) db.exec(t.sql);
      const fk = db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[];
      if (fk[0]) throw new SpokeError('invalid_input', `A row in ${fk[0].table} points at a ${fk[0].parent} that is not in the export. Nothing was imported.`);
      const text = invalidTextProblems(db);
      if (text[0]) throw new SpokeError('invalid_input', `${text[0]}. Nothing was imported.`);
    })();
    db.pragma('foreign_keys = ON');
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new SpokeError('invalid_input', `The imported practice failed SQLite's integrity check (${String(integrity)}). Nothing was imported.`);
    db.pragma('journal_mode = DELETE');
    return counts;
  } finally {
    db.close();
  }
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
