import { describe, expect, it } from 'vitest';
import { script } from '../helpers.js';

const bench = (...args: string[]) => script('bench.mjs', args);

describe('npm run bench, given a wrong command line', () => {
  it('says what is wrong in one line, then the usage, and exits 1 without measuring anything', () => {
    for (const [args, line] of [
      [['--bogus'], "bench: Unknown option '--bogus'"],
      [['--runs', '0'], 'bench: --runs must be a positive whole number, got 0'],
      [['--events', 'many'], 'bench: --events must be a positive whole number, got many'],
      [['--workers'], "bench: Option '--workers <value>' argument missing"],
    ] as const) {
      const r = bench(...args);
      expect(r.status, args.join(' ')).toBe(1);
      const [first, ...rest] = r.stderr.split('\n');
      expect(first).toBe(line);
      expect(rest[0]).toMatch(/^usage: node scripts\/bench\.mjs /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }
  });

  it('prints the usage for -h and exits 0', () => {
    const r = bench('-h');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: node scripts\/bench\.mjs \[--events N \(1000000\)\]/);
  });
});
