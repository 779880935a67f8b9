/**
 * `s3://bucket/prefix` — a trail's log files straight from its bucket. The objects whose delivery time can
 * hold events of the window are fetched into the spool (spool.ts) and read by the file pipeline as they
 * arrive, like a local copy made with `aws s3 sync`, without copying the rest of the bucket and without
 * holding the whole window on disk (each file is removed once read).
 *
 * ## Finding the files of the window without listing the whole bucket
 * CloudTrail writes `[prefix/]AWSLogs/[o-org/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_
 * YYYYMMDDTHHmmZ_ID.json.gz`, where the date folders and the time in the name are when the file was
 * delivered (UTC). A file holds only events from before its delivery, usually by some minutes (AWS:
 * "within an average of about 5 minutes", not guaranteed). So for the window [since, until]:
 * - a file delivered before `since` holds nothing of it;
 * - a file delivered after `until` + `DELIVERY_MARGIN_MS` is taken to hold nothing of it (events delivered
 *   later than that after they happened are missed at the window's end);
 * - the rest is read, and the records are filtered by their own time as for any source.
 *
 * The walk lists the prefix in key order. The first key under an account's `CloudTrail/REGION/` folder
 * stands for that whole folder: only its day folders of the window are listed, and the walk resumes after
 * the folder (`StartAfter`), so a bucket of years of logs costs one request per region and day read, not
 * one per thousand files. The days of up to FOLDERS_IN_FLIGHT folders are listed while the walk goes on,
 * and each file found is fetched at once (`concurrency` at a time): an organisation trail's hundreds of
 * folders are not all listed before the first file is read. `CloudTrail-Digest/` and `CloudTrail-Insight/`
 * folders and other services' logs under `AWSLogs/` are skipped whole, each with a notice. A key outside that layout is a file the user
 * pointed at: it is read (unless its name carries a CloudTrail delivery time outside the window) and its
 * format is recognised as for a local file.
 *
 * The client is the AWS SDK v3 S3 client with the standard configuration (region, profile, credentials
 * chain, `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`). It follows a bucket's region when it differs from the
 * configured one, and starts in us-east-1 when none is configured (FALLBACK_REGION). With an endpoint set in
 * the environment (MinIO, a local S3) it uses path-style requests, as such servers expect.
 */
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { UsageError } from '../../normalize/diagnostic.js';
import { Waiters } from '../../util/waiters.js';
import {
  type BackoffOptions,
  callAws,
  explain,
  inPool,
  type ServiceLabel,
  withBackoff,
} from './aws-calls.js';
import type { S3Location } from './index.js';
import type { Spool } from './spool.js';

/** How long after an event its log file is taken to be delivered at the latest. */
export const DELIVERY_MARGIN_MS = 60 * 60 * 1000;

export interface S3TrailOptions extends BackoffOptions {
  /** Window, ms since the epoch. */
  since: number;
  until: number;
  /** Requests in flight (default 8). */
  concurrency?: number;
  /** For tests: a client, and keys per listing page (S3's default, 1000, when absent). */
  client?: Pick<S3Client, 'send'>;
  pageSize?: number;
  /** The source as written (`s3://bucket/prefix`), for messages. */
  label: string;
}

export interface S3TrailStats {
  /** Log files fetched into the spool. */
  fetched: number;
  bytes: number;
  /** Log files listed whose delivery time is outside the window: not fetched. */
  outsideWindow: number;
  /** Files that could not be fetched (each reported). */
  failed: number;
  /** Folders skipped whole (digests, insights, other services' logs). */
  skippedFolders: string[];
  /** List and get requests made. */
  requests: number;
  retries: number;
}

const LAYOUT = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]+\/)?\d{12}\/([^/]+)\/([^/]+)\//;
const DELIVERED = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/;

/**
 * Where a key sits in the CloudTrail layout: the folder of one account, log kind and region
 * (`.../AWSLogs/111122223333/CloudTrail/us-east-1/`) and the kind (`CloudTrail`, `CloudTrail-Digest`...),
 * or undefined for a key outside it.
 */
export function trailFolderOf(key: string): { folder: string; kind: string } | undefined {
  const m = LAYOUT.exec(key);
  if (!m) return undefined;
  return { folder: key.slice(0, m.index + m[0].length), kind: m[1] as string };
}

/** The delivery time in a CloudTrail log file's name (ms), or undefined when the name has none. */
export function deliveredAt(key: string): number | undefined {
  const m = DELIVERED.exec(key);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as number[];
  const t = Date.UTC(y as number, (mo as number) - 1, d as number, h as number, mi as number);
  return Number.isNaN(t) ? undefined : t;
}

/** The UTC day folders (`YYYY/MM/DD/`) from the day of `since` to the day of `until`, in order. */
export function dayFolders(since: number, until: number): string[] {
  const days: string[] = [];
  const first = new Date(since);
  let t = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate());
  for (; t <= until; t += 24 * 60 * 60 * 1000) {
    const d = new Date(t);
    days.push(
      `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/`,
    );
  }
  return days;
}

/**
 * Where S3 is asked first when no region is configured, as the AWS CLI does for S3: a bucket in another
 * region answers with a redirect that the client follows (`followRegionRedirects`).
 */
export const FALLBACK_REGION = 'us-east-1';

/** The region the standard configuration gives (environment, profile), or undefined when it gives none. */
async function configuredRegion(): Promise<string | undefined> {
  const probe = new S3Client({});
  try {
    return await probe.config.region();
  } catch (error) {
    if (/region is missing/i.test(error instanceof Error ? error.message : String(error))) return undefined;
    throw error;
  } finally {
    probe.destroy();
  }
}

/** After every key that starts with `folder` (S3 orders keys by their UTF-8 bytes). */
const afterFolder = (folder: string) => `${folder}\u{10FFFF}`;

/** Folders of a trail whose day folders are listed at once, while the walk goes on to the next. */
const FOLDERS_IN_FLIGHT = 4;

/** The files of the window as the listing finds them, taken one by one by the fetchers. */
class FoundFiles {
  private readonly items: { key: string; size: number }[] = [];
  private next = 0;
  private ended = false;
  private readonly waiters = new Waiters();

  /** Files found so far. */
  get count(): number {
    return this.items.length;
  }

  push(item: { key: string; size: number }): void {
    if (this.ended) return;
    this.items.push(item);
    this.waiters.wakeAll();
  }

  /** No more files will come. */
  end(): void {
    this.ended = true;
    this.waiters.wakeAll();
  }

  /** No more files will come, and those not taken are dropped (the run is abandoned). */
  cancel(): void {
    this.next = this.items.length;
    this.end();
  }

  /** The next file, or undefined once the listing ended and every file was taken. */
  async take(): Promise<{ key: string; size: number } | undefined> {
    while (this.next >= this.items.length) {
      if (this.ended) return undefined;
      await this.waiters.wait();
    }
    return this.items[this.next++];
  }
}

/**
 * Lists the log files of the window under `location` and fetches them into `spool`, each added as soon as it
 * is written. Problems with single objects are reported to `report` and the rest goes on; a bucket that
 * cannot be listed is a UsageError; a spool cancelled (the run abandoned) ends the fetching with
 * SpoolCancelled.
 */
export async function fetchTrailObjects(
  location: S3Location,
  spool: Spool,
  report: (d: Diagnostic) => void,
  options: S3TrailOptions,
): Promise<S3TrailStats> {
  if (!(options.since < options.until)) {
    throw new UsageError(
      `${options.label}: the window is empty (${new Date(options.since).toISOString()} is not before ${new Date(options.until).toISOString()})`,
    );
  }
  const label: ServiceLabel = { prefix: `${options.label}:`, service: 'S3' };
  const client = options.client ?? (await s3Client(options, label));
  return new TrailFetch(location, spool, report, options, client, label).run();
}

/** The S3 client of the standard configuration, for a trail's bucket (see the module doc). */
async function s3Client(options: S3TrailOptions, label: ServiceLabel): Promise<Pick<S3Client, 'send'>> {
  try {
    const custom = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
    const region = await configuredRegion();
    if (region === undefined) {
      options.onProgress?.(
        `${options.label}: no AWS region configured: S3 is asked in ${FALLBACK_REGION}, and the bucket's own region is followed`,
      );
    }
    // The SDK's own retries are off: throttling and 5xx are retried by withBackoff (aws-calls.ts).
    return new S3Client({
      maxAttempts: 1,
      followRegionRedirects: true,
      region: region ?? FALLBACK_REGION,
      ...(custom ? { forcePathStyle: true } : {}),
    });
  } catch (error) {
    return explain('creating the S3 client', error, label);
  }
}

/**
 * One fetch of a window: the walk lists the bucket and hands each file of the window to the fetchers as
 * soon as it is found, so that fetching (and reading, from the spool) starts with the first folder, not after
 * the last. The first failure that ends the run (a listing that fails, a spool cancelled) stops the rest.
 */
class TrailFetch {
  readonly stats: S3TrailStats = {
    fetched: 0,
    bytes: 0,
    outsideWindow: 0,
    failed: 0,
    skippedFolders: [],
    requests: 0,
    retries: 0,
  };
  private readonly found = new FoundFiles();
  private readonly concurrency: number;
  /** Files delivered after this (ms) hold nothing of the window. */
  private readonly latest: number;
  private failure: { error: unknown } | undefined;
  /** Folders whose days are being listed while the walk goes on (FOLDERS_IN_FLIGHT at most). */
  private readonly listing = new Set<Promise<void>>();

  constructor(
    private readonly location: S3Location,
    private readonly spool: Spool,
    private readonly report: (d: Diagnostic) => void,
    private readonly options: S3TrailOptions,
    private readonly client: Pick<S3Client, 'send'>,
    private readonly label: ServiceLabel,
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.latest = options.until + DELIVERY_MARGIN_MS;
  }

  async run(): Promise<S3TrailStats> {
    const fetching = Promise.all(
      Array.from({ length: this.concurrency }, async () => {
        for (let item = await this.found.take(); item; item = await this.found.take())
          await this.fetchOne(item);
      }),
    );
    fetching.catch((error: unknown) => this.fail(error));
    try {
      await this.walk();
      await Promise.all(this.listing);
    } catch (error) {
      this.fail(error);
    }
    this.found.end();
    await fetching.catch(() => undefined);
    if (this.failure) throw this.failure.error;

    const { options, stats } = this;
    if (this.found.count === 0) {
      this.report({
        code: 'empty-input',
        severity: 'warning',
        message: `no log file delivered between ${new Date(options.since).toISOString()} and ${new Date(this.latest).toISOString()} under this prefix${stats.outsideWindow > 0 ? ` (${stats.outsideWindow} outside that time)` : ''}`,
        file: options.label,
        malformed: false,
      });
      return stats;
    }
    options.onProgress?.(`${options.label}: fetched ${stats.fetched} of ${this.found.count} log files`);
    return stats;
  }

  private fail(error: unknown): void {
    this.failure ??= { error };
    this.found.cancel();
  }

  /** The bucket in key order; a CloudTrail folder is listed by its days (startListing), then skipped over. */
  private async walk(): Promise<void> {
    let startAfter: string | undefined;
    let token: string | undefined;
    while (!this.failure) {
      const page = await this.listPage(this.location.prefix, token, startAfter);
      let jumpTo: string | undefined;
      for (const o of page.Contents ?? []) {
        const key = o.Key;
        if (!key) continue;
        const folderOf = trailFolderOf(key);
        if (folderOf) {
          if (folderOf.kind === 'CloudTrail') await this.startListing(folderOf.folder);
          else this.skipFolder(folderOf.folder, folderOf.kind);
          jumpTo = afterFolder(folderOf.folder);
          break;
        }
        this.consider(key, o.Size ?? 0);
      }
      if (jumpTo !== undefined) {
        startAfter = jumpTo;
        token = undefined;
        continue;
      }
      if (!page.IsTruncated || !page.NextContinuationToken) break;
      token = page.NextContinuationToken;
    }
  }

  private skipFolder(folder: string, kind: string): void {
    this.stats.skippedFolders.push(folder);
    this.report({
      code: kind === 'CloudTrail-Digest' ? 'digest-file' : 'not-cloudtrail',
      severity: 'notice',
      message:
        kind === 'CloudTrail-Digest'
          ? 'CloudTrail digest files (integrity hashes, no events): skipped'
          : `${kind} files are not CloudTrail API events: skipped`,
      file: `s3://${this.location.bucket}/${folder}`,
      malformed: false,
    });
  }

  /** Lists a folder's days while the walk goes on, once fewer than FOLDERS_IN_FLIGHT are being listed. */
  private async startListing(folder: string): Promise<void> {
    this.options.onProgress?.(`${this.options.label}: listing ${folder} for the window`);
    while (this.listing.size >= FOLDERS_IN_FLIGHT) await Promise.race(this.listing);
    const p: Promise<void> = this.listFolder(folder).then(
      () => void this.listing.delete(p),
      (error: unknown) => {
        this.listing.delete(p);
        this.fail(error);
      },
    );
    this.listing.add(p);
  }

  /** The day folders of the window under one account's `CloudTrail/REGION/` folder. */
  private async listFolder(folder: string): Promise<void> {
    await inPool(dayFolders(this.options.since, this.latest), this.concurrency, async (day) => {
      let token: string | undefined;
      do {
        if (this.failure) return;
        const page = await this.listPage(folder + day, token);
        // A prefix that goes deeper than the folder (`.../us-east-1/2026/11/`) still bounds what is read.
        for (const o of page.Contents ?? [])
          if (o.Key?.startsWith(this.location.prefix)) this.consider(o.Key, o.Size ?? 0);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    });
  }

  /** A listed key: fetched if its delivery time can hold events of the window (or it has none). */
  private consider(key: string, size: number): void {
    if (key.endsWith('/')) return; // a folder marker
    const at = deliveredAt(key);
    if (at !== undefined && (at < this.options.since || at > this.latest)) this.stats.outsideWindow++;
    else this.found.push({ key, size });
  }

  /** One page of a listing, retried when throttled; a failure ends the run with a clear message. */
  private listPage(prefix: string, token?: string, startAfter?: string): Promise<ListObjectsV2CommandOutput> {
    this.stats.requests++;
    const { bucket } = this.location;
    const input = {
      Bucket: bucket,
      Prefix: prefix,
      ...(this.options.pageSize ? { MaxKeys: this.options.pageSize } : {}),
      ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: startAfter } : {}),
    };
    return callAws(
      'ListObjectsV2',
      () => this.client.send(new ListObjectsV2Command(input)),
      this.options,
      () => this.stats.retries++,
      this.label,
      `listing s3://${bucket}/${prefix}`,
    );
  }

  /** One log file into the spool, once it has room; added (to be read) when written whole. */
  private async fetchOne({ key, size }: { key: string; size: number }): Promise<void> {
    const { bucket } = this.location;
    const { spool, stats } = this;
    const uri = `s3://${bucket}/${key}`;
    const file = spool.reserve(key, uri);
    await spool.claim(file, size);
    try {
      await withBackoff(
        'GetObject',
        async () => {
          stats.requests++;
          const res = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          if (!res.Body) throw new Error('the response has no body');
          await pipeline(res.Body as Readable, createWriteStream(file));
        },
        this.options,
        () => stats.retries++,
      );
    } catch (error) {
      await spool.discard(file);
      stats.failed++;
      const e = error as { name?: string; message?: string };
      this.report({
        code: 'unreadable',
        severity: 'error',
        message: `cannot fetch: ${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(error)}`,
        file: uri,
        malformed: false,
      });
      return;
    }
    stats.fetched++;
    stats.bytes += size;
    spool.add(file);
  }
}
