/** Profiles: who may sign in on this PC and in which app role, and signing in and out. */
import { z } from 'zod';
import { AppRole, Id, byId } from './common';
import { Done, defineChannels, managerOnly, none } from './spec';

export const Profile = z.object({
  id: Id,
  staffId: Id,
  displayName: z.string(),
  roleLabel: z.string(),
  appRole: AppRole,
});
export type Profile = z.infer<typeof Profile>;

export const ProfileCreateInput = z.strictObject({ staffId: Id, appRole: AppRole });

export const profilesChannels = defineChannels({
  'session.signIn': { doc: 'Act as a local profile.', input: z.strictObject({ profileId: Id }), output: Profile, access: 'public', kind: 'read' },
  'session.signOut': { doc: 'Stop acting as anyone.', input: none, output: Done, access: 'public', kind: 'read' },
  'profiles.create': { doc: 'Give a staff member a sign-in profile with an app role.', input: ProfileCreateInput, output: Profile, access: managerOnly, kind: 'write' },
  'profiles.remove': {
    doc: 'Take a sign-in profile away (kept in the audit log). The last practice manager cannot be removed.',
    input: byId,
    output: Done,
    access: managerOnly,
    kind: 'write',
  },
});
