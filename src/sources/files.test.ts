import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInputFiles } from './files.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'leastpriv-files-'));
  // A trail bucket layout, with hidden things and an empty folder.
  const files = [
    'trail/AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/02/b.json.gz',
    'trail/AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/01/a.json.gz',
    'trail/AWSLogs/111122223333/CloudTrail/eu-west-1/2024/03/01/c.json.gz',
    'trail/Z-top.json',
    'trail/.hidden.json',
    'trail/.git/config',
    'single.json',
  ];
  for (const f of files) {
    await mkdir(join(root, f, '..'), { recursive: true });
    await writeFile(join(root, f), '{}');
  }
  await mkdir(join(root, 'empty'));
  await mkdir(join(root, 'only-hidden'));
  await writeFile(join(root, 'only-hidden', '.DS_Store'), '');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('listInputFiles', () => {
  it('walks directories recursively, skipping hidden files and folders, in sorted order', async () => {
    // Given a trail folder with nested prefixes, a hidden file and a hidden folder
    // When it is listed
    const { files, diagnostics } = await listInputFiles([join(root, 'trail')]);
    // Then every visible file is there, sorted by path
    expect(diagnostics).toEqual([]);
    expect(files).toEqual([
      join(root, 'trail/AWSLogs/111122223333/CloudTrail/eu-west-1/2024/03/01/c.json.gz'),
      join(root, 'trail/AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/01/a.json.gz'),
      join(root, 'trail/AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/02/b.json.gz'),
      join(root, 'trail/Z-top.json'),
    ]);
  });

  it('gives the same list whatever the order of the inputs, without duplicates', async () => {
    // Given a file and a folder that contains it, in both orders
    const file = join(root, 'trail/Z-top.json');
    // When each is listed
    const a = await listInputFiles([file, join(root, 'trail')]);
    const b = await listInputFiles([join(root, 'trail'), file]);
    // Then the lists are equal and the file appears once
    expect(a.files).toEqual(b.files);
    expect(a.files.filter((f) => f === file)).toHaveLength(1);
  });

  it('reads a hidden file when it is named explicitly', async () => {
    // Given a hidden file passed by name
    // When it is listed
    const { files } = await listInputFiles([join(root, 'trail/.hidden.json')]);
    // Then it is kept: only the walk skips hidden names
    expect(files).toEqual([join(root, 'trail/.hidden.json')]);
  });

  it('reports a missing path as unreadable, and goes on with the others', async () => {
    // Given a path that does not exist, beside one that does
    const missing = join(root, 'no-such-dir');
    // When they are listed
    const { files, diagnostics } = await listInputFiles([missing, join(root, 'single.json')]);
    // Then the missing one is an error diagnostic naming it, not a throw
    expect(files).toEqual([join(root, 'single.json')]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'unreadable', severity: 'error', file: missing, malformed: false }),
    ]);
    expect(diagnostics[0]?.message).toContain('no such file or directory');
  });

  it('reports an empty directory, and one with only hidden files, as empty input', async () => {
    // Given an empty folder and a folder holding only .DS_Store
    // When they are listed
    const { files, diagnostics } = await listInputFiles([join(root, 'empty'), join(root, 'only-hidden')]);
    // Then no files, and one empty-input diagnostic for each
    expect(files).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['empty-input', join(root, 'empty')],
      ['empty-input', join(root, 'only-hidden')],
    ]);
  });

  it('follows a symbolic link to a folder once, even when it loops', async () => {
    // Given a folder with a link back to itself
    const loop = join(root, 'loop');
    await mkdir(loop);
    await writeFile(join(loop, 'a.json'), '{}');
    await symlink(loop, join(loop, 'again'));
    // When it is listed
    const { files } = await listInputFiles([loop]);
    // Then the file is listed once and the walk ends
    expect(files).toEqual([join(loop, 'a.json')]);
  });
});
