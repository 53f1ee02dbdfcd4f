import type { auditChannels } from '../../../../shared/contract/audit';
import type { CoreContext, HandlerTable } from '../context';

/** The audit log's read side (writes happen inside each feature's own transactions). */
export function auditHandlers(ctx: CoreContext): HandlerTable<typeof auditChannels> {
  return {
    'audit.list': (input) => ctx.audit.list(input.limit, input.entityId),
  };
}
