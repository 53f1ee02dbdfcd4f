/** Schemas every feature's contract uses: ids, dates, stamps, app roles. */
import { z } from 'zod';
import { APP_ROLE_LABELS, APP_ROLES } from '../domain/app-roles';

export const Id = z.uuid({ error: 'Not a valid id' });

/** The dates Spoke plans and records: plausible for a working life and a rota. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2100-12-31';

/** A calendar date as YYYY-MM-DD that really exists (no 31 February), 1900 to 2100. */
export const IsoDate = z.iso
  .date({ error: 'Enter a real date' })
  .refine((d) => d >= EARLIEST_DATE && d <= LATEST_DATE, { error: 'Enter a date between 1900 and 2100' });

/**
 * The updatedAt the editor loaded. Every update channel requires it: a stale edit is
 * refused rather than silently overwriting someone else's newer one.
 */
/**
 * A role id's shape only. Which roles exist (the built-in list, or the hub's catalogue once
 * synced, with retired roles) is checked in the core, which knows the catalogue in use.
 */
export const RoleRef = z.string({ error: 'Choose a role from the list' }).regex(/^[a-z][a-z0-9_]{1,62}$/, { error: 'Choose a role from the list' });

export const ExpectedUpdatedAt = z.string({ error: 'Reload the page: this edit does not say which version it changes' }).min(1).max(40);

export const AppRole = z.enum(APP_ROLES);
export type AppRole = z.infer<typeof AppRole>;
export { APP_ROLE_LABELS };

export const byId = z.strictObject({ id: Id });
