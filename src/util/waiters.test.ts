import { describe, expect, it } from 'vitest';
import { Waiters } from './waiters.js';

describe('Waiters', () => {
  it('resolves every pending wait at the next wake, and not before', async () => {
    const waiters = new Waiters();
    const woken: number[] = [];
    const a = waiters.wait().then(() => woken.push(1));
    const b = waiters.wait().then(() => woken.push(2));
    await Promise.resolve();
    expect(woken).toEqual([]);
    waiters.wakeAll();
    await Promise.all([a, b]);
    expect(woken.sort()).toEqual([1, 2]);
  });

  it('does not wake a wait that starts after the wake', async () => {
    const waiters = new Waiters();
    waiters.wakeAll();
    let woken = false;
    const later = waiters.wait().then(() => {
      woken = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(woken).toBe(false);
    waiters.wakeAll();
    await later;
    expect(woken).toBe(true);
  });
});
