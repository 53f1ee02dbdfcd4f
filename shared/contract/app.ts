/** The app as a whole: its status, first run (set up or demo) and the first manager. */
import { z } from 'zod';
import { personName } from '../text';
import { Practice, PracticeDetailsFields, uniqueSiteNames } from './practice';
import { Profile } from './profiles';
import { defineChannels, none } from './spec';

export const AppStatus = z.object({
  version: z.string(),
  dataDir: z.string(),
  schemaVersion: z.number().int(),
  practice: Practice.nullable(),
  profile: Profile.nullable(),
  profiles: z.array(Profile),
  /** Set when the database or its folder cannot be written; the reason finishes "open read-only because ...". */
  readOnly: z.object({ reason: z.string() }).nullable(),
  /** Set when the data folder is on a network filesystem, where SQLite's WAL is unsafe. */
  storageWarning: z.string().nullable().optional(),
  /** Why this client was signed out (the web host after a long idle time), until someone signs in again. */
  signedOutNotice: z.string().nullable(),
});
export type AppStatus = z.infer<typeof AppStatus>;

/** The person setting the practice up, who becomes its first practice manager. */
export const PersonNameInput = z.strictObject({
  givenName: personName('Your first name'),
  familyName: personName('Your last name'),
});

/** First run in the app: the practice plus the person setting it up. */
export const PracticeSetupInput = PracticeDetailsFields.extend({ manager: PersonNameInput }).superRefine(uniqueSiteNames);
export type PracticeSetupInput = z.input<typeof PracticeSetupInput>;

export const appChannels = defineChannels({
  'app.status': { doc: 'Practice, profiles and who is signed in.', input: none, output: AppStatus, access: 'public', kind: 'read' },
  'practice.setup': {
    doc: 'First run: create the practice, its sites and the first practice manager, then sign them in.',
    input: PracticeSetupInput,
    output: AppStatus,
    access: 'public',
    kind: 'write',
  },
  'practice.openDemo': { doc: 'First run: load the fictional demo practice.', input: none, output: AppStatus, access: 'public', kind: 'write' },
  'profiles.bootstrap': {
    doc: 'A practice with no sign-in profiles yet (made by the CLI): create its first practice manager and sign in.',
    input: PersonNameInput,
    output: AppStatus,
    access: 'public',
    kind: 'write',
  },
});
