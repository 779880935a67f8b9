import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { generate } from '../../pipeline/generate.js';
import { asArray } from '../../policy/types.js';
import { fetchLookupEvents } from './cloudtrail-lookup.js';
import { parseLookupAttribute } from './index.js';
import { Spool } from './spool.js';
import {
  type FakeCloudTrail,
  type FakeLookupEvent,
  fakeAwsEnv,
  iamUser,
  roleSession,
  startFakeCloudTrail,
  TRAIL_ACCOUNT,
  trailEvent,
} from './test-helpers.js';

const A = TRAIL_ACCOUNT;
const T0 = Date.parse('2026-11-21T10:00:00Z');
const deployer = roleSession('deploy-role', 'ci');

/** 120 management events of the deploy role (three pages of 50), one IAM call by alice, one damaged event. */
function events(): FakeLookupEvent[] {
  const out: FakeLookupEvent[] = [];
  for (let i = 0; i < 120; i++) {
    const time = new Date(T0 + i * 1000).toISOString().replace('.000Z', 'Z');
    const e = trailEvent(
      deployer,
      time,
      'lambda.amazonaws.com',
      'GetFunction20150331v2',
      {
        functionName: `arn:aws:lambda:us-east-1:${A}:function:orders`,
      },
      i + 1,
    );
    out.push({
      EventId: e.eventID as string,
      EventTime: (T0 + i * 1000) / 1000,
      CloudTrailEvent: JSON.stringify(e),
    });
  }
  const alice = trailEvent(
    iamUser('alice'),
    '2026-11-21T10:05:00Z',
    'iam.amazonaws.com',
    'GetRole',
    { roleName: 'deploy-role' },
    500,
  );
  out.push({
    EventId: alice.eventID as string,
    EventTime: (T0 + 300_000) / 1000,
    CloudTrailEvent: JSON.stringify(alice),
  });
  out.push({ EventId: 'broken-1', EventTime: (T0 + 301_000) / 1000, CloudTrailEvent: '{"eventVersion":' });
  return out;
}

let server: FakeCloudTrail | undefined;
const saved: Record<string, string | undefined> = {};

async function start(throttleFirst = 0): Promise<FakeCloudTrail> {
  server = await startFakeCloudTrail({ events: events(), throttleFirst });
  const env = { ...fakeAwsEnv(server.url), AWS_ENDPOINT_URL_CLOUDTRAIL: server.url };
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  return server;
}

afterEach(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await server?.close();
  server = undefined;
});

const window = { since: '2026-11-21T09:00:00Z', until: '2026-11-21T11:00:00Z' };

describe('the cloudtrail: source against a local CloudTrail endpoint', () => {
  it('pages through LookupEvents with the window, backs off when throttled, and generates from every page', async () => {
    const fake = await start(1);
    const diagnostics: Diagnostic[] = [];
    const result = await generate({
      sources: ['cloudtrail:'],
      ...window,
      now: T0,
      workers: 1,
      onDiagnostic: (d) => diagnostics.push(d),
    });
    // One throttled request, then three pages (122 events, 50 a page), each signed for cloudtrail.
    expect(fake.requests.map((r) => r.status)).toEqual([400, 200, 200, 200]);
    expect(fake.requests.every((r) => r.signed && r.path === 'CloudTrail_20131101.LookupEvents')).toBe(true);
    expect(fake.requests[1]?.body).toMatchObject({
      StartTime: Date.parse(window.since) / 1000,
      EndTime: Date.parse(window.until) / 1000,
      MaxResults: 50,
    });
    expect(fake.requests[2]?.body.NextToken).toBe('token-50');

    const deploy = result.policies.find((p) => p.principal === `arn:aws:iam::${A}:role/deploy-role`);
    expect(deploy?.policy.Statement.flatMap((s) => asArray(s.Action))).toEqual(['lambda:GetFunction']);
    expect(deploy?.records).toBe(120);
    const alice = result.policies.find((p) => p.principal === `arn:aws:iam::${A}:user/alice`);
    expect(alice?.policy.Statement.flatMap((s) => asArray(s.Resource))).toEqual([
      `arn:aws:iam::${A}:role/deploy-role`,
    ]);

    // The damaged event: named by its page and record, counted, the rest read.
    const broken = diagnostics.find((d) => d.code === 'invalid-json');
    expect(broken).toMatchObject({
      file: 'cloudtrail: page 1',
      record: 0,
      eventId: 'broken-1',
      malformed: true,
    });
    expect(result.summary.malformed).toBe(1);
    // What LookupEvents cannot show is said.
    expect(diagnostics.find((d) => d.code === 'partial-source')?.message).toMatch(/management events only/);
    expect(diagnostics.some((d) => d.file.includes('leastpriv-'))).toBe(false);
  });

  it('asks LookupEvents only for the events of one attribute with --lookup, and says so', async () => {
    const fake = await start();
    const diagnostics: Diagnostic[] = [];
    const result = await generate({
      sources: ['cloudtrail:'],
      ...window,
      now: T0,
      workers: 1,
      lookup: parseLookupAttribute('eventsource=iam.amazonaws.com'),
      onDiagnostic: (d) => diagnostics.push(d),
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.body.LookupAttributes).toEqual([
      { AttributeKey: 'EventSource', AttributeValue: 'iam.amazonaws.com' },
    ]);
    expect(result.policies.map((p) => p.principal)).toEqual([`arn:aws:iam::${A}:user/alice`]);
    expect(diagnostics.find((d) => d.code === 'partial-source')?.message).toMatch(
      /Only the events with EventSource iam\.amazonaws\.com are asked for \(--lookup\)$/,
    );
  });

  it('spaces its requests and warns when the window reaches back beyond the 90 days LookupEvents keeps', async () => {
    const fake = await start();
    const spool = await Spool.create();
    const diagnostics: Diagnostic[] = [];
    const slept: number[] = [];
    try {
      const stats = await fetchLookupEvents(spool, (d) => diagnostics.push(d), {
        since: T0 - 100 * 24 * 3600 * 1000,
        until: T0 + 3_600_000,
        now: T0 + 3_600_000,
        minIntervalMs: 60_000,
        sleep: async (ms) => {
          slept.push(ms);
        },
        label: 'cloudtrail:',
      });
      expect(stats).toMatchObject({ pages: 3, events: 122 });
      expect(fake.requests).toHaveLength(3);
      // Two waits, each nearly the whole interval (the requests themselves take milliseconds).
      expect(slept).toHaveLength(2);
      for (const ms of slept) expect(ms).toBeGreaterThan(50_000);
      expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
        ['partial-source', 'notice'],
        ['partial-source', 'warning'],
      ]);
      expect(diagnostics[1]?.message).toMatch(/keeps 90 days/);
    } finally {
      await spool.remove();
    }
  });

  it.each([
    ['cloudtrail:', /^cloudtrail: LookupEvents failed: ThrottlingException: Rate exceeded$/],
    // A source that names its region is named with it, so that of several the message says which.
    [
      'cloudtrail:eu-west-1',
      /^cloudtrail:eu-west-1: LookupEvents failed: ThrottlingException: Rate exceeded$/,
    ],
  ])('says in one line when the endpoint keeps refusing, without a stack (%s)', async (label, message) => {
    const fake = await start(100);
    const spool = await Spool.create();
    try {
      await expect(
        fetchLookupEvents(spool, () => {}, {
          since: T0 - 3_600_000,
          until: T0 + 3_600_000,
          maxAttempts: 3,
          sleep: async () => {},
          label,
        }),
      ).rejects.toThrow(message);
      expect(fake.requests).toHaveLength(3);
      expect(spool.files).toEqual([]);
    } finally {
      await spool.remove();
    }
  });
});

describe('an empty window', () => {
  it('is refused in one line that names the source once (cloudtrail:, never cloudtrail::)', async () => {
    const spool = await Spool.create();
    try {
      await expect(
        fetchLookupEvents(spool, () => {}, { since: T0, until: T0, label: 'cloudtrail:' }),
      ).rejects.toThrow(/^cloudtrail: the window is empty \(/);
    } finally {
      await spool.remove();
    }
  });
});

describe('--lookup KEY=VALUE', () => {
  it('takes one of the attributes LookupEvents knows, in any case, and refuses anything else in one line', () => {
    expect(parseLookupAttribute('Username=alice')).toEqual({ key: 'Username', value: 'alice' });
    expect(parseLookupAttribute('resourcename=arn:aws:s3:::a=b')).toEqual({
      key: 'ResourceName',
      value: 'arn:aws:s3:::a=b',
    });
    expect(parseLookupAttribute('ReadOnly=false')).toEqual({ key: 'ReadOnly', value: 'false' });
    expect(() => parseLookupAttribute('User=alice')).toThrow(
      /^--lookup User=alice: expected KEY=VALUE with KEY one of EventId, /,
    );
    expect(() => parseLookupAttribute('Username=')).toThrow(/expected KEY=VALUE/);
    expect(() => parseLookupAttribute('ReadOnly=yes')).toThrow(/ReadOnly is true or false/);
  });

  it('needs a cloudtrail: source', async () => {
    await expect(
      generate({ sources: ['s3://trail-logs/'], lookup: { key: 'Username', value: 'alice' } }),
    ).rejects.toThrow(/^--lookup selects the events LookupEvents returns: it needs a cloudtrail:/);
  });
});
