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

/** One role of the hub's workforce model beside the practice's own figures. */
export const ModelComparisonRow = z.object({
  roleId: z.string(),
  label: z.string(),
  actualWte: z.number(),
  /** The practice's WTE per 10,000 registered patients. */
  actualPer10k: z.number(),
  targetPer10k: z.number(),
  /** What the model asks of a practice this size, in WTE. */
  targetWte: z.number(),
  /** actual - target: negative is a shortfall. */
  gapWte: z.number(),
});
export type ModelComparisonRow = z.infer<typeof ModelComparisonRow>;

export const ModelComparison = z.object({
  /** The hub release the model came from. */
  release: z.number().int().nullable(),
  listSize: z.number().int(),
  rows: z.array(ModelComparisonRow),
});
export type ModelComparison = z.infer<typeof ModelComparison>;

export const WorkforceSummary = z.object({
  asOf: z.string(),
  rows: z.array(WorkforceRow),
  /** Against the hub's target workforce model; null until the model has been synced. */
  model: ModelComparison.nullable(),
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
