import { describe, expect, it } from 'vitest';
import { expandGrants } from './expand-grants.js';
import { PrincipalPolicies } from './policy-set.js';
import { BUCKET, grantedRole, policy, TABLE, tinyData } from './test-helpers.js';

const data = tinyData();

function rows(...docs: ReturnType<typeof policy>[]) {
  return expandGrants(new PrincipalPolicies(grantedRole(docs)), data);
}

describe('expandGrants', () => {
  it('expands a service wildcard on a table to the actions that apply to a table', () => {
    // Given dynamodb:* on one table
    const r = rows(policy({ Effect: 'Allow', Action: 'dynamodb:*', Resource: TABLE }));
    // Then the table's actions are granted, not the stream's nor ListTables (which takes only *)
    expect(r.rows.map((x) => x.action)).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:DescribeTable',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    expect(r.allServices).toBe(false);
  });

  it('expands NotAction over every service, minus what it names', () => {
    // Given everything but iam on *
    const r = rows(policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }));
    // Then no iam action, every other one
    expect(r.rows.some((x) => x.service === 'iam')).toBe(false);
    expect(r.rows.some((x) => x.action === 'ec2:RunInstances')).toBe(true);
    expect(r.allServices).toBe(true);
  });

  it('keeps bucket actions off object patterns and object actions off the bucket', () => {
    // Given s3:* on the bucket and its objects
    const r = rows(policy({ Effect: 'Allow', Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`] }));
    const on = (resource: string) => r.rows.filter((x) => x.resource === resource).map((x) => x.action);
    // Then each pattern gets its own kind of actions
    expect(on(BUCKET)).toEqual(['s3:ListBucket', 's3:PutBucketPolicy']);
    expect(on(`${BUCKET}/*`)).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
  });

  it('drops grants an unconditional Deny refuses, and counts them', () => {
    // Given s3 actions allowed and DeleteObject denied everywhere
    const r = rows(
      policy(
        { Effect: 'Allow', Action: 's3:*Object', Resource: `${BUCKET}/*` },
        { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
      ),
    );
    // Then DeleteObject is not granted in effect
    expect(r.rows.map((x) => x.action)).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(r.ineffective).toBe(1);
  });

  it('marks grants that hold only under conditions', () => {
    // Given PassRole allowed only to Lambda
    const r = rows(
      policy({
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: '*',
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      }),
    );
    // Then it is conditional on that key
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      action: 'iam:PassRole',
      status: 'conditional',
      dependsOn: ['iam:PassedToService'],
    });
  });

  it('keeps what the permissions boundary allows in part, drops what it refuses', () => {
    // Given s3:* on everything, bounded to one bucket's objects
    const principal = grantedRole(
      [policy({ Effect: 'Allow', Action: ['s3:GetObject', 'sqs:SendMessage'], Resource: '*' })],
      {
        boundary: {
          name: 'boundary',
          kind: 'managed',
          source: 'auth.json b',
          document: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` }),
        },
      },
    );
    const r = expandGrants(new PrincipalPolicies(principal), data);
    // Then GetObject stays (limited), SendMessage is gone
    expect(r.rows.map((x) => [x.action, x.limitedByBoundary ?? false])).toEqual([['s3:GetObject', true]]);
  });
});
