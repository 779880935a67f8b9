import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../policy/types.js';
import { PrincipalPolicies } from './policy-set.js';
import { type ObservedPermission, pairContained, proveReplacement } from './prove-replacement.js';
import { BUCKET, grantedRole, policy, TABLE } from './test-helpers.js';

function obs(action: string, resource: string): ObservedPermission {
  return { action, resource, count: 1, firstSeen: '2026-11-02T10:00:00Z', lastSeen: '2026-11-02T10:00:00Z' };
}

function granted(...docs: PolicyDocument[]) {
  return new PrincipalPolicies(grantedRole(docs));
}

describe('pairContained', () => {
  it('proves a concrete ARN by evaluating it as a request', () => {
    const p = granted(
      policy({ Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:us-east-1:*:*' }),
    );
    expect(pairContained(p, 'dynamodb:GetItem', TABLE, undefined).ok).toBe(true);
    expect(pairContained(p, 's3:GetObject', `${BUCKET}/a`, undefined)).toEqual({
      ok: false,
      reason: 'not granted',
    });
  });

  it('proves a pattern only when one allowing statement covers all of it', () => {
    // Given GetObject granted on one prefix
    const p = granted(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/uploads/*` }));
    // Then the same prefix, or a narrower one, is contained; the whole bucket is not
    expect(pairContained(p, 's3:GetObject', `${BUCKET}/uploads/2026/*`, undefined).ok).toBe(true);
    expect(pairContained(p, 's3:GetObject', `${BUCKET}/*`, undefined).ok).toBe(false);
  });

  it('does not prove a pattern a Deny statement touches', () => {
    // Given the bucket allowed but one prefix denied
    const p = granted(
      policy(
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: `${BUCKET}/secret/*` },
      ),
    );
    const v = pairContained(p, 's3:GetObject', `${BUCKET}/*`, undefined);
    expect(v.ok).toBe(false);
    expect(v.ok ? '' : v.reason).toContain('denies part of it');
    expect(pairContained(p, 's3:GetObject', `${BUCKET}/public/*`, undefined).ok).toBe(true);
  });

  it('takes a statement condition as the facts of the request', () => {
    const p = granted(
      policy({
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: '*',
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      }),
    );
    const role = 'arn:aws:iam::111122223333:role/fn';
    expect(pairContained(p, 'iam:PassRole', role, { 'iam:PassedToService': 'lambda.amazonaws.com' }).ok).toBe(
      true,
    );
    expect(pairContained(p, 'iam:PassRole', role, undefined).ok).toBe(false);
  });
});

describe('proveReplacement', () => {
  it('keeps a contained policy as it is and replays the observations', () => {
    const p = granted(policy({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }));
    const candidate = policy({
      Sid: 'Table',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: TABLE,
    });
    const r = proveReplacement(candidate, p, [
      obs('dynamodb:GetItem', TABLE),
      obs('dynamodb:PutItem', TABLE),
    ]);
    expect(r.policy).toEqual(candidate);
    expect(r.proof).toMatchObject({
      contained: true,
      allowsObserved: true,
      checkedPairs: 2,
      observedChecked: 2,
      failures: [],
    });
  });

  it('narrows a generalised resource the grants do not contain to the observed resources, never widening', () => {
    // Given grants on two exact keys, and a candidate generalised to the whole folder
    const a = `${BUCKET}/uploads/a.png`;
    const b = `${BUCKET}/uploads/b.png`;
    const p = granted(policy({ Effect: 'Allow', Action: 's3:PutObject', Resource: [a, b] }));
    const candidate = policy({
      Sid: 'Uploads',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: `${BUCKET}/uploads/*`,
    });
    // When it is proven
    const r = proveReplacement(candidate, p, [obs('s3:PutObject', a), obs('s3:PutObject', b)]);
    // Then the statement names the two keys, and the proof says so
    expect(r.policy?.Statement).toEqual([
      { Sid: 'Uploads', Effect: 'Allow', Action: 's3:PutObject', Resource: [a, b] },
    ]);
    expect(r.proof.narrowed).toEqual([{ action: 's3:PutObject', from: `${BUCKET}/uploads/*`, to: [a, b] }]);
    expect(r.proof).toMatchObject({ contained: true, allowsObserved: true, failures: [] });
  });

  it('leaves out observed permissions the grants do not allow, and says why', () => {
    // Given a role granted only DynamoDB, that also wrote logs
    const p = granted(policy({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE }));
    const stream = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app:log-stream:2026/11/02/x';
    const candidate = policy(
      { Sid: 'Table', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE },
      {
        Sid: 'Logs',
        Effect: 'Allow',
        Action: 'logs:CreateLogStream',
        Resource: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app:log-stream:*',
      },
    );
    const r = proveReplacement(candidate, p, [
      obs('dynamodb:GetItem', TABLE),
      obs('logs:CreateLogStream', stream),
    ]);
    // Then the replacement keeps only what was granted: it is contained, but does not allow every observation
    expect(r.policy?.Statement.map((s) => s.Sid)).toEqual(['Table']);
    expect(r.proof.contained).toBe(true);
    expect(r.proof.allowsObserved).toBe(false);
    expect(r.proof.excluded).toEqual([
      {
        action: 'logs:CreateLogStream',
        resource: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app:log-stream:*',
        reason: 'not granted',
        observed: 1,
      },
    ]);
  });

  it('returns no policy when nothing observed is granted', () => {
    const p = granted(policy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }));
    const r = proveReplacement(policy({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE }), p, [
      obs('dynamodb:GetItem', TABLE),
    ]);
    expect(r.policy).toBeNull();
    expect(r.proof.excluded).toHaveLength(1);
  });
});
