import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // In-process tests build AWS SDK clients, whose Node 20 notice would fill the log. The CLIs silence it
    // themselves, and the tests that run them take the variable out of their environment (test/traces/helpers.ts).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
