// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables and ARN formats are written with ${...}
import { describe, expect, it } from 'vitest';
import beyondCases from './arn-pattern.beyond.cases.json' with { type: 'json' };
import cases from './arn-pattern.cases.json' with { type: 'json' };
import {
  formatAsPattern,
  isAnyResource,
  patternContains,
  patternsIntersect,
  reachesBeyond,
  substituteVariables,
} from './arn-pattern.js';

interface Case {
  name: string;
  a: string;
  b: string;
  intersect: boolean;
  contains: boolean;
  focus?: boolean;
}

const all = cases as Case[];
const focused = all.filter((c) => c.focus);

describe('resource pattern relations', () => {
  for (const c of focused.length > 0 ? focused : all) {
    it(c.name, () => {
      // Given two resource patterns
      // Then intersection is symmetric and containment is as expected
      expect(patternsIntersect(c.a, c.b)).toBe(c.intersect);
      expect(patternsIntersect(c.b, c.a)).toBe(c.intersect);
      expect(patternContains(c.a, c.b)).toBe(c.contains);
    });
  }

  it('keeps the focus switch off in the committed table', () => {
    expect(focused).toEqual([]);
  });
});

interface BeyondCase {
  name: string;
  pattern: string;
  /** An ARN format of the service data; its variables named in noSlash / noColon never hold that character. */
  format: string;
  noSlash?: string[];
  noColon?: string[];
  covering: string[];
  beyond: boolean;
}

describe('reachesBeyond: does a grant name a resource of the format that the use does not', () => {
  for (const c of beyondCases as BeyondCase[]) {
    it(c.name, () => {
      const format = formatAsPattern(c.format, (v) => ({
        slash: c.noSlash?.includes(v) ?? false,
        colon: c.noColon?.includes(v) ?? false,
      }));
      expect(reachesBeyond(c.pattern, format, c.covering)).toBe(c.beyond);
      // A grant the use contains symbol by symbol never reaches beyond it
      if (c.covering.some((u) => patternContains(u, c.pattern))) expect(c.beyond).toBe(false);
    });
  }
});

describe('formatAsPattern', () => {
  it('keeps a bucket name from reaching into its objects when the variable never holds a slash', () => {
    // Given the S3 bucket format, its BucketName known to hold no `/`
    const format = 'arn:${Partition}:s3:::${BucketName}';
    const plain = formatAsPattern(format);
    const named = formatAsPattern(format, (v) => ({ slash: v === 'BucketName', colon: false }));
    // Then only the plain wildcard reaches object ARNs
    expect(patternsIntersect(plain, 'arn:aws:s3:::example-bucket/*')).toBe(true);
    expect(patternsIntersect(named, 'arn:aws:s3:::example-bucket/*')).toBe(false);
    expect(patternsIntersect(named, 'arn:aws:s3:::example-bucket')).toBe(true);
    expect(patternsIntersect(named, 'arn:aws:s3:::*')).toBe(true);
  });

  it('keeps a log group from reaching into its log streams when the name never holds a colon', () => {
    const format = 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}';
    const named = formatAsPattern(format, (v) => ({ slash: false, colon: v === 'LogGroupName' }));
    expect(patternsIntersect(named, 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app')).toBe(
      true,
    );
    expect(
      patternsIntersect(named, 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app:log-stream:*'),
    ).toBe(false);
  });
});

describe('substituteVariables', () => {
  it("fills the principal's known variables and defaults, leaving unknown ones", () => {
    expect(
      substituteVariables('arn:aws:iam::111122223333:user/${aws:username}', { 'aws:username': 'alice' }),
    ).toBe('arn:aws:iam::111122223333:user/alice');
    expect(substituteVariables("arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*", {})).toBe(
      'arn:aws:s3:::b/none/*',
    );
    expect(substituteVariables('arn:aws:s3:::b/${aws:userid}/*', {})).toBe('arn:aws:s3:::b/${aws:userid}/*');
    // A value with wildcard characters stays literal
    expect(substituteVariables('u/${aws:username}', { 'aws:username': 'a*' })).toBe('u/a${*}');
  });

  it('recognises the whole-value wildcard', () => {
    expect(isAnyResource('*')).toBe(true);
    expect(isAnyResource('arn:*')).toBe(false);
  });
});
