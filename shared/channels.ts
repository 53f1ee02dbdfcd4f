/**
 * Every API channel, as plain strings. The preload imports only this file (no zod) so
 * its allow-list stays tiny; contract.ts is typed to cover exactly these names, so the
 * two cannot drift.
 */
export const CHANNELS = [
  'app.status',
  'practice.setup',
  'practice.openDemo',
  'practice.update',
  'sites.save',
  'session.signIn',
  'session.signOut',
  'profiles.bootstrap',
  'profiles.create',
  'profiles.remove',
  'staff.list',
  'staff.get',
  'staff.create',
  'staff.update',
  'staff.archive',
  'staff.restore',
  'workforce.summary',
  'audit.list',
  'sync.status',
  'sync.enrol',
  'sync.now',
  'sync.cancel',
  'protocols.inbox',
  'protocols.get',
  'protocols.version',
  'protocols.adopt',
  'protocols.decline',
  'protocols.saveAddendum',
  'protocols.saveLocal',
  'protocols.sign',
  'protocols.evidence',
  'protocols.people',
] as const;

export type Channel = (typeof CHANNELS)[number];

/** Name of the IPC channel carrying an API channel (Electron only). */
export const ipcName = (channel: Channel): string => `spoke:${channel}`;
