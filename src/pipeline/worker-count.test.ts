import { describe, expect, it } from 'vitest';
import {
  GZIP_RATIO,
  MIN_WORK_PER_WORKER,
  MIN_WORK_PER_WORKER_MANY_CORES,
  workersFor,
} from './worker-count.js';

describe('workersFor (the default worker count of a list of files)', () => {
  const MiB = 1024 * 1024;
  const gz = (mib: number[]) => mib.map((m, i) => ({ file: `f${i}.json.gz`, size: Math.ceil(m * MiB) }));
  const json = (mib: number[]) => mib.map((m, i) => ({ file: `f${i}.json`, size: Math.ceil(m * MiB) }));
  /** `n` gzipped files holding `workers` workers' worth of JSON in all, on a machine of `cores` cores. */
  const worth = (workers: number, cores: number, n = 10) =>
    gz(
      Array(n).fill(
        (workers * (cores <= 2 ? MIN_WORK_PER_WORKER : MIN_WORK_PER_WORKER_MANY_CORES)) /
          GZIP_RATIO /
          MiB /
          n,
      ),
    );

  it('reads a small input in one thread, however many cores and files there are', () => {
    // The bundled example: 43 files, 355 KB gzipped
    expect(workersFor(gz(Array(43).fill(0.008)), 2)).toBe(1);
    expect(workersFor(gz(Array(43).fill(0.008)), 16)).toBe(1);
    // 20,000 events, 4 MiB gzipped, on 2 cores
    expect(workersFor(gz([1, 1, 1, 1]), 2)).toBe(1);
    expect(workersFor([], 4)).toBe(1);
  });

  it('on 2 cores, starts a worker for each MIN_WORK_PER_WORKER of JSON, gzip counting GZIP_RATIO times its size', () => {
    expect(workersFor(worth(2, 2), 2)).toBe(2);
    expect(workersFor(worth(1.99, 2), 2)).toBe(1);
    // 100,000 and 200,000 events of the bench trail (21 and 42 MiB gzipped): one thread; 300,000: two
    expect(workersFor(gz(Array(10).fill(2.1)), 2)).toBe(1);
    expect(workersFor(gz(Array(20).fill(2.1)), 2)).toBe(1);
    expect(workersFor(gz(Array(30).fill(2.1)), 2)).toBe(2);
    // The same bytes uncompressed are GZIP_RATIO times less work
    expect(workersFor(json(Array(30).fill(2.1)), 2)).toBe(1);
    expect(workersFor(json(Array(30).fill(2.1 * GZIP_RATIO)), 2)).toBe(2);
  });

  it('on more cores, starts a worker for each MIN_WORK_PER_WORKER_MANY_CORES of JSON', () => {
    expect(workersFor(worth(3, 8), 8)).toBe(3);
    expect(workersFor(worth(2.99, 8), 8)).toBe(2);
    expect(workersFor(worth(1.99, 4), 4)).toBe(1);
    // 100,000 events (21 MiB gzipped) on 8 cores: six workers; 200,000: all eight
    expect(workersFor(gz(Array(10).fill(2.1)), 8)).toBe(6);
    expect(workersFor(gz(Array(20).fill(2.1)), 8)).toBe(8);
  });

  it('never starts more workers than cores, nor than files', () => {
    expect(workersFor(gz([200, 200, 200, 200]), 2)).toBe(2);
    expect(workersFor(gz([1000]), 8)).toBe(1);
    expect(workersFor(gz([500, 500, 500]), 8)).toBe(3);
  });
});
