/** The protocol commands of the practice CLI: list protocols with their state, adopt for scripts. */
import type { ProtocolDetail } from '../../../../shared/contract/protocols';
import type { PracticeCommand } from '../../cli/command';
import { dispatchSync } from '../../dispatch';

export const protocolsCommand: PracticeCommand = {
  usage: 'protocols --data DIR [--json]   central and local protocols with their state',
  options: ['json'],
  needsPractice: true,
  run: (core, values, io) => {
    const inbox = core.protocols.inbox(null);
    if (values.json) {
      io.out(JSON.stringify({ today: inbox.today, central: inbox.central, local: inbox.local }, null, 2));
      return 0;
    }
    for (const i of inbox.central) {
      const adopted = i.adoptedVersion === null ? 'not adopted' : `adopted v${i.adoptedVersion}`;
      io.out(`${i.id}\t${i.state}\toffered v${i.offeredVersion} (${i.changeKind})\t${adopted}\t${i.mandatory ? 'mandatory' : 'optional'}\t${i.title}`);
    }
    for (const l of inbox.local) io.out(`${l.id}\tlocal ${l.state}\tv${l.version}\tsigned ${l.signed} of ${l.signed + l.toSign}\t${l.title}`);
    if (inbox.central.length + inbox.local.length === 0) io.err('No protocols yet: sync with the hub, or write a local protocol in the app.');
    return 0;
  },
};

/** Adopts through the same channel, access rule and audit as the app, acting as the given profile. */
export const adoptCommand: PracticeCommand = {
  usage: "adopt  --data DIR --id ID --as PROFILE_ID   adopt the offered version of a central protocol,\n         acting as that profile (a clinical lead's)",
  options: ['id', 'as'],
  needsPractice: true,
  check: (values) => (values.id && values.as ? null : '"adopt" needs --id ID (the central protocol) and --as PROFILE_ID (a clinical lead\'s profile).'),
  run: (core, values, io) => {
    const session = { profileId: values.as ?? null };
    const profile = core.profileOf(session);
    if (!profile) {
      io.err(`No current profile has the id ${values.as ?? ''}. Nothing was changed.`);
      return 1;
    }
    const env = dispatchSync(core, 'protocols.get', { kind: 'central', id: values.id ?? '' }, session);
    if (!env.ok) {
      io.err(`${env.error.message} Nothing was changed.`);
      return 1;
    }
    const offered = (env.value as ProtocolDetail).offeredVersion;
    const adopted = dispatchSync(core, 'protocols.adopt', { id: values.id ?? '', version: offered }, session);
    if (!adopted.ok) {
      io.err(`${adopted.error.message} Nothing was changed.`);
      return 1;
    }
    const d = adopted.value as ProtocolDetail;
    io.out(`Adopted version ${d.inForce.version ?? '?'} of ${d.title} as ${profile.displayName}.`);
    return 0;
  },
};
