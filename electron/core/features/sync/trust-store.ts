import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a practice keeps the TUF metadata it trusts. A sync never works on it directly:
 * tuf-js writes each file in place as it verifies it, so the sync copies the trusted
 * files into a staging folder, lets tuf-js work there, and only then commits.
 */
export interface TrustStore {
  /** Writes every trusted metadata file (root.json, timestamp.json, ...) into `dir`. */
  stageInto(dir: string): void;
  /** Makes the metadata files in `dir` the trusted state. */
  commitFrom(dir: string): void;
  /** The trusted files by name, as bytes (for status and tests). */
  read(): Map<string, Buffer>;
}

const METADATA_FILE = /^[^/\\]+\.json$/;

function jsonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => METADATA_FILE.test(n))
    .sort();
}

function writeFileDurably(file: string, bytes: Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/**
 * The layout the TUF conformance suite expects: root.json, timestamp.json... directly in
 * one folder. Each file is replaced atomically; the set as a whole is not, which is why
 * the practice uses GenerationTrustStore.
 */
export class FlatTrustStore implements TrustStore {
  constructor(readonly dir: string) {}

  stageInto(dir: string): void {
    for (const name of jsonFiles(this.dir)) fs.copyFileSync(path.join(this.dir, name), path.join(dir, name));
  }

  commitFrom(dir: string): void {
    fs.mkdirSync(this.dir, { recursive: true });
    for (const name of jsonFiles(dir)) {
      const bytes = fs.readFileSync(path.join(dir, name));
      const target = path.join(this.dir, name);
      if (fs.existsSync(target) && fs.readFileSync(target).equals(bytes)) continue;
      writeFileDurably(target, bytes);
    }
  }

  read(): Map<string, Buffer> {
    return new Map(jsonFiles(this.dir).map((n) => [n, fs.readFileSync(path.join(this.dir, n))]));
  }
}

/**
 * The whole trusted set swapped in one step: each committed set is a numbered folder
 * and a small CURRENT file names the live one. Replacing CURRENT (write, fsync, rename)
 * is atomic on every platform Spoke runs on, so a crash leaves either the old set or the
 * new one, never a mixture.
 */
export class GenerationTrustStore implements TrustStore {
  constructor(readonly dir: string) {}

  private current(): string | null {
    try {
      const name = fs.readFileSync(path.join(this.dir, 'CURRENT'), 'utf8').trim();
      return /^gen-\d+$/.test(name) ? name : null;
    } catch {
      return null;
    }
  }

  /** Starts trust from a root alone (enrolment). */
  initialise(rootBytes: Buffer): void {
    fs.mkdirSync(path.dirname(this.dir), { recursive: true });
    const staging = fs.mkdtempSync(`${this.dir}.init-`);
    fs.writeFileSync(path.join(staging, 'root.json'), rootBytes);
    this.commitFrom(staging);
    fs.rmSync(staging, { recursive: true, force: true });
  }

  stageInto(dir: string): void {
    const cur = this.current();
    if (!cur) return;
    const src = path.join(this.dir, cur);
    for (const name of jsonFiles(src)) fs.copyFileSync(path.join(src, name), path.join(dir, name));
  }

  commitFrom(dir: string): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const previous = this.current();
    const next = `gen-${previous ? Number(previous.slice(4)) + 1 : 1}`;
    const target = path.join(this.dir, next);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target);
    for (const name of jsonFiles(dir)) writeFileDurably(path.join(target, name), fs.readFileSync(path.join(dir, name)));
    writeFileDurably(path.join(this.dir, 'CURRENT'), Buffer.from(`${next}\n`));
    // Anything not named by CURRENT is a leftover of an earlier or interrupted commit.
    for (const entry of fs.readdirSync(this.dir)) {
      if (entry !== next && entry !== 'CURRENT') fs.rmSync(path.join(this.dir, entry), { recursive: true, force: true });
    }
  }

  read(): Map<string, Buffer> {
    const cur = this.current();
    if (!cur) return new Map();
    const src = path.join(this.dir, cur);
    return new Map(jsonFiles(src).map((n) => [n, fs.readFileSync(path.join(src, n))]));
  }
}
