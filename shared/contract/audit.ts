/** The append-only audit log: who changed what, when. */
import { z } from 'zod';
import { Id } from './common';
import { defineChannels } from './spec';

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  summary: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const auditChannels = defineChannels({
  'audit.list': {
    doc: 'Newest audit entries first.',
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(50), entityId: Id.optional() }),
    output: z.array(AuditEntry),
    access: 'signedIn',
    kind: 'read',
  },
});
