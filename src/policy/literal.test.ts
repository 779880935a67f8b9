import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate } from '../evaluate/index.js';
import { escapeIamLiteral, firstWildcard, unescapeIamLiteral } from './literal.js';
import { parsePolicy } from './parse.js';

const B = 'arn:aws:s3:::example-bucket';

/** Whether a policy granting s3:GetObject on `pattern` allows a request for `resource` (the real evaluator). */
function allows(pattern: string, resource: string): boolean {
  const policy = parsePolicy(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: pattern }] },
    { source: 'test' },
  ).policy;
  const set = { identity: [compilePolicy(policy, 'identity')] };
  return evaluate({ action: 's3:GetObject', resource }, set).decision === 'Allowed';
}

describe('escapeIamLiteral', () => {
  it.each([
    ['reports/2026.csv', 'reports/2026.csv'],
    ['a$b', 'a$b'],
    ['reports/*.csv', 'reports/${*}.csv'],
    ['page?id=1', 'page${?}id=1'],
    ['tmp/${x}/a', 'tmp/${$}{x}/a'],
    ['${*}', '${$}{${*}}'],
    ['${$}', '${$}{$}'],
  ])('writes %s as %s', (text, pattern) => {
    expect(escapeIamLiteral(text)).toBe(pattern);
  });

  it.each(['reports/*.csv', 'page?id=1', 'tmp/${x}/a', '${*}', '${$}', '${?}*?', 'a$', '$', '{*}'])(
    'gives a pattern IAM matches to %s alone, and unescapeIamLiteral gives the text back',
    (text) => {
      const pattern = escapeIamLiteral(text);
      expect(unescapeIamLiteral(pattern)).toBe(text);
      expect(allows(`${B}/${pattern}`, `${B}/${text}`)).toBe(true);
      // Not the other keys the unescaped text would have covered as a pattern.
      for (const other of ['reports/2026.csv', 'pageXid=1', 'tmp/y/a', '$x', 'anything']) {
        if (other !== text) expect(allows(`${B}/${pattern}`, `${B}/${other}`)).toBe(false);
      }
    },
  );
});

describe('wildcards of an escaped pattern', () => {
  it.each([
    ['a/b', -1],
    ['a/*', 2],
    ['a/${*}', -1],
    ['a/${?}?', 6],
    ['a/${$}{*}', 7],
    ['${*}*', 4],
    ['?', 0],
  ])('%s: first wildcard at %i', (pattern, at) => {
    expect(firstWildcard(pattern)).toBe(at);
  });
});
