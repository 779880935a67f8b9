import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../../normalize/activity-record.js';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { readInputFile } from '../index.js';
import { decodeAnyValue, decodeAttributes } from './any-value.js';
import { detectOtel } from './detect.js';
import { nanosToMillis } from './read.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function read(path: string) {
  const records: ActivityRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  const stats = await readInputFile(path, {
    record: (r) => records.push(r),
    diagnostic: (d) => diagnostics.push(d),
  });
  return { records, diagnostics, stats };
}

describe('reading an OTLP JSON trace export', () => {
  it('turns AWS SDK spans into CloudTrail-shaped records of the workload that made them', async () => {
    // Given a Lambda function's spans (the server span names the function and account), an ECS task's span,
    // a process that names no workload, an HTTP span, and a span without an id
    const { records, diagnostics, stats } = await read(fixture('export.json'));
    // Then the four AWS SDK spans are records; the HTTP span is not one
    expect(stats).toMatchObject({ format: 'otlp-json', records: 4, malformed: 1 });
    expect(records.map((r) => [r.eventSource, r.operation, r.workloadHint])).toEqual([
      ['dynamodb.amazonaws.com', 'GetItem', 'arn:aws:lambda:us-east-1:111122223333:function:invoice-render'],
      ['s3.amazonaws.com', 'PutObject', 'arn:aws:lambda:us-east-1:111122223333:function:invoice-render'],
      [
        'sqs.amazonaws.com',
        'SendMessage',
        'arn:aws:ecs:us-east-1:111122223333:task/billing/0123456789abcdef0123456789abcdef',
      ],
      ['dynamodb.amazonaws.com', 'Scan', undefined],
    ]);
    // And the attributes become CloudTrail's parameters, the function's account the resources'
    expect(records[0]).toMatchObject({
      sourceKind: 'otel',
      time: '2026-11-02T10:00:00.050Z',
      region: 'us-east-1',
      recipientAccountId: '111122223333',
      requestParameters: { tableName: 'invoices' },
      evidenceId: '5b8efff798038103d269b633813fc60c/eee19b7ec3c1b174',
    });
    // And the span with status ERROR, an AccessDenied exception and HTTP 403 is a refusal
    expect(records[1]?.outcome).toEqual({
      kind: 'denied',
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
    });
    expect(records[2]).toMatchObject({
      requestParameters: { queueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/invoice-events' },
      outcome: { kind: 'success' },
    });
    // And the span without an id and the process without a workload are named
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'malformed-record',
        path: 'resourceSpans[0].scopeSpans[0].spans[3].spanId',
      }),
      expect.objectContaining({
        severity: 'notice',
        message: expect.stringContaining('service "nightly-batch" names no workload'),
      }),
    ]);
  });
});

describe('OTLP values', () => {
  it('decodes every AnyValue kind, 64-bit integers given as strings included', () => {
    expect(decodeAnyValue({ stringValue: 'a' })).toBe('a');
    expect(decodeAnyValue({ intValue: '42' })).toBe(42);
    expect(decodeAnyValue({ intValue: '9223372036854775807' })).toBe('9223372036854775807');
    expect(decodeAnyValue({ doubleValue: 1.5 })).toBe(1.5);
    expect(decodeAnyValue({ boolValue: true })).toBe(true);
    expect(decodeAnyValue({ arrayValue: { values: [{ stringValue: 'x' }, { intValue: 2 }] } })).toEqual([
      'x',
      2,
    ]);
    expect(decodeAnyValue({ kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } })).toEqual({
      k: 'v',
    });
    expect(decodeAnyValue({})).toBeUndefined();
    expect(
      decodeAttributes([{ key: 'a', value: { stringValue: 'b' } }, { value: { stringValue: 'no key' } }]),
    ).toEqual({ a: 'b' });
  });

  it('reads nanosecond times exactly beyond 2^53', () => {
    expect(nanosToMillis('1793613600123456789')).toBe(1793613600123);
    expect(nanosToMillis('x')).toBeNaN();
  });

  it('is detected by resourceSpans and nothing else', () => {
    expect(detectOtel('{"resourceSpans":[]}')).toBe(true);
    expect(detectOtel('{"Records":[]}')).toBe(false);
  });
});

describe('large OTLP files', () => {
  it('streams one export per line, and refuses a single document too large to read whole in one error', async () => {
    // Given the export as one line, and the same export pretty-printed, both above the whole-file limit
    const { mkdtemp, writeFile, readFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'leastpriv-otel-'));
    const doc = JSON.parse(await readFile(fixture('export.json'), 'utf8'));
    const lines = join(dir, 'export.ndjson');
    const pretty = join(dir, 'export.json');
    await writeFile(lines, `${JSON.stringify(doc)}\n${JSON.stringify(doc)}\n`);
    await writeFile(pretty, JSON.stringify(doc, null, 2));
    const readWith = async (path: string) => {
      const records: ActivityRecord[] = [];
      const diagnostics: Diagnostic[] = [];
      const stats = await readInputFile(
        path,
        { record: (r) => records.push(r), diagnostic: (d) => diagnostics.push(d) },
        { maxWholeFileBytes: 256 },
      );
      return { records, diagnostics, stats };
    };
    // When both are read
    const streamed = await readWith(lines);
    const refused = await readWith(pretty);
    // Then the lines are streamed (a span exported twice counts once) and the document is one error
    expect(streamed.stats).toMatchObject({ streamed: true, records: 4 });
    expect(refused.records).toEqual([]);
    expect(refused.diagnostics).toEqual([
      expect.objectContaining({
        code: 'unreadable',
        severity: 'error',
        message: expect.stringContaining('too large to read whole'),
      }),
    ]);
  });
});
