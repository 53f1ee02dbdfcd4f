import { m001Initial } from './001-initial';
import { m002HubSync } from './002-hub-sync';
import { m003Rota } from './003-rota';
import { m004Protocols } from './004-protocols';
import { m005RosterPreferences } from './005-roster-preferences';
import { m006Catalogue } from './006-catalogue';
import type { Migration } from './types';

/** Ordered, append-only: a released migration is never edited, only followed. */
export const MIGRATIONS: readonly Migration[] = [m001Initial, m002HubSync, m003Rota, m004Protocols, m005RosterPreferences, m006Catalogue];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/**
 * `PRAGMA application_id` of every Spoke practice database: "SPK1" as a big-endian 32-bit
 * number. SQLite keeps it in the file header, so another application's database (which
 * has its own id, or 0) is recognised before Spoke changes anything in it.
 */
export const SPOKE_APPLICATION_ID = 0x53504b31;

/**
 * Tables every Spoke database has had since schema 1. A file claiming a Spoke schema
 * version without them is damaged or not Spoke's. Later migrations may add to this list
 * only tables they never drop.
 */
export const CORE_TABLES: readonly string[] = ['practice', 'site', 'staff', 'staff_site', 'profile', 'audit_log', 'meta'];

export type { Migration };
