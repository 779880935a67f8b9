import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { UsageError } from '../../normalize/diagnostic.js';
import { generate } from '../../pipeline/generate.js';
import { asArray } from '../../policy/types.js';
import { parseLiveSource } from './index.js';
import { dayFolders, deliveredAt, fetchTrailObjects, trailFolderOf } from './s3-trail.js';
import { Spool } from './spool.js';
import {
  iamUser,
  type LocalS3,
  roleSession,
  startLocalS3,
  TRAIL_ACCOUNT,
  trailEvent,
} from './test-helpers.js';

const A = TRAIL_ACCOUNT;
const B = '000011112222';
const EAST = `AWSLogs/${A}/CloudTrail/us-east-1`;
const WEST = `AWSLogs/${A}/CloudTrail/eu-west-1`;
const orders = roleSession('orders-role', 'orders-handler');
const logs = (...records: Record<string, unknown>[]) => gzipSync(JSON.stringify({ Records: records }));

/**
 * The bucket: two regions of one account's trail over three days, a digest folder, and a file outside the
 * layout. The window read is 2026-11-21 00:00 to 12:00 UTC.
 */
const OBJECTS: Record<string, Buffer> = {
  // Delivered the day before the window: its events are older than the window.
  [`${EAST}/2026/11/20/${A}_CloudTrail_us-east-1_20261120T2355Z_a.json.gz`]: logs(
    trailEvent(
      roleSession('old-role', 's'),
      '2026-11-20T23:50:00Z',
      'sqs.amazonaws.com',
      'ListQueues',
      {},
      1,
    ),
  ),
  [`${EAST}/2026/11/21/${A}_CloudTrail_us-east-1_20261121T1005Z_b.json.gz`]: logs(
    trailEvent(
      orders,
      '2026-11-21T10:01:00Z',
      'dynamodb.amazonaws.com',
      'GetItem',
      { tableName: 'orders' },
      2,
    ),
    trailEvent(
      orders,
      '2026-11-21T10:02:00Z',
      'dynamodb.amazonaws.com',
      'PutItem',
      { tableName: 'orders' },
      3,
    ),
  ),
  // Cut off in transfer: reported by its s3:// name, the rest still read.
  [`${EAST}/2026/11/21/${A}_CloudTrail_us-east-1_20261121T1010Z_c.json.gz`]: logs(
    trailEvent(
      orders,
      '2026-11-21T10:06:00Z',
      'dynamodb.amazonaws.com',
      'DeleteItem',
      { tableName: 'orders' },
      4,
    ),
  ).subarray(0, 60),
  // Same day folder, delivered long after the window's end: listed, not fetched.
  [`${EAST}/2026/11/21/${A}_CloudTrail_us-east-1_20261121T2355Z_d.json.gz`]: logs(
    trailEvent(
      roleSession('late-role', 's'),
      '2026-11-21T23:50:00Z',
      'sqs.amazonaws.com',
      'ListQueues',
      {},
      5,
    ),
  ),
  [`${EAST}/2026/11/22/${A}_CloudTrail_us-east-1_20261122T0005Z_e.json.gz`]: logs(
    trailEvent(
      roleSession('next-day-role', 's'),
      '2026-11-22T00:01:00Z',
      'sqs.amazonaws.com',
      'ListQueues',
      {},
      6,
    ),
  ),
  [`${WEST}/2026/11/21/${A}_CloudTrail_eu-west-1_20261121T1100Z_f.json.gz`]: logs(
    trailEvent(iamUser('alice'), '2026-11-21T10:58:00Z', 's3.amazonaws.com', 'ListBuckets', null, 7),
  ),
  // Another account's digests. (Under account A itself s3rver would list them after `CloudTrail/`, as its
  // folders are walked one by one, where S3 lists keys in byte order, `CloudTrail-Digest/` first.)
  [`AWSLogs/${B}/CloudTrail-Digest/us-east-1/2026/11/21/${B}_CloudTrail-Digest_us-east-1_trail_us-east-1_20261121T1100Z.json.gz`]:
    gzipSync('{"awsAccountId":"111122223333","digestStartTime":"2026-11-21T10:00:00Z","logFiles":[]}'),
  // Outside the layout: a file someone put there; read like a local file.
  'exports/manual.json': Buffer.from(
    JSON.stringify({
      Records: [
        trailEvent(
          roleSession('reports-role', 'r'),
          '2026-11-21T11:30:00Z',
          'sqs.amazonaws.com',
          'SendMessage',
          {
            queueUrl: `https://sqs.us-east-1.amazonaws.com/${A}/reports`,
          },
          8,
        ),
      ],
    }),
  ),
};

const SINCE = '2026-11-21T00:00:00Z';
const UNTIL = '2026-11-21T12:00:00Z';

let s3: LocalS3;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  s3 = await startLocalS3(['trail-logs']);
  for (const [Key, Body] of Object.entries(OBJECTS)) {
    await s3.client.send(new PutObjectCommand({ Bucket: 'trail-logs', Key, Body }));
  }
  for (const [k, v] of Object.entries(s3.env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await s3?.close();
});

/** The real client, recording the ListObjectsV2 prefixes and GetObject keys it is asked for. */
function recording(client: S3Client) {
  const listed: string[] = [];
  const fetched: string[] = [];
  return {
    listed,
    fetched,
    client: {
      send(command: { input: { Prefix?: string; Key?: string } }) {
        if (command instanceof ListObjectsV2Command) listed.push(command.input.Prefix ?? '');
        else fetched.push(command.input.Key ?? '');
        return client.send(command as never);
      },
    } as Pick<S3Client, 'send'>,
  };
}

/** Fetches the bucket's window into a new spool with these options; the spool is removed after `check`. */
async function fetchWindow(
  options: Partial<Parameters<typeof fetchTrailObjects>[3]>,
  check: (
    stats: Awaited<ReturnType<typeof fetchTrailObjects>>,
    spool: Spool,
    diagnostics: Diagnostic[],
  ) => void,
): Promise<void> {
  const spool = await Spool.create();
  const diagnostics: Diagnostic[] = [];
  try {
    const stats = await fetchTrailObjects(
      { bucket: 'trail-logs', prefix: '' },
      spool,
      (d) => diagnostics.push(d),
      { since: Date.parse(SINCE), until: Date.parse(UNTIL), label: 's3://trail-logs', ...options },
    );
    check(stats, spool, diagnostics);
  } finally {
    await spool.remove();
  }
}

describe('the s3:// source against a local S3 server', () => {
  it('lists only the window’s day folders of each region, fetches the files delivered in it, and skips digests', async () => {
    const rec = recording(s3.client);
    await fetchWindow({ client: rec.client }, (stats, spool, diagnostics) => {
      // Day folders: only the 21st (the window plus the delivery margin ends at 13:00), in each region.
      expect(rec.listed.filter((p) => p.includes('/2026/')).sort()).toEqual(
        [`${WEST}/2026/11/21/`, `${EAST}/2026/11/21/`].sort(),
      );
      expect(rec.fetched.sort()).toEqual(
        [
          `${EAST}/2026/11/21/${A}_CloudTrail_us-east-1_20261121T1005Z_b.json.gz`,
          `${EAST}/2026/11/21/${A}_CloudTrail_us-east-1_20261121T1010Z_c.json.gz`,
          `${WEST}/2026/11/21/${A}_CloudTrail_eu-west-1_20261121T1100Z_f.json.gz`,
          'exports/manual.json',
        ].sort(),
      );
      expect(stats).toMatchObject({ fetched: 4, outsideWindow: 1, failed: 0 });
      expect(spool.files).toHaveLength(4);
      expect(spool.labelOf(spool.files[0] as string)).toMatch(/^s3:\/\/trail-logs\/AWSLogs\//);
      expect(stats.skippedFolders).toEqual([`AWSLogs/${B}/CloudTrail-Digest/us-east-1/`]);
      expect(diagnostics).toEqual([
        expect.objectContaining({
          code: 'digest-file',
          severity: 'notice',
          file: `s3://trail-logs/AWSLogs/${B}/CloudTrail-Digest/us-east-1/`,
          malformed: false,
        }),
      ]);
    });
  });

  it('follows listing pages, one key a page, to the same files', async () => {
    const rec = recording(s3.client);
    await fetchWindow({ client: rec.client, pageSize: 1 }, (stats) => {
      expect(stats).toMatchObject({ fetched: 4, outsideWindow: 1, failed: 0 });
      expect(rec.fetched).toHaveLength(4);
      // The us-east-1 day folder holds three files: three pages.
      expect(rec.listed.filter((p) => p === `${EAST}/2026/11/21/`)).toHaveLength(3);
    });
  });

  it('reports an object that cannot be fetched by its URI and fetches the rest', async () => {
    const gone = `${WEST}/2026/11/21/${A}_CloudTrail_eu-west-1_20261121T1100Z_f.json.gz`;
    // As if the object disappeared between the listing and the fetch: its fetch asks for a key that does
    // not exist, and S3 answers NoSuchKey.
    const client = {
      send(command: { input: { Key?: string } }) {
        if (command.input.Key === gone) {
          return s3.client.send(new GetObjectCommand({ Bucket: 'trail-logs', Key: 'no/such/key.json.gz' }));
        }
        return s3.client.send(command as never);
      },
    } as Pick<S3Client, 'send'>;
    await fetchWindow({ client, maxAttempts: 1 }, (stats, spool, diagnostics) => {
      expect(stats).toMatchObject({ fetched: 3, failed: 1 });
      expect(spool.files).toHaveLength(3);
      expect(diagnostics.find((d) => d.code === 'unreadable')).toMatchObject({
        severity: 'error',
        file: `s3://trail-logs/${gone}`,
        message: expect.stringMatching(/^cannot fetch: NoSuchKey: /),
        malformed: false,
      });
    });
  });

  it('starts fetching the files of the first folders while it is still walking the bucket for the next', async () => {
    // The walk's request after the last trail folder waits until a file was fetched (or 5 s): listing all
    // first, then fetching, would make it wait the whole time.
    let openedBy = '';
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const timer = setTimeout(() => {
      openedBy ||= 'timeout';
      open();
    }, 5000);
    const client = {
      async send(command: { input: { Prefix?: string; StartAfter?: string } }) {
        if (command instanceof GetObjectCommand) {
          openedBy ||= 'GetObject';
          open();
        } else if (command.input.Prefix === '' && command.input.StartAfter?.startsWith(`${EAST}/`)) {
          await gate;
        }
        return s3.client.send(command as never);
      },
    } as Pick<S3Client, 'send'>;
    try {
      await fetchWindow({ client }, (stats) => {
        expect(stats).toMatchObject({ fetched: 4, failed: 0 });
      });
    } finally {
      clearTimeout(timer);
    }
    expect(openedBy).toBe('GetObject');
  });

  it('ends with the listing error when a day folder cannot be listed, after the fetches under way', async () => {
    // The day folder's listing gets a real S3 error (its request is sent for a bucket that does not exist).
    const client = {
      send(command: { input: { Prefix?: string } }) {
        if (command instanceof ListObjectsV2Command && command.input.Prefix === `${EAST}/2026/11/21/`) {
          return s3.client.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket', Prefix: 'x/' }));
        }
        return s3.client.send(command as never);
      },
    } as Pick<S3Client, 'send'>;
    await expect(fetchWindow({ client, maxAttempts: 1 }, () => {})).rejects.toThrow(
      `s3://trail-logs: listing s3://trail-logs/${EAST}/2026/11/21/ failed: NoSuchBucket`,
    );
  });

  it('holds one file at a time on disk when the spool has room for one: fetching waits for reading', async () => {
    const rec = recording(s3.client);
    let onDisk = 0;
    let mostOnDisk = 0;
    const read: string[] = [];
    const spool = await Spool.create({
      limitBytes: 1,
      onAdd(file) {
        onDisk = readdirSync(spool.dir).length;
        mostOnDisk = Math.max(mostOnDisk, onDisk);
        // A slow reader: the file is released some time after it came.
        setTimeout(() => {
          read.push(spool.labelOf(file) as string);
          void spool.release([file]);
        }, 10);
      },
    });
    try {
      const stats = await fetchTrailObjects({ bucket: 'trail-logs', prefix: '' }, spool, () => {}, {
        since: Date.parse(SINCE),
        until: Date.parse(UNTIL),
        label: 's3://trail-logs',
        client: rec.client,
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(stats).toMatchObject({ fetched: 4, failed: 0 });
      expect(mostOnDisk).toBe(1);
      expect(read).toHaveLength(4);
      expect(readdirSync(spool.dir)).toEqual([]);
      const largest = Math.max(...Object.values(OBJECTS).map((b) => b.length));
      expect(spool.peakBytes).toBeLessThanOrEqual(largest);
    } finally {
      await spool.remove();
    }
  });

  it('gives the same policies when files are read one by one as they come as when the window fits on disk', async () => {
    const run = (spoolLimitBytes?: number) =>
      generate({
        sources: ['s3://trail-logs/'],
        since: SINCE,
        until: UNTIL,
        workers: 1,
        ...(spoolLimitBytes ? { spoolLimitBytes } : {}),
      });
    const [whole, oneByOne] = [await run(), await run(1)];
    expect(oneByOne.policies).toEqual(whole.policies);
    expect(oneByOne.summary).toEqual(whole.summary);
    expect(whole.summary.files).toBe(4);
  });

  it('reads no further when a bucket cannot be listed, even with local files being read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leastpriv-s3-local-'));
    try {
      for (let i = 0; i < 3; i++)
        writeFileSync(join(dir, `local-${i}.json`), OBJECTS['exports/manual.json'] as Buffer);
      await expect(
        generate({ sources: [dir, 's3://no-such-bucket/'], since: SINCE, until: UNTIL, workers: 1 }),
      ).rejects.toThrow(/listing s3:\/\/no-such-bucket\/ failed: NoSuchBucket/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates policies from the bucket, names a damaged object by its s3:// URI, and reads nothing outside the window', async () => {
    const diagnostics: Diagnostic[] = [];
    const result = await generate({
      sources: ['s3://trail-logs/'],
      since: SINCE,
      until: UNTIL,
      workers: 1,
      onDiagnostic: (d) => diagnostics.push(d),
    });
    const principals = result.policies.map((p) => p.principal).sort();
    expect(principals).toEqual([
      `arn:aws:iam::${A}:role/orders-role`,
      `arn:aws:iam::${A}:role/reports-role`,
      `arn:aws:iam::${A}:user/alice`,
    ]);
    const ordersPolicy = result.policies.find((p) => p.principal?.endsWith('role/orders-role'));
    const actions = ordersPolicy?.policy.Statement.flatMap((s) => asArray(s.Action)).sort();
    expect(actions).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(ordersPolicy?.policy.Statement.flatMap((s) => asArray(s.Resource))).toEqual([
      `arn:aws:dynamodb:us-east-1:${A}:table/orders`,
    ]);
    const damaged = diagnostics.find((d) => d.code === 'truncated-gzip');
    expect(damaged?.file).toBe(
      `s3://trail-logs/${EAST}/2026/11/21/${A}_CloudTrail_us-east-1_20261121T1010Z_c.json.gz`,
    );
    expect(result.summary.files).toBe(4);
    expect(result.summary.malformed).toBeGreaterThanOrEqual(1);
    expect(diagnostics.some((d) => d.file.includes('leastpriv-'))).toBe(false);
  });

  it('reads a prefix deeper than the region folder only under that prefix', async () => {
    const result = await generate({
      sources: [`s3://trail-logs/${WEST}/2026/11/`],
      since: SINCE,
      until: UNTIL,
      workers: 1,
    });
    expect(result.policies.map((p) => p.principal)).toEqual([`arn:aws:iam::${A}:user/alice`]);
    expect(result.summary.files).toBe(1);
  });

  it('asks S3 in us-east-1 when no region is configured, as the AWS CLI does, and says so with --verbose', async () => {
    const region = process.env.AWS_REGION;
    const defaultRegion = process.env.AWS_DEFAULT_REGION;
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    const progress: string[] = [];
    try {
      const result = await generate({
        sources: [`s3://trail-logs/${WEST}/`],
        since: SINCE,
        until: UNTIL,
        workers: 1,
        onProgress: (m) => progress.push(m),
      });
      expect(result.policies.map((p) => p.principal)).toEqual([`arn:aws:iam::${A}:user/alice`]);
    } finally {
      if (region !== undefined) process.env.AWS_REGION = region;
      if (defaultRegion !== undefined) process.env.AWS_DEFAULT_REGION = defaultRegion;
    }
    expect(progress).toContain(
      `s3://trail-logs/${WEST}/: no AWS region configured: S3 is asked in us-east-1, and the bucket's own region is followed`,
    );
  });

  it('says clearly when the bucket does not exist, in one line', async () => {
    await expect(
      generate({ sources: ['s3://no-such-bucket/AWSLogs/'], since: SINCE, until: UNTIL, workers: 1 }),
    ).rejects.toThrow(
      /^s3:\/\/no-such-bucket\/AWSLogs\/: listing s3:\/\/no-such-bucket\/AWSLogs\/ failed: NoSuchBucket/,
    );
  });

  it('warns when no file was delivered in the window', async () => {
    const diagnostics: Diagnostic[] = [];
    await generate({
      sources: ['s3://trail-logs/AWSLogs/'],
      since: '2026-10-01T00:00:00Z',
      until: '2026-10-02T00:00:00Z',
      workers: 1,
      onDiagnostic: (d) => diagnostics.push(d),
    });
    expect(diagnostics.find((d) => d.code === 'empty-input')).toMatchObject({
      severity: 'warning',
      file: 's3://trail-logs/AWSLogs/',
    });
  });
});

describe('the CloudTrail layout in keys', () => {
  it('finds the account, kind and region folder, with or without an organisation and a trail prefix', () => {
    expect(trailFolderOf(`${EAST}/2026/11/21/x.json.gz`)).toEqual({ folder: `${EAST}/`, kind: 'CloudTrail' });
    expect(trailFolderOf(`logs/AWSLogs/o-abc123def4/${A}/CloudTrail-Digest/eu-west-1/2026/x`)).toEqual({
      folder: `logs/AWSLogs/o-abc123def4/${A}/CloudTrail-Digest/eu-west-1/`,
      kind: 'CloudTrail-Digest',
    });
    expect(trailFolderOf('exports/manual.json')).toBeUndefined();
    expect(trailFolderOf('myAWSLogs/111122223333/CloudTrail/us-east-1/x')).toBeUndefined();
  });

  it('reads the delivery time from a log file name', () => {
    expect(deliveredAt(`${EAST}/2026/11/21/${A}_CloudTrail_us-east-1_20261121T1005Z_b.json.gz`)).toBe(
      Date.parse('2026-11-21T10:05:00Z'),
    );
    expect(deliveredAt('exports/manual.json')).toBeUndefined();
  });

  it('lists the UTC day folders a window spans, across a month end', () => {
    expect(dayFolders(Date.parse('2026-11-29T23:00:00Z'), Date.parse('2026-12-01T00:30:00Z'))).toEqual([
      '2026/11/29/',
      '2026/11/30/',
      '2026/12/01/',
    ]);
  });
});

describe('parseLiveSource for s3:// and cloudtrail:', () => {
  it('knows s3://BUCKET[/PREFIX], cloudtrail: and cloudtrail:REGION, and leaves a folder named cloudtrail alone', () => {
    expect(parseLiveSource('s3://trail-logs')).toEqual({
      kind: 's3',
      spec: 's3://trail-logs',
      location: { bucket: 'trail-logs', prefix: '' },
    });
    expect(parseLiveSource('s3://trail-logs/AWSLogs/')).toMatchObject({
      location: { bucket: 'trail-logs', prefix: 'AWSLogs/' },
    });
    expect(parseLiveSource('cloudtrail:')).toEqual({ kind: 'cloudtrail', spec: 'cloudtrail:' });
    expect(parseLiveSource('cloudtrail:eu-west-1')).toEqual({
      kind: 'cloudtrail',
      spec: 'cloudtrail:eu-west-1',
      region: 'eu-west-1',
    });
    expect(parseLiveSource('cloudtrail')).toBeUndefined();
    expect(() => parseLiveSource('s3://')).toThrow(UsageError);
    expect(() => parseLiveSource('cloudtrail:everywhere')).toThrow(UsageError);
  });
});
