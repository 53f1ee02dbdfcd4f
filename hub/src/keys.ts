import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Key, Signature } from '@tufjs/models';
import type { HubDb } from './store';

export const KEY_ROLES = ['root', 'targets', 'snapshot', 'timestamp', 'bins'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export interface SigningKey {
  keyid: string;
  role: KeyRole;
  key: Key;
  sign(data: Buffer): Signature;
}

/** The TUF key id: SHA-256 of the canonical JSON of the public key (keys sorted, no spaces). */
function keyIdOf(publicHex: string): string {
  const canonical = `{"keytype":"ed25519","keyval":{"public":"${publicHex}"},"scheme":"ed25519"}`;
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

function publicKeyOf(publicHex: string, keyid: string): Key {
  return new Key({ keyID: keyid, keyType: 'ed25519', scheme: 'ed25519', keyVal: { public: publicHex } });
}

function keyFile(dir: string, role: KeyRole, keyid: string): string {
  return path.join(dir, 'keys', role, `${keyid}.pem`);
}

/**
 * The hub's Ed25519 signing keys. Private keys are PKCS#8 PEM files under DIR/keys
 * (folders 0700, files 0600) and never leave them; the database records only which key
 * is current for which role, and its public half.
 */
export class Keyring {
  private readonly cache = new Map<string, crypto.KeyObject>();

  constructor(
    private readonly dir: string,
    private readonly db: HubDb,
  ) {}

  create(role: KeyRole, now: Date): SigningKey {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const publicHex = spki.subarray(spki.length - 32).toString('hex');
    const keyid = keyIdOf(publicHex);
    const file = keyFile(this.dir, role, keyid);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.chmodSync(path.join(this.dir, 'keys'), 0o700);
    fs.chmodSync(path.dirname(file), 0o700);
    fs.writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    this.db
      .prepare('INSERT INTO signing_keys (keyid, role, public_hex, created_at) VALUES (?, ?, ?, ?)')
      .run(keyid, role, publicHex, now.toISOString());
    this.cache.set(keyid, privateKey);
    return this.signer(role, keyid, publicHex);
  }

  /** The current key of a role. */
  current(role: KeyRole): SigningKey {
    const row = this.db
      .prepare('SELECT keyid, public_hex FROM signing_keys WHERE role = ? AND retired_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .get(role) as { keyid: string; public_hex: string } | undefined;
    if (!row) throw new Error(`the hub has no ${role} key`);
    return this.signer(role, row.keyid, row.public_hex);
  }

  has(role: KeyRole): boolean {
    return this.db.prepare('SELECT 1 FROM signing_keys WHERE role = ? AND retired_at IS NULL').get(role) !== undefined;
  }

  retire(keyid: string, now: Date): void {
    this.db.prepare('UPDATE signing_keys SET retired_at = ? WHERE keyid = ?').run(now.toISOString(), keyid);
  }

  /** Deletes a retired private key once nothing needs it to sign any more. */
  destroy(role: KeyRole, keyid: string): void {
    fs.rmSync(keyFile(this.dir, role, keyid), { force: true });
    this.cache.delete(keyid);
  }

  private signer(role: KeyRole, keyid: string, publicHex: string): SigningKey {
    return {
      keyid,
      role,
      key: publicKeyOf(publicHex, keyid),
      sign: (data) => {
        let pk = this.cache.get(keyid);
        if (!pk) {
          pk = crypto.createPrivateKey(fs.readFileSync(keyFile(this.dir, role, keyid)));
          this.cache.set(keyid, pk);
        }
        return new Signature({ keyID: keyid, sig: crypto.sign(null, data, pk).toString('hex') });
      },
    };
  }
}
