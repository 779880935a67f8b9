/**
 * Real third-party X-Ray data (../shared/samples/xray, beside the clone in CI): every file is read without a
 * throw, with what it yields checked by hand in samples.expected.json; the segment documents the collector's
 * test data holds, and the X-Ray guide's JSON examples, are read with what they yield asserted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../../normalize/activity-record.js';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { listInputFiles, readInputFile } from '../index.js';
import { detectXray } from './detect.js';

interface Expected {
  format: string;
  records: number;
  malformed: number;
  codes: string[];
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const samplesDir = join(repoRoot, '..', 'shared', 'samples', 'xray');
const present = existsSync(samplesDir);
const skipReason = `the shared samples are not at ${relative(repoRoot, samplesDir)} (CI puts them beside the clone)`;
const expected = JSON.parse(readFileSync(new URL('./samples.expected.json', import.meta.url), 'utf8'))
  .files as Record<string, Expected>;
const TESTDATA = 'opentelemetry-collector-contrib/internal/common/awsxray/testdata';

async function read(path: string) {
  const records: ActivityRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  const stats = await readInputFile(path, {
    record: (r) => records.push(r),
    diagnostic: (d) => diagnostics.push(d),
  });
  return { records, diagnostics, stats };
}

describe('the X-Ray samples', () => {
  it('lists exactly the files the expectations cover', async (ctx) => {
    ctx.skip(!present, skipReason);
    const { files, diagnostics } = await listInputFiles([samplesDir]);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => relative(samplesDir, f))).toEqual(Object.keys(expected).sort());
  });

  for (const [file, want] of Object.entries(expected)) {
    it(`reads ${file}: ${want.records} records, ${want.malformed} malformed`, async (ctx) => {
      ctx.skip(!present, skipReason);
      // Given a real file, When it is read, Then nothing throws and what it yields is what was checked
      const { stats, diagnostics, records } = await read(join(samplesDir, file));
      expect({
        format: stats.format,
        records: stats.records,
        malformed: stats.malformed,
        codes: [...new Set(diagnostics.map((d) => d.code))].sort(),
      }).toEqual(want);
      expect(records).toHaveLength(want.records);
    });
  }

  it('reads the DynamoDB sample app: two calls, the failed one passed authorization, no workload to give them to', async (ctx) => {
    ctx.skip(!present, skipReason);
    // Given the segment a Go app wrote (DescribeTable, then PutItem on a missing table, in a plain segment)
    const { records, diagnostics } = await read(join(samplesDir, TESTDATA, 'ddbSample.txt'));
    // Then both calls are read with their table and region, the missing table an error, not a refusal
    expect(records.map((r) => [r.operation, r.requestParameters, r.region, r.outcome.kind])).toEqual([
      ['DescribeTable', { tableName: 'xray_sample_table' }, 'us-west-2', 'success'],
      ['PutItem', { tableName: 'does_not_exist' }, 'us-west-2', 'error'],
    ]);
    expect(records[1]?.outcome).toMatchObject({ errorCode: 'ResourceNotFoundException' });
    // And the segment names no function, instance or task: said once, and no account is invented
    expect(records.every((r) => r.workloadHint === undefined && r.recipientAccountId === undefined)).toBe(
      true,
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'notice',
        message: expect.stringContaining('segment "DDB" names no workload'),
      }),
    ]);
  });

  it('skips the subsegment whose namespace is not aws in the invalid-namespace sample', async (ctx) => {
    ctx.skip(!present, skipReason);
    const { records } = await read(join(samplesDir, TESTDATA, 'invalidNamespace.txt'));
    expect(records.map((r) => r.operation)).toEqual(['PutItem']);
  });

  it('names the missing start_time of the validation-failure sample', async (ctx) => {
    ctx.skip(!present, skipReason);
    const { diagnostics } = await read(join(samplesDir, TESTDATA, 'segmentValidationFailed.txt'));
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'malformed-record', path: 'start_time', malformed: true }),
    ]);
  });
});

describe("the X-Ray guide's JSON examples", () => {
  const docs = join(samplesDir, 'aws-xray-developer-guide', 'doc-source');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leastpriv-xray-doc-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The fenced blocks of a guide page that look like X-Ray data, with Markdown's escapes removed. */
  function blocks(page: string): string[] {
    const text = readFileSync(join(docs, page), 'utf8');
    return [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)]
      .map((m) => (m[1] ?? '').replace(/\\([_*\-.#()[\]])/g, '$1'))
      .filter(detectXray);
  }

  it('reads every example block without a throw', async (ctx) => {
    ctx.skip(!present, skipReason);
    // Given every block of every page that looks like X-Ray data (some are fragments, invalid on purpose)
    let read_ = 0;
    for (const page of (await readdir(docs)).sort()) {
      for (const [i, block] of blocks(page).entries()) {
        const path = join(dir, `${page}-${i}.json`);
        await writeFile(path, block);
        // When it is read, Then it is read or refused with a diagnostic, never a throw
        const { stats, diagnostics } = await read(path);
        expect(stats.skipped || stats.format.startsWith('xray') || diagnostics.length > 0).toBe(true);
        read_++;
      }
    }
    expect(read_).toBeGreaterThan(10);
  });

  it('reads the BatchGetTraces example: the function its own SNS call, the Elastic Beanstalk calls no account', async (ctx) => {
    ctx.skip(!present, skipReason);
    // Given the guide's BatchGetTraces output (a Java app on Elastic Beanstalk invoking a Lambda function)
    const block = blocks('xray-api-gettingdata.md').find((b) => b.includes('"Traces"'));
    expect(block).toBeDefined();
    const path = join(dir, 'batch-get-traces.json');
    await writeFile(path, block as string);
    const { records, diagnostics } = await read(path);
    // Then the inferred DynamoDB and SNS segments are not counted twice
    expect(records.map((r) => `${r.eventSource} ${r.operation}`)).toEqual([
      'lambda.amazonaws.com Invoke',
      'dynamodb.amazonaws.com UpdateItem',
      'sns.amazonaws.com Publish',
    ]);
    // And the function's Publish is its own, in its account and region
    expect(records[2]).toMatchObject({
      workloadHint: 'arn:aws:lambda:us-west-2:123456789012:function:random-name',
      recipientAccountId: '123456789012',
      region: 'us-west-2',
      requestParameters: { topicArn: expect.stringContaining(':123456789012:') },
    });
    // And the Elastic Beanstalk segment's calls are read but, without its account, belong to no one
    expect(records[0]).toMatchObject({
      workloadHint: undefined,
      requestParameters: { functionName: 'random-name' },
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('EC2 instance i-0cd9e448944061b4a without aws.account_id'),
      }),
    ]);
  });
});
