import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../../normalize/activity-record.js';
import { type Diagnostic, UsageError } from '../../normalize/diagnostic.js';
import { isRetryable, withBackoff } from './aws-calls.js';
import { parseLiveSource } from './index.js';
import {
  type FakeSummary,
  type FakeTrace,
  type FakeXray,
  fakeAwsEnv,
  startFakeXray,
} from './test-helpers.js';
import { readXrayLive } from './xray.js';

const ACCOUNT = '111122223333';
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:reports-build`;
/** 2026-11-02T10:00:00Z in seconds. */
const T0 = Date.UTC(2026, 10, 2, 10, 0, 0) / 1000;

/** Seven small traces of one function, each one GetItem on the reports table. */
function traces(): { summaries: FakeSummary[]; traces: FakeTrace[] } {
  const summaries: FakeSummary[] = [];
  const out: FakeTrace[] = [];
  for (let i = 0; i < 7; i++) {
    const id = `1-${Math.floor(T0 + i).toString(16)}-00000000000000000000000${i}`;
    const doc = {
      id: `a00000000000000${i}`,
      trace_id: id,
      name: 'reports-build',
      start_time: T0 + i,
      end_time: T0 + i + 0.2,
      origin: 'AWS::Lambda::Function',
      aws: { function_arn: FN },
      subsegments: [
        {
          id: `b00000000000000${i}`,
          name: 'DynamoDB',
          namespace: 'aws',
          start_time: T0 + i + 0.05,
          end_time: T0 + i + 0.1,
          aws: { operation: 'GetItem', table_name: 'reports', region: 'us-east-1' },
          http: { response: { status: 200 } },
        },
      ],
    };
    summaries.push({ Id: id, StartTime: T0 + i });
    out.push({ Id: id, Duration: 0.2, Segments: [{ Id: doc.id, Document: JSON.stringify(doc) }] });
  }
  return { summaries, traces: out };
}

let server: FakeXray | undefined;
const saved: Record<string, string | undefined> = {};

async function start(options: Partial<Parameters<typeof startFakeXray>[0]> = {}): Promise<FakeXray> {
  server = await startFakeXray({ ...traces(), ...options });
  for (const [k, v] of Object.entries(fakeAwsEnv(server.url))) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  return server;
}

beforeEach(() => {
  server = undefined;
});
afterEach(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await server?.close();
});

function collect() {
  const records: ActivityRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  return {
    records,
    diagnostics,
    sink: {
      record: (r: ActivityRecord) => records.push(r),
      diagnostic: (d: Diagnostic) => diagnostics.push(d),
    },
  };
}

const window = { since: (T0 - 60) * 1000, until: (T0 + 60) * 1000 };

describe('the xray: live source against a local X-Ray endpoint', () => {
  it('pages summaries, fetches traces five at a time with bounded concurrency, and backs off when throttled', async () => {
    // Given an endpoint that throttles the first requests, pages everything, and holds one id back once
    const fake = await start({
      throttleFirst: { '/TraceSummaries': 1, '/Traces': 2 },
      unprocessedOnce: [traces().summaries[6]!.Id],
    });
    const delays: number[] = [];
    const { records, diagnostics, sink } = collect();
    // When the window is read with a filter, two requests in flight
    const stats = await readXrayLive(sink, {
      ...window,
      filter: 'service("reports-build")',
      concurrency: 2,
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0.5,
    });
    // Then every trace is read once, through the real SDK's signed requests
    expect(records).toHaveLength(7);
    expect(new Set(records.map((r) => r.evidenceId.split('/')[0])).size).toBe(7);
    expect(records[0]).toMatchObject({
      sourceKind: 'xray',
      eventSource: 'dynamodb.amazonaws.com',
      operation: 'GetItem',
      workloadHint: FN,
      recipientAccountId: ACCOUNT,
      origin: { file: 'xray:' },
    });
    expect(fake.requests.every((r) => r.signed)).toBe(true);
    // And the summaries were asked for the window, with the filter, following NextToken
    const pages = fake.requests.filter((r) => r.path === '/TraceSummaries' && r.status === 200);
    expect(pages.map((r) => r.body.NextToken)).toEqual([undefined, 'page-3', 'page-6']);
    expect(pages[0]!.body).toMatchObject({
      StartTime: window.since / 1000,
      EndTime: window.until / 1000,
      FilterExpression: 'service("reports-build")',
    });
    // And the traces five ids at a time (then the held-back id again), each answer's second page followed
    const batches = fake.requests.filter((r) => r.path === '/Traces' && r.status === 200);
    const asked = batches
      .filter((r) => r.body.NextToken === undefined)
      .map((r) => (r.body.TraceIds as string[]).length);
    expect(asked).toEqual([5, 2, 1]);
    expect(batches.some((r) => r.body.NextToken === 'traces-2')).toBe(true);
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);
    // And throttled requests were retried after growing delays
    expect(stats.retries).toBe(3);
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(3);
    expect(delays.length).toBe(3);
    expect(stats).toMatchObject({ summaries: 7, traces: 7, unprocessed: [] });
    expect(diagnostics.filter((d) => d.severity !== 'notice')).toEqual([]);
  });

  it('gives up after the last attempt and says what failed, in one line', async () => {
    // Given an endpoint that always throttles
    await start({ throttleFirst: { '/TraceSummaries': 100 } });
    const { sink } = collect();
    // When the window is read with three attempts
    const run = readXrayLive(sink, { ...window, maxAttempts: 3, sleep: async () => {} });
    // Then the error is a user error naming the operation and X-Ray's answer
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/GetTraceSummaries failed: ThrottlingException/);
  });

  it('names the source as written when it names a region, so that of several the message says which', async () => {
    await start();
    const { sink } = collect();
    await expect(readXrayLive(sink, { ...window, filter: 'bad(', label: 'xray:us-west-2' })).rejects.toThrow(
      /^xray:us-west-2: GetTraceSummaries failed: InvalidRequestException/,
    );
  });

  it('reports a bad filter expression as X-Ray words it, without a stack', async () => {
    await start();
    const { sink } = collect();
    await expect(readXrayLive(sink, { ...window, filter: 'bad(' })).rejects.toThrow(
      /xray: GetTraceSummaries failed: InvalidRequestException: Invalid filter expression/,
    );
  });

  it('warns when the window holds no trace', async () => {
    await start();
    const { records, diagnostics, sink } = collect();
    await readXrayLive(sink, { since: (T0 + 3600) * 1000, until: (T0 + 7200) * 1000 });
    expect(records).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'empty-input', severity: 'warning', file: 'xray:' }),
    ]);
  });
});

describe('backoff', () => {
  it('retries throttling and server errors only, with delays that double up to a cap', async () => {
    // Given a request that is throttled twice, then answers
    const delays: number[] = [];
    let calls = 0;
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottledException' });
    const result = await withBackoff(
      'op',
      async () => {
        calls++;
        if (calls < 3) throw throttled;
        return 'done';
      },
      { baseDelayMs: 100, random: () => 0.999, sleep: async (ms) => void delays.push(ms) },
      () => {},
    );
    // Then it answers after two waits, the second about twice the first
    expect(result).toBe('done');
    expect(delays).toEqual([99, 199]);
    // And errors that are not worth a retry are not retried
    expect(
      isRetryable(
        Object.assign(new Error('x'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }),
      ),
    ).toBe(false);
    expect(
      isRetryable(Object.assign(new Error('x'), { name: 'Whatever', $metadata: { httpStatusCode: 503 } })),
    ).toBe(true);
  });
});

describe('parseLiveSource', () => {
  it('knows xray: and xray:REGION and leaves paths alone', () => {
    expect(parseLiveSource('xray:')).toEqual({ kind: 'xray', spec: 'xray:' });
    expect(parseLiveSource('xray:eu-west-1')).toEqual({
      kind: 'xray',
      spec: 'xray:eu-west-1',
      region: 'eu-west-1',
    });
    expect(parseLiveSource('traces/xray.json')).toBeUndefined();
    expect(() => parseLiveSource('xray:not a region')).toThrow(UsageError);
  });
});
