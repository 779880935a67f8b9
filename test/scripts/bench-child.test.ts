import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { positiveWholeNumber } from '../../scripts/bench-child.mjs';

describe('the numeric options of npm run bench and bench:ab', () => {
  it('take a positive whole number, written plainly or with underscores', () => {
    expect(positiveWholeNumber('1000000')).toBe(1_000_000);
    expect(positiveWholeNumber('1_000_000')).toBe(1_000_000);
    expect(positiveWholeNumber('6')).toBe(6);
  });

  it('refuse anything else, so that the script names the option', () => {
    for (const text of ['0', '-3', '1.5', 'many', '', '1e400'])
      expect(positiveWholeNumber(text), text).toBeUndefined();
  });
});
