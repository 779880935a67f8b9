#!/usr/bin/env node
// Writes docs/checks.md from the checks' metadata. The rendering is src/validate/checks/check-docs.ts;
// registry.test.ts runs it on the TypeScript sources (no build needed) and writes the file when asked.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  'npx',
  ['vitest', 'run', 'src/validate/checks/registry.test.ts', '-t', 'documents every check'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LEASTPRIV_WRITE_DOCS: '1' },
  },
);
if (result.status === 0) console.error('wrote docs/checks.md');
process.exit(result.status ?? 1);
