// @vitest-environment node
/**
 * The hazard log, the safety case and the threat model cite the tests that show each
 * control. A citation of a test that does not exist would be a control nobody checks, so
 * this fails on any `tests/...` path (or `npm run` script) they name that is not there,
 * on a hazard with no test, and on a threat row with neither a test nor a stated reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const DOCS = ['docs/clinical-safety/hazard-log.md', 'docs/clinical-safety/safety-case.md', 'docs/threat-model.md'];

const read = (doc: string): string => fs.readFileSync(path.join(root, doc), 'utf8');
const citedTests = (text: string): string[] => [...new Set([...text.matchAll(/\btests\/[\w./-]*[\w]/g)].map((m) => m[0]))];
const citedScripts = (text: string): string[] => [...new Set([...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? ''))];

describe('clinical safety and threat model citations', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  for (const doc of DOCS) {
    it(`${doc} cites only tests and scripts that exist`, () => {
      const text = read(doc);
      const tests = citedTests(text);
      expect(tests.length).toBeGreaterThan(0);
      const missing = tests.filter((t) => !fs.existsSync(path.join(root, t)));
      expect(missing, `${doc} cites missing tests`).toEqual([]);
      const missingScripts = citedScripts(text).filter((s) => !(s in scripts));
      expect(missingScripts, `${doc} cites missing npm scripts`).toEqual([]);
    });
  }

  it('every hazard names at least one test among its controls, and has both risk ratings', () => {
    const log = read('docs/clinical-safety/hazard-log.md');
    const hazards = log.split(/^### /m).slice(1);
    expect(hazards.length).toBeGreaterThanOrEqual(7);
    for (const h of hazards) {
      const id = h.slice(0, 5);
      const controls = /^\| Controls \|(.*)$/m.exec(h)?.[1] ?? '';
      expect(citedTests(controls).length, `${id} controls cite no test`).toBeGreaterThan(0);
      expect(h, id).toMatch(/^\| Initial risk \| Severity \*\*\w+\*\*, likelihood \*\*[\w ]+\*\*: \*\*[1-5]\*\* \|$/m);
      expect(h, id).toMatch(/^\| Residual risk \| Severity \*\*\w+\*\*, likelihood \*\*[\w ]+\*\*: \*\*[1-5]\*\* \|$/m);
    }
  });

  it('every rating agrees with the DCB0129 matrix the log sets out', () => {
    const log = read('docs/clinical-safety/hazard-log.md');
    const severities = ['Minor', 'Significant', 'Considerable', 'Major', 'Catastrophic'];
    const matrix = new Map<string, number[]>();
    for (const m of log.matchAll(/^\| \*\*(Very high|High|Medium|Low|Very low)\*\* \| (\d) \| (\d) \| (\d) \| (\d) \| (\d) \|$/gm)) {
      matrix.set(m[1] ?? '', m.slice(2, 7).map(Number));
    }
    expect(matrix.size).toBe(5);
    const ratings = [...log.matchAll(/Severity \*\*(\w+)\*\*, likelihood \*\*([\w ]+)\*\*: \*\*(\d)\*\*/g)];
    expect(ratings.length).toBeGreaterThanOrEqual(14);
    for (const [text, severity = '', likelihood = '', rating] of ratings) {
      expect(matrix.get(likelihood)?.[severities.indexOf(severity)], text).toBe(Number(rating));
    }
  });

  it('every threat names a test, or says why it has none', () => {
    const model = read('docs/threat-model.md');
    const rows = model.split('\n').filter((l) => /^\| [A-Z]\d+ \|/.test(l));
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(citedTests(row).length > 0 || /no test\)/.test(row), row).toBe(true);
  });
});
