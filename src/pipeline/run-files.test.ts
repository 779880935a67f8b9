import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_BYTES, BATCH_FILES, FileQueue, largestFirst } from './run-files.js';

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
    const dir = mkdtempSync(join(tmpdir(), 'leastpriv-queue-'));
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
