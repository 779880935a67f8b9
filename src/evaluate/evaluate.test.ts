import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/parse.js';
import { compilePolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import type { PolicyType } from './types.js';

function compiled(doc: unknown, type: PolicyType = 'identity', name = 'policy.json') {
  return compilePolicy(parsePolicy(doc).policy, type, { name });
}

describe('evaluate', () => {
  it('names the deciding statement by policy, kind, index, Sid and path', () => {
    // Given a policy with a Sid on its Deny
    const policy = compiled({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' },
      ],
    });
    // When a delete is evaluated, Then the result points at that statement
    expect(
      evaluate({ action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k' }, { identity: [policy] }),
    ).toEqual({
      decision: 'ExplicitDeny',
      matched: [
        {
          policy: 'policy.json',
          policyType: 'identity',
          statementIndex: 1,
          sid: 'NoDeletes',
          effect: 'Deny',
          path: 'Statement[1]',
        },
      ],
      dependsOn: [],
    });
  });

  it('lists each missing key once, in the policy spelling, sorted', () => {
    // Given Deny statements that read the same keys in different spellings
    const policy = compiled({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'AWS:SECURETRANSPORT': 'false' } },
        },
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:RequestedRegion': 'ap-east-1' } },
        },
      ],
    });
    // When the context gives neither key
    const result = evaluate({ action: 'sqs:SendMessage', resource: '*' }, { identity: [policy] });
    // Then the answer is provisional and says on which keys
    expect(result.decision).toBe('Allowed');
    expect(result.dependsOn).toEqual(['aws:RequestedRegion', 'aws:SecureTransport']);
  });

  it('accepts context values as strings, numbers, booleans, dates and lists', () => {
    const policy = compiled({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: {
          NumericLessThan: { 's3:max-keys': '100' },
          Bool: { 'aws:SecureTransport': 'true' },
          DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] },
        },
      },
    });
    const context = {
      's3:max-keys': 50,
      'aws:SecureTransport': true,
      'aws:CurrentTime': new Date('2025-05-01T00:00:00Z'),
      'aws:TagKeys': ['env'],
    };
    expect(
      evaluate({ action: 's3:ListBucket', resource: '*', context }, { identity: [policy] }).decision,
    ).toBe('Allowed');
  });

  it('keeps working after thousands of distinct actions (bounded per-action memory)', () => {
    const policy = compiled({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'svc:Get*', Resource: '*' }],
    });
    for (let i = 0; i < 12_000; i++)
      evaluate({ action: `svc:Get${i}`, resource: '*' }, { identity: [policy] });
    expect(evaluate({ action: 'svc:GetThing', resource: '*' }, { identity: [policy] }).decision).toBe(
      'Allowed',
    );
    expect(evaluate({ action: 'svc:PutThing', resource: '*' }, { identity: [policy] }).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('allows every request a generated-size policy covers, across many services, exact ARNs and prefixes', () => {
    // Given a policy shaped like a generated one: many services, exact ARNs and prefixes
    const statements = [];
    for (let s = 0; s < 40; s++) {
      statements.push({
        Effect: 'Allow',
        Action: [`svc${s}:GetItem`, `svc${s}:PutItem`, `svc${s}:Query`],
        Resource: [
          `arn:aws:svc${s}:us-east-1:111122223333:table/t${s}`,
          `arn:aws:svc${s}:us-east-1:111122223333:table/t${s}/index/*`,
        ],
      });
    }
    const policy = compiled({ Version: '2012-10-17', Statement: statements });
    const set = { identity: [policy] };
    // When requests for each service's own table and indexes are evaluated (speed is measured by npm run bench)
    let allowed = 0;
    let crossed = 0;
    for (let i = 0; i < 4_000; i++) {
      const s = i % 40;
      const resource =
        i % 2 === 0
          ? `arn:aws:svc${s}:us-east-1:111122223333:table/t${s}`
          : `arn:aws:svc${s}:us-east-1:111122223333:table/t${s}/index/i${i}`;
      if (evaluate({ action: `svc${s}:Query`, resource }, set).decision === 'Allowed') allowed++;
      // and another service's table is never allowed
      const other = `arn:aws:svc${(s + 1) % 40}:us-east-1:111122223333:table/t${(s + 1) % 40}`;
      if (evaluate({ action: `svc${s}:Query`, resource: other }, set).decision === 'Allowed') crossed++;
    }
    // Then every covered request is allowed and none crosses to another statement's resources
    expect(allowed).toBe(4_000);
    expect(crossed).toBe(0);
  });
});
