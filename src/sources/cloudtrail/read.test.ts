import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../../normalize/activity-record.js';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { type ReadOptions, readInputFile } from '../index.js';
import { RELEASE_MIN_BYTES } from '../input.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function read(path: string, options?: ReadOptions) {
  const records: ActivityRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  const stats = await readInputFile(
    path,
    { record: (r) => records.push(r), diagnostic: (d) => diagnostics.push(d) },
    options,
  );
  return { records, diagnostics, stats };
}

/** Records without their file name, to compare the same events read from different files. */
const withoutFile = (records: ActivityRecord[]) =>
  records.map((r) => ({
    ...r,
    origin: { ...r.origin, file: '' },
    evidenceId: r.evidenceId.replace(/^.*#/, '#'),
  }));

const TINY: ReadOptions = { maxWholeFileBytes: 64 };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leastpriv-cloudtrail-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeTemp(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** A synthetic trail of `n` events, each with its own eventID, for the truncation tests. */
function manyEvents(n: number): string {
  const records = Array.from({ length: n }, (_, i) => ({
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/orders-role/orders-handler',
    },
    eventTime: `2024-03-01T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    requestParameters: { bucketName: 'example-bucket', key: `orders/${i}-${(i * 7919) % 1000}.json` },
    eventID: `evt-${String(i).padStart(5, '0')}`,
  }));
  return JSON.stringify({ Records: records }, null, 2);
}

describe('the S3 delivery format {"Records":[...]}', () => {
  it('reads every record of a pretty-printed file, in order, with what each event says', async () => {
    // Given a trail file as CloudTrail delivers it to S3
    // When it is read
    const { records, diagnostics, stats } = await read(fixture('records.json'));
    // Then each event is one record, in file order, and nothing is reported
    expect(diagnostics).toEqual([]);
    expect(stats).toMatchObject({
      format: 'cloudtrail-records',
      records: 3,
      malformed: 0,
      skipped: false,
      gzip: false,
    });
    expect(records.map((r) => [r.origin.index, r.eventSource, r.operation, r.outcome.kind])).toEqual([
      [0, 's3.amazonaws.com', 'GetObject', 'success'],
      [1, 'dynamodb.amazonaws.com', 'PutItem', 'denied'],
      [2, 's3.amazonaws.com', 'GetObject', 'error'],
    ]);
    expect(records[0]).toMatchObject({
      time: '2024-03-01T10:00:00Z',
      timeMs: Date.UTC(2024, 2, 1, 10, 0, 0),
      sourceKind: 'cloudtrail',
      region: 'eu-west-1',
      recipientAccountId: '111122223333',
      evidenceId: '11111111-1111-4111-8111-111111111111',
      requestParameters: { bucketName: 'example-bucket', key: 'orders/2024/03/01.json' },
      responseElements: null,
      resources: [
        { type: 'AWS::S3::Object', arn: 'arn:aws:s3:::example-bucket/orders/2024/03/01.json' },
        { accountId: '111122223333', type: 'AWS::S3::Bucket', arn: 'arn:aws:s3:::example-bucket' },
      ],
      readOnly: true,
      managementEvent: false,
      eventType: 'AwsApiCall',
      sharedEventId: '22222222-2222-4222-8222-222222222222',
      origin: { file: fixture('records.json'), index: 0 },
    });
    expect(records[2]?.resources).toEqual([{ arnPrefix: 'arn:aws:s3:::example-bucket/orders/' }]);
  });

  it('reads the same records from a single-line file', async () => {
    // Given the same trail written on one line
    const text = await readFile(fixture('records.json'), 'utf8');
    const path = await writeTemp('single-line.json', JSON.stringify(JSON.parse(text)));
    // When both are read
    const pretty = await read(fixture('records.json'));
    const single = await read(path);
    // Then they give the same records
    expect(withoutFile(single.records)).toEqual(withoutFile(pretty.records));
  });

  it('detects gzip by its magic bytes, not by the file name', async () => {
    // Given a gzipped trail named .json, and a plain trail named .json.gz
    const text = await readFile(fixture('records.json'));
    const gzNamedJson = await writeTemp('compressed-but-named.json', gzipSync(text));
    const plainNamedGz = await writeTemp('plain-but-named.json.gz', text);
    // When both are read
    const a = await read(gzNamedJson);
    const b = await read(plainNamedGz);
    // Then both give the three records, and only the first is reported as gzip
    expect(a.stats).toMatchObject({ records: 3, malformed: 0, gzip: true });
    expect(b.stats).toMatchObject({ records: 3, malformed: 0, gzip: false });
    expect(withoutFile(a.records)).toEqual(withoutFile(b.records));
  });
});

describe('other CloudTrail shapes', () => {
  it('reads a JSON array of events', async () => {
    // Given a JSON array of ten events
    // When it is read
    const { records, diagnostics, stats } = await read(fixture('identities.json'));
    // Then each element is a record, indexed by its position
    expect(diagnostics).toEqual([]);
    expect(stats).toMatchObject({ format: 'cloudtrail-array', records: 10, malformed: 0 });
    expect(records.map((r) => r.origin.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads a file holding a single event', async () => {
    // Given a file with one event object
    // When it is read
    const { records, stats } = await read(fixture('single-event.json'));
    // Then it is one record
    expect(stats).toMatchObject({ format: 'cloudtrail-event', records: 1, malformed: 0 });
    expect(records[0]).toMatchObject({
      operation: 'ListRoles',
      identity: { type: 'Root' },
      requestParameters: null,
    });
  });

  it('reads `aws cloudtrail lookup-events` output, whose events are JSON strings', async () => {
    // Given the output of lookup-events, as the CLI prints it
    const event = JSON.parse(await readFile(fixture('single-event.json'), 'utf8'));
    const output = {
      Events: [{ EventId: event.eventID, EventName: 'ListRoles', CloudTrailEvent: JSON.stringify(event) }],
    };
    const path = await writeTemp('lookup-events.json', JSON.stringify(output, null, 2));
    // When it is read
    const { records, stats } = await read(path);
    // Then the embedded event is the record
    expect(stats).toMatchObject({ format: 'cloudtrail-lookup', records: 1, malformed: 0 });
    expect(records[0]).toMatchObject({ operation: 'ListRoles', evidenceId: event.eventID });
  });
});

describe('NDJSON', () => {
  it('reads every good line and reports a bad line in the middle by its line number', async () => {
    // Given NDJSON with a blank line 2 and a broken line 3 between good lines
    // When it is read
    const { records, diagnostics, stats } = await read(fixture('events.ndjson'));
    // Then lines 1, 4 and 5 are records, each knowing its line
    expect(records.map((r) => [r.origin.line, r.origin.index, r.operation])).toEqual([
      [1, 0, 'SendMessage'],
      [4, 3, 'Decrypt'],
      [5, 4, 'RunInstances'],
    ]);
    // And line 3 is one malformed error, naming the line; the blank line is not a problem
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'invalid-json',
        severity: 'error',
        line: 3,
        record: 2,
        malformed: true,
      }),
    ]);
    expect(stats).toMatchObject({ format: 'cloudtrail-ndjson', records: 3, malformed: 1 });
  });
});

describe('EventBridge / CloudWatch Events envelopes', () => {
  it('reads the event in `detail`, taking time, region and account from the envelope when the event lacks them', async () => {
    // Given one envelope whose detail has no eventTime, awsRegion or recipientAccountId
    // When it is read
    const { records, diagnostics, stats } = await read(fixture('eventbridge.json'));
    // Then the record is the detail, completed from the envelope
    expect(diagnostics).toEqual([]);
    expect(stats).toMatchObject({ format: 'eventbridge', records: 1 });
    expect(records[0]).toMatchObject({
      operation: 'PutObject',
      eventSource: 's3.amazonaws.com',
      time: '2024-03-03T12:00:00Z',
      region: 'eu-central-1',
      recipientAccountId: '111122223333',
      evidenceId: '88888888-8888-4888-8888-888888888888',
    });
  });

  it('reads an array of envelopes and skips, with one notice, events that do not come from CloudTrail', async () => {
    // Given an array of two CloudTrail envelopes around an EC2 state-change event
    // When it is read
    const { records, diagnostics, stats } = await read(fixture('eventbridge-array.json'));
    // Then the two CloudTrail events are records; the event's own time wins over the envelope's
    expect(records.map((r) => [r.origin.index, r.time, r.outcome.kind])).toEqual([
      [0, '2024-03-03T12:00:59Z', 'denied'],
      [2, '2024-03-03T12:03:00Z', 'success'],
    ]);
    // And the EC2 event is one notice, not a malformed record
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'unsupported-record',
        severity: 'notice',
        record: 1,
        malformed: false,
      }),
    ]);
    expect(diagnostics[0]?.message).toContain('EC2 Instance State-change Notification');
    expect(stats).toMatchObject({ format: 'eventbridge', records: 2, malformed: 0 });
  });

  it('reads NDJSON of envelopes', async () => {
    // Given two envelopes, one per line
    // When it is read
    const { records, stats } = await read(fixture('eventbridge.ndjson'));
    // Then both are records with their line numbers
    expect(stats).toMatchObject({ format: 'eventbridge', records: 2, malformed: 0 });
    expect(records.map((r) => [r.origin.line, r.operation])).toEqual([
      [1, 'UpdateFunctionCode20150331v2'],
      [2, 'PublishVersion20150331'],
    ]);
  });
});

describe('files that are not read', () => {
  it('skips a CloudTrail digest file with a notice, not as malformed', async () => {
    // Given a digest file
    // When it is read
    const { records, diagnostics, stats } = await read(
      fixture('111122223333_CloudTrail-Digest_us-east-1_example-trail_us-east-1_20240301T110000Z.json'),
    );
    // Then it is skipped with one digest-file notice
    expect(records).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'digest-file', severity: 'notice', malformed: false }),
    ]);
    expect(stats).toMatchObject({ format: 'cloudtrail-digest', skipped: true, records: 0, malformed: 0 });
  });

  it('skips JSON that is not CloudTrail with one notice saying what it looks like', async () => {
    // Given an IAM policy document among the inputs
    // When it is read
    const { records, diagnostics, stats } = await read(fixture('policy.json'));
    // Then one not-cloudtrail notice names it, and nothing counts as malformed
    expect(records).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'not-cloudtrail',
        severity: 'notice',
        file: fixture('policy.json'),
        malformed: false,
      }),
    ]);
    expect(diagnostics[0]?.message).toContain('an IAM policy document');
    expect(stats).toMatchObject({ format: 'skipped', skipped: true, malformed: 0 });
  });

  it('says where CloudTrail-like events are when another tool wraps them', async () => {
    // Given test cases of a detection tool, each wrapping an event in "data"
    const event = JSON.parse(await readFile(fixture('single-event.json'), 'utf8'));
    const path = await writeTemp(
      'rule-tests.json',
      JSON.stringify([{ data: event, description: 'root usage', trigger_rules: ['root'] }]),
    );
    // When it is read
    const { records, diagnostics } = await read(path);
    // Then it is skipped, and the notice says the events are nested under "data"
    expect(records).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'not-cloudtrail', malformed: false });
    expect(diagnostics[0]?.message).toContain('nested under "data"');
  });

  it('skips AWS Lambda event records (S3 notifications), which also use a "Records" array', async () => {
    // Given an S3 event notification as Lambda receives it
    const notification = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventTime: '2024-03-01T10:00:00.000Z',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'example-bucket' }, object: { key: 'orders/1.json' } },
        },
      ],
    };
    const path = await writeTemp('s3-notification.json', JSON.stringify(notification));
    // When it is read
    const { records, diagnostics } = await read(path);
    // Then nothing is read as a call, and one notice names the Lambda event source
    expect(records).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'not-cloudtrail', malformed: false })]);
    expect(diagnostics[0]?.message).toContain('aws:s3');
  });

  it('reports an empty file as empty input, not as malformed', async () => {
    // Given an empty file
    const path = await writeTemp('empty.json', '');
    // When it is read
    const { records, diagnostics, stats } = await read(path);
    // Then one empty-input notice
    expect(records).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'empty-input', malformed: false })]);
    expect(stats).toMatchObject({ skipped: true, malformed: 0 });
  });

  it('skips CloudTrail Insights events with one notice per file', async () => {
    // Given a trail with an Insights event beside a call
    const text = JSON.parse(await readFile(fixture('records.json'), 'utf8'));
    text.Records.push({
      eventVersion: '1.08',
      eventTime: '2024-03-01T11:00:00Z',
      awsRegion: 'eu-west-1',
      eventID: 'insight-0001',
      eventType: 'AwsCloudTrailInsight',
      recipientAccountId: '111122223333',
      insightDetails: {
        state: 'Start',
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        insightType: 'ApiCallRateInsight',
      },
      eventCategory: 'Insight',
    });
    const path = await writeTemp('with-insight.json', JSON.stringify(text));
    // When it is read
    const { diagnostics, stats } = await read(path);
    // Then the calls are records and the Insights event is one notice
    expect(stats).toMatchObject({ records: 3, malformed: 0 });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'unsupported-record', record: 3, malformed: false }),
    ]);
  });
});

describe('broken files', () => {
  it('recovers the records before the break in invalid JSON and reports the one that is cut off', async () => {
    // Given a trail that stops in the middle of its second record
    // When it is read
    const { records, diagnostics, stats } = await read(fixture('truncated.json'));
    // Then the first record is read and the second is one malformed error with its index and line
    expect(records.map((r) => r.operation)).toEqual(['DescribeStacks']);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'invalid-json',
        severity: 'error',
        record: 1,
        line: 12,
        malformed: true,
      }),
    ]);
    expect(stats).toMatchObject({ format: 'cloudtrail-records', records: 1, malformed: 1 });
  });

  it('counts a broken CloudTrail file with nothing recoverable as one malformed', async () => {
    // Given a trail cut off inside its first record
    const path = await writeTemp('cut-early.json', '{"Records": [{\n  "eventVersion": "1.08",\n  "eventTi');
    // When it is read
    const { records, diagnostics, stats } = await read(path);
    // Then there are no records and one malformed error
    expect(records).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-json', record: 0, line: 1, malformed: true }),
    ]);
    expect(stats).toMatchObject({ records: 0, malformed: 1, skipped: false });
  });

  it('reads the records on both sides of a missing comma, reporting the line', async () => {
    // Given two records with no ',' between them
    const text = (await readFile(fixture('records.json'), 'utf8')).replace(
      /\},\n {4}\{\n {6}"eventVersion": "1\.08"/,
      '}\n    {\n      "eventVersion": "1.08"',
    );
    const path = await writeTemp('missing-comma.json', text);
    // When it is read
    const { records, diagnostics, stats } = await read(path);
    // Then all three records are read, and the missing comma is an error that lost nothing
    expect(records).toHaveLength(3);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-json', severity: 'error', record: 1, malformed: false }),
    ]);
    expect(stats.malformed).toBe(0);
  });

  it('recovers the whole records of a truncated gzip and counts the loss once', async () => {
    // Given a gzipped trail of 300 events whose last part is missing
    const whole = gzipSync(manyEvents(300));
    const path = await writeTemp('truncated.json.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    // When it is read whole, and split record by record
    for (const options of [undefined, TINY]) {
      const { records, diagnostics, stats } = await read(path, options);
      // Then the records before the break are read, in order, with nothing invented
      expect(records.length).toBeGreaterThan(0);
      expect(records.length).toBeLessThan(300);
      expect(records.map((r) => r.evidenceId)).toEqual(
        records.map((_, i) => `evt-${String(i).padStart(5, '0')}`),
      );
      // And the truncation is one malformed error naming the record that was cut off
      expect(diagnostics).toEqual([
        expect.objectContaining({
          code: 'truncated-gzip',
          severity: 'error',
          record: records.length,
          malformed: true,
        }),
      ]);
      expect(stats).toMatchObject({ gzip: true, malformed: 1 });
    }
  });

  it('reads the lines of a truncated gzipped NDJSON file up to the one that is cut off', async () => {
    // Given NDJSON of 50 events, gzipped, with the end of the gzip data missing
    const ndjson = JSON.parse(manyEvents(50))
      .Records.map((r: unknown) => JSON.stringify(r))
      .join('\n');
    const gz = gzipSync(`${ndjson}\n`);
    const path = await writeTemp('truncated.ndjson.gz', gz.subarray(0, gz.length - 40));
    for (const options of [undefined, TINY]) {
      // When it is read whole, and streamed
      const { records, diagnostics } = await read(path, options);
      // Then the whole lines are records, and the cut line is one malformed error naming it
      expect(records.length).toBeGreaterThan(0);
      expect(diagnostics).toEqual([
        expect.objectContaining({ code: 'truncated-gzip', line: records.length + 1, malformed: true }),
      ]);
    }
  });

  it('reads the records of a file followed by text that is not JSON, and reports the text once', async () => {
    // Given a valid trail with a stray line of text after it
    const text = `${await readFile(fixture('records.json'), 'utf8')}\nEND OF EXPORT\n`;
    const path = await writeTemp('trailing-text.json', text);
    // When it is read
    const { records, diagnostics, stats } = await read(path);
    // Then the three records are read and the text is one malformed error with its line
    expect(records).toHaveLength(3);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-json', line: 105, malformed: true }),
    ]);
    expect(stats.malformed).toBe(1);
  });

  it('reports a "Records" that is not an array at its path', async () => {
    // Given a file whose Records is null
    const path = await writeTemp('records-null.json', '{"Records": null}');
    // When it is read
    const { diagnostics, stats } = await read(path);
    // Then one malformed error points at Records
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'malformed-record', path: 'Records', malformed: true }),
    ]);
    expect(stats).toMatchObject({ format: 'cloudtrail-records', records: 0, malformed: 1 });
  });

  it('reports a record missing eventName with its index, eventID and path, and reads the others', async () => {
    // Given a trail where record 1 has no eventName and record 2 an unreadable eventTime
    // When it is read
    const { records, diagnostics, stats } = await read(fixture('missing-event-name.json'));
    // Then records 0 and 3 are read
    expect(records.map((r) => r.origin.index)).toEqual([0, 3]);
    // And each bad record is one malformed error that says which field, where
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'malformed-record',
        record: 1,
        eventId: 'f0000000-0000-4000-8000-000000000002',
        path: 'eventName',
        malformed: true,
      }),
      expect.objectContaining({
        code: 'malformed-record',
        record: 2,
        eventId: 'f0000000-0000-4000-8000-000000000003',
        path: 'eventTime',
        malformed: true,
      }),
    ]);
    const why = ': skipped (a CloudTrail record needs eventTime, eventSource and eventName)';
    expect(diagnostics[0]?.message).toBe(`record has no eventName${why}`);
    expect(diagnostics[1]?.message).toMatch(
      /^\w+ record: eventTime "yesterday" is not an ISO 8601 time: skipped /,
    );
    expect(stats).toMatchObject({ records: 2, malformed: 2 });
  });

  it('names the path inside the envelope for an EventBridge event missing eventName', async () => {
    // Given an envelope whose detail has no eventName
    const envelope = JSON.parse(await readFile(fixture('eventbridge.json'), 'utf8'));
    delete envelope.detail.eventName;
    const path = await writeTemp('envelope-no-name.json', JSON.stringify(envelope));
    // When it is read
    const { diagnostics } = await read(path);
    // Then the path points into the detail
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'malformed-record', path: 'detail.eventName', record: 0 }),
    ]);
  });
});

describe('compact Records files, as CloudTrail writes them, read a slice of records at a time', () => {
  const events = (n: number) => (JSON.parse(manyEvents(n)) as { Records: Record<string, unknown>[] }).Records;
  const compact = (records: unknown[]) => JSON.stringify({ Records: records });

  it('reads the same records as from the pretty-printed file', async () => {
    // Given the same 3,000 events (several slices) written compactly and pretty-printed (parsed whole)
    const sliced = await read(await writeTemp('compact.json.gz', gzipSync(compact(events(3000)))));
    const whole = await read(await writeTemp('pretty.json', manyEvents(3000)));
    // Then the records, in order, and the counts are the same
    expect(sliced.records).toHaveLength(3000);
    expect(withoutFile(sliced.records)).toEqual(withoutFile(whole.records));
    expect(sliced.diagnostics).toEqual([]);
    expect(sliced.stats).toMatchObject({ records: 3000, malformed: 0, format: whole.stats.format });
  });

  it('reads a file whose memory is given back once read, and reads it the same again', async () => {
    // Given a gzipped file large enough for its bytes to be given back after reading (releaseBytes)
    const text = compact(events(6000));
    expect(Buffer.byteLength(text)).toBeGreaterThan(RELEASE_MIN_BYTES);
    const path = await writeTemp('large.json.gz', gzipSync(text));
    const whole = await read(await writeTemp('large-pretty.json', manyEvents(6000)));
    // When it is read twice
    const first = await read(path);
    const second = await read(path);
    // Then both reads hold every record, intact: no record keeps a view of the memory given back
    expect(first.records).toHaveLength(6000);
    expect(withoutFile(first.records)).toEqual(withoutFile(whole.records));
    expect(withoutFile(second.records)).toEqual(withoutFile(first.records));
  });

  it('reads records holding a nested object that starts like a record exactly once', async () => {
    // Given records whose parameters hold an array of objects, one starting with "eventVersion" (so that
    // some slice is cut inside a record and the file goes down the general path part-way)
    const list = events(2000);
    for (let i = 1000; i < 2000; i++) {
      (list[i] as { requestParameters: unknown }).requestParameters = {
        items: [i, { eventVersion: 'not a record', n: 2 }],
      };
    }
    const path = await writeTemp('nested.json', compact(list));
    // When it is read
    const { records, diagnostics, stats } = await read(path);
    // Then every record is read once, in order, with its parameters intact
    expect(records.map((r) => r.evidenceId)).toEqual(list.map((r) => r.eventID));
    expect(records[1500]?.requestParameters).toEqual({
      items: [1500, { eventVersion: 'not a record', n: 2 }],
    });
    expect(diagnostics).toEqual([]);
    expect(stats).toMatchObject({ records: 2000, malformed: 0 });
  });

  it('reports a missing comma after the first slices as the general path does, reading every record once', async () => {
    // Given 2,000 compact records with the comma between records 1499 and 1500 missing
    const text = compact(events(2000));
    const broken = text.replace('"evt-01499"},{"eventVersion"', '"evt-01499"}{"eventVersion"');
    expect(broken).not.toBe(text);
    const path = await writeTemp('broken-compact.json', broken);
    // When it is read sliced, and by the splitter of the streaming path
    const sliced = await read(path);
    const split = await read(path, TINY);
    // Then both read every record once and say the same about the break
    expect(sliced.records.map((r) => r.evidenceId)).toEqual(split.records.map((r) => r.evidenceId));
    expect(sliced.diagnostics).toEqual(split.diagnostics);
    expect(sliced.diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-json', record: 1500, malformed: false }),
    ]);
    expect(sliced.records).toHaveLength(2000);
  });
});

describe('files above maxWholeFileBytes', () => {
  const cases: [string, () => Promise<string>][] = [
    ['a pretty-printed Records file', async () => fixture('records.json')],
    ['a JSON array', async () => fixture('identities.json')],
    ['NDJSON with a bad line', async () => fixture('events.ndjson')],
    ['NDJSON of envelopes', async () => fixture('eventbridge.ndjson')],
    ['an array of envelopes', async () => fixture('eventbridge-array.json')],
    ['a single event', async () => fixture('single-event.json')],
    ['a file with malformed records', async () => fixture('missing-event-name.json')],
    ['a gzipped trail of 300 events', async () => writeTemp('many.json.gz', gzipSync(manyEvents(300)))],
  ];
  for (const [name, file] of cases) {
    it(`are split record by record with the same records and diagnostics as the whole-file path: ${name}`, async () => {
      // Given a file, and a threshold far below its size
      const path = await file();
      // When it is read whole and split
      const whole = await read(path);
      const split = await read(path, TINY);
      // Then the split path was taken and gives exactly the same records, diagnostics and counts
      expect(whole.stats.streamed).toBe(false);
      expect(split.stats.streamed).toBe(true);
      expect(split.records).toEqual(whole.records);
      expect(split.diagnostics).toEqual(whole.diagnostics);
      expect({ ...split.stats, streamed: false }).toEqual(whole.stats);
    });
  }
});
