import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { inputReaches, RELAUNCH_MIN_BYTES, RELAUNCH_NODE_FLAGS, shouldRelaunch } from './relaunch.js';

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
  const large = fileOf(join(root, 'large.json.gz'), RELAUNCH_MIN_BYTES);
  const small = fileOf(join(root, 'small.json.gz'), 1000);

  it('starts node again for a large input, unless it runs with the flags already or is told not to', () => {
    delete process.env.LEASTPRIV_NODE_FLAGS;
    const has = RELAUNCH_NODE_FLAGS.every((f) => process.execArgv.includes(f));
    expect(shouldRelaunch([large])).toBe(!has);
    process.env.LEASTPRIV_NODE_FLAGS = 'off';
    expect(shouldRelaunch([large])).toBe(false);
  });

  it('does not start node again for a small input, where it would cost more than it saves', () => {
    delete process.env.LEASTPRIV_NODE_FLAGS;
    expect(shouldRelaunch([small, '--json'])).toBe(false);
    expect(shouldRelaunch(['xray:'])).toBe(false);
    expect(shouldRelaunch(['cloudtrail:'])).toBe(false);
  });

  it('starts node again for a trail bucket, whose size is not known before it is listed', () => {
    delete process.env.LEASTPRIV_NODE_FLAGS;
    const has = RELAUNCH_NODE_FLAGS.every((f) => process.execArgv.includes(f));
    expect(shouldRelaunch(['s3://trail-logs/AWSLogs/', '--since', '7d'])).toBe(!has);
  });

  it('counts the files of directories, recursively, and only paths that exist', () => {
    // Given a tree whose files hold just the threshold between them, two levels down
    const tree = join(root, 'tree');
    mkdirSync(join(tree, 'a', 'b'), { recursive: true });
    fileOf(join(tree, 'a', 'one.json'), RELAUNCH_MIN_BYTES / 2);
    fileOf(join(tree, 'a', 'b', 'two.json'), RELAUNCH_MIN_BYTES / 2 - 1);
    // Then one byte short is small, and one byte more is large
    expect(inputReaches([tree, '--since', '7d', join(root, 'absent')], RELAUNCH_MIN_BYTES)).toBe(false);
    fileOf(join(tree, 'a', 'b', 'three.json'), 1);
    expect(inputReaches([tree], RELAUNCH_MIN_BYTES)).toBe(true);
  });

  it('looks into a directory reached again through a link once, and ends', () => {
    const loop = join(root, 'loop');
    mkdirSync(loop);
    fileOf(join(loop, 'f.json'), 10);
    symlinkSync(loop, join(loop, 'again'));
    expect(inputReaches([loop], 11)).toBe(false);
    expect(inputReaches([loop], 10)).toBe(true);
  });

  it('takes an input of very many files for a large one without looking at them all', () => {
    const many = join(root, 'many');
    mkdirSync(many);
    for (let i = 0; i < 2_001; i++) writeFileSync(join(many, `${i}.json`), '');
    expect(inputReaches([many], RELAUNCH_MIN_BYTES)).toBe(true);
  });
});
