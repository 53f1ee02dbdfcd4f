/**
 * The decisions behind `npm run security`, kept free of I/O so that
 * tests/unit/security-checks.test.ts can hold them: which Electronegativity findings fail
 * the run, what a checked-in allow-list entry must say, and what an `npm audit` run
 * means (clean, advisories, or no answer at all, which is never a pass).
 */
import { z } from 'zod';

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One Electronegativity finding, as its programmatic runner reports it. */
export const findingSchema = z.object({
  id: z.string(),
  severity: z.object({ name: z.enum(SEVERITIES) }),
  confidence: z.object({ name: z.string() }),
  file: z.string(),
  location: z.object({ line: z.number(), column: z.number() }),
  sample: z.string().optional(),
  description: z.string().optional(),
});
export type Finding = z.infer<typeof findingSchema>;

/** security/electronegativity-allow.json: each MEDIUM finding accepted, with why. */
export const allowListSchema = z.strictObject({
  entries: z.array(
    z.strictObject({
      id: z.string().regex(/^[A-Z_]+$/),
      file: z.string().min(1),
      reason: z.string().min(40, 'a reason must explain why the finding is safe (40 characters or more)'),
      tests: z.array(z.string().regex(/^tests\//)).min(1, 'name the test(s) that show the control'),
    }),
  ),
});
export type AllowList = z.infer<typeof allowListSchema>;
export type AllowEntry = AllowList['entries'][number];

export interface Triage {
  /** Reasons the run fails, one line each. */
  failures: string[];
  /** MEDIUM findings the allow-list explains. */
  allowed: { finding: Finding; entry: AllowEntry }[];
  /** LOW and informational findings: reported, not failing. */
  reported: Finding[];
}

const where = (f: Finding): string => `${f.id} (${f.severity.name}, ${f.confidence.name}) at ${f.file}:${f.location.line}`;

/**
 * HIGH fails whatever the allow-list says; MEDIUM fails unless an entry for the same
 * check and file explains it; an entry that matches no finding fails too, so the list
 * cannot quietly outlive the code it excused.
 */
export function triageFindings(findings: readonly Finding[], allow: AllowList): Triage {
  const failures: string[] = [];
  const allowed: Triage['allowed'] = [];
  const reported: Finding[] = [];
  const used = new Set<AllowEntry>();
  for (const f of findings) {
    if (f.severity.name === 'HIGH') {
      failures.push(`HIGH finding ${where(f)}: fix it (HIGH findings cannot be allow-listed)`);
      continue;
    }
    if (f.severity.name === 'MEDIUM') {
      const entry = allow.entries.find((e) => e.id === f.id && e.file === f.file);
      if (entry) {
        used.add(entry);
        allowed.push({ finding: f, entry });
      } else {
        failures.push(`MEDIUM finding ${where(f)} is not explained in security/electronegativity-allow.json`);
      }
      continue;
    }
    reported.push(f);
  }
  for (const e of allow.entries) {
    if (!used.has(e)) failures.push(`allow-list entry ${e.id} for ${e.file} matches no finding any more: remove it`);
  }
  return { failures, allowed, reported };
}

/** Electronegativity honours `eng-disable` comments, which would hide a finding from the allow-list. */
export function inlineSuppressions(files: readonly { path: string; text: string }[]): string[] {
  return files.filter((f) => /eng-disable/i.test(f.text)).map((f) => f.path);
}

export type AuditOutcome =
  | { kind: 'clean'; counts: Record<string, number> }
  | { kind: 'advisories'; counts: Record<string, number>; packages: string[] }
  | { kind: 'unavailable'; message: string };

const auditReportSchema = z.object({
  vulnerabilities: z.record(z.string(), z.object({ severity: z.string(), name: z.string() })),
  metadata: z.object({ vulnerabilities: z.record(z.string(), z.number()) }),
});

/**
 * Reads `npm audit --omit=dev --audit-level=high --json`. Only a well-formed report
 * counts: a network error, an audit endpoint that refuses (some proxies allow only GET),
 * or output that is not a report is "unavailable", never clean.
 */
export function interpretAudit(stdout: string): AuditOutcome {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return { kind: 'unavailable', message: 'npm audit printed no report' };
  }
  const report = auditReportSchema.safeParse(json);
  if (!report.success) {
    const obj = json as { message?: unknown; error?: { summary?: unknown } } | null;
    const said = typeof obj?.message === 'string' && obj.message ? obj.message : typeof obj?.error?.summary === 'string' ? obj.error.summary : '';
    return { kind: 'unavailable', message: said ? `the audit service did not answer: ${said}` : 'npm audit printed no report' };
  }
  const counts = report.data.metadata.vulnerabilities;
  const packages = Object.values(report.data.vulnerabilities)
    .filter((v) => v.severity === 'high' || v.severity === 'critical')
    .map((v) => `${v.name} (${v.severity})`)
    .sort();
  return packages.length ? { kind: 'advisories', counts, packages } : { kind: 'clean', counts };
}
