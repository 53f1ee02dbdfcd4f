import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Metadata, MetadataKind, Signature } from '@tufjs/models';
import type { JSONObject } from '@tufjs/models/dist/utils';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_STALL_MS } from '../../electron/core/features/sync/fetcher';
import { SyncFailure, type SyncFailureKind } from '../../electron/core/features/sync/errors';
import { copyDemoContent, startTestHub, TamperProxy, TestPractice, type ProxyAction, type TestHub } from '../helpers/hub';
import { tempDirs } from '../helpers/core';

const temp = tempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  temp.removeAll();
});

interface World {
  hub: TestHub;
  proxy: TamperProxy;
  practice: TestPractice;
  content: string;
}

/** A hub with the demo content, a tampering proxy in front of it, and an enrolled practice. */
async function world(clock?: () => Date): Promise<World> {
  const content = copyDemoContent(path.join(temp.make('spoke-content-'), 'content'));
  const hub = await startTestHub(temp.make('spoke-hub-'), content, clock);
  const proxy = await new TamperProxy(hub.url).start();
  const practice = new TestPractice(temp.make('spoke-practice-'));
  cleanups.push(() => practice.close(), () => proxy.close(), () => hub.close());
  await practice.enrol(hub.hub.enrol('Z99001', 'Spokeford Medical Practice').code, proxy.url);
  return { hub, proxy, practice, content };
}

/** Publishes a substantive change to one policy. */
function changeOnePolicy(w: World): number {
  const file = path.join(w.content, 'policies', 'sepsis-recognition.md');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('within 30 minutes', 'within 20 minutes'));
  const r = w.hub.hub.publish(w.content);
  if (r.release === null) throw new Error('expected a new release');
  return r.release;
}

async function refusedWith(w: World, kind: SyncFailureKind, fetch = {}): Promise<SyncFailure> {
  const before = w.practice.state();
  const err = await w.practice.sync({ fetch }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SyncFailure);
  const failure = err as SyncFailure;
  expect(failure.kind, failure.message).toBe(kind);
  // Refused means refused: the practice's rows and trusted metadata are byte for byte as they were.
  expect(w.practice.state()).toEqual(before);
  return failure;
}

/** Changes one letter inside the signed part of a metadata file, keeping it valid JSON. */
const changeLetter = (body: Buffer): Buffer => Buffer.from(body.toString('utf8').replace('"spec_version":"1.0.31"', '"spec_version":"1.0.32"'));
/** Flips one bit in the middle of the bytes. */
const flipBit = (body: Buffer): Buffer => {
  const b = Buffer.from(body);
  const i = Math.floor(b.length / 2);
  b[i] = (b[i] ?? 0) ^ 0x01;
  return b;
};
const mutateAt = (pattern: RegExp, fn: (b: Buffer) => Buffer) => (p: string): ProxyAction | undefined => (pattern.test(p) ? { kind: 'mutate', fn } : undefined);

describe('a sync that is attacked leaves the practice exactly as it was', () => {
  it('works when nobody interferes, and a second sync with nothing new is one small exchange', async () => {
    const w = await world();
    const first = await w.practice.sync();
    expect(first.changed).toBe(true);
    expect(first.release).toBe(1);
    expect(w.practice.count()).toBe(12 + 4);
    w.proxy.requests.length = 0;
    const again = await w.practice.sync();
    expect(again.changed).toBe(false);
    // The next root probe (404) and timestamp.json: nothing else.
    expect(w.proxy.requests).toEqual(['/metadata/2.root.json', '/metadata/timestamp.json']);
  });

  it('refuses a flipped bit in a target', async () => {
    const w = await world();
    w.proxy.rule = mutateAt(/^\/targets\/policies\/[0-9a-f]{64}\.sepsis-recognition\.json$/, flipBit);
    await refusedWith(w, 'tampered');
  });

  it('refuses a changed letter in a target after a first good sync', async () => {
    const w = await world();
    await w.practice.sync();
    changeOnePolicy(w);
    w.proxy.rule = mutateAt(/sepsis-recognition\.json$/, (b) => Buffer.from(b.toString().replace('20 minutes', '90 minutes')));
    await refusedWith(w, 'tampered');
  });

  for (const [role, pattern] of [
    ['timestamp', /^\/metadata\/timestamp\.json$/],
    ['snapshot', /^\/metadata\/\d+\.snapshot\.json$/],
    ['targets', /^\/metadata\/\d+\.targets\.json$/],
    ['a hashed bin', /^\/metadata\/\d+\.bin-[0-9a-f]{2}-[0-9a-f]{2}\.json$/],
  ] as const) {
    it(`refuses a changed letter in ${role} metadata`, async () => {
      const w = await world();
      w.proxy.rule = mutateAt(pattern, changeLetter);
      await refusedWith(w, 'tampered');
    });
    it(`refuses a flipped bit in a signature of ${role} metadata`, async () => {
      const w = await world();
      w.proxy.rule = mutateAt(pattern, (b) => Buffer.from(b.toString().replace(/"sig":"(.)/, (_m, c: string) => `"sig":"${c === '0' ? '1' : '0'}`)));
      await refusedWith(w, role === 'timestamp' ? 'tampered' : 'tampered');
    });
  }

  it('refuses a changed letter in a new root', async () => {
    const w = await world();
    w.hub.hub.rotateKeys('root');
    w.proxy.rule = mutateAt(/^\/metadata\/2\.root\.json$/, changeLetter);
    await refusedWith(w, 'tampered');
  });

  it('refuses metadata validly signed by a key the practice does not know', async () => {
    const w = await world();
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const keyid = crypto.createHash('sha256').update(spki).digest('hex');
    w.proxy.rule = mutateAt(/^\/metadata\/timestamp\.json$/, (b) => {
      const md = Metadata.fromJSON(MetadataKind.Timestamp, JSON.parse(b.toString()) as JSONObject);
      md.sign((data) => new Signature({ keyID: keyid, sig: crypto.sign(null, data, privateKey).toString('hex') }), false);
      return Buffer.from(JSON.stringify(md.toJSON()));
    });
    await refusedWith(w, 'unknown-key');
  });

  it('refuses the same signature twice counted toward a threshold', async () => {
    const w = await world();
    w.proxy.rule = mutateAt(/^\/metadata\/timestamp\.json$/, (b) => {
      const doc = JSON.parse(b.toString()) as { signatures: unknown[] };
      doc.signatures = [doc.signatures[0], doc.signatures[0]];
      return Buffer.from(JSON.stringify(doc));
    });
    await refusedWith(w, 'tampered');
  });

  it('refuses a rollback to an older release', async () => {
    const w = await world();
    const oldTimestamp = w.hub.hub.repo.latest('timestamp');
    await w.practice.sync();
    changeOnePolicy(w);
    await w.practice.sync();
    expect(w.practice.release()).toBe(2);
    w.proxy.rule = (p) => (p === '/metadata/timestamp.json' && oldTimestamp ? { kind: 'respond', status: 200, body: oldTimestamp.bytes } : undefined);
    await refusedWith(w, 'rollback');
  });

  it('refuses an expired timestamp replayed to freeze the practice at an old release', async () => {
    let now = Date.now() - 3 * 24 * 3600_000;
    const w = await world(() => new Date(now));
    const expired = w.hub.hub.repo.latest('timestamp');
    now = Date.now();
    expect(w.hub.hub.refreshExpiring()).toBe(true);
    w.proxy.rule = (p) => (p === '/metadata/timestamp.json' && expired ? { kind: 'respond', status: 200, body: expired.bytes } : undefined);
    await refusedWith(w, 'expired');
    // Without the replay the same practice syncs the fresh release.
    w.proxy.rule = () => undefined;
    expect((await w.practice.sync()).changed).toBe(true);
  });

  it('refuses a bin from the previous release served as the current one (mixed releases)', async () => {
    const w = await world();
    await w.practice.sync();
    const before = new Map(
      (w.hub.hub.db.prepare("SELECT role, name, bytes FROM metadata_files WHERE role LIKE 'bin-%'").all() as { role: string; name: string; bytes: Buffer }[]).map((r) => [r.name, r]),
    );
    changeOnePolicy(w);
    w.proxy.rule = (p) => {
      const m = /^\/metadata\/(\d+)\.(bin-[0-9a-f-]+)\.json$/.exec(p);
      const old = m ? before.get(`${Number(m[1]) - 1}.${m[2]}.json`) : undefined;
      return old ? { kind: 'respond', status: 200, body: old.bytes } : undefined;
    };
    await refusedWith(w, 'tampered');
  });

  it('refuses the previous version of a policy served under the new version’s name (mixed releases)', async () => {
    const w = await world();
    await w.practice.sync();
    const oldBody = (w.practice.db.prepare("SELECT body FROM central_items WHERE id = 'sepsis-recognition'").get() as { body: string }).body;
    changeOnePolicy(w);
    w.proxy.rule = (p) => (/sepsis-recognition\.json$/.test(p) ? { kind: 'respond', status: 200, body: oldBody } : undefined);
    await refusedWith(w, 'tampered');
  });

  it('refuses a target with the right hash but the wrong length', async () => {
    const w = await world();
    w.proxy.rule = mutateAt(/\/targets\/policies\/.*chaperones\.json$/, (b) => Buffer.concat([b, Buffer.from(' ')]));
    await refusedWith(w, 'too-large');
  });

  it('refuses a truncated target', async () => {
    const w = await world();
    w.proxy.rule = mutateAt(/\/targets\/policies\/.*chaperones\.json$/, (b) => b.subarray(0, b.length - 1));
    await refusedWith(w, 'tampered');
  });

  it('refuses an oversized timestamp', async () => {
    const w = await world();
    w.proxy.rule = (p) => (p === '/metadata/timestamp.json' ? { kind: 'respond', status: 200, body: `{"pad":"${'x'.repeat(40_000)}"}` } : undefined);
    await refusedWith(w, 'too-large');
  });

  it('stops an endless response at the signed length', async () => {
    const w = await world();
    w.proxy.rule = (p) => (/\/targets\/policies\/.*complaints\.json$/.test(p) ? { kind: 'endless' } : undefined);
    const started = Date.now();
    await refusedWith(w, 'too-large');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses malformed JSON', async () => {
    const w = await world();
    w.proxy.rule = (p) => (p === '/metadata/timestamp.json' ? { kind: 'respond', status: 200, body: '{"signed": {"_type": "timest' } : undefined);
    await refusedWith(w, 'malformed');
  });

  it('refuses an HTML error page sent with status 200', async () => {
    const w = await world();
    w.proxy.rule = (p) => (p === '/metadata/timestamp.json' ? { kind: 'respond', status: 200, body: '<!doctype html><h1>Service temporarily unavailable</h1>' } : undefined);
    await refusedWith(w, 'malformed');
  });

  it('says the hub is unreachable when nothing listens', async () => {
    const w = await world();
    const failure = await w.practice.sync({ contentUrl: 'http://127.0.0.1:9' }).catch((e: unknown) => e);
    expect((failure as SyncFailure).kind).toBe('unreachable');
  });

  it('gives up on a hub that accepts the connection and says nothing', async () => {
    expect(DEFAULT_STALL_MS).toBe(30_000);
    const w = await world();
    w.proxy.rule = (p) => (p === '/metadata/timestamp.json' ? { kind: 'stall' } : undefined);
    const started = Date.now();
    await refusedWith(w, 'timed-out', { stallMs: 300 });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('gives up on a hub that answers too slowly', async () => {
    const w = await world();
    w.proxy.rule = (p) => (/snapshot/.test(p) ? { kind: 'delay', ms: 1500 } : undefined);
    await refusedWith(w, 'timed-out', { requestMs: 400 });
  });

  it('does not follow a redirect to another host', async () => {
    const w = await world();
    w.proxy.rule = (p) => (p === '/metadata/timestamp.json' ? { kind: 'respond', status: 302, body: '', headers: { location: 'http://127.0.0.2:1/metadata/timestamp.json' } } : undefined);
    const failure = await refusedWith(w, 'unreachable');
    expect(failure.message).toMatch(/another host/);
  });

  it('applies nothing when cancelled, and the next sync completes', async () => {
    const w = await world();
    const controller = new AbortController();
    let seen = 0;
    w.proxy.rule = (p) => {
      if (p.startsWith('/targets/') && ++seen === 3) controller.abort();
      return undefined;
    };
    await refusedWith(w, 'cancelled', { signal: controller.signal });
    w.proxy.rule = () => undefined;
    expect((await w.practice.sync()).release).toBe(1);
  });
});

describe('target paths', () => {
  it('refuses a bin that lists a path outside its delegation, such as one climbing out of its folder', async () => {
    const w = await world();
    const evil = '../../../../tmp/spoke-escape.json';
    const first = crypto.createHash('sha256').update(evil).digest()[0] ?? 0;
    // A validly signed bin that lists a path whose hash puts it in another bin.
    const wrongBin = first < 4 ? 'bin-fc-ff' : 'bin-00-03';
    const row = w.hub.hub.db.prepare('SELECT targets_json FROM bins WHERE name = ?').get(wrongBin) as { targets_json: string };
    const entries = JSON.parse(row.targets_json) as Record<string, unknown>;
    entries[evil] = { length: 2, hashes: { sha256: crypto.createHash('sha256').update('{}').digest('hex') }, custom: { id: 'x', kind: 'policy', version: 1, published: new Date().toISOString() } };
    w.hub.hub.db.prepare('UPDATE bins SET targets_json = ? WHERE name = ?').run(JSON.stringify(entries), wrongBin);
    // Re-signing everything that is "about to expire" signs the doctored bin with the real bins key.
    w.hub.hub.repo.refreshExpiring(new Date(Date.now() + 6 * 24 * 3600_000));
    const failure = await refusedWith(w, 'tampered');
    expect(failure.message).toContain('was not delegated to it');
    expect(fs.existsSync('/tmp/spoke-escape.json')).toBe(false);
  });

  it('keeps every stored target inside its folder, whatever its name', async () => {
    const { TargetStore } = await import('../../electron/core/features/sync/target-store');
    const { TargetFile } = await import('@tufjs/models');
    const dir = temp.make('spoke-targets-');
    const store = TargetStore.byTargetPath(dir);
    const bytes = Buffer.from('x');
    const info = (p: string) => new TargetFile({ path: p, length: 1, hashes: { sha256: crypto.createHash('sha256').update(bytes).digest('hex') } });
    for (const p of ['../escape', '../../etc/passwd', 'a/../../b', '/abs/path', 'dir\\..\\x']) {
      await store.save(info(p), bytes);
      expect(path.dirname(store.fileFor(info(p)))).toBe(dir);
    }
    for (const p of ['..', '.', '']) expect(() => store.fileFor(info(p))).toThrow(/cannot be stored safely/);
    expect(fs.readdirSync(path.dirname(dir)).filter((n) => n === 'escape' || n === 'b')).toEqual([]);
    const byHash = TargetStore.contentAddressed(dir);
    expect(() => byHash.fileFor(new TargetFile({ path: 'p', length: 1, hashes: { sha256: '../../x' } }))).toThrow(/no usable sha256/);
  });
});

describe('sync over real changes', () => {
  it('resumes a sync cut off half way without fetching verified targets again', async () => {
    const w = await world();
    let served = 0;
    w.proxy.rule = (p) => (p.startsWith('/targets/') && ++served > 5 ? { kind: 'respond', status: 503, body: 'busy' } : undefined);
    await refusedWith(w, 'unreachable');
    const verified = fs.readdirSync(path.join(w.practice.dir, 'tuf-cache')).filter((n) => /^[0-9a-f]{64}$/.test(n));
    expect(verified.length).toBeGreaterThan(0);
    expect(verified.length).toBeLessThanOrEqual(5);
    w.proxy.rule = () => undefined;
    w.proxy.requests.length = 0;
    const r = await w.practice.sync();
    expect(r.release).toBe(1);
    const targetRequests = w.proxy.requests.filter((p) => p.startsWith('/targets/'));
    // 17 targets in the release (16 items and the release marker); none verified before is fetched again.
    expect(targetRequests).toHaveLength(17 - verified.length);
    for (const sha of verified) expect(targetRequests.some((p) => p.includes(sha))).toBe(false);
  });

  it('fetches only the changed policy and its bin after one change', async () => {
    const w = await world();
    const first = await w.practice.sync();
    changeOnePolicy(w);
    w.proxy.requests.length = 0;
    const second = await w.practice.sync();
    expect(second.release).toBe(2);
    expect(second.arrived.map((i) => `${i.custom.id} v${i.custom.version}`)).toEqual(['sepsis-recognition v2']);
    expect(second.bytes / first.bytes).toBeLessThan(0.2);
    expect(w.proxy.requests.filter((p) => p.startsWith('/targets/')).map((p) => p.replace(/[0-9a-f]{64}\./, ''))).toEqual(
      expect.arrayContaining(['/targets/policies/sepsis-recognition.json', '/targets/release.json']),
    );
  });

  it('follows root key rotation without re-enrolling', async () => {
    const w = await world();
    await w.practice.sync();
    w.hub.hub.rotateKeys('root');
    w.hub.hub.rotateKeys('timestamp');
    w.hub.hub.rotateKeys('snapshot');
    changeOnePolicy(w);
    const r = await w.practice.sync();
    expect(r.release).toBe(2);
    const root = JSON.parse(w.practice.trust.read().get('root.json')?.toString() ?? '{}') as { signed: { version: number } };
    expect(root.signed.version).toBe(4);
  });
});
