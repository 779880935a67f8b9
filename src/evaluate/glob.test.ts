import { describe, expect, it } from 'vitest';
import { globMatch, globTokens, literalOf, ONE, prefixOf, STAR } from './glob.js';

const m = (pattern: string, s: string): boolean => globMatch(globTokens(pattern), s);

describe('wildcard matching', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything:at/all', true],
    ['a*', 'a', true],
    ['a*c', 'abc', true],
    ['a*c', 'abcd', false],
    ['*c', 'cc', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'abbc', false],
    ['??', 'ab', true],
    ['*?', '', false],
    ['*a*b*', 'xaybz', true],
    ['*a*b*', 'xbya', false],
    ['a**b', 'ab', true],
    ['abc', 'abc', true],
    ['abc', 'ABC', false],
    ['', '', true],
    ['', 'a', false],
    ['*aab', 'aaaab', true],
  ])('%j matches %j: %s', (pattern, s, expected) => {
    // Given a pattern with * and ?, When matched against text, Then * is any run and ? exactly one character
    expect(m(pattern, s)).toBe(expected);
  });

  it('matches a slice of a string without copying it', () => {
    expect(globMatch(globTokens('us-*'), 'arn:aws:sqs:us-east-1:1:q', 12, 21)).toBe(true);
    expect(globMatch(globTokens('us-*'), 'arn:aws:sqs:eu-west-1:1:q', 12, 21)).toBe(false);
  });

  it('folds literal text for case-insensitive matching', () => {
    expect(globTokens('IAM:*AccessKey*', true)).toEqual(['iam:', STAR, 'accesskey', STAR]);
  });

  it('tells literal and prefix patterns apart for fast paths', () => {
    expect(literalOf(globTokens('s3:GetObject'))).toBe('s3:GetObject');
    expect(literalOf(globTokens('s3:Get*'))).toBeUndefined();
    expect(prefixOf(globTokens('s3:Get*'))).toBe('s3:Get');
    expect(prefixOf(globTokens('*'))).toBe('');
    expect(prefixOf(globTokens('s3:*Object'))).toBeUndefined();
    expect(globTokens('a?**b')).toEqual(['a', ONE, STAR, 'b']);
  });
});
