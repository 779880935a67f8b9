// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${key}, like template placeholders
import { describe, expect, it } from 'vitest';
import { ContextReader, type RequestContext } from './context.js';
import { STAR } from './glob.js';
import { compileArn, compileText, MatchTarget, parsePattern, patternMatches } from './pattern.js';

const SYNTAX = { wildcards: true, variables: true };

function arnMatches(pattern: string, value: string, context: RequestContext = {}): boolean {
  const p = compileArn(parsePattern(pattern, SYNTAX).parts);
  return patternMatches(p, new MatchTarget(value), new ContextReader(context));
}

describe('policy variables in patterns', () => {
  it("reads ${key}, ${key, 'default'} and the ${*} ${?} ${$} escapes", () => {
    // Given strings with each variable form, When parsed, Then variables and literals are told apart
    expect(parsePattern('home/${aws:username}/*', SYNTAX).parts).toEqual([
      'home/',
      { variable: { key: 'aws:username', lower: 'aws:username' } },
      '/',
      STAR,
    ]);
    expect(parsePattern("${ aws:PrincipalTag/team , 'it''s shared' }", SYNTAX).parts).toEqual([
      { variable: { key: 'aws:PrincipalTag/team', lower: 'aws:principaltag/team', fallback: "it's shared" } },
    ]);
    expect(parsePattern('a${*}b${?}c${$}', SYNTAX).parts).toEqual(['a*b?c$']);
    expect(parsePattern("${k, 'a}b'}", SYNTAX).parts).toEqual([
      { variable: { key: 'k', lower: 'k', fallback: 'a}b' } },
    ]);
  });

  it('keeps $ that does not start a variable, and everything when variables are off', () => {
    expect(parsePattern('price$5', SYNTAX).parts).toEqual(['price$5']);
    expect(parsePattern('${aws:username}*', { wildcards: true, variables: false }).parts).toEqual([
      '${aws:username}',
      STAR,
    ]);
    expect(parsePattern('a*b', { wildcards: false, variables: true }).parts).toEqual(['a*b']);
  });

  it.each([
    ['home/${aws:username', 'has no closing "}"'],
    ['${aws:username, default}', 'must be in single quotes'],
    ["${aws:username, 'default}", 'unterminated default value'],
    ['${}', 'does not name a condition key'],
    ['${aws user}', 'does not name a condition key'],
    ["${*, 'x'}", 'cannot have a default value'],
  ])('reports the malformed variable %j and keeps the text literally', (text, message) => {
    const parsed = parsePattern(text, SYNTAX);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toContain(message);
    expect(parsed.parts.every((p) => typeof p !== 'object')).toBe(true);
  });

  it('substitutes once: a value that looks like a variable stays text', () => {
    expect(
      arnMatches('arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/${aws:userid}', {
        'aws:username': '${aws:userid}',
        'aws:userid': 'x',
      }),
    ).toBe(true);
  });
});

describe('ARN patterns', () => {
  it('compile to exact strings and prefixes when they can', () => {
    // Given common resource patterns, When compiled, Then the cheap matcher is chosen
    const c = (s: string) => compileArn(parsePattern(s, SYNTAX).parts).kind;
    expect(c('arn:aws:s3:::example-bucket')).toBe('exact');
    expect(c('arn:aws:s3:::example-bucket/*')).toBe('prefix');
    expect(c('*')).toBe('prefix');
    expect(c('arn:aws:dynamodb:*:111122223333:table/orders')).toBe('arn');
    expect(c('arn:aws:s3:::example-bucket/*/test/*')).toBe('arn');
    expect(c('arn:aws:s3:::home/${aws:username}/*')).toBe('dynamic');
  });

  it.each([
    ['arn:aws:sqs:*:111122223333:queue', 'arn:aws:sqs:us-east-1:111122223333:queue', true],
    ['arn:aws:sqs:*:111122223333:queue', 'arn:aws:sqs:us-east-1:999999999999:queue', false],
    ['arn:aws:sqs:us-*-1:*:queue', 'arn:aws:sqs:us-east-1:111122223333:queue', true],
    ['arn:aws:sqs:*:queue', 'arn:aws:sqs:us-east-1:111122223333:queue', false],
    ['arn:aws:*', 'arn:aws:sqs:us-east-1:111122223333:queue', false],
    ['arn:*:s3:::b', 'arn:aws-cn:s3:::b', true],
    [
      'arn:aws:logs:*:*:log-group:/app:*',
      'arn:aws:logs:us-east-1:111122223333:log-group:/app:log-stream:s1',
      true,
    ],
    [
      'arn:aws:logs:*:*:log-group:/app',
      'arn:aws:logs:us-east-1:111122223333:log-group:/app:log-stream:s1',
      false,
    ],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x:y', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false],
    ['*', '*', true],
    ['*', 'not-an-arn', true],
    ['arn:aws:s3:::*', '*', false],
    ['bucket/*', 'bucket/key', true],
    ['bucket/*', 'bucket/a:b', false],
  ])('%j matches %j: %s', (pattern, value, expected) => {
    // Given an ARN pattern and a resource, When matched, Then wildcards stay within their part
    expect(arnMatches(pattern, value)).toBe(expected);
  });

  it('resolves variables in any part, and a variable holding a colon cannot cross parts', () => {
    const ctx = { 'aws:PrincipalAccount': '111122223333' };
    expect(
      arnMatches('arn:aws:iam::${aws:PrincipalAccount}:role/*', 'arn:aws:iam::111122223333:role/app', ctx),
    ).toBe(true);
    expect(
      arnMatches('arn:aws:iam::${aws:PrincipalAccount}:role/*', 'arn:aws:iam::1:2:role/app', {
        'aws:PrincipalAccount': '1:2',
      }),
    ).toBe(false);
  });
});

describe('text patterns', () => {
  it('fold for case-insensitive comparison, including substituted values', () => {
    const p = compileText(parsePattern('${aws:username}', { wildcards: false, variables: true }).parts, true);
    const ctx = new ContextReader({ 'aws:username': 'Alice' });
    expect(patternMatches(p, new MatchTarget('alice'), ctx)).toBe(true);
  });

  it('record a key the context does not give when a variable reads it', () => {
    const p = compileText(parsePattern('${aws:username}', { wildcards: false, variables: true }).parts);
    const ctx = new ContextReader({});
    expect(patternMatches(p, new MatchTarget('alice'), ctx)).toBe(false);
    expect(ctx.missing).toEqual(['aws:username']);
  });
});
