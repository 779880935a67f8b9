/**
 * The memo of `mapOperation` never changes an answer: every record of the bundled example and of the shared
 * CloudTrail samples maps to the same result with and without it, on first sight (a miss) and again (a hit),
 * and so do variants of those records that differ in one value (which must not hit the original's entry
 * when the mapping reads that value, and may when it does not).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../normalize/activity-record.js';
import { listInputFiles, readInputFile } from '../sources/index.js';
import { resolveActionsWith } from './actions.js';
import { mapOperation, mapOperationMemoStats, mapOperationUncached, mayRecur } from './map-operation.js';
import { type Query, RecordingProbe } from './probe.js';
import { resolveResourcesWith } from './resources.js';
import { type ServiceData, serviceData } from './service-data.js';
import { makeRecord } from './test-helpers.js';

/** The packaged service data under a new identity: a memo of its own (memos are per service data). */
function isolated(): ServiceData {
  return Object.create(serviceData()) as ServiceData;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const exampleDir = `${repoRoot}examples/cloudtrail`;
const samplesDir = fileURLToPath(new URL('../shared/samples/cloudtrail', `file://${repoRoot}`));
const haveSamples = existsSync(samplesDir);

async function recordsIn(dirs: string[]): Promise<ActivityRecord[]> {
  const listed = await listInputFiles(dirs);
  const out: ActivityRecord[] = [];
  for (const file of listed.files) {
    await readInputFile(file, { record: (r) => out.push(r), diagnostic() {} });
  }
  return out;
}

/** The same record with one request parameter, the region or the resources changed. */
function variants(record: ActivityRecord): ActivityRecord[] {
  const out: ActivityRecord[] = [];
  const params = record.requestParameters;
  if (params) {
    for (const [key, value] of Object.entries(params)) {
      if (typeof value === 'string') {
        out.push({ ...record, requestParameters: { ...params, [key]: `${value}-other` } });
        out.push({ ...record, requestParameters: { ...params, [key]: '' } });
      }
    }
    out.push({ ...record, requestParameters: { ...params, versionId: 'v2' } });
  }
  out.push({ ...record, region: 'cn-north-1' });
  if (record.resources && record.resources.length > 0) {
    out.push({ ...record, resources: record.resources.slice(1) });
    out.push({
      ...record,
      resources: record.resources.map((x) => ({ ...x, accountId: '444455556666' })),
    });
  }
  return out;
}

function expectSameAsUncached(records: ActivityRecord[], data: ServiceData): void {
  for (const record of records) {
    const where = `${record.evidenceId} ${record.eventSource} ${record.operation}`;
    const expected = mapOperationUncached(record, data);
    // First sight (usually a miss), then again (a hit): both equal the uncached mapping.
    expect(mapOperation(record, data), where).toEqual(expected);
    expect(mapOperation(record, data), where).toEqual(expected);
  }
}

describe('mapOperation memo', () => {
  it('maps every record of the bundled example the same with and without the memo', async () => {
    // Given the example trail
    const records = await recordsIn([exampleDir]);
    expect(records.length).toBeGreaterThan(1000);
    // When each record is mapped twice with the memo, Then each result equals the uncached one
    const data = isolated();
    expectSameAsUncached(records, data);
    // And the memo was used: most records were hits
    expect(mapOperationMemoStats(data).hits).toBeGreaterThan(records.length);
  });

  const reason = haveSamples ? '' : ` (skipped: ${samplesDir} is absent)`;
  it.skipIf(!haveSamples)(
    `maps every record of the shared CloudTrail samples the same with and without the memo${reason}`,
    async () => {
      const records = await recordsIn([samplesDir]);
      expect(records.length).toBeGreaterThan(400);
      expectSameAsUncached(records, isolated());
    },
  );

  it('tells apart records that differ in one value the mapping reads, and only those', async () => {
    // Given the example records, one per operation, and variants of each differing in one value
    const seen = new Set<string>();
    const records: ActivityRecord[] = [];
    for (const r of await recordsIn([exampleDir])) {
      const key = `${r.eventSource} ${r.operation}`;
      if (seen.has(key)) continue;
      seen.add(key);
      records.push(r);
    }
    // When the originals are mapped first (filling the memo) and the variants after them
    const data = isolated();
    expectSameAsUncached(records, data);
    // Then every variant still maps as it would without the memo
    expectSameAsUncached(records.flatMap(variants), data);
  });

  it('looks a record up by the very keys a run records for its answers (keyOf, the shortcut, agrees with key)', async () => {
    // Given the example records, one per operation, their variants, and records with 0 to 3 resources
    const seen = new Set<string>();
    const records: ActivityRecord[] = [];
    for (const r of await recordsIn([exampleDir])) {
      if (seen.has(`${r.eventSource} ${r.operation}`)) continue;
      seen.add(`${r.eventSource} ${r.operation}`);
      records.push(r, ...variants(r));
    }
    const arn = (n: number) => ({ type: 'AWS::S3::Object', arn: `arn:aws:s3:::bucket/k${n}` });
    for (const resources of [[], [arn(1)], [arn(1), arn(2)], [arn(1), { type: 'x' }, arn(2), arn(3)]]) {
      records.push(makeRecord({ resources, requestParameters: { bucketName: 'bucket', key: 'k1' } }));
    }
    records.push(makeRecord({ resources: [{ type: 'x', arn: '\u0000lead' }] }));
    // And keys and ARNs holding what IAM reads as wildcards or a variable (the engine reads them escaped)
    for (const key of ['a*b', 'a${*}b', 'q?', '${x}']) {
      records.push(
        makeRecord({ requestParameters: { bucketName: 'bucket', key } }),
        makeRecord({ resources: [{ type: 'AWS::S3::Object', arn: `arn:aws:s3:::bucket/${key}` }] }),
      );
    }
    const data = isolated();
    let asked = 0;
    for (const record of records) {
      // When the mapping runs on the record through a probe that writes down each question and its key
      const probe = new RecordingProbe(record);
      const resolution = resolveActionsWith(probe, data);
      if (resolution.kind === 'actions')
        for (const call of resolution.calls) resolveResourcesWith(probe, call, data);
      // Then the key the memo looks the record up by is, for every question, the key recorded
      for (let i = 0; i < probe.log.length; i += 2) {
        const query = probe.log[i] as Query<unknown>;
        expect(query.keyOf(record), `${record.evidenceId} ${query.name}`).toBe(probe.log[i + 1]);
        asked++;
      }
    }
    expect(asked).toBeGreaterThan(records.length);
  });

  it('hits for records that differ only in what the mapping does not read', () => {
    // Given two GetItem calls on the same table with different item keys, times and callers
    const a = makeRecord({
      eventSource: 'dynamodb.amazonaws.com',
      operation: 'GetItem',
      requestParameters: { tableName: 'orders', key: { pk: 'a' } },
      evidenceId: 'memo-a',
    });
    const b = makeRecord({
      eventSource: 'dynamodb.amazonaws.com',
      operation: 'GetItem',
      requestParameters: { tableName: 'orders', key: { pk: 'b' } },
      time: '2024-05-02T00:00:00Z',
      evidenceId: 'memo-b',
    });
    // When both are mapped
    const data = isolated();
    const first = mapOperation(a, data);
    const second = mapOperation(b, data);
    // Then the second is a hit on the first's entry, and right
    expect(mapOperationMemoStats(data)).toMatchObject({ hits: 1, misses: 1 });
    expect(second).toBe(first);
    expect(second).toEqual(mapOperationUncached(b, data));
  });

  it("tells a key holding * apart from one holding IAM's escape for it, whichever comes first", () => {
    // Given object keys that escaping could confuse: a*b is written a${*}b, and a${*}b a${$}{${*}}b
    const records = ['a*b', 'a${*}b', 'a*b', 'q?', 'q${?}'].map((key, i) =>
      makeRecord({
        eventSource: 's3.amazonaws.com',
        operation: 'GetObject',
        requestParameters: { bucketName: 'bucket', key },
        evidenceId: `literal-${i}`,
      }),
    );
    // When they are mapped in turn with one memo, Then each maps as it would alone
    expectSameAsUncached(records, isolated());
    expectSameAsUncached(records.slice().reverse(), isolated());
  });

  it("hits for calls that differ only in the recipient account when the resource's ARN names its own", () => {
    // Given two SendMessage calls on one queue URL (its account in it), recorded in different accounts
    const call = (recipientAccountId: string, evidenceId: string) =>
      makeRecord({
        eventSource: 'sqs.amazonaws.com',
        operation: 'SendMessage',
        requestParameters: { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/444455556666/jobs' },
        recipientAccountId,
        evidenceId,
      });
    const data = isolated();
    const first = mapOperation(call('111122223333', 'acct-a'), data);
    const second = mapOperation(call('777788889999', 'acct-b'), data);
    // Then the account is never asked of the record: the second is a hit, and right
    expect(second).toBe(first);
    expect(second).toEqual(mapOperationUncached(call('777788889999', 'acct-b'), data));
  });

  it('maps calls whose read values never repeat (by stages) as without the memo', () => {
    // Given S3 calls with a new object key each, with and without a version id and a copy source
    const records: ActivityRecord[] = [];
    for (let i = 0; i < 1200; i++) {
      const params: Record<string, unknown> = { bucketName: `bucket-${i % 3}`, key: `k/${i}.json` };
      if (i % 5 === 0) params.versionId = `v${i}`;
      const operation = i % 7 === 0 ? 'CopyObject' : i % 2 === 0 ? 'GetObject' : 'PutObject';
      if (operation === 'CopyObject') params['x-amz-copy-source'] = `src-${i % 2}/o%2F${i}?versionId=${i}`;
      records.push(makeRecord({ operation, requestParameters: params, evidenceId: `unique-${i}` }));
    }
    // When each is mapped once (the memo soon stops keeping them, and computes them by stages)
    const data = isolated();
    for (const record of records) {
      // Then each maps as without the memo
      expect(mapOperation(record, data), record.evidenceId).toEqual(mapOperationUncached(record, data));
    }
    // And none was found in the memo: all were computed
    expect(mapOperationMemoStats(data)).toMatchObject({ hits: 0, misses: records.length });
  });

  it('answers a record changed after it was mapped as the record now is', () => {
    // Given a GetObject record mapped once
    const record = makeRecord({ requestParameters: { bucketName: 'example-bucket', key: 'a.txt' } });
    const before = mapOperation(record);
    // When its parameters change (a version is named) and it is mapped again
    record.requestParameters = { bucketName: 'example-bucket', key: 'a.txt', versionId: 'v1' };
    const after = mapOperation(record);
    // Then the answer follows the record
    expect(after).toEqual(mapOperationUncached(record));
    expect(after).not.toEqual(before);
    expect(after.kind === 'mapped' && after.permissions.map((p) => p.action)).toEqual([
      's3:GetObjectVersion',
    ]);
  });

  it('hands out results that cannot be changed, since they are shared', () => {
    const result = mapOperation(
      makeRecord({ requestParameters: { bucketName: 'example-bucket', key: 'b' } }),
    );
    expect(Object.isFrozen(result)).toBe(true);
    if (result.kind !== 'mapped') throw new Error('expected a mapping');
    expect(Object.isFrozen(result.permissions)).toBe(true);
    for (const p of result.permissions) expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(result.gaps)).toBe(true);
    // (It is the object the memo keeps: aggregation counts its repeats by it.)
    expect(mayRecur(result)).toBe(true);
    expect(() => {
      (result.permissions as unknown[]).push('x');
    }).toThrow();
  });
});
