import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../../normalize/activity-record.js';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { readInputFile } from '../index.js';
import { detectXray } from './detect.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const FN = 'arn:aws:lambda:us-east-1:111122223333:function:invoice-render';

async function read(path: string) {
  const records: ActivityRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  const stats = await readInputFile(path, {
    record: (r) => records.push(r),
    diagnostic: (d) => diagnostics.push(d),
  });
  return { records, diagnostics, stats };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leastpriv-xray-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reading a BatchGetTraces response', () => {
  it('finds every AWS SDK call of the function, nested or not, once, with its function and outcome', async () => {
    // Given a trace: the Lambda service segment (qualified ARN), the function segment with an S3 call two
    // custom subsegments deep, a refused DynamoDB call, a failed SQS call, an inferred segment, a broken document
    const { records, diagnostics, stats } = await read(fixture('batch-get-traces.json'));
    // Then the three SDK calls are records of the unqualified function, the inferred repeat is not
    expect(stats).toMatchObject({
      format: 'xray-batch-get-traces',
      records: 3,
      malformed: 1,
      skipped: false,
    });
    expect(records.map((r) => [r.eventSource, r.operation, r.workloadHint])).toEqual([
      ['s3.amazonaws.com', 'PutObject', FN],
      ['dynamodb.amazonaws.com', 'GetItem', FN],
      ['sqs.amazonaws.com', 'SendMessage', FN],
    ]);
    // And the parameters are CloudTrail's names, region and account the function's
    expect(records[0]).toMatchObject({
      sourceKind: 'xray',
      time: '2026-11-02T10:00:00.040Z',
      region: 'us-east-1',
      recipientAccountId: '111122223333',
      requestParameters: { bucketName: 'example-bucket', key: 'invoices/2026/inv-1.pdf' },
      evidenceId: '1-6ae85f20-0a1b2c3d4e5f60718293a4b5/1000000000000005',
      outcome: { kind: 'success' },
      identity: { type: 'Unknown' },
    });
    // And the Java SDK's generic exception is read by its "Error Code:" (refused), boto's ClientError by its
    // "An error occurred (...)" (passed authorization)
    expect(records[1]?.outcome).toMatchObject({ kind: 'denied', errorCode: 'AccessDeniedException' });
    expect(records[2]?.outcome).toMatchObject({
      kind: 'error',
      errorCode: 'AWS.SimpleQueueService.NonExistentQueue',
    });
    // And the broken document and the unprocessed id are named
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'invalid-json',
        severity: 'error',
        path: 'Traces[0].Segments[3].Document',
      }),
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('UnprocessedTraceIds'),
      }),
    ]);
  });
});

describe('reading raw segment documents', () => {
  it('joins independent subsegments to their segment, keeps the complete version, and says what has no parent', async () => {
    // Given daemon traffic: header lines, an in-progress EC2 segment, its SNS subsegment sent in progress
    // and then complete, a cut line, a subsegment whose parent is elsewhere, the complete segment
    const { records, diagnostics, stats } = await read(fixture('daemon.ndjson'));
    // Then the SNS call is one record of the instance (region from its zone), complete and successful
    expect(stats).toMatchObject({ format: 'xray-segments', records: 2, malformed: 1 });
    expect(records[0]).toMatchObject({
      operation: 'Publish',
      region: 'us-west-2',
      workloadHint: 'arn:aws:ec2:us-west-2:111122223333:instance/i-0abc1234def567890',
      requestParameters: { topicArn: 'arn:aws:sns:us-west-2:111122223333:report-ready' },
      outcome: { kind: 'success' },
    });
    // And the orphan is read but belongs to no workload, which a notice says; the cut line is named
    expect(records[1]).toMatchObject({ operation: 'Query', workloadHint: undefined });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-json', line: 8 }),
      expect.objectContaining({
        code: 'unsupported-record',
        severity: 'notice',
        message: expect.stringContaining(
          'the parent 20000000000000ff of subsegment "DynamoDB" is not in the input',
        ),
      }),
    ]);
  });

  it('streams a daemon capture larger than the whole-file limit, with the same result', async () => {
    // Given the capture read whole, and read line by line under a tiny whole-file limit
    const whole = await read(fixture('daemon.ndjson'));
    const records: ActivityRecord[] = [];
    const diagnostics: Diagnostic[] = [];
    const stats = await readInputFile(
      fixture('daemon.ndjson'),
      { record: (r) => records.push(r), diagnostic: (d) => diagnostics.push(d) },
      { maxWholeFileBytes: 64 },
    );
    // Then streaming gives the same records and problems
    expect(stats).toMatchObject({ streamed: true, records: 2, malformed: 1 });
    expect(records).toEqual(whole.records);
    expect(diagnostics).toEqual(whole.diagnostics);
  });

  it('reads a single pretty-printed segment and names what is missing for its workload', async () => {
    // Given an EC2 segment that does not record its account
    const { records, diagnostics } = await read(fixture('ec2-no-account.json'));
    // Then its call is read, in the zone's region, and the notice says the account is missing
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ operation: 'PutItem', region: 'eu-west-1', workloadHint: undefined });
    expect(diagnostics[0]?.message).toContain('EC2 instance i-0fedcba9876543210 without aws.account_id');
  });

  it('reads a PutTraceSegments body and a JSON array of documents', async () => {
    // Given the same call as a PutTraceSegments body and as an array
    const doc = {
      id: '4000000000000001',
      trace_id: '1-6ae85f23-bbbbbbbbbbbbbbbbbbbbbbbb',
      name: 'fn',
      start_time: 1793613600,
      end_time: 1793613601,
      aws: { function_arn: FN },
      subsegments: [
        {
          id: '4000000000000002',
          name: 'Lambda',
          namespace: 'aws',
          start_time: 1793613600.5,
          end_time: 1793613600.6,
          aws: { operation: 'Invoke', function_name: 'invoice-archive', qualifier: 'live' },
        },
      ],
    };
    const body = join(dir, 'put.json');
    const array = join(dir, 'array.json');
    await writeFile(body, JSON.stringify({ TraceSegmentDocuments: [JSON.stringify(doc)] }));
    await writeFile(array, JSON.stringify([doc]));
    // When both are read
    const a = await read(body);
    const b = await read(array);
    // Then each yields the Invoke with its function name and qualifier
    expect(a.stats.format).toBe('xray-put-trace-segments');
    expect(b.stats.format).toBe('xray-segments');
    for (const r of [a, b]) {
      expect(r.records).toHaveLength(1);
      expect(r.records[0]).toMatchObject({
        eventSource: 'lambda.amazonaws.com',
        operation: 'Invoke',
        requestParameters: { functionName: 'invoice-archive', qualifier: 'live' },
      });
    }
  });

  it('reports a segment without start_time as malformed, naming the field', async () => {
    const path = join(dir, 'no-start.json');
    await writeFile(
      path,
      JSON.stringify({ id: '5000000000000001', trace_id: '1-6ae85f24-cccccccccccccccccccccccc', name: 'x' }),
    );
    const { diagnostics, stats } = await read(path);
    expect(stats).toMatchObject({ format: 'xray-segments', malformed: 1 });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'malformed-record',
        path: 'start_time',
        message: expect.stringContaining('"x" has no start_time'),
      }),
    ]);
  });
});

describe('reading GetTraceSummaries pages', () => {
  it('says what the summaries touched and that they hold no calls', async () => {
    // Given a summaries page
    const { records, diagnostics, stats } = await read(fixture('trace-summaries.json'));
    // Then nothing is invented from it, and one notice says what is there, what is missing and what to do
    expect(records).toEqual([]);
    expect(stats).toMatchObject({ format: 'xray-trace-summaries', records: 0, skipped: false });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'unsupported-record', severity: 'notice' });
    expect(diagnostics[0]?.message).toContain(FN);
    expect(diagnostics[0]?.message).toContain('AWS::DynamoDB::Table invoices');
    expect(diagnostics[0]?.message).toContain('hold no subsegments');
    expect(diagnostics[0]?.message).toContain('batch-get-traces');
  });
});

describe('detectXray', () => {
  it('says yes to X-Ray shapes and no to CloudTrail and other JSON', () => {
    expect(detectXray('{"Traces": [{"Id": "1-", "Segments": []}]}')).toBe(true);
    expect(detectXray('{"format": "json", "version": 1}\n{"trace_id": "1-"}')).toBe(true);
    expect(detectXray('{"TraceSummaries": []}')).toBe(true);
    expect(detectXray('{"Records": [{"eventName": "GetObject"}]}')).toBe(false);
    expect(detectXray('{"format": "yaml"}')).toBe(false);
    expect(detectXray('# trace_id notes')).toBe(false);
  });
});
