import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_BYTES, BATCH_FILES, FileQueue, largestFirst, runFiles } from './run-files.js';
import { tempDirs } from './test-helpers.js';

const tempDir = tempDirs();

/** Every batch a queue hands out, taken for `workers` workers. */
function drain(queue: FileQueue, workers: number): string[][] {
  const batches: string[][] = [];
  while (queue.length > 0) batches.push(queue.take(workers));
  return batches;
}

const files = (sizes: number[]) => sizes.map((size, i) => ({ file: `f${i}`, size }));

describe('FileQueue', () => {
  it('hands out every file once, in queue order, at least one per batch', () => {
    const sizes = [5_000_000, 3_000_000, ...Array.from({ length: 500 }, (_, i) => 20_000 - i * 10), 0, 0];
    const batches = drain(new FileQueue(files(sizes)), 2);
    expect(batches.flat()).toEqual(sizes.map((_, i) => `f${i}`));
    expect(batches.every((b) => b.length >= 1)).toBe(true);
  });

  it('gives a file larger than a batch a message of its own', () => {
    const batches = drain(new FileQueue(files([BATCH_BYTES * 3, BATCH_BYTES * 2, 10, 10])), 2);
    expect(batches[0]).toEqual(['f0']);
    expect(batches[1]).toEqual(['f1']);
  });

  it('groups small files up to BATCH_BYTES and BATCH_FILES while much is left', () => {
    // 4,000 files of 10 KB: plenty left, so the first batch is bounded by the byte limit
    const queue = new FileQueue(files(Array.from({ length: 4000 }, () => 10_000)));
    expect(queue.take(2)).toHaveLength(Math.floor(BATCH_BYTES / 10_000));
    // 10,000 files of 100 bytes: bounded by the file count
    const tiny = new FileQueue(files(Array.from({ length: 10_000 }, () => 100)));
    expect(tiny.take(2)).toHaveLength(BATCH_FILES);
  });

  it('makes batches smaller near the end, so that the workers finish together', () => {
    // 100 files of 1 KB and 2 workers: a batch takes at most an eighth of what is left
    const batches = drain(new FileQueue(files(Array.from({ length: 100 }, () => 1000))), 2);
    expect(batches[0]).toHaveLength(12);
    const sizes = batches.map((b) => b.length);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1] as number);
    expect(sizes.at(-1)).toBe(1);
  });
});

describe('largestFirst', () => {
  it('orders files by size, largest first; ties and unreadable files keep their order', () => {
    const dir = tempDir('leastpriv-queue-');
    const write = (name: string, bytes: number) => {
      writeFileSync(join(dir, name), 'x'.repeat(bytes));
      return join(dir, name);
    };
    const a = write('a', 10);
    const b = write('b', 300);
    const c = write('c', 10);
    const missing = join(dir, 'missing');
    const d = write('d', 50);
    expect(largestFirst([a, b, c, missing, d])).toEqual([
      { file: b, size: 300 },
      { file: d, size: 50 },
      { file: a, size: 10 },
      { file: c, size: 10 },
      { file: missing, size: 0 },
    ]);
  });
});

describe('an open FileQueue', () => {
  it('waits for files until closed, and is done only when closed and empty', async () => {
    const queue = FileQueue.open();
    let woken = 0;
    const waiting = queue.whenMore().then(() => woken++);
    await Promise.resolve();
    expect(woken).toBe(0);
    queue.push('a', 10);
    await waiting;
    expect(woken).toBe(1);
    expect(queue.done).toBe(false);
    expect(queue.take(2)).toEqual(['a']);
    expect(queue.done).toBe(false);
    const closing = queue.whenMore();
    queue.close();
    await closing;
    expect(queue.done).toBe(true);
    expect(() => queue.push('b', 10)).toThrow(/pushed after the queue was closed/);
  });

  it('drops what waits and ignores later files once cancelled', () => {
    const queue = FileQueue.open([{ file: 'a', size: 1 }]);
    queue.push('b', 1);
    queue.cancel();
    queue.push('c', 1);
    expect(queue.length).toBe(0);
    expect(queue.done).toBe(true);
  });
});

/** A CloudTrail file of one call by `role` (a role session). */
function trailFile(dir: string, name: string, role: string, eventName: string, id: number): string {
  const file = join(dir, name);
  const record = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLE:${role}`,
      arn: `arn:aws:sts::111122223333:assumed-role/${role}/s`,
      accountId: '111122223333',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLE',
          arn: `arn:aws:iam::111122223333:role/${role}`,
          accountId: '111122223333',
          userName: role,
        },
      },
    },
    eventTime: `2026-11-21T10:0${id}:00Z`,
    eventSource: 'sqs.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    requestParameters: null,
    responseElements: null,
    eventID: `00000000-0000-0000-0000-00000000000${id}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  };
  writeFileSync(file, JSON.stringify({ Records: [record] }));
  return file;
}

describe('runFiles over an open queue', () => {
  it('reads files as they are pushed, reports each as read after its results, and ends when the queue closes', async () => {
    const dir = tempDir('leastpriv-feed-');
    const files = [
      trailFile(dir, 'a.json', 'alpha', 'ListQueues', 1),
      trailFile(dir, 'b.json', 'beta', 'ListQueues', 2),
      trailFile(dir, 'c.json', 'alpha', 'ListQueueTags', 3),
    ];
    const queue = FileQueue.open();
    const events: string[] = [];
    let settled = false;
    const reading = runFiles(queue, {
      window: {},
      workers: 1,
      onFile: (r) => events.push(`file ${r.stats.records}`),
      onRead: (read) => events.push(...read.map((f) => `read ${f.slice(dir.length + 1)}`)),
    }).finally(() => {
      settled = true;
    });
    for (const file of files) {
      queue.push(file, 100);
      // Each file is read before the next one comes, as a slow fetch would hand them over.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(events).toEqual(['file 1', 'read a.json', 'file 1', 'read b.json', 'file 1', 'read c.json']);
    expect(settled).toBe(false);
    queue.close();
    const partial = await reading;
    expect(partial.counts.records).toBe(3);
    expect([...partial.sessions.values()].map((s) => s.principal).sort()).toEqual([
      'arn:aws:iam::111122223333:role/alpha',
      'arn:aws:iam::111122223333:role/beta',
    ]);
    // The same files as a list give the same usage.
    const listed = await runFiles(files, { window: {}, workers: 1 });
    expect(partial.counts).toEqual(listed.counts);
  });
});
