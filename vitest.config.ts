import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Every temporary folder the tests make (their own, the CLI's, the spools) goes under one folder per run,
// which test/global-setup.ts removes at the end: test runs leave nothing behind in the system's temp.
const testTmp = mkdtempSync(join(tmpdir(), 'leastpriv-tests-'));
process.env.LEASTPRIV_TEST_TMP = testTmp;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['./test/global-setup.ts'],
    env: {
      // In-process tests build AWS SDK clients, whose Node 20 notice would fill the log. The CLIs silence it
      // themselves, and the tests that run them take the variable out of their environment (test/traces/helpers.ts).
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      TMPDIR: testTmp,
    },
  },
});
