import { describe, expect, it } from 'vitest';
import { script } from '../helpers.js';

const benchAb = (...args: string[]) => script('bench-ab.mjs', args);

describe('npm run bench:ab', () => {
  it('compares two builds in alternated pairs and says how many B won, the median ratio and the chance', () => {
    // Given the build against itself, on a tiny trail (kept in .bench/ like every bench trail)
    const r = benchAb(
      '--events',
      '300',
      '--file-events',
      '100',
      '--pairs',
      '3',
      '--workers',
      '1',
      'dist',
      'dist',
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    const ratios = lines.slice(0, 3).map((line, i) => {
      const m = /^pair (\d): A [\d.]+ s \([\d.]+ s CPU\), B [\d.]+ s \([\d.]+ s CPU\), B\/A ([\d.]+)$/.exec(
        line,
      );
      expect(m, line).not.toBeNull();
      expect(Number(m![1])).toBe(i + 1);
      return Number(m![2]);
    });
    // Then the summary agrees with the pairs: wins (a ratio shown as 1.000 may be either side of 1), their
    // median, and the chance of that many wins or more in 3 coin flips
    const m =
      /^B faster in (\d) of 3 pairs; median B\/A ([\d.]+); chance of (\d) or more wins if B were no faster: ([\d.]+)$/.exec(
        lines[3]!,
      );
    expect(m, lines[3]).not.toBeNull();
    const wins = Number(m![1]);
    expect(wins).toBeGreaterThanOrEqual(ratios.filter((x) => x < 1).length);
    expect(wins).toBeLessThanOrEqual(ratios.filter((x) => x <= 1).length);
    expect(m![2]).toBe([...ratios].sort((a, b) => a - b)[1]!.toFixed(3));
    expect(Number(m![3])).toBe(wins);
    expect(m![4]).toBe([1, 0.875, 0.5, 0.125][wins]!.toFixed(3));
  }, 120_000);

  it('refuses bad usage with one line and exit 1, naming what is wrong', () => {
    const unknown = benchAb('--bogus', 'dist', 'dist');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^bench-ab: Unknown option '--bogus'/);
    const pairs = benchAb('--pairs', '0', 'dist', 'dist');
    expect(pairs.status).toBe(1);
    expect(pairs.stderr).toMatch(/^bench-ab: --pairs must be a positive whole number, got 0/);
    const one = benchAb('dist');
    expect(one.status).toBe(1);
    expect(one.stderr).toMatch(/^usage: /);
    const notBuild = benchAb('src', 'dist');
    expect(notBuild.status).toBe(1);
    expect(notBuild.stderr).toBe('bench-ab: src holds no index.js: not a build of leastpriv\n');
  });
});
