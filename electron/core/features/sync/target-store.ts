import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { TargetFile } from 'tuf-js';

/**
 * Verified targets kept on disk so that a sync cut off half way, or asked again for the
 * same file, never fetches a verified object twice. A file counts as held only if it
 * still matches the signed length and hashes, so a damaged cache is refetched, never
 * trusted.
 */
export class TargetStore {
  constructor(
    readonly dir: string,
    private readonly nameFor: (info: TargetFile) => string,
  ) {}

  /** The practice's cache: one file per content hash, so the name says what it must hold. */
  static contentAddressed(dir: string): TargetStore {
    return new TargetStore(dir, (info) => {
      const sha = info.hashes.sha256;
      if (!sha || !/^[0-9a-f]{64}$/.test(sha)) throw new Error(`target ${info.path} has no usable sha256 hash`);
      return sha;
    });
  }

  /** The conformance suite's layout: one file per target path, escaped into one name. */
  static byTargetPath(dir: string): TargetStore {
    return new TargetStore(dir, (info) => encodeURIComponent(info.path));
  }

  fileFor(info: TargetFile): string {
    const name = this.nameFor(info);
    // encodeURIComponent leaves '.' and '..' alone: neither may name a file here.
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\')) {
      throw new Error(`target path ${JSON.stringify(info.path)} cannot be stored safely`);
    }
    return path.join(this.dir, name);
  }

  async find(info: TargetFile): Promise<Buffer | null> {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(this.fileFor(info));
    } catch {
      return null;
    }
    return (await verifies(info, bytes)) ? bytes : null;
  }

  async save(info: TargetFile, bytes: Buffer): Promise<void> {
    const file = this.fileFor(info);
    await fs.promises.mkdir(this.dir, { recursive: true });
    const tmp = `${file}.part-${process.pid}`;
    await fs.promises.writeFile(tmp, bytes);
    await fs.promises.rename(tmp, file);
  }
}

/** tuf-js's own check: signed length and every signed hash. */
export async function verifies(info: TargetFile, bytes: Buffer): Promise<boolean> {
  try {
    await info.verify(Readable.from([bytes]));
    return true;
  } catch {
    return false;
  }
}
