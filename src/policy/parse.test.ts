import { describe, expect, it } from 'vitest';
import { formatPolicyDiagnostic } from './diagnostics.js';
import { parsePolicy, parsePolicyText } from './parse.js';

const ACCOUNT = '111122223333';

describe('parsePolicy', () => {
  it('normalises one-or-many elements to lists, each value with its JSON path', () => {
    // Given a statement written with single values and lists
    const { policy, diagnostics } = parsePolicy({
      Version: '2012-10-17',
      Id: 'bucket-policy',
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::example-bucket/*'] },
        { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], NotResource: 'arn:aws:s3:::example-bucket' },
      ],
    });
    // When parsed, Then each node knows where it came from
    expect(diagnostics).toEqual([]);
    expect(policy.version).toEqual({ value: '2012-10-17', path: 'Version' });
    expect(policy.id).toEqual({ value: 'bucket-policy', path: 'Id' });
    expect(policy.statementShape).toBe('array');
    const [read, deny] = policy.statements;
    expect(read?.path).toBe('Statement[0]');
    expect(read?.sid).toEqual({ value: 'Read', path: 'Statement[0].Sid' });
    expect(read?.effect).toEqual({ value: 'Allow', path: 'Statement[0].Effect' });
    expect(read?.action).toEqual({
      element: 'Action',
      path: 'Statement[0].Action',
      values: [{ value: 's3:GetObject', path: 'Statement[0].Action' }],
    });
    expect(read?.resource?.values).toEqual([
      { value: 'arn:aws:s3:::example-bucket/*', path: 'Statement[0].Resource[0]' },
    ]);
    expect(deny?.action?.element).toBe('NotAction');
    expect(deny?.action?.values.map((v) => v.path)).toEqual([
      'Statement[1].NotAction[0]',
      'Statement[1].NotAction[1]',
    ]);
    expect(deny?.resource?.element).toBe('NotResource');
  });

  it('reads a single Statement object as one statement at path "Statement"', () => {
    const { policy } = parsePolicy({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: '*', Resource: '*' },
    });
    expect(policy.statementShape).toBe('object');
    expect(policy.statements.map((s) => [s.index, s.path])).toEqual([[0, 'Statement']]);
  });

  it('reads principals: "*" as any, maps by type with their values', () => {
    const { policy } = parsePolicy({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
        {
          Effect: 'Deny',
          NotPrincipal: {
            AWS: [`arn:aws:iam::${ACCOUNT}:user/bob`, ACCOUNT],
            Service: 'lambda.amazonaws.com',
          },
          Action: 's3:*',
          Resource: '*',
        },
      ],
    });
    expect(policy.statements[0]?.principal).toEqual({
      element: 'Principal',
      path: 'Statement[0].Principal',
      principal: { kind: 'any' },
    });
    const not = policy.statements[1]?.principal;
    expect(not?.element).toBe('NotPrincipal');
    expect(not?.principal).toEqual({
      kind: 'map',
      entries: [
        {
          type: 'AWS',
          path: 'Statement[1].NotPrincipal.AWS',
          values: [
            { value: `arn:aws:iam::${ACCOUNT}:user/bob`, path: 'Statement[1].NotPrincipal.AWS[0]' },
            { value: ACCOUNT, path: 'Statement[1].NotPrincipal.AWS[1]' },
          ],
        },
        {
          type: 'Service',
          path: 'Statement[1].NotPrincipal.Service',
          values: [{ value: 'lambda.amazonaws.com', path: 'Statement[1].NotPrincipal.Service' }],
        },
      ],
    });
  });

  it('reads conditions as operator/key/values, numbers and booleans as their JSON text', () => {
    const { policy, diagnostics } = parsePolicy({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: '*',
        Condition: {
          NumericLessThanEquals: { 's3:max-keys': 10 },
          Bool: { 'aws:SecureTransport': true },
          'ForAnyValue:StringLike': { 's3:prefix': ['home/', 'shared/*'] },
        },
      },
    });
    expect(diagnostics).toEqual([]);
    expect(policy.statements[0]?.conditions).toEqual([
      {
        operator: 'NumericLessThanEquals',
        operatorPath: 'Statement.Condition.NumericLessThanEquals',
        key: 's3:max-keys',
        path: 'Statement.Condition.NumericLessThanEquals.s3:max-keys',
        values: [{ value: '10', path: 'Statement.Condition.NumericLessThanEquals.s3:max-keys' }],
      },
      {
        operator: 'Bool',
        operatorPath: 'Statement.Condition.Bool',
        key: 'aws:SecureTransport',
        path: 'Statement.Condition.Bool.aws:SecureTransport',
        values: [{ value: 'true', path: 'Statement.Condition.Bool.aws:SecureTransport' }],
      },
      {
        operator: 'ForAnyValue:StringLike',
        operatorPath: 'Statement.Condition.ForAnyValue:StringLike',
        key: 's3:prefix',
        path: 'Statement.Condition.ForAnyValue:StringLike.s3:prefix',
        values: [
          { value: 'home/', path: 'Statement.Condition.ForAnyValue:StringLike.s3:prefix[0]' },
          { value: 'shared/*', path: 'Statement.Condition.ForAnyValue:StringLike.s3:prefix[1]' },
        ],
      },
    ]);
  });

  it('keeps what it can read from a broken statement', () => {
    // Given a statement with a bad Effect and one bad action among good ones
    const { policy, diagnostics } = parsePolicy({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Permit', Action: ['s3:GetObject', 42, 's3:PutObject'], Resource: '*' }],
    });
    // Then the readable parts are kept and the rest is reported
    expect(diagnostics.map((d) => d.code)).toEqual(['invalid-effect', 'invalid-type']);
    expect(policy.statements[0]?.effect).toBeUndefined();
    expect(policy.statements[0]?.action?.values.map((v) => v.value)).toEqual([
      's3:GetObject',
      's3:PutObject',
    ]);
  });

  it('never throws, whatever it is given', () => {
    // Given values of every JSON type in every position
    const junk: unknown[] = [
      null,
      undefined,
      0,
      'x',
      [],
      {},
      [[]],
      { Statement: null },
      { Statement: [null, 1, []] },
    ];
    const statementJunk = [null, 1, 'x', [], {}, { a: 1 }, [null], [{}], true];
    for (const j of statementJunk) {
      for (const key of ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'Principal', 'Condition']) {
        junk.push({ Version: '2012-10-17', Statement: [{ [key]: j }] });
      }
      junk.push({ Version: '2012-10-17', Statement: [{ Principal: { AWS: j } }] });
      junk.push({ Version: '2012-10-17', Statement: [{ Condition: { StringEquals: { k: j } } }] });
    }
    // When parsed, Then a result comes back with at least one diagnostic for each bad input
    for (const j of junk) {
      const result = parsePolicy(j);
      expect(result.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('labels diagnostics with the source', () => {
    const { diagnostics } = parsePolicy({ Statement: [] }, { source: 'role.json' });
    expect(diagnostics.every((d) => d.source === 'role.json')).toBe(true);
  });
});

describe('parsePolicyText', () => {
  it('gives the same model as parsePolicy for valid JSON', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': true } },
        },
      ],
    });
    expect(parsePolicyText(text, 'p.json')).toEqual(parsePolicy(JSON.parse(text), { source: 'p.json' }));
  });

  it('formats a diagnostic as file:line:column at path', () => {
    // Given a policy file with a wrong Effect on line 3
    const { diagnostics } = parsePolicyText(
      '{"Version": "2012-10-17",\n"Statement": [\n {"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}',
      'policy.json',
    );
    // When the diagnostic is formatted, Then a person can open the place
    expect(diagnostics.map(formatPolicyDiagnostic)).toEqual([
      'policy.json:3:13 at Statement[0].Effect: error: Effect "allow" is not "Allow" or "Deny" (Effect is case-sensitive: "Allow") [invalid-effect]',
    ]);
  });
});
