/** The catalogue in use: roles, named-lead types and bank holidays (built in, or the hub's once synced). */
import { z } from 'zod';
import { defineChannels, none } from './spec';

export const CatalogueOut = z.object({
  sources: z.object({ roles: z.enum(['hub', 'built-in']), leadTypes: z.enum(['hub', 'built-in']), bankHolidays: z.enum(['hub', 'built-in']) }),
  release: z.number().int().nullable(),
  roles: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      category: z.enum(['gp', 'nursing', 'allied', 'pharmacy', 'wellbeing', 'admin']),
      arrs: z.boolean(),
      bodies: z.array(z.enum(['GMC', 'NMC', 'HCPC', 'GPhC'])).readonly(),
      usuallySessions: z.boolean(),
      retired: z.boolean(),
    }),
  ),
  leadTypes: z.array(z.object({ code: z.string(), label: z.string(), mandatory: z.boolean(), deputyRequired: z.boolean() })),
  bankHolidays: z.array(z.object({ date: z.string(), title: z.string() })),
});
export type CatalogueOut = z.infer<typeof CatalogueOut>;

export const catalogueChannels = defineChannels({
  'catalogue.current': {
    doc: "The catalogue in use: MDT roles (retired ones marked), named-lead types and bank holidays; the hub's from the release that brought them, built-in before that.",
    input: none,
    output: CatalogueOut,
    access: 'signedIn',
    kind: 'read',
  },
});
