import { m001Initial } from './001-initial';
import { m002Rota } from './002-rota';
import type { Migration } from './types';

/** Ordered, append-only: a released migration is never edited, only followed. */
export const MIGRATIONS: readonly Migration[] = [m001Initial, m002Rota];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
export type { Migration };
