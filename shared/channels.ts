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
  'rota.range',
  'rota.apply',
  'rota.patterns.list',
  'rota.patterns.save',
  'rota.patterns.preview',
  'rota.patterns.apply',
  'rota.copyWeek.preview',
  'rota.copyWeek.apply',
  'rota.duties.save',
  'rota.duties.archive',
  'rota.sessionTimes.save',
  'rota.coverage.save',
  'rota.coverage.remove',
  'rota.settings.update',
  'rota.preferences.list',
  'rota.preferences.save',
  'rota.mine',
  'rota.workforcePlan',
  'leave.list',
  'leave.request',
  'leave.withdraw',
  'leave.impact',
  'leave.decide',
  'leave.balances',
  'leads.register',
  'leads.types.save',
  'leads.save',
  'leads.remove',
  'audit.list',
  'sync.status',
  'sync.enrol',
  'sync.now',
  'sync.cancel',
] as const;

export type Channel = (typeof CHANNELS)[number];

/** Name of the IPC channel carrying an API channel (Electron only). */
export const ipcName = (channel: Channel): string => `spoke:${channel}`;
