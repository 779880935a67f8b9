import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Spool, SpoolCancelled } from './spool.js';

/** Whether the promise has settled after pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('Spool', () => {
  it('makes a claim wait while the files not yet read fill it, and serves waiting claims in order', async () => {
    const added: [string, number][] = [];
    const spool = await Spool.create({ limitBytes: 100, onAdd: (file, bytes) => added.push([file, bytes]) });
    try {
      const a = spool.reserve('AWSLogs/x/a.json.gz', 's3://b/a.json.gz');
      const b = spool.reserve('b.json.gz', 's3://b/b.json.gz');
      const c = spool.reserve('c.json.gz', 's3://b/c.json.gz');
      await spool.claim(a, 60);
      writeFileSync(a, 'a');
      spool.add(a);
      expect(added).toEqual([[a, 60]]);
      const claimB = spool.claim(b, 50);
      const claimC = spool.claim(c, 10);
      // 60 + 50 is over the limit; c would fit, but waits behind b.
      expect(await settled(claimB)).toBe(false);
      expect(await settled(claimC)).toBe(false);
      await spool.release([a]);
      expect(existsSync(a)).toBe(false);
      expect(await settled(claimB)).toBe(true);
      expect(await settled(claimC)).toBe(true);
      expect(spool.peakBytes).toBe(60);
      expect(spool.labelOf(a)).toBe('s3://b/a.json.gz');
    } finally {
      await spool.remove();
    }
    expect(existsSync(spool.dir)).toBe(false);
  });

  it('lets one file larger than the limit in when it holds nothing else', async () => {
    const spool = await Spool.create({ limitBytes: 10 });
    try {
      const big = spool.reserve('big.json.gz', 'big');
      await spool.claim(big, 1000);
      expect(spool.peakBytes).toBe(1000);
    } finally {
      await spool.remove();
    }
  });

  it('gives the room of a file that could not be fetched to the next claim', async () => {
    const spool = await Spool.create({ limitBytes: 10 });
    try {
      const a = spool.reserve('a', 'a');
      const b = spool.reserve('b', 'b');
      await spool.claim(a, 10);
      const claimB = spool.claim(b, 10);
      writeFileSync(a, 'partial');
      await spool.discard(a);
      expect(existsSync(a)).toBe(false);
      expect(await settled(claimB)).toBe(true);
      expect(spool.files).toEqual([]);
    } finally {
      await spool.remove();
    }
  });

  it('rejects waiting and later claims once the run is abandoned', async () => {
    const spool = await Spool.create({ limitBytes: 10 });
    try {
      await spool.claim(spool.reserve('a', 'a'), 10);
      const waiting = spool.claim(spool.reserve('b', 'b'), 10);
      spool.cancel();
      await expect(waiting).rejects.toBeInstanceOf(SpoolCancelled);
      await expect(spool.claim(spool.reserve('c', 'c'), 1)).rejects.toBeInstanceOf(SpoolCancelled);
    } finally {
      await spool.remove();
    }
  });
});
