import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { Fetcher } from 'tuf-js';
import { DownloadHTTPError, DownloadLengthMismatchError } from 'tuf-js/dist/error';
import { SyncFailure, type FetchFailureRecord } from './errors';

export interface FetcherOptions {
  /** A hub that accepts the connection and then sends nothing is given up on after this. */
  stallMs?: number;
  /** The longest one request may take, however slowly bytes trickle in. */
  requestMs?: number;
  /** Every byte of one sync together may not exceed this. */
  maxTotalBytes?: number;
  /** Cancels every request in flight and refuses new ones. */
  signal?: AbortSignal;
  /** Called as bytes arrive (for progress). */
  onBytes?: (bytes: number) => void;
  /** Extra request headers (none carry secrets to static hosts: content is public). */
  headers?: Record<string, string>;
}

export const DEFAULT_STALL_MS = 30_000;
export const DEFAULT_REQUEST_MS = 120_000;
export const DEFAULT_MAX_TOTAL_BYTES = 512 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/**
 * Spoke's fetcher for tuf-js. tuf-js checks what arrives; this decides how it arrives:
 * plain node:http(s) with keep-alive, a stall timeout and an overall one, a byte cap per
 * file (from the signed metadata) and per sync, redirects followed only within the same
 * origin, and cancellation. Every failure is recorded as a SyncFailure so that the words
 * survive tuf-js wrapping the error in a string.
 */
export class SpokeFetcher implements Fetcher {
  private readonly stallMs: number;
  private readonly requestMs: number;
  private readonly maxTotalBytes: number;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 6 });
  bytesReceived = 0;
  requests = 0;
  lastFailure: FetchFailureRecord | null = null;
  /** The last body received in full, for explaining a verification failure afterwards. */
  lastBody: { url: string; bytes: Buffer } | null = null;

  constructor(private readonly options: FetcherOptions = {}) {
    this.stallMs = options.stallMs ?? DEFAULT_STALL_MS;
    this.requestMs = options.requestMs ?? DEFAULT_REQUEST_MS;
    this.maxTotalBytes = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  async downloadBytes(url: string, maxLength: number): Promise<Buffer> {
    this.lastFailure = null;
    try {
      const bytes = await this.get(url, maxLength, 0);
      this.lastBody = { url, bytes };
      return bytes;
    } catch (err) {
      const thrown = err instanceof Error ? err : new Error(String(err));
      this.lastFailure = { thrown, failure: toFailure(thrown, url) };
      throw thrown;
    }
  }

  async downloadFile<T>(url: string, maxLength: number, handler: (file: string) => Promise<T>): Promise<T> {
    const bytes = await this.downloadBytes(url, maxLength);
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'spoke-fetch-'));
    try {
      const file = path.join(dir, 'download');
      await fs.promises.writeFile(file, bytes);
      return await handler(file);
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  private get(url: string, maxLength: number, redirects: number): Promise<Buffer> {
    const signal = this.options.signal;
    if (signal?.aborted) return Promise.reject(new SyncFailure('cancelled', 'sync cancelled'));
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.reject(new SyncFailure('malformed', `not a valid address: ${url}`));
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      return Promise.reject(new SyncFailure('malformed', `only http and https addresses are used, not ${target.protocol}`));
    }
    this.requests += 1;
    const client = target.protocol === 'https:' ? https : http;
    const agent = target.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
    return new Promise<Buffer>((resolve, reject) => {
      let settled = false;
      const chunks: Buffer[] = [];
      let received = 0;
      const finish = (err: Error | null, value?: Buffer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(overall);
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(value ?? Buffer.alloc(0));
      };
      const onAbort = (): void => finish(new SyncFailure('cancelled', 'sync cancelled'));
      const overall = setTimeout(
        () => finish(new SyncFailure('timed-out', `no complete answer from ${target.host} within ${Math.round(this.requestMs / 1000)} s`)),
        this.requestMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      const req = client.get(target, { agent, headers: { 'user-agent': 'Spoke', accept: 'application/json, */*', ...this.options.headers } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          let next: URL;
          try {
            next = new URL(res.headers.location, target);
          } catch {
            finish(new SyncFailure('malformed', `the hub redirected to an invalid address`));
            return;
          }
          if (next.origin !== target.origin) {
            finish(new SyncFailure('unreachable', `the hub redirected to another host (${next.host}); Spoke only follows redirects on the same host`));
            return;
          }
          if (redirects >= MAX_REDIRECTS) {
            finish(new SyncFailure('unreachable', 'the hub redirected too many times'));
            return;
          }
          settled = true;
          clearTimeout(overall);
          signal?.removeEventListener('abort', onAbort);
          this.get(next.toString(), maxLength, redirects + 1).then(resolve, reject);
          return;
        }
        if (status !== 200) {
          res.resume();
          finish(new DownloadHTTPError(`Failed to download ${target.pathname} (HTTP ${status})`, status));
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxLength) {
          finish(new DownloadLengthMismatchError(`Max length reached: ${target.pathname} is ${declared} bytes, at most ${maxLength} expected`));
          return;
        }
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          this.bytesReceived += chunk.length;
          if (received > maxLength) {
            finish(new DownloadLengthMismatchError(`Max length reached: ${target.pathname} sent more than ${maxLength} bytes`));
            return;
          }
          if (this.bytesReceived > this.maxTotalBytes) {
            finish(new SyncFailure('too-large', `this sync would exceed ${this.maxTotalBytes} bytes`));
            return;
          }
          this.options.onBytes?.(chunk.length);
          chunks.push(chunk);
        });
        res.on('end', () => finish(null, Buffer.concat(chunks, received)));
        res.on('error', (err) => finish(err));
        res.on('aborted', () => finish(new SyncFailure('unreachable', `the connection to ${target.host} was cut`)));
      });
      req.setTimeout(this.stallMs, () =>
        finish(new SyncFailure('timed-out', `${target.host} sent nothing for ${Math.round(this.stallMs / 1000)} s`)),
      );
      req.on('error', (err) => finish(err));
    });
  }
}

function toFailure(err: Error, url: string): SyncFailure {
  if (err instanceof SyncFailure) return err;
  if (err instanceof DownloadLengthMismatchError) return new SyncFailure('too-large', err.message);
  if (err instanceof DownloadHTTPError) return new SyncFailure('unreachable', `the hub answered HTTP ${err.statusCode} for ${new URL(url).pathname}`);
  const code = (err as NodeJS.ErrnoException).code;
  return new SyncFailure('unreachable', `${code ?? err.message} while fetching ${new URL(url).host}`);
}
