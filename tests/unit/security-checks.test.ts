// @vitest-environment node
/**
 * `npm run security`'s rules (scripts/security/checks.ts): HIGH findings always fail,
 * MEDIUM ones only pass with a reasoned allow-list entry, stale entries fail, inline
 * suppressions are refused, and an audit that got no answer is never a pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowListSchema, inlineSuppressions, interpretAudit, triageFindings, type AllowList, type Finding, type Severity } from '../../scripts/security/checks';

const root = path.resolve(import.meta.dirname, '../..');

const finding = (id: string, severity: Severity, file = 'electron/main/window.ts'): Finding => ({
  id,
  severity: { name: severity },
  confidence: { name: 'FIRM' },
  file,
  location: { line: 10, column: 2 },
});
const entry = (id: string, file = 'electron/main/window.ts') => ({
  id,
  file,
  reason: 'Explained at length: the control is in policy.ts and is tested there.',
  tests: ['tests/unit/electron-policy.test.ts'],
});

describe('Electronegativity triage', () => {
  it('fails on any HIGH finding, even one on the allow-list', () => {
    const allow: AllowList = { entries: [entry('CONTEXT_ISOLATION_JS_CHECK')] };
    const t = triageFindings([finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH')], allow);
    expect(t.failures.some((f) => f.startsWith('HIGH finding CONTEXT_ISOLATION_JS_CHECK'))).toBe(true);
  });

  it('passes a MEDIUM finding only when an entry for that check and file explains it', () => {
    const allow: AllowList = { entries: [entry('PRELOAD_JS_CHECK')] };
    expect(triageFindings([finding('PRELOAD_JS_CHECK', 'MEDIUM')], allow)).toMatchObject({ failures: [], allowed: [{ entry: { id: 'PRELOAD_JS_CHECK' } }] });
    const elsewhere = triageFindings([finding('PRELOAD_JS_CHECK', 'MEDIUM'), finding('PRELOAD_JS_CHECK', 'MEDIUM', 'electron/main/other.ts')], allow);
    expect(elsewhere.failures).toEqual([expect.stringContaining('PRELOAD_JS_CHECK (MEDIUM, FIRM) at electron/main/other.ts:10 is not explained')]);
    expect(triageFindings([finding('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM')], { entries: [] }).failures).toHaveLength(1);
  });

  it('reports LOW and informational findings without failing', () => {
    const t = triageFindings([finding('CSP_GLOBAL_CHECK', 'LOW', 'index.html'), finding('X', 'INFORMATIONAL')], { entries: [] });
    expect(t.failures).toEqual([]);
    expect(t.reported).toHaveLength(2);
  });

  it('fails on an allow-list entry that no longer matches anything', () => {
    const t = triageFindings([], { entries: [entry('PRELOAD_JS_CHECK')] });
    expect(t.failures).toEqual([expect.stringContaining('matches no finding any more')]);
  });

  it('refuses entries without a real reason or a test', () => {
    expect(allowListSchema.safeParse({ entries: [{ ...entry('A_B'), reason: 'fine' }] }).success).toBe(false);
    expect(allowListSchema.safeParse({ entries: [{ ...entry('A_B'), tests: [] }] }).success).toBe(false);
    expect(allowListSchema.safeParse({ entries: [{ ...entry('A_B'), extra: 1 }] }).success).toBe(false);
  });

  it('the checked-in allow-list is valid and cites tests that exist', () => {
    const allow = allowListSchema.parse(JSON.parse(fs.readFileSync(path.join(root, 'security/electronegativity-allow.json'), 'utf8')));
    expect(allow.entries.length).toBeGreaterThan(0);
    for (const e of allow.entries) for (const t of e.tests) expect(fs.existsSync(path.join(root, t)), t).toBe(true);
  });

  it('refuses inline eng-disable comments, and electron/ has none', () => {
    expect(inlineSuppressions([{ path: 'a.ts', text: 'x // eng-disable PRELOAD_JS_CHECK' }, { path: 'b.ts', text: 'ok' }])).toEqual(['a.ts']);
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const files = walk(path.join(root, 'electron')).map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
    expect(inlineSuppressions(files)).toEqual([]);
  });
});

describe('npm audit outcome', () => {
  const report = (vulns: Record<string, { name: string; severity: string }>, counts: Record<string, number>) =>
    JSON.stringify({ auditReportVersion: 2, vulnerabilities: vulns, metadata: { vulnerabilities: counts } });

  it('is clean only for a real report with no high or critical advisory', () => {
    expect(interpretAudit(report({}, { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 }))).toMatchObject({ kind: 'clean' });
    expect(interpretAudit(report({ tmp: { name: 'tmp', severity: 'low' } }, { low: 1, total: 1 }))).toMatchObject({ kind: 'clean' });
  });

  it('names the packages with high or critical advisories', () => {
    const out = interpretAudit(report({ a: { name: 'a', severity: 'critical' }, b: { name: 'b', severity: 'high' }, c: { name: 'c', severity: 'moderate' } }, { high: 1, critical: 1, total: 3 }));
    expect(out).toEqual({ kind: 'advisories', counts: { high: 1, critical: 1, total: 3 }, packages: ['a (critical)', 'b (high)'] });
  });

  it('treats no answer from the registry as unavailable, never as clean', () => {
    // What npm 11 prints when a proxy refuses the audit POST, and when the registry is unreachable.
    expect(interpretAudit(JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', error: { summary: '', detail: '' } }))).toEqual({
      kind: 'unavailable',
      message: expect.stringContaining('405 Method Not Allowed') as string,
    });
    expect(interpretAudit(JSON.stringify({ message: 'request to http://127.0.0.1:9/ failed, reason: connect ECONNREFUSED', error: { summary: '', detail: '' } })).kind).toBe('unavailable');
    expect(interpretAudit('').kind).toBe('unavailable');
    expect(interpretAudit('{}').kind).toBe('unavailable');
    expect(interpretAudit('npm error network').kind).toBe('unavailable');
  });
});
