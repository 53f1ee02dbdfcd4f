import type { Migration } from './types';

/**
 * Auto-fill weighs each preferred or unwanted session: how much it matters to the person
 * (1 = mild, 10 = strong). Existing preferences keep the middle-low default of 2, which is
 * what auto-fill assumed before the weight was stored.
 */
export const m005RosterPreferences: Migration = {
  version: 5,
  name: 'weights on preferred and unwanted sessions (auto-fill)',
  up(db) {
    db.exec(`ALTER TABLE staff_preference ADD COLUMN weight INTEGER NOT NULL DEFAULT 2 CHECK (weight BETWEEN 1 AND 10);`);
  },
};
