/**
 * What the hub publishes, as the practice receives it: one JSON file per policy version
 * and one per catalogue, each a TUF target. The hub validates its source folder against
 * these schemas before signing anything, and the practice validates every verified
 * target against them again before applying it (a signature proves who sent it, not
 * that it is well formed).
 */
import { z } from 'zod';

export const CONTENT_ID = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;
const ContentId = z.string().regex(CONTENT_ID, { error: 'must be 3–64 lower-case letters, digits and hyphens, like sepsis-recognition' });
const IsoDate = z.iso.date({ error: 'must be a real date written YYYY-MM-DD' });
const RoleId = z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, { error: 'must be a role id such as practice_nurse' });

export const CHANGE_KINDS = ['substantive', 'minor'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** The YAML front matter of a policy or protocol file, as the central team writes it. */
export const PolicyFrontMatter = z.strictObject({
  id: ContentId,
  title: z.string().trim().min(3, { error: 'must be at least 3 characters' }).max(200, { error: 'must be 200 characters or fewer' }),
  category: z.string().trim().min(2, { error: 'must be at least 2 characters' }).max(60, { error: 'must be 60 characters or fewer' }),
  mandatory: z.boolean({ error: 'must be true or false' }),
  effective: IsoDate.optional(),
  review: IsoDate.optional(),
  change: z.enum(CHANGE_KINDS, { error: 'must be substantive or minor' }).optional(),
  summary: z.string().trim().max(1000, { error: 'must be 1000 characters or fewer' }).optional(),
  roles: z.array(RoleId).max(100).optional(),
});
export type PolicyFrontMatter = z.infer<typeof PolicyFrontMatter>;

export const MAX_POLICY_BODY = 256 * 1024;

/** A published policy version (the target file). */
export const PolicyTarget = z.strictObject({
  type: z.literal('policy'),
  id: ContentId,
  version: z.number().int().min(1),
  title: z.string().min(1).max(200),
  category: z.string().min(1).max(60),
  mandatory: z.boolean(),
  effective: IsoDate.nullable(),
  review: IsoDate.nullable(),
  change: z.enum(CHANGE_KINDS),
  summary: z.string().max(1000),
  roles: z.array(RoleId).max(100),
  body: z.string().min(1).max(MAX_POLICY_BODY),
  publishedAt: z.iso.datetime(),
});
export type PolicyTarget = z.infer<typeof PolicyTarget>;

export const ROLE_CATEGORIES = ['gp', 'nursing', 'allied', 'pharmacy', 'wellbeing', 'admin'] as const;
export const PROFESSIONAL_BODIES = ['GMC', 'NMC', 'HCPC', 'GPhC'] as const;

export const RoleCatalogueSource = z.strictObject({
  roles: z
    .array(
      z.strictObject({
        id: RoleId,
        label: z.string().trim().min(2).max(80),
        category: z.enum(ROLE_CATEGORIES, { error: `must be one of ${ROLE_CATEGORIES.join(', ')}` }),
        arrs: z.boolean({ error: 'must be true or false' }),
        bodies: z.array(z.enum(PROFESSIONAL_BODIES, { error: `must be one of ${PROFESSIONAL_BODIES.join(', ')}` })).default([]),
        usuallySessions: z.boolean().default(false),
        /** Kept so that staff records using it still read, but not offered for new ones. */
        retired: z.boolean().default(false),
      }),
    )
    .min(1, { error: 'must list at least one role' })
    .max(500),
});
export type RoleCatalogueSource = z.infer<typeof RoleCatalogueSource>;

export const NamedLeadsSource = z.strictObject({
  leadTypes: z
    .array(
      z.strictObject({
        id: RoleId,
        label: z.string().trim().min(2).max(100),
        mandatory: z.boolean({ error: 'must be true or false' }),
        deputyRequired: z.boolean().default(false),
        description: z.string().trim().max(500).default(''),
      }),
    )
    .min(1, { error: 'must list at least one named-lead type' })
    .max(200),
});
export type NamedLeadsSource = z.infer<typeof NamedLeadsSource>;

export const WorkforceModelSource = z.strictObject({
  perPatients: z.literal(10000, { error: 'must be 10000 (targets are WTE per 10,000 registered patients)' }),
  targets: z
    .array(z.strictObject({ role: RoleId, wte: z.number({ error: 'must be a number' }).min(0).max(100) }))
    .min(1, { error: 'must list at least one role' })
    .max(500),
});
export type WorkforceModelSource = z.infer<typeof WorkforceModelSource>;

export const BankHolidaysSource = z.strictObject({
  region: z.string().trim().min(2).max(60),
  dates: z.array(z.strictObject({ date: IsoDate, title: z.string().trim().min(2).max(100) })).max(1000),
});
export type BankHolidaysSource = z.infer<typeof BankHolidaysSource>;

export const CATALOGUES = {
  roles: RoleCatalogueSource,
  'named-leads': NamedLeadsSource,
  'workforce-model': WorkforceModelSource,
  'bank-holidays': BankHolidaysSource,
} as const;
export type CatalogueKind = keyof typeof CATALOGUES;
export const CATALOGUE_KINDS = Object.keys(CATALOGUES) as CatalogueKind[];

/** A published catalogue (the target file). */
export const CatalogueTarget = z.strictObject({
  type: z.literal('catalogue'),
  id: z.enum(['roles', 'named-leads', 'workforce-model', 'bank-holidays']),
  version: z.number().int().min(1),
  publishedAt: z.iso.datetime(),
  data: z.unknown(),
});
export type CatalogueTarget = z.infer<typeof CatalogueTarget>;

/** The release marker: which release the practice now holds. */
export const ReleaseTarget = z.strictObject({
  type: z.literal('release'),
  release: z.number().int().min(1),
  publishedAt: z.iso.datetime(),
  items: z.number().int().min(0),
});
export type ReleaseTarget = z.infer<typeof ReleaseTarget>;

/** The `custom` field of every Spoke target in the TUF targets metadata. */
export const TargetCustom = z.object({
  id: z.string(),
  kind: z.enum(['policy', 'catalogue', 'release']),
  version: z.number().int().min(1),
  change: z.enum(CHANGE_KINDS).optional(),
  effective: IsoDate.nullable().optional(),
  review: IsoDate.nullable().optional(),
  published: z.iso.datetime(),
});
export type TargetCustom = z.infer<typeof TargetCustom>;

export const targetPathFor = {
  policy: (id: string) => `policies/${id}.json`,
  catalogue: (id: string) => `catalogues/${id}.json`,
  release: () => 'release.json',
};


const AdoptionStateName = z.enum(['new', 'update_available', 'overdue', 'declined', 'adopted', 'review_due', 'review_overdue']);

/**
 * What each kind of report carries. Every payload names the practice it describes, and
 * the hub refuses a report naming any practice but the one whose token sent it.
 */
export const REPORT_PAYLOADS = {
  adoption: z.strictObject({
    practiceId: z.uuid(),
    release: z.number().int().min(0).nullable(),
    syncedAt: z.iso.datetime(),
    counts: z.partialRecord(AdoptionStateName, z.number().int().min(0)),
    items: z
      .array(
        z.strictObject({
          id: z.string().regex(CONTENT_ID),
          offered: z.number().int().min(1),
          adopted: z.number().int().min(1).nullable(),
          state: AdoptionStateName,
          effective: IsoDate.nullable(),
        }),
      )
      .max(500),
    truncated: z.boolean(),
  }),
  acknowledgements: z.strictObject({
    practiceId: z.uuid(),
    protocols: z
      .array(z.strictObject({ kind: z.enum(['central', 'local']), id: z.string().min(1).max(64), title: z.string().max(200), signed: z.number().int().min(0), toSign: z.number().int().min(0) }))
      .max(300),
    truncated: z.boolean(),
    people: z.strictObject({ total: z.number().int().min(0), complete: z.number().int().min(0) }),
  }),
  workforce: z.strictObject({
    practiceId: z.uuid(),
    asOf: IsoDate,
    listSize: z.number().int().min(0).max(1_000_000),
    totals: z.strictObject({ headcount: z.number().int().min(0), wte: z.number().min(0), arrsWte: z.number().min(0), coreWte: z.number().min(0) }),
    roles: z.array(z.strictObject({ role: RoleId, headcount: z.number().int().min(0), wte: z.number().min(0).max(10_000) })).max(500),
    /** Named-lead gaps: null from a practice whose Spoke does not keep named leads yet. */
    namedLeads: z
      .strictObject({
        gaps: z
          .array(
            z.strictObject({
              leadType: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { error: 'must be a lead type code such as dpo' }),
              /** The practice's own name for it, for types the hub does not publish. */
              label: z.string().min(1).max(100).optional(),
              deputy: z.boolean(),
            }),
          )
          .max(200),
      })
      .nullable(),
  }),
} as const;
export type AdoptionReport = z.infer<(typeof REPORT_PAYLOADS)['adoption']>;
export type AcknowledgementsReport = z.infer<(typeof REPORT_PAYLOADS)['acknowledgements']>;
export type WorkforceReport = z.infer<(typeof REPORT_PAYLOADS)['workforce']>;

/** Reports a practice sends to the hub, one schema per kind (payloads above). */
export const REPORT_KINDS = ['adoption', 'acknowledgements', 'workforce'] as const;
const reportBase = { reportId: z.uuid(), createdAt: z.iso.datetime() };

/** The envelope, checked first so that a bad payload can be named by its kind. */
export const ReportEnvelope = z.strictObject({ ...reportBase, kind: z.enum(REPORT_KINDS), payload: z.record(z.string(), z.unknown()) });

export const PracticeReport = z.discriminatedUnion('kind', [
  z.strictObject({ ...reportBase, kind: z.literal('workforce'), payload: REPORT_PAYLOADS.workforce }),
  z.strictObject({ ...reportBase, kind: z.literal('adoption'), payload: REPORT_PAYLOADS.adoption }),
  z.strictObject({ ...reportBase, kind: z.literal('acknowledgements'), payload: REPORT_PAYLOADS.acknowledgements }),
]);
export type PracticeReport = z.infer<typeof PracticeReport>;
