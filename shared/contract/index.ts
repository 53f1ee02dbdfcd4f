/**
 * The API contract: one table per feature (shared/contract/<feature>.ts), merged here into
 * the one table that core handlers, the Electron preload, the web host and the renderer
 * client are typed from. Adding a feature: write its file, spread it in below, and list
 * its channel names in ../channels.ts (the typecheck fails until both agree).
 */
import type { z } from 'zod';
import type { Channel } from '../channels';
import { appChannels } from './app';
import { auditChannels } from './audit';
import { catalogueChannels } from './catalogue';
import { backupChannels } from './backup';
import { leadsChannels } from './leads';
import { leaveChannels } from './leave';
import { practiceChannels } from './practice';
import { profilesChannels } from './profiles';
import { rotaChannels } from './rota';
import { protocolsChannels } from './protocols';
import type { ChannelSpec } from './spec';
import { staffChannels } from './staff';
import { syncChannels } from './sync';
import { workforceChannels } from './workforce';

export type { ChannelSpec } from './spec';

export const contract = {
  ...appChannels,
  ...practiceChannels,
  ...profilesChannels,
  ...staffChannels,
  ...workforceChannels,
  ...rotaChannels,
  ...leaveChannels,
  ...leadsChannels,
  ...auditChannels,
  ...syncChannels,
  ...protocolsChannels,
  ...catalogueChannels,
  ...backupChannels,
} as const satisfies Record<Channel, ChannelSpec>;

export type Contract = typeof contract;
/** What a caller passes (before defaults and normalisation). */
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;
