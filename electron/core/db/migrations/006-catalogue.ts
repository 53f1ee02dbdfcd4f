import type { Migration } from './types';

/**
 * The named-lead types take the hub's codes. Three built-in codes differed from the ones
 * the hub's catalogue uses for the same lead; renaming them here lets the hub's list be
 * matched to the practice's types by code from then on. Only the code changes: the type
 * keeps its id, so every lead and deputy appointed under it is kept. The mapping is
 * written out rather than imported, so this step stays what it was when released.
 */
const RENAMES: readonly (readonly [string, string])[] = [
  ['dpo', 'data_protection_officer'],
  ['caldicott', 'caldicott_guardian'],
  ['health_safety', 'health_and_safety'],
];

export const m006Catalogue: Migration = {
  version: 6,
  name: "named-lead types take the hub catalogue's codes",
  up(db) {
    const rename = db.prepare(
      `UPDATE named_lead_type SET code = @to, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE code = @from AND deleted = 0
         AND NOT EXISTS (SELECT 1 FROM named_lead_type WHERE code = @to AND deleted = 0)`,
    );
    for (const [from, to] of RENAMES) rename.run({ from, to });
  },
};
