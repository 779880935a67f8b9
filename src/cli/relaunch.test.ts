import { afterEach, describe, expect, it } from 'vitest';
import { shouldRelaunch, THROUGHPUT_NODE_FLAGS } from './relaunch.js';

const saved = process.env.LEASTPRIV_NODE_FLAGS;
afterEach(() => {
  if (saved === undefined) delete process.env.LEASTPRIV_NODE_FLAGS;
  else process.env.LEASTPRIV_NODE_FLAGS = saved;
});

describe('running generate and audit in a node tuned for worker threads', () => {
  it('starts node again unless it runs with the flags already or is told not to', () => {
    delete process.env.LEASTPRIV_NODE_FLAGS;
    const has = THROUGHPUT_NODE_FLAGS.every((f) => process.execArgv.includes(f));
    expect(shouldRelaunch()).toBe(!has);
    process.env.LEASTPRIV_NODE_FLAGS = 'off';
    expect(shouldRelaunch()).toBe(false);
  });
});
