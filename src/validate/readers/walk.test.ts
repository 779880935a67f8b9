import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPolicyFiles } from './index.js';

const tree = fileURLToPath(new URL('fixtures/tree', import.meta.url));

describe('readPolicyFiles', () => {
  it('walks a directory in name order, reading policy files and skipping the rest with a notice', async () => {
    // Given a tree with a .tf, a README, a package.json, a tool folder and two policies in a subfolder
    const r = await readPolicyFiles([tree]);
    // Then the JSON and YAML files are read, in order
    expect(r.files.map((f) => [f.file.slice(tree.length + 1), f.kind, f.policies])).toEqual([
      ['nested/app-policy.json', 'policy', 1],
      ['nested/worker.yml', 'policy', 1],
      ['package.json', 'unknown', 0],
    ]);
    expect(r.policies).toHaveLength(2);
    // And every skipped file or folder is a notice naming it
    expect(r.diagnostics.map((d) => [d.file.slice(tree.length + 1), d.code])).toEqual([
      ['.aws-sam', 'skipped-file'],
      ['README.md', 'skipped-file'],
      ['main.tf', 'skipped-file'],
      ['package.json', 'not-a-policy-file'],
    ]);
    expect(r.diagnostics.find((d) => d.file.endsWith('main.tf'))!.message).toMatch(/terraform show -json/);
  });

  it('reads a file named on its own whatever its extension, and reports a missing one', async () => {
    const r = await readPolicyFiles([`${tree}/README.md`, `${tree}/missing.json`]);
    expect(r.files.map((f) => f.kind)).toEqual(['unknown']);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['unreadable', 'error'],
      ['not-a-policy-file', 'notice'],
    ]);
  });
});
