import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';

const { bin } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
};

// What `npx leastpriv` and the shell do with a built clone: run the file itself, by its #! line.
describe.skipIf(process.platform === 'win32')('the commands in package.json bin, as built', () => {
  it.each(Object.entries(bin))('%s runs by itself (executable, with a node #! line)', (_name, file) => {
    // Given the build (npm test builds first), When the bin file is run directly
    const run = spawnSync(join(REPO, file), ['--help'], { encoding: 'utf8' });
    // Then it starts (no EACCES) and prints its usage
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: /);
  });
});
