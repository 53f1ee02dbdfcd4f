/**
 * The named-lead register: lead types (the default list; later the hub's), a lead and a
 * deputy per type with from/to dates, vacancies, and each lead's coming absences.
 */
import { z } from 'zod';
import { label } from '../text';
import { ExpectedUpdatedAt, Id } from './common';
import { NamedLeadOut, RotaDate } from './rota';
import { defineChannels, managerOnly } from './spec';

export const LeadTypeLabel = label('Lead type', 60);

export const LeadTypeOut = z.object({ id: Id, code: z.string(), label: z.string(), archived: z.boolean(), updatedAt: z.string() });
export type LeadTypeOut = z.infer<typeof LeadTypeOut>;

export const LeadAbsence = z.object({ staffId: Id, startDate: z.string(), startHalf: z.string(), endDate: z.string(), endHalf: z.string(), type: z.string() });

export const LeadsRegister = z.object({
  asOf: z.string(),
  types: z.array(LeadTypeOut),
  /** Every appointment, newest first within each type (so the first of a type is the current or next one). */
  leads: z.array(
    NamedLeadOut.extend({
      leadName: z.string().nullable(),
      deputyName: z.string().nullable(),
      /** Approved leave of the lead and the deputy in the next 8 weeks (the appointment in post on the date only). */
      absences: z.array(LeadAbsence),
    }),
  ),
  /** Types with no lead in post on the date (no row, or a row without a lead). */
  vacantTypeIds: z.array(Id),
});
export type LeadsRegister = z.infer<typeof LeadsRegister>;

export const LeadTypeSaveInput = z
  .strictObject({ id: Id.optional(), expectedUpdatedAt: ExpectedUpdatedAt.optional(), label: LeadTypeLabel, archived: z.boolean().default(false) })
  .refine((v) => v.id === undefined || v.expectedUpdatedAt !== undefined, {
    path: ['expectedUpdatedAt'],
    error: 'Reload the page: this edit does not say which version of the lead type it changes',
  });

export const NamedLeadSaveInput = z
  .strictObject({
    id: Id.optional(),
    expectedUpdatedAt: ExpectedUpdatedAt.optional(),
    leadTypeId: Id,
    leadStaffId: Id.nullable(),
    deputyStaffId: Id.nullable(),
    from: RotaDate,
    to: RotaDate.nullable(),
  })
  .superRefine((l, ctx) => {
    if (l.to !== null && l.to < l.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end date must be on or after the start date' });
    if (l.leadStaffId !== null && l.leadStaffId === l.deputyStaffId) ctx.addIssue({ code: 'custom', path: ['deputyStaffId'], message: 'The deputy must be someone other than the lead' });
    if (l.id !== undefined && l.expectedUpdatedAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['expectedUpdatedAt'], message: 'Reload the page: this edit does not say which version of the lead it changes' });
    }
  });
export type NamedLeadSaveInput = z.input<typeof NamedLeadSaveInput>;

export const leadsChannels = defineChannels({
  'leads.register': {
    doc: 'The named-lead register on a date (default today): types, leads and deputies, vacancies and coming absences.',
    input: z.strictObject({ asOf: RotaDate.optional() }),
    output: LeadsRegister,
    access: 'signedIn',
    kind: 'read',
  },
  'leads.types.save': { doc: 'Add or rename (or archive) a named-lead type.', input: LeadTypeSaveInput, output: LeadTypeOut, access: managerOnly, kind: 'write' },
  'leads.save': { doc: 'Appoint a lead and deputy for a type from a date (either may be left vacant).', input: NamedLeadSaveInput, output: NamedLeadOut, access: managerOnly, kind: 'write' },
  'leads.remove': {
    doc: 'Remove a named-lead appointment made in error (an ended one keeps its to date instead).',
    input: z.strictObject({ id: Id, expectedUpdatedAt: ExpectedUpdatedAt }),
    output: z.object({ ok: z.literal(true) }),
    access: managerOnly,
    kind: 'write',
  },
});
