/**
 * The text policy over every text field in the contract. The fields are found by walking
 * the contract's input schemas (every text-policy schema is registered in shared/text.ts),
 * so a new field is covered with no new test code; a write channel with text fields needs
 * only a sample input below, and the test fails until it has one.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Channel } from '../../shared/channels';
import { contract } from '../../shared/contract';
import { applyTextPolicy, codePointLength, isWellFormed, textFields, type TextRule } from '../../shared/text';
import { PracticeCore } from '../../electron/core/practice-core';
import { caller, demoCore, sampleStaff } from '../helpers/core';
import type { Envelope } from '../../shared/errors';

type Path = (string | number)[];
interface TextFieldSite {
  channel: Channel;
  path: Path;
  rule: TextRule;
}

/** Every registered text field under a schema, with its path (array items as index 0). */
function findTextFields(schema: z.ZodType, path: Path, out: { path: Path; rule: TextRule }[], seen = new Set<unknown>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const rule = textFields.get(schema);
  if (rule) {
    out.push({ path, rule });
    return;
  }
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const walk = (s: unknown, p: Path) => findTextFields(s as z.ZodType, p, out, seen);
  switch (def.type) {
    case 'object':
      for (const [k, v] of Object.entries(def['shape'] as Record<string, unknown>)) walk(v, [...path, k]);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      walk(def['innerType'], path);
      break;
    case 'array':
      walk(def['element'], [...path, 0]);
      break;
    case 'pipe':
      walk(def['in'], path);
      walk(def['out'], path);
      break;
    case 'union':
      for (const o of def['options'] as unknown[]) walk(o, path);
      break;
    case 'intersection':
      walk(def['left'], path);
      walk(def['right'], path);
      break;
    default:
      break;
  }
}

const SITES: TextFieldSite[] = Object.entries(contract).flatMap(([channel, spec]) => {
  const found: { path: Path; rule: TextRule }[] = [];
  findTextFields(spec.input, [], found);
  return found.map((f) => ({ channel: channel as Channel, ...f }));
});

/** A core to try the channel on, and a valid input for it (text fields are then replaced). */
type Sample = () => {
  core: PracticeCore;
  input: Record<string, unknown>;
  fresh: boolean;
  /** Who calls (default: the shared demo's practice manager). */
  as?: ReturnType<typeof caller>;
  /** Reads that show the saved text when no list does (a protocol's body is read on its page). */
  readBack?: (c: ReturnType<typeof caller>, value: unknown) => Envelope<unknown>;
};

const shared = demoCore();
afterAll(() => shared.core.close());
const demoSites = () => shared.c.ok('app.status', {}).practice?.sites ?? [];

function freshPractice(withProfiles: boolean): PracticeCore {
  const core = new PracticeCore({ dataDir: null });
  if (withProfiles) caller(core).ok('practice.openDemo', {});
  else core.createPractice({ name: 'Blank Practice', odsCode: 'Z99002', listSize: 0, sites: [{ name: 'Main' }], isDemo: false });
  return core;
}

/** A different date each call, so each sample's leave never overlaps an earlier one. */
let nextLeaveDay = 0;
const freshLeaveDate = () => {
  const d = new Date(Date.UTC(2026, 10, 24 + nextLeaveDay++));
  return d.toISOString().slice(0, 10);
};
let nextDutyCode = 0;
const managerStaffId = () => shared.c.ok('app.status', {}).profile?.staffId ?? '';
/** A leave request made through the channel, for the manager to decide on. */
const requestedLeave = () => shared.c.ok('leave.request', { staffId: managerStaffId(), type: 'study', startDate: freshLeaveDate(), endDate: freshLeaveDate() });
/**
 * The protocol samples get a demo practice of their own (the staff samples above grow the
 * shared one by hundreds of people), with an optional central protocol as a sync would
 * have applied it, and a clinical lead to act on it.
 */
const proto = demoCore();
afterAll(() => proto.core.close());
const lead = caller(proto.core);
{
  const doc = {
    type: 'policy' as const,
    id: 'text-sample',
    version: 1,
    title: 'Text sample',
    category: 'Testing',
    mandatory: false,
    effective: null,
    review: null,
    change: 'substantive' as const,
    summary: '',
    roles: [],
    body: 'Sample.',
    publishedAt: '2026-01-01T00:00:00.000Z',
  };
  proto.core.protocols.keepCentralVersion(doc, doc.publishedAt);
  proto.core.sync.repo.putItem({ path: 'policies/text-sample.json', kind: 'policy', item_id: doc.id, version: 1, sha256: 'x', title: doc.title, change_kind: 'substantive', body_json: JSON.stringify(doc), release: 1, arrived_at: doc.publishedAt });
  const leadProfile = proto.core.db.prepare("SELECT id FROM profile WHERE app_role = 'clinical_lead' LIMIT 1").pluck().get() as string;
  lead.ok('session.signIn', { profileId: leadProfile });
}
const detailOf = (c: ReturnType<typeof caller>, value: unknown) => c.raw('protocols.get', { kind: (value as { kind: string }).kind, id: (value as { id: string }).id });

const SAMPLES: Partial<Record<Channel, Sample>> = {
  'protocols.decline': () => ({ core: proto.core, fresh: false, as: lead, input: { id: 'text-sample', version: 1, reason: 'Not for us' }, readBack: detailOf }),
  'protocols.saveAddendum': () => ({
    core: proto.core,
    fresh: false,
    as: lead,
    input: { id: 'text-sample', expectedVersion: proto.core.protocols.repo.addendums('text-sample')[0]?.version ?? 0, body: 'Local note', change: 'minor' },
    readBack: detailOf,
  }),
  'protocols.saveLocal': () => ({
    core: shared.core,
    fresh: false,
    input: { title: 'Local sample', body: 'Text', ownerStaffId: shared.core.db.prepare('SELECT id FROM staff LIMIT 1').pluck().get(), review: null, roles: [], change: 'substantive' },
    readBack: detailOf,
  }),
  'practice.setup': () => ({
    core: new PracticeCore({ dataDir: null }),
    fresh: true,
    input: { name: 'Test Practice', odsCode: 'Z99003', listSize: 1000, sites: [{ name: 'Main' }], manager: { givenName: 'Ann', familyName: 'Lee' } },
  }),
  'profiles.bootstrap': () => ({ core: freshPractice(false), fresh: true, input: { givenName: 'Ann', familyName: 'Lee' } }),
  'practice.update': () => {
    const p = shared.c.ok('app.status', {}).practice;
    return { core: shared.core, fresh: false, input: { name: p?.name ?? '', odsCode: p?.odsCode ?? '', listSize: 1, expectedUpdatedAt: p?.updatedAt ?? '' } };
  },
  'sites.save': () => {
    const site = demoSites()[1];
    return { core: shared.core, fresh: false, input: { id: site?.id ?? '', name: 'Branch', expectedUpdatedAt: site?.updatedAt ?? '' } };
  },
  'rota.apply': () => {
    // The manager's Tuesday morning, in the default four weeks every list read shows.
    const staffId = managerStaffId();
    const current = shared.core.rota.repo.assignmentsInCell(staffId, '2026-11-24', 'am')[0];
    const duty = shared.core.rota.repo.dutyByCode('ADM');
    return {
      core: shared.core,
      fresh: false,
      input: {
        action: 'Edit',
        ops: [
          {
            op: 'set',
            staffId,
            date: '2026-11-24',
            session: 'am',
            siteId: demoSites()[0]?.id ?? '',
            dutyId: duty?.id ?? '',
            note: 'Cover',
            replaces: current ? { id: current.id, expectedUpdatedAt: current.updatedAt } : null,
          },
        ],
      },
    };
  },
  'rota.duties.save': () => ({ core: shared.core, fresh: false, input: { code: `Q${(nextDutyCode++).toString(36).toUpperCase()}`, name: 'Duty', colour: '#123456' } }),
  'leave.request': () => {
    const day = freshLeaveDate();
    return { core: shared.core, fresh: false, input: { staffId: managerStaffId(), type: 'study', startDate: day, endDate: day, note: 'Note' } };
  },
  'leave.decide': () => {
    const l = requestedLeave();
    return { core: shared.core, fresh: false, input: { id: l.id, expectedUpdatedAt: l.updatedAt, decision: 'decline', reason: 'Reason' } };
  },
  'leads.types.save': () => ({ core: shared.core, fresh: false, input: { label: 'Lead type' } }),
  'staff.create': () => ({
    core: shared.core,
    fresh: false,
    input: { ...sampleStaff(demoSites()[0]?.id ?? ''), roleId: 'receptionist', professionalBody: null, registrationNumber: null, competencies: [] },
  }),
};

function withValue(input: Record<string, unknown>, path: Path, value: string): Record<string, unknown> {
  const copy = structuredClone(input);
  let at: Record<string | number, unknown> = copy;
  path.slice(0, -1).forEach((k) => (at = at[k] as Record<string | number, unknown>));
  at[path[path.length - 1] as string | number] = value;
  return copy;
}

const rowCount = (core: PracticeCore) =>
  core.db.prepare("SELECT (SELECT count(*) FROM practice) + (SELECT count(*) FROM site) + (SELECT count(*) FROM staff) + (SELECT count(*) FROM profile) + (SELECT count(*) FROM audit_log)").pluck().get();

/** Every read channel that takes no required input, signed in as the practice manager. */
const READS = (Object.keys(contract) as Channel[]).filter((ch) => contract[ch].kind === 'read' && contract[ch].input.safeParse({}).success && ch !== 'session.signOut');

/** Awkward text from the whole of Unicode, unpaired surrogates included, plus known troublemakers. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 90 }),
  fc.string({ unit: 'grapheme', maxLength: 70 }),
  fc.constantFrom(
    'a'.repeat(59) + '\uD800',
    '\u200B\u200B',
    '\u3164',
    '\u202Etloh',
    'Sam\u0000ira',
    'two\nlines',
    'Zoe\u0308',
    ' Siân  ap Rhys ',
    'Łukasz Żółć',
    '山田 太郎',
    'Ella 🌟',
    '\uFFFD',
    '\uDC00abc',
  ),
);

describe('one text policy for every text field in the contract', () => {
  it('finds the text fields of the contract', () => {
    const names = SITES.map((s) => `${s.channel}:${s.path.join('.')}`);
    expect(names).toEqual(expect.arrayContaining(['staff.create:givenName', 'staff.update:staff.familyName', 'sites.save:name', 'practice.setup:sites.0.name']));
  });

  it('every write channel with a text field has a sample input to try it with', () => {
    const missing = [...new Set(SITES.map((s) => s.channel))].filter((ch) => contract[ch].kind === 'write' && !SAMPLES[ch] && !ch.endsWith('.update'));
    expect(missing, 'add a sample input for these channels in tests/integration/text-policy.test.ts').toEqual([]);
  });

  const tried = SITES.filter((s) => SAMPLES[s.channel]);
  it.each(tried.map((s) => [`${s.channel} ${s.path.join('.')}`, s] as const))('%s: accepted text reads back identical, and every list still loads', (_name, site) => {
    const sample = SAMPLES[site.channel];
    if (!sample) throw new Error('no sample');
    fc.assert(
      fc.property(anyText, (raw) => {
        const { core, input, fresh, as, readBack } = sample();
        try {
          const c = fresh ? caller(core) : (as ?? shared.c);
          const before = rowCount(core);
          const env = c.raw(site.channel, withValue(input, site.path, raw));
          const verdict = applyTextPolicy(raw, site.rule);
          if (!env.ok) {
            // Refused: nothing at all was written.
            expect(rowCount(core)).toBe(before);
            return;
          }
          // Accepted only what the policy accepts, stored exactly as it normalised it.
          expect(verdict.ok).toBe(true);
          if (!verdict.ok) return;
          const stored = verdict.value;
          expect(isWellFormed(stored)).toBe(true);
          expect(stored).toBe(stored.normalize('NFC'));
          expect(codePointLength(stored)).toBeLessThanOrEqual(site.rule.max);
          // Every list that could contain it still loads, with nothing needing attention,
          // and the text is in them exactly as stored.
          const reads = [...READS.map((ch) => c.raw(ch, {})), ...(readBack ? [readBack(c, env.value)] : [])];
          for (const r of reads) {
            expect(r.ok).toBe(true);
            if (r.ok) expect(r.attention ?? []).toEqual([]);
          }
          if (stored !== '') expect(JSON.stringify(reads)).toContain(JSON.stringify(stored).slice(1, -1));
          expect(core.check()).toEqual([]);
        } finally {
          if (fresh) core.close();
        }
      }),
      { numRuns: 120 },
    );
    // 120 runs each reading every list (the rota's four weeks among them): more than the
    // default 20 s on a busy 2-core machine.
  }, 120_000);
});
