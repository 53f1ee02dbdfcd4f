import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/open';
import type { TrustStore } from './trust-store';

const METADATA_FILE = /^[^/\\]+\.json$/;

/**
 * The practice's trusted TUF metadata, as rows of its own database. A sync stages these
 * into a folder for tuf-js and writes the verified result back in the same transaction
 * that applies the content, so the trust state and the data can never disagree, even
 * after a crash at any moment.
 */
export class DbTrustStore implements TrustStore {
  constructor(private readonly db: Db) {}

  stageInto(dir: string): void {
    for (const [name, bytes] of this.read()) fs.writeFileSync(path.join(dir, name), bytes);
  }

  commitFrom(dir: string): void {
    const files = fs.readdirSync(dir).filter((n) => METADATA_FILE.test(n));
    const contents = files.map((n) => [n, fs.readFileSync(path.join(dir, n))] as const);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM tuf_metadata').run();
      const insert = this.db.prepare('INSERT INTO tuf_metadata (name, bytes) VALUES (?, ?)');
      for (const [name, bytes] of contents) insert.run(name, bytes);
    })();
  }

  /** Trust from nothing but a root (enrolment). Call inside the enrolment transaction. */
  initialise(root: Buffer): void {
    this.db.prepare('DELETE FROM tuf_metadata').run();
    this.db.prepare('INSERT INTO tuf_metadata (name, bytes) VALUES (?, ?)').run('root.json', root);
  }

  read(): Map<string, Buffer> {
    const rows = this.db.prepare('SELECT name, bytes FROM tuf_metadata ORDER BY name').all() as { name: string; bytes: Buffer }[];
    return new Map(rows.map((r) => [r.name, r.bytes]));
  }
}
