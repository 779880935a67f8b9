import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GZIP_RATIO, MIN_WORK_PER_WORKER } from '../pipeline/worker-count.js';
import {
  type InputSoFar,
  inputReaches,
  RELAUNCH_MIN_BYTES,
  RELAUNCH_NODE_FLAGS,
  shouldRelaunch,
  v8PoolSize,
} from './relaunch.js';

const saved = process.env.LEASTPRIV_NODE_FLAGS;
afterEach(() => {
  if (saved === undefined) delete process.env.LEASTPRIV_NODE_FLAGS;
  else process.env.LEASTPRIV_NODE_FLAGS = saved;
});

const root = mkdtempSync(join(tmpdir(), 'leastpriv-relaunch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A file of `size` bytes (sparse: nothing is written). */
function fileOf(path: string, size: number): string {
  writeFileSync(path, '');
  truncateSync(path, size);
  return path;
}

describe('running generate and audit in a node tuned for worker threads', () => {
  const MiB = 1024 * 1024;
  /** A directory of two gzipped files holding `workers` default workers' worth of JSON on 2 cores. */
  function worth(name: string, workers: number): string {
    const dir = join(root, name);
    mkdirSync(dir);
    const each = Math.ceil((workers * MIN_WORK_PER_WORKER) / GZIP_RATIO / 2);
    fileOf(join(dir, 'a.json.gz'), each);
    fileOf(join(dir, 'b.json.gz'), each);
    return dir;
  }
  const large = worth('large', 2);
  const small = fileOf(join(root, 'small.json.gz'), 1000);

  it('starts node again for an input that two workers read, unless it runs with the flags already or is told not to', () => {
    delete process.env.LEASTPRIV_NODE_FLAGS;
    const has = RELAUNCH_NODE_FLAGS.every((f) => process.execArgv.includes(f));
    expect(shouldRelaunch([large], 2)).toBe(!has);
    process.env.LEASTPRIV_NODE_FLAGS = 'off';
    expect(shouldRelaunch([large], 2)).toBe(false);
  });

  it('does not start node again for a small input, where it would cost more than it saves', () => {
    delete process.env.LEASTPRIV_NODE_FLAGS;
    expect(shouldRelaunch([small, '--json'], 2)).toBe(false);
    expect(shouldRelaunch(['xray:'], 2)).toBe(false);
    expect(shouldRelaunch(['cloudtrail:'], 2)).toBe(false);
  });

  it('does not start node again when one thread reads: the input is below two workers, or --workers 1', () => {
    delete process.env.LEASTPRIV_NODE_FLAGS;
    if (RELAUNCH_NODE_FLAGS.every((f) => process.execArgv.includes(f))) return;
    // Given 8 MiB or more on disk, but less than two workers' worth on 2 cores
    const below = worth('below', 1.9);
    expect(shouldRelaunch([below], 2)).toBe(false);
    // Then on 8 cores, where a worker is worth starting for less, it is read by workers: node starts again
    expect(shouldRelaunch([below], 8)).toBe(true);
    // And --workers decides over the default, either way
    expect(shouldRelaunch([below, '--workers', '2'], 2)).toBe(true);
    expect(shouldRelaunch([below, '--workers=2'], 2)).toBe(true);
    expect(shouldRelaunch([large, '--workers', '1'], 2)).toBe(false);
    expect(shouldRelaunch(['s3://trail-logs/AWSLogs/', '--workers', '1'], 2)).toBe(false);
    // And a single file is one thread's, however large
    const one = fileOf(join(root, 'one.json.gz'), 100 * MiB);
    expect(shouldRelaunch([one], 8)).toBe(false);
    // And with two workers asked for, below RELAUNCH_MIN_BYTES the second start does not pay
    expect(shouldRelaunch([small, small, '--workers', '2'], 2)).toBe(false);
  });

  it('starts node again for a trail bucket, whose size is not known before it is listed', () => {
    delete process.env.LEASTPRIV_NODE_FLAGS;
    const has = RELAUNCH_NODE_FLAGS.every((f) => process.execArgv.includes(f));
    expect(shouldRelaunch(['s3://trail-logs/AWSLogs/', '--since', '7d'], 2)).toBe(!has);
  });

  it("gives V8 one compile thread per core, node's default of 4 at most", () => {
    expect([1, 2, 3, 4, 8, 16].map(v8PoolSize)).toEqual([1, 2, 3, 4, 4, 4]);
    expect(RELAUNCH_NODE_FLAGS).toContain(`--v8-pool-size=${v8PoolSize(availableParallelism())}`);
  });

  const bytes = (n: number) => (input: InputSoFar) => input.bytes >= n;

  it('counts the files of directories, recursively, and only paths that exist', () => {
    // Given a tree whose files hold just the threshold between them, two levels down
    const tree = join(root, 'tree');
    mkdirSync(join(tree, 'a', 'b'), { recursive: true });
    fileOf(join(tree, 'a', 'one.json'), RELAUNCH_MIN_BYTES / 2);
    fileOf(join(tree, 'a', 'b', 'two.json'), RELAUNCH_MIN_BYTES / 2 - 1);
    // Then one byte short is small, and one byte more is large
    expect(inputReaches([tree, '--since', '7d', join(root, 'absent')], bytes(RELAUNCH_MIN_BYTES))).toBe(
      false,
    );
    fileOf(join(tree, 'a', 'b', 'three.json'), 1);
    expect(inputReaches([tree], bytes(RELAUNCH_MIN_BYTES))).toBe(true);
  });

  it('weighs gzipped files as the default worker count does', () => {
    const seen: InputSoFar[] = [];
    inputReaches([small], (input) => {
      seen.push({ ...input });
      return false;
    });
    expect(seen).toEqual([{ files: 1, bytes: 1000, work: 1000 * GZIP_RATIO }]);
  });

  it('looks into a directory reached again through a link once, and ends', () => {
    const loop = join(root, 'loop');
    mkdirSync(loop);
    fileOf(join(loop, 'f.json'), 10);
    symlinkSync(loop, join(loop, 'again'));
    expect(inputReaches([loop], bytes(11))).toBe(false);
    expect(inputReaches([loop], bytes(10))).toBe(true);
  });

  it('takes an input of very many files for a large one without looking at them all', () => {
    const many = join(root, 'many');
    mkdirSync(many);
    for (let i = 0; i < 10_001; i++) writeFileSync(join(many, `${i}.json`), '');
    expect(inputReaches([many], bytes(RELAUNCH_MIN_BYTES))).toBe(true);
  });
});
