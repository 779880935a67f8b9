/**
 * A failure of leastpriv itself (a bug) on one record or one file costs that record or the rest of that
 * file, said loudly, never the run. No input makes the pipeline throw today, so the bugs are planted: the
 * mapping throws for an operation named `Explode`, and the reader throws after the first record of a file
 * named `crash*.json`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ActivityRecord } from '../normalize/activity-record.js';
import type { ReadSink } from '../sources/types.js';
import { BATCH_RECORDS } from './process-files.js';
import { runFiles } from './run-files.js';
import { tempDirs } from './test-helpers.js';

const tempDir = tempDirs();

vi.mock('../mapping/map-operation.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../mapping/map-operation.js')>();
  return {
    ...original,
    mapOperation(record: ActivityRecord) {
      if (record.operation === 'Explode')
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      return original.mapOperation(record);
    },
  };
});

vi.mock('../sources/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../sources/index.js')>();
  return {
    ...original,
    async readInputFile(
      file: string,
      sink: ReadSink,
      options?: Parameters<typeof original.readInputFile>[2],
    ) {
      if (!file.includes('crash')) return original.readInputFile(file, sink, options);
      let delivered = 0;
      return original.readInputFile(
        file,
        {
          record(r) {
            if (delivered++ === 1) throw new RangeError('planted reader failure');
            sink.record(r);
          },
          diagnostic: (d) => sink.diagnostic(d),
        },
        options,
      );
    },
  };
});

const USER = {
  type: 'IAMUser',
  arn: 'arn:aws:iam::111122223333:user/alice',
  accountId: '111122223333',
  userName: 'alice',
};

function event(name: string, i: number) {
  return {
    eventVersion: '1.08',
    userIdentity: USER,
    eventTime: `2026-11-21T10:00:0${i}Z`,
    eventSource: 'sqs.amazonaws.com',
    eventName: name,
    awsRegion: 'us-east-1',
    eventID: `00000000-0000-0000-0000-00000000000${i}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  };
}

describe('a failure of leastpriv itself', () => {
  it('skips the one record it failed on, names it, and reads the rest of the file and the next files', async () => {
    const dir = tempDir('leastpriv-bug-');
    const first = join(dir, 'a.json');
    const second = join(dir, 'b.json');
    writeFileSync(
      first,
      JSON.stringify({ Records: [event('ListQueues', 1), event('Explode', 2), event('ListQueueTags', 3)] }),
    );
    writeFileSync(second, JSON.stringify({ Records: [event('GetQueueUrl', 4)] }));
    const diagnostics: string[] = [];
    const partial = await runFiles([first, second], {
      window: {},
      workers: 1,
      onFile: (r) =>
        diagnostics.push(
          ...r.diagnostics.map((d) => `${d.code} ${d.file} ${d.record} ${d.eventId} ${d.message}`),
        ),
    });
    expect(diagnostics).toEqual([
      `internal-error ${first} 1 00000000-0000-0000-0000-000000000002 leastpriv failed here and this record was skipped (a bug: please report it with this input): TypeError: Cannot read properties of undefined (reading 'x')`,
    ]);
    expect(partial.counts.used).toBe(3);
  });

  it('skips the rest of a file the reader failed on, says so, and reads the next files', async () => {
    const dir = tempDir('leastpriv-bug-');
    const crash = join(dir, 'crash.json');
    const next = join(dir, 'next.json');
    writeFileSync(
      crash,
      JSON.stringify({
        Records: [event('ListQueues', 1), event('ListQueueTags', 2), event('GetQueueUrl', 3)],
      }),
    );
    writeFileSync(next, JSON.stringify({ Records: [event('GetQueueAttributes', 4)] }));
    const results: { file: string; records: number; skipped: boolean; codes: string[] }[] = [];
    const partial = await runFiles([crash, next], {
      window: {},
      workers: 1,
      onFile: (r) =>
        results.push({
          file: r.stats.file,
          records: r.stats.records,
          skipped: r.stats.skipped,
          codes: r.diagnostics.map((d) => `${d.code}: ${d.message}`),
        }),
    });
    expect(results.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      {
        file: crash,
        records: 1,
        skipped: false,
        codes: [
          'internal-error: leastpriv failed here and the rest of this file was skipped (a bug: please report it with this input): RangeError: planted reader failure',
        ],
      },
      { file: next, records: 1, skipped: false, codes: [] },
    ]);
    expect(partial.counts.used).toBe(2);
  });

  it('reports the records it skipped among bad input in the order of the file, across batches', async () => {
    // Records go through attribution, mapping and aggregation a batch at a time: what each says must still
    // come in the order of the file, and every other record must count.
    const dir = tempDir('leastpriv-bug-');
    const file = join(dir, 'many.json');
    const total = 2 * BATCH_RECORDS + 10;
    const records: object[] = [];
    for (let i = 0; i < total; i++) records.push({ ...event('ListQueues', 1), eventID: `id-${i}` });
    const late = BATCH_RECORDS + 7;
    records[5] = { ...event('Explode', 1), eventID: 'id-5' };
    records[late] = { ...event('Explode', 1), eventID: `id-${late}` };
    records[40] = { ...event('ListQueues', 1), eventID: 'id-40', eventTime: 'yesterday' };
    writeFileSync(file, JSON.stringify({ Records: records }));
    const seen: string[] = [];
    const partial = await runFiles([file], {
      window: {},
      workers: 1,
      onFile: (r) => seen.push(...r.diagnostics.map((d) => `${d.code} ${d.record}`)),
    });
    expect(seen).toEqual(['internal-error 5', 'malformed-record 40', `internal-error ${late}`]);
    expect(partial.counts.used).toBe(total - 3);
  });
});
