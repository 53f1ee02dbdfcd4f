/** The practice itself: its details and its sites. */
import { z } from 'zod';
import { ODS_PRACTICE_CODE, normaliseCode } from '../domain/identifiers';
import { label } from '../text';
import { ExpectedUpdatedAt, Id } from './common';
import { defineChannels, managerOnly } from './spec';

export const Site = z.object({
  id: Id,
  name: z.string(),
  isMain: z.boolean(),
  updatedAt: z.string(),
});
export type Site = z.infer<typeof Site>;

/**
 * Practice and site names are part of app.status, which must always load (the app cannot
 * start without it), so they are plain strings here: damaged text shows, it does not block.
 */
export const Practice = z.object({
  id: Id,
  name: z.string(),
  odsCode: z.string(),
  listSize: z.number().int(),
  sites: z.array(Site),
  isDemo: z.boolean(),
  updatedAt: z.string(),
});
export type Practice = z.infer<typeof Practice>;

export const OdsCode = z
  .string({ error: 'Enter the ODS code' })
  .max(20, { error: 'An ODS code is a letter and five digits, like A12345' })
  .transform(normaliseCode)
  .refine((v) => ODS_PRACTICE_CODE.test(v), { error: 'An ODS code is a letter and five digits, like A12345' });

export const ListSize = z
  .number({ error: 'Enter the list size as a whole number' })
  .int({ error: 'Enter the list size as a whole number' })
  .min(0, { error: 'List size cannot be negative' })
  .max(250_000, { error: 'List size must be 250,000 patients or fewer' });

export const PracticeName = label('Practice name', 120, 2);
export const SiteName = label('Site name', 80);
export const MAX_SITES = 12;

const PracticeDetailsFields = z.strictObject({
  name: PracticeName,
  odsCode: OdsCode,
  listSize: ListSize,
  sites: z
    .array(z.strictObject({ name: SiteName }))
    .min(1, { error: 'Add at least the main surgery' })
    .max(MAX_SITES, { error: `A practice can have at most ${MAX_SITES} sites` }),
});
export { PracticeDetailsFields };

export function uniqueSiteNames(v: { sites: { name: string }[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  v.sites.forEach((s, i) => {
    // A name the text policy refused has already been reported; cross-field rules skip it.
    if (typeof s.name !== 'string') return;
    const key = s.name.toLocaleLowerCase('en-GB');
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['sites', i, 'name'], message: 'Two sites cannot have the same name' });
    seen.add(key);
  });
}

/** A practice as the CLI creates it: details and sites, no people yet. */
export const PracticeDetailsInput = PracticeDetailsFields.superRefine(uniqueSiteNames);

export const PracticeUpdateInput = z.strictObject({
  name: PracticeName,
  odsCode: OdsCode,
  listSize: ListSize,
  expectedUpdatedAt: ExpectedUpdatedAt,
});
export type PracticeUpdateInput = z.input<typeof PracticeUpdateInput>;

/** Add a site (no id) or rename one (with its id and the updatedAt the editor loaded). */
export const SiteSaveInput = z
  .strictObject({ id: Id.optional(), name: SiteName, expectedUpdatedAt: ExpectedUpdatedAt.optional() })
  .refine((v) => v.id === undefined || v.expectedUpdatedAt !== undefined, {
    path: ['expectedUpdatedAt'],
    error: 'Reload the page: this edit does not say which version of the site it changes',
  });
export type SiteSaveInput = z.input<typeof SiteSaveInput>;

export const practiceChannels = defineChannels({
  'practice.update': { doc: 'Edit practice name, ODS code and list size.', input: PracticeUpdateInput, output: Practice, access: managerOnly, kind: 'write' },
  'sites.save': { doc: 'Add a site, or rename one; returns the practice with its sites.', input: SiteSaveInput, output: Practice, access: managerOnly, kind: 'write' },
});
