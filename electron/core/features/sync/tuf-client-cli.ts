import fs from 'node:fs';
import path from 'node:path';
import { SyncFailure } from './errors';
import { SpokeFetcher } from './fetcher';
import { TargetStore } from './target-store';
import { FlatTrustStore } from './trust-store';
import { TufSession } from './tuf-session';

/**
 * The client interface of the TUF conformance suite (tuf-conformance, CLIENT-CLI.md),
 * on the same session, fetcher and target store the practice's sync uses:
 *
 *   --metadata-dir DIR init TRUSTED_ROOT
 *   --metadata-dir DIR --metadata-url URL refresh
 *   --metadata-dir DIR --metadata-url URL --target-name NAME --target-base-url URL --target-dir DIR download
 *
 * One difference from the practice: the suite expects each verified metadata file to be
 * kept even when a later step fails (the TUF workflow persists as it goes), so here the
 * staged metadata is committed after a failed refresh too. The practice commits only
 * after the whole sync has been applied.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = `usage: tuf-client --metadata-dir DIR init TRUSTED_ROOT
       tuf-client --metadata-dir DIR --metadata-url URL refresh
       tuf-client --metadata-dir DIR --metadata-url URL --target-name NAME --target-base-url URL --target-dir DIR download`;

const OPTIONS = new Set(['--metadata-dir', '--metadata-url', '--target-name', '--target-base-url', '--target-dir']);

export async function runTufClientCli(argv: readonly string[], io: CliIo): Promise<number> {
  const opts = new Map<string, string>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (OPTIONS.has(a)) {
      const v = argv[i + 1];
      if (v === undefined) {
        io.err(`${a} needs a value\n${USAGE}`);
        return 2;
      }
      opts.set(a, v);
      i++;
    } else if (a.startsWith('--')) {
      io.err(`unknown option ${a}\n${USAGE}`);
      return 2;
    } else words.push(a);
  }
  const metadataDir = opts.get('--metadata-dir');
  const command = words[0];
  if (!metadataDir || !command) {
    io.err(USAGE);
    return 2;
  }
  if (command === 'init') {
    const root = words[1];
    if (!root) {
      io.err(USAGE);
      return 2;
    }
    try {
      fs.mkdirSync(metadataDir, { recursive: true });
      fs.copyFileSync(root, path.join(metadataDir, 'root.json'));
      return 0;
    } catch (err) {
      io.err(`init failed: ${(err as Error).message}`);
      return 1;
    }
  }
  const metadataUrl = opts.get('--metadata-url');
  if (!metadataUrl || (command !== 'refresh' && command !== 'download')) {
    io.err(USAGE);
    return 2;
  }
  const targetName = opts.get('--target-name');
  const targetBaseUrl = opts.get('--target-base-url');
  const targetDir = opts.get('--target-dir');
  if (command === 'download' && (!targetName || !targetBaseUrl || !targetDir)) {
    io.err(USAGE);
    return 2;
  }
  const fetcher = new SpokeFetcher();
  let session: TufSession | null = null;
  try {
    const trust = new FlatTrustStore(metadataDir);
    session = new TufSession({
      trust,
      metadataUrl,
      targetUrl: targetBaseUrl ?? metadataUrl,
      fetcher,
      targets: TargetStore.byTargetPath(targetDir ?? metadataDir),
      stagingBase: path.join(metadataDir, '..', `.${path.basename(metadataDir)}`),
    });
    try {
      await session.refresh();
      if (command === 'download' && targetName) {
        const info = await session.targetInfo(targetName);
        if (!info) throw new SyncFailure('malformed', `no target named ${targetName}`);
        await session.fetchTarget(info);
      }
    } finally {
      session.commit();
    }
    return 0;
  } catch (err) {
    const failure = session ? session.failure(err) : err;
    io.err(`${command} failed: ${failure instanceof Error ? failure.message : String(failure)}`);
    return 1;
  } finally {
    session?.dispose();
    fetcher.close();
  }
}
