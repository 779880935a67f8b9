/**
 * `leastpriv generate s3://...` and `leastpriv generate cloudtrail:` as a user runs them: the built CLI in
 * a child process, the real AWS SDK clients pointed at a real S3-compatible server (s3rver) and at a local
 * CloudTrail endpoint, all on 127.0.0.1.
 */
import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateResult } from '../../src/pipeline/generate.js';
import {
  type FakeCloudTrail,
  fakeAwsEnv,
  type LocalS3,
  roleSession,
  startFakeCloudTrail,
  startLocalS3,
  TRAIL_ACCOUNT,
  trailEvent,
} from '../../src/sources/live/test-helpers.js';
import { cliAsync, grants } from '../traces/helpers.js';

const A = TRAIL_ACCOUNT;
const role = roleSession('orders-role', 'orders-handler');
const KEY = `AWSLogs/${A}/CloudTrail/us-east-1/2026/11/21/${A}_CloudTrail_us-east-1_20261121T1005Z_b.json.gz`;
const BROKEN = `AWSLogs/${A}/CloudTrail/us-east-1/2026/11/21/${A}_CloudTrail_us-east-1_20261121T1010Z_c.json.gz`;
const WINDOW = ['--since', '2026-11-21T10:00:00Z', '--until', '2026-11-21T11:00:00Z'];

let s3: LocalS3;
let ct: FakeCloudTrail;

beforeAll(async () => {
  s3 = await startLocalS3(['trail-logs']);
  const records = [
    trailEvent(
      role,
      '2026-11-21T10:01:00Z',
      'sqs.amazonaws.com',
      'SendMessage',
      {
        queueUrl: `https://sqs.us-east-1.amazonaws.com/${A}/orders`,
      },
      1,
    ),
  ];
  await s3.client.send(
    new PutObjectCommand({
      Bucket: 'trail-logs',
      Key: KEY,
      Body: gzipSync(JSON.stringify({ Records: records })),
    }),
  );
  await s3.client.send(
    new PutObjectCommand({ Bucket: 'trail-logs', Key: BROKEN, Body: Buffer.from('{"Records":[') }),
  );
  const e = trailEvent(
    role,
    '2026-11-21T10:02:00Z',
    'sqs.amazonaws.com',
    'GetQueueAttributes',
    {
      queueUrl: `https://sqs.us-east-1.amazonaws.com/${A}/orders`,
    },
    2,
  );
  ct = await startFakeCloudTrail({
    events: [
      {
        EventId: e.eventID as string,
        EventTime: Date.parse('2026-11-21T10:02:00Z') / 1000,
        CloudTrailEvent: JSON.stringify(e),
      },
    ],
  });
});

afterAll(async () => {
  await s3?.close();
  await ct?.close();
});

describe('generate from a trail bucket and from LookupEvents, from the command line', () => {
  it('s3://BUCKET/PREFIX: the policy of the window, and a broken object named by its URI on stderr', async () => {
    const run = await cliAsync(['generate', 's3://trail-logs/AWSLogs/', ...WINDOW, '--json', '--verbose'], {
      env: s3.env,
    });
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as GenerateResult;
    expect(result.policies).toHaveLength(1);
    expect(grants(result.policies[0]?.policy as GenerateResult['policies'][0]['policy'])).toEqual({
      'sqs:SendMessage': [`arn:aws:sqs:us-east-1:${A}:orders`],
    });
    expect(result.summary).toMatchObject({ files: 2, malformed: 1 });
    expect(run.stderr).toContain(`s3://trail-logs/${BROKEN}`);
    expect(run.stderr).not.toMatch(/leastpriv-[A-Za-z0-9]{6}/);
    expect(run.stderr).not.toMatch(/NodeVersionSupportWarning|\n\s+at /);
    // --verbose: the listing, the fetches and the files read.
    expect(run.stderr).toContain('leastpriv: s3://trail-logs/AWSLogs/: fetched 2 of 2 log files\n');
    expect(run.stderr).toMatch(/leastpriv: read 2 files, \d+ records\n/);
  });

  it('cloudtrail:REGION: the policy from LookupEvents, with the notice that data events are not in it', async () => {
    const run = await cliAsync(['generate', 'cloudtrail:us-east-1', ...WINDOW, '--json'], {
      env: { ...fakeAwsEnv(ct.url), AWS_ENDPOINT_URL_CLOUDTRAIL: ct.url },
    });
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as GenerateResult;
    expect(grants(result.policies[0]?.policy as GenerateResult['policies'][0]['policy'])).toEqual({
      'sqs:GetQueueAttributes': [`arn:aws:sqs:us-east-1:${A}:orders`],
    });
    expect(run.stderr).toMatch(/cloudtrail:us-east-1: .*management events only/);
    expect(ct.requests.every((r) => r.signed)).toBe(true);
  });

  it('cloudtrail: --lookup KEY=VALUE: the attribute is sent to LookupEvents; a wrong key is one line and exit 1', async () => {
    const env = { ...fakeAwsEnv(ct.url), AWS_ENDPOINT_URL_CLOUDTRAIL: ct.url };
    const before = ct.requests.length;
    const run = await cliAsync(
      ['generate', 'cloudtrail:us-east-1', ...WINDOW, '--lookup', 'EventName=GetQueueAttributes', '--json'],
      { env },
    );
    expect(run.status).toBe(0);
    expect(ct.requests.slice(before).map((r) => r.body.LookupAttributes)).toEqual([
      [{ AttributeKey: 'EventName', AttributeValue: 'GetQueueAttributes' }],
    ]);
    expect(JSON.parse(run.stdout).policies).toHaveLength(1);
    const wrong = await cliAsync(['generate', 'cloudtrail:', '--lookup', 'Role=orders'], { env });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^leastpriv: --lookup Role=orders: expected KEY=VALUE with KEY one of /),
    ]);
  });

  it('a bucket that does not exist is one clear line and exit 1', async () => {
    const run = await cliAsync(['generate', 's3://missing-bucket/', ...WINDOW], { env: s3.env });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /s3:\/\/missing-bucket\/: listing s3:\/\/missing-bucket\/ failed: NoSuchBucket/,
    );
  });
});
