/** The MDT workforce: headcount and WTE by role. */
import { z } from 'zod';
import { IsoDate } from './common';
import { defineChannels } from './spec';

export const WorkforceRow = z.object({
  roleId: z.string(),
  label: z.string(),
  category: z.string(),
  arrs: z.boolean(),
  headcount: z.number().int(),
  wte: z.number(),
});
export type WorkforceRow = z.infer<typeof WorkforceRow>;

export const WorkforceSummary = z.object({
  asOf: z.string(),
  rows: z.array(WorkforceRow),
  totals: z.object({ headcount: z.number().int(), wte: z.number(), arrsWte: z.number(), coreWte: z.number() }),
});
export type WorkforceSummary = z.infer<typeof WorkforceSummary>;

export const workforceChannels = defineChannels({
  'workforce.summary': {
    doc: 'Headcount and WTE by MDT role for active staff on a date (default today).',
    input: z.strictObject({ asOf: IsoDate.optional() }),
    output: WorkforceSummary,
    access: 'signedIn',
    kind: 'read',
  },
});
