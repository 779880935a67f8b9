// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${key}, like template placeholders
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/parse.js';
import { compilePolicy } from './compile.js';
import type { PolicyType } from './types.js';

function compile(doc: unknown, type: PolicyType = 'identity') {
  return compilePolicy(parsePolicy(doc, { source: 'p.json' }).policy, type);
}

function codes(doc: unknown, type: PolicyType = 'identity'): string[] {
  return compile(doc, type).diagnostics.map((d) => `${d.severity} ${d.code} at ${d.path}`);
}

const allow = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: '*',
  ...extra,
});
const policy = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

describe('compilePolicy: checks that depend on the policy type', () => {
  it('rejects Principal in identity, boundary, session policies and SCPs, and ignores it there', () => {
    for (const type of ['identity', 'permissions-boundary', 'session', 'scp'] as const) {
      expect(codes(policy(allow({ Principal: '*' })), type)).toEqual([
        'error principal-not-allowed at Statement[0].#Principal',
      ]);
    }
    expect(compile(policy(allow({ Principal: '*' }))).statements).toHaveLength(1);
  });

  it('requires a Principal in resource policies and leaves such statements out', () => {
    const compiled = compile(policy(allow()), 'resource');
    expect(compiled.diagnostics.map((d) => d.code)).toEqual(['missing-principal', 'statement-skipped']);
    expect(compiled.statements).toHaveLength(0);
  });

  it('accepts a resource policy statement without Resource (a role trust policy) with a warning', () => {
    const trust = policy({
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    expect(codes(trust, 'resource')).toEqual(['warning missing-resource at Statement[0]']);
  });

  it('rejects a statement without Resource in other policy types', () => {
    const compiled = compile(policy({ Effect: 'Allow', Action: 's3:*' }));
    expect(compiled.diagnostics.map((d) => d.code)).toEqual(['missing-resource', 'statement-skipped']);
    expect(compiled.hasErrors).toBe(true);
  });

  it('leaves out Allow statements of an RCP with a warning: RCPFullAWSAccess is always attached', () => {
    // Given an RCP with an Allow and a Deny
    const rcp = compile(
      policy(allow({ Principal: '*' }), { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }),
      'rcp',
    );
    // When compiled, Then only the Deny is kept and the Allow is named as not evaluated
    expect(rcp.statements.map((s) => s.effect)).toEqual(['Deny']);
    expect(rcp.diagnostics.map((d) => `${d.severity} ${d.code} at ${d.path}`)).toEqual([
      'warning statement-skipped at Statement[0].Effect',
    ]);
  });

  it('warns about an Id in an identity policy only', () => {
    const doc = { ...policy(allow()), Id: 'x' };
    expect(codes(doc)).toEqual(['warning id-not-allowed at #Id']);
    expect(codes(doc, 'resource')).toEqual([
      'error missing-principal at Statement[0]',
      'error statement-skipped at Statement[0]',
    ]);
  });

  it('leaves out statements the parser could not read, saying why', () => {
    const compiled = compile(policy({ Action: 's3:*', Resource: '*' }, allow()));
    expect(compiled.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      'statement-skipped: not evaluated: it has no valid Effect',
    ]);
    expect(compiled.statements.map((s) => s.index)).toEqual([1]);
  });
});

describe('compilePolicy: conditions', () => {
  const withCondition = (condition: unknown) => policy(allow({ Condition: condition }));

  it('reports an unknown operator at its key, suggests the closest, and leaves the statement out', () => {
    const compiled = compile(withCondition({ StringEqual: { 'aws:username': 'a' } }));
    expect(compiled.diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
      [
        'unknown-condition-operator',
        'Statement[0].Condition.#StringEqual',
        '"StringEqual" is not a condition operator; did you mean "StringEquals"?',
      ],
      [
        'statement-skipped',
        'Statement[0]',
        'not evaluated: a condition cannot be evaluated (see the diagnostics above)',
      ],
    ]);
    expect(compiled.statements).toHaveLength(0);
  });

  it('rejects an unknown set qualifier', () => {
    expect(codes(withCondition({ 'ForSomeValues:StringEquals': { k: 'a' } }))[0]).toBe(
      'error unknown-condition-operator at Statement[0].Condition.#ForSomeValues:StringEquals',
    );
  });

  it('rejects Null with IfExists or a set qualifier', () => {
    expect(codes(withCondition({ NullIfExists: { k: 'true' } }))[0]).toBe(
      'error invalid-condition-qualifier at Statement[0].Condition.#NullIfExists',
    );
    expect(codes(withCondition({ 'ForAllValues:Null': { k: 'true' } }))[0]).toBe(
      'error invalid-condition-qualifier at Statement[0].Condition.#ForAllValues:Null',
    );
  });

  it('accepts odd casing of operator names with a warning', () => {
    expect(codes(withCondition({ stringequalsifexists: { k: 'a' } }))).toEqual([
      'warning condition-operator-case at Statement[0].Condition.stringequalsifexists',
    ]);
  });

  it.each([
    ['NumericLessThan', '10', 'ten'],
    ['DateGreaterThan', '2020-01-01', 'yesterday'],
    ['DateGreaterThan', '2020-01-01', '2020-13-45'],
    ['Bool', 'true', 'yes'],
    ['BinaryEquals', 'QUJD', 'not base64!'],
    ['IpAddress', '10.0.0.0/8', '300.0.0.1'],
    ['IpAddress', '10.0.0.0/8', '10.0.0.0/33'],
    ['NotIpAddress', '2001:db8::/32', '2001:db8::1::2'],
    ['Null', 'true', 'maybe'],
  ])(
    'reports a malformed %s value (%j is fine, %j is not) at the value and leaves the statement out',
    (operator, good, bad) => {
      // Given a condition whose second value is malformed
      const compiled = compile(withCondition({ [operator]: { 'aws:Key': [good, bad] } }));
      // Then that value is named and the statement is not evaluated (never silently non-matching)
      expect(compiled.diagnostics.map((d) => `${d.code} at ${d.path}`)).toEqual([
        `invalid-condition-value at Statement[0].Condition.${operator}.aws:Key[1]`,
        'statement-skipped at Statement[0]',
      ]);
      expect(compiled.statements).toHaveLength(0);
    },
  );

  it('reports a condition without values', () => {
    expect(codes(withCondition({ StringEquals: { k: [] } }))[0]).toBe(
      'error invalid-condition-value at Statement[0].Condition.StringEquals.k',
    );
  });

  it('warns about a malformed variable and compares the text literally', () => {
    expect(codes(withCondition({ StringEquals: { k: '${aws:username' } }))).toEqual([
      'warning invalid-variable at Statement[0].Condition.StringEquals.k',
    ]);
  });

  it('does not substitute variables in numeric, date, IP or binary values', () => {
    expect(codes(withCondition({ NumericEquals: { k: '${aws:x}' } }))[0]).toBe(
      'error invalid-condition-value at Statement[0].Condition.NumericEquals.k',
    );
  });
});

describe('compilePolicy: statement index', () => {
  // Given a policy with statements for several services, some of which may match any service
  const compiled = compile(
    policy(
      { Effect: 'Allow', Action: ['s3:GetObject', 'S3:PutObject'], Resource: '*' },
      { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
      { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' },
      { Effect: 'Allow', Action: 'sqs:Send*', Resource: '*' },
      { Effect: 'Allow', Action: '*:Get*', Resource: '*' },
      { Effect: 'Allow', Action: ['s3:List*', 'dynamodb:GetItem'], Resource: '*' },
    ),
  );
  const indexes = (action: string) => compiled.statementsFor(action).map((s) => s.index);

  it('gives an action only the statements that cover it, in policy order', () => {
    expect(indexes('s3:putobject')).toEqual([0, 2]);
    expect(indexes('dynamodb:getitem')).toEqual([1, 2, 4, 5]);
    expect(indexes('s3:listbucket')).toEqual([2, 5]);
    expect(indexes('iam:getuser')).toEqual([4]);
    expect(indexes('sqs:sendmessage')).toEqual([2, 3]);
    expect(indexes('kms:decrypt')).toEqual([2]);
  });

  it('returns the same answer from its per-action memory', () => {
    expect(compiled.statementsFor('s3:getobject')).toBe(compiled.statementsFor('s3:getobject'));
  });

  it('names the policy after the option, the source, the Id, or the type', () => {
    const parsed = parsePolicy({ ...policy(allow()), Id: 'pol-1' }).policy;
    expect(compilePolicy(parsed, 'resource', { name: 'bucket' }).name).toBe('bucket');
    expect(compilePolicy(parsed, 'resource').name).toBe('pol-1');
    expect(compile(policy(allow())).name).toBe('p.json');
    expect(compilePolicy(parsePolicy(policy(allow())).policy, 'scp').name).toBe('scp');
  });
});
