import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import {
  CATALOGUES,
  CATALOGUE_KINDS,
  MAX_POLICY_BODY,
  PolicyFrontMatter,
  type CatalogueKind,
} from '../../shared/hub-content';

/** One thing wrong in the folder being published, located as precisely as we can. */
export interface ContentProblem {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** The line a field path sits on in the source file, when it can be found. */
type LineOf = (fieldPath: readonly (string | number)[]) => number | undefined;

export interface PolicySource {
  file: string;
  front: PolicyFrontMatter;
  body: string;
  lineOf: LineOf;
}

function lineLocator(doc: Document | null, counter: LineCounter | null, lineOffset: number): LineOf {
  return (fieldPath) => {
    if (!doc || !counter) return undefined;
    for (let n = fieldPath.length; n >= 0; n--) {
      const node: unknown = doc.getIn(fieldPath.slice(0, n), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line + lineOffset;
    }
    return undefined;
  };
}

export interface ContentFolder {
  policies: PolicySource[];
  catalogues: Partial<Record<CatalogueKind, unknown>>;
  /** Which file each catalogue came from, and where its fields are, for messages. */
  catalogueFiles: Partial<Record<CatalogueKind, string>>;
  catalogueLines: Partial<Record<CatalogueKind, LineOf>>;
}

const CATALOGUE_FILE = /^(roles|named-leads|workforce-model|bank-holidays)\.(ya?ml|json)$/;
const MAX_FILE_BYTES = 1024 * 1024;

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  walk(root);
  return out;
}

/** Turns zod issues into problems, each at the line of the YAML node it is about. */
function problemsFromIssues(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  doc: Document | null,
  counter: LineCounter | null,
  lineOffset: number,
  fallbackLine: number | undefined,
): ContentProblem[] {
  return issues.map((issue) => {
    const fieldPath = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
    let line = fallbackLine;
    if (doc && counter) {
      for (let n = issue.path.length; n >= 0; n--) {
        const node: unknown = doc.getIn(issue.path.slice(0, n) as (string | number)[], true);
        if (isNode(node) && node.range) {
          line = counter.linePos(node.range[0]).line + lineOffset;
          break;
        }
      }
    }
    const problem: ContentProblem = { file, message: issue.message };
    if (line !== undefined) problem.line = line;
    if (fieldPath) problem.field = fieldPath;
    return problem;
  });
}

function parseYaml(file: string, text: string, lineOffset: number): { doc: Document; counter: LineCounter; problems: ContentProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const problems = doc.errors.map((e) => ({
    file,
    line: counter.linePos(e.pos[0]).line + lineOffset,
    message: `not valid YAML: ${e.message.split('\n')[0] ?? e.code}`,
  }));
  return { doc, counter, problems };
}

function readPolicy(rel: string, text: string, problems: ContentProblem[]): PolicySource | null {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  if (!normalised.startsWith('---\n')) {
    problems.push({ file: rel, line: 1, message: 'a policy file must start with YAML front matter between two lines of ---' });
    return null;
  }
  const end = normalised.indexOf('\n---', 3);
  const afterEnd = end < 0 ? -1 : normalised.indexOf('\n', end + 1);
  if (end < 0 || (afterEnd >= 0 && normalised.slice(end + 4, afterEnd).trim() !== '') || (afterEnd < 0 && normalised.slice(end + 4).trim() !== '')) {
    problems.push({ file: rel, line: 1, message: 'the front matter is not closed by a line of ---' });
    return null;
  }
  const yamlText = normalised.slice(4, end + 1);
  const body = afterEnd < 0 ? '' : normalised.slice(afterEnd + 1).trim();
  // Front matter starts on line 2 of the file.
  const { doc, counter, problems: yamlProblems } = parseYaml(rel, yamlText, 1);
  if (yamlProblems.length) {
    problems.push(...yamlProblems);
    return null;
  }
  const parsed = PolicyFrontMatter.safeParse(doc.toJS());
  const bodyLine = yamlText.split('\n').length + 2;
  let ok = true;
  if (!parsed.success) {
    problems.push(...problemsFromIssues(rel, parsed.error.issues, doc, counter, 1, 1));
    ok = false;
  }
  if (!body) {
    problems.push({ file: rel, line: bodyLine, field: 'body', message: 'the policy has no text after its front matter' });
    ok = false;
  } else if (Buffer.byteLength(body) > MAX_POLICY_BODY) {
    problems.push({ file: rel, line: bodyLine, field: 'body', message: `the policy text is longer than ${MAX_POLICY_BODY / 1024} KB` });
    ok = false;
  }
  if (parsed.success && parsed.data.effective && parsed.data.review && parsed.data.review < parsed.data.effective) {
    const node: unknown = doc.get('review', true);
    const line = isNode(node) && node.range ? counter.linePos(node.range[0]).line + 1 : 1;
    problems.push({ file: rel, line, field: 'review', message: 'the review date is before the effective date' });
    ok = false;
  }
  return ok && parsed.success ? { file: rel, front: parsed.data, body, lineOf: lineLocator(doc, counter, 1) } : null;
}

function readCatalogue(rel: string, kind: CatalogueKind, text: string, json: boolean, problems: ContentProblem[]): { data: unknown; lineOf: LineOf } | undefined {
  let value: unknown;
  let doc: Document | null = null;
  let counter: LineCounter | null = null;
  if (json) {
    try {
      value = JSON.parse(text) as unknown;
    } catch (err) {
      const m = /position (\d+)/.exec((err as Error).message);
      const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
      problems.push({ file: rel, ...(line ? { line } : {}), message: `not valid JSON: ${(err as Error).message}` });
      return undefined;
    }
    // Parse the JSON again as YAML (JSON is YAML) only to locate fields by line.
    const y = parseYaml(rel, text, 0);
    if (y.problems.length === 0) ({ doc, counter } = y);
  } else {
    const y = parseYaml(rel, text, 0);
    if (y.problems.length) {
      problems.push(...y.problems);
      return undefined;
    }
    ({ doc, counter } = y);
    value = y.doc.toJS();
  }
  const parsed = CATALOGUES[kind].safeParse(value);
  if (!parsed.success) {
    problems.push(...problemsFromIssues(rel, parsed.error.issues, doc, counter, 0, 1));
    return undefined;
  }
  return { data: parsed.data, lineOf: lineLocator(doc, counter, 0) };
}

/**
 * Reads a folder to publish: one markdown file per policy (YAML front matter, then the
 * text) and roles / named-leads / workforce-model / bank-holidays as YAML or JSON.
 * Every problem is collected (file, line, field) rather than stopping at the first,
 * so the central team can fix them in one pass.
 */
export function readContentFolder(folder: string, knownRoleIds: ReadonlySet<string>): { content: ContentFolder; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const content: ContentFolder = { policies: [], catalogues: {}, catalogueFiles: {}, catalogueLines: {} };
  let files: string[];
  try {
    if (!fs.statSync(folder).isDirectory()) throw new Error('not a folder');
    files = listFiles(folder);
  } catch (err) {
    problems.push({ file: folder, message: `cannot read the folder: ${(err as Error).message}` });
    return { content, problems };
  }
  const seenIds = new Map<string, string>();
  for (const full of files) {
    const rel = path.relative(folder, full).split(path.sep).join('/');
    const base = path.basename(full);
    const isMd = base.toLowerCase().endsWith('.md');
    const cat = CATALOGUE_FILE.exec(base);
    if (!isMd && !cat) continue;
    if (isMd && base.toLowerCase() === 'readme.md') continue;
    if (fs.statSync(full).size > MAX_FILE_BYTES) {
      problems.push({ file: rel, message: 'the file is larger than 1 MB' });
      continue;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(full));
    } catch {
      problems.push({ file: rel, message: 'the file is not UTF-8 text' });
      continue;
    }
    if (isMd) {
      const policy = readPolicy(rel, text, problems);
      if (!policy) continue;
      const other = seenIds.get(policy.front.id);
      if (other) {
        problems.push({ file: rel, line: 2, field: 'id', message: `the id ${policy.front.id} is already used by ${other}` });
        continue;
      }
      seenIds.set(policy.front.id, rel);
      content.policies.push(policy);
    } else if (cat) {
      const kind = cat[1] as CatalogueKind;
      if (content.catalogues[kind] !== undefined) {
        problems.push({ file: rel, message: `a second ${kind} catalogue; keep one file per catalogue` });
        continue;
      }
      const read = readCatalogue(rel, kind, text, cat[2] === 'json', problems);
      content.catalogueFiles[kind] = rel;
      if (read !== undefined) {
        content.catalogues[kind] = read.data;
        content.catalogueLines[kind] = read.lineOf;
      }
    }
  }
  crossCheck(content, knownRoleIds, problems);
  return { content, problems };
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

function crossCheck(content: ContentFolder, knownRoleIds: ReadonlySet<string>, problems: ContentProblem[]): void {
  const at = (kind: CatalogueKind, field: (string | number)[]): { file: string; line?: number } => {
    const line = content.catalogueLines[kind]?.(field);
    return { file: content.catalogueFiles[kind] ?? kind, ...(line ? { line } : {}) };
  };
  const roles = content.catalogues.roles as { roles: { id: string }[] } | undefined;
  const roleIds = roles ? new Set(roles.roles.map((r) => r.id)) : knownRoleIds;
  if (roles) for (const d of duplicates(roles.roles.map((r) => r.id))) problems.push({ ...at('roles', ['roles']), field: 'roles', message: `the role id ${d} appears twice` });
  const leads = content.catalogues['named-leads'] as { leadTypes: { id: string }[] } | undefined;
  if (leads) for (const d of duplicates(leads.leadTypes.map((r) => r.id))) problems.push({ ...at('named-leads', ['leadTypes']), field: 'leadTypes', message: `the lead type ${d} appears twice` });
  const holidays = content.catalogues['bank-holidays'] as { dates: { date: string }[] } | undefined;
  if (holidays) for (const d of duplicates(holidays.dates.map((r) => r.date))) problems.push({ ...at('bank-holidays', ['dates']), field: 'dates', message: `${d} appears twice` });
  const model = content.catalogues['workforce-model'] as { targets: { role: string }[] } | undefined;
  if (model) {
    model.targets.forEach((t, i) => {
      if (!roleIds.has(t.role)) problems.push({ ...at('workforce-model', ['targets', i, 'role']), field: `targets[${i}].role`, message: `${t.role} is not in the role catalogue` });
    });
    for (const d of duplicates(model.targets.map((t) => t.role))) problems.push({ ...at('workforce-model', ['targets']), field: 'targets', message: `the role ${d} has two targets` });
  }
  for (const p of content.policies) {
    (p.front.roles ?? []).forEach((r, i) => {
      const line = p.lineOf(['roles', i]);
      if (!roleIds.has(r)) problems.push({ file: p.file, ...(line ? { line } : {}), field: `roles[${i}]`, message: `${r} is not in the role catalogue` });
    });
  }
}

export { CATALOGUE_KINDS };
