import { describe, expect, it } from 'vitest';
import type { ActivityRecord, Identity } from '../normalize/activity-record.js';
import { attributeRecord, lambdaFunctionArn, roleArnFromSessionArn } from './attribute-record.js';

function record(identity: Identity, extra: Partial<ActivityRecord> = {}): ActivityRecord {
  return {
    time: '2026-11-01T00:00:00Z',
    timeMs: Date.parse('2026-11-01T00:00:00Z'),
    sourceKind: 'cloudtrail',
    eventSource: 'dynamodb.amazonaws.com',
    operation: 'GetItem',
    region: 'us-east-1',
    recipientAccountId: '111122223333',
    identity,
    outcome: { kind: 'success' },
    evidenceId: 'e1',
    origin: { file: 'test.json', index: 0 },
    ...extra,
  };
}

describe('attributeRecord', () => {
  it('names an assumed-role session by its role ARN with the path, never the session ARN', () => {
    // Given a Lambda session of a role under a path
    const r = record(
      {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/notes-role/notes-create',
        issuerArn: 'arn:aws:iam::111122223333:role/app/notes-role',
        issuerType: 'Role',
        sessionName: 'notes-create',
      },
      {
        userAgent:
          'aws-sdk-js/3.600.0 ua/2.0 os/linux lang/js md/nodejs#20.11.0 exec-env/AWS_Lambda_nodejs20.x',
      },
    );
    // When it is attributed
    const a = attributeRecord(r);
    // Then the principal is the role, the session is kept, and the Lambda environment is noticed
    expect(a).toEqual({
      kind: 'principal',
      principal: 'arn:aws:iam::111122223333:role/app/notes-role',
      principalKind: 'role',
      session: 'notes-create',
      lambdaUserAgent: true,
      forwardAccessBy: undefined,
    });
  });

  it('derives the role from the session ARN when the session issuer is missing', () => {
    const a = attributeRecord(
      record({ type: 'AssumedRole', arn: 'arn:aws-cn:sts::111122223333:assumed-role/r/s' }),
    );
    expect(a).toMatchObject({
      kind: 'principal',
      principal: 'arn:aws-cn:iam::111122223333:role/r',
      session: 's',
    });
    expect(roleArnFromSessionArn('arn:aws:iam::111122223333:user/x')).toBeUndefined();
  });

  it("treats a call a service made with the caller's authority as the caller's (forward access)", () => {
    // Given the kms:Decrypt that S3 made for a GetObject of the role session
    const r = record(
      {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/notes-role/notes-get',
        issuerArn: 'arn:aws:iam::111122223333:role/notes-role',
        issuerType: 'Role',
        invokedBy: 's3.amazonaws.com',
      },
      { eventSource: 'kms.amazonaws.com', operation: 'Decrypt', userAgent: 's3.amazonaws.com' },
    );
    // Then it is the role's permission, marked as forward access
    expect(attributeRecord(r)).toMatchObject({
      kind: 'principal',
      principal: 'arn:aws:iam::111122223333:role/notes-role',
      forwardAccessBy: 's3.amazonaws.com',
    });
  });

  it('counts calls AWS services make with their own identity, without a principal', () => {
    const r = record({ type: 'AWSService', invokedBy: 'lambda.amazonaws.com' }, { operation: 'AssumeRole' });
    expect(attributeRecord(r)).toEqual({ kind: 'service', service: 'lambda.amazonaws.com' });
  });

  it('attributes users, root and federated users to the IAM entity whose policies apply', () => {
    expect(
      attributeRecord(
        record({ type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ops/alice', userName: 'alice' }),
      ),
    ).toMatchObject({ principal: 'arn:aws:iam::111122223333:user/ops/alice', principalKind: 'user' });
    expect(attributeRecord(record({ type: 'Root', accountId: '111122223333' }))).toMatchObject({
      principal: 'arn:aws:iam::111122223333:root',
      principalKind: 'root',
    });
    expect(
      attributeRecord(
        record({
          type: 'FederatedUser',
          arn: 'arn:aws:sts::111122223333:federated-user/bob',
          issuerArn: 'arn:aws:iam::111122223333:user/broker',
          issuerType: 'IAMUser',
        }),
      ),
    ).toMatchObject({ principal: 'arn:aws:iam::111122223333:user/broker', principalKind: 'federated-user' });
  });

  it('says why a record belongs to no principal', () => {
    for (const type of [
      'AWSAccount',
      'WebIdentityUser',
      'SAMLUser',
      'IdentityCenterUser',
      'Unknown',
    ] as const) {
      const a = attributeRecord(record({ type, accountId: '444455556666' }));
      expect(a.kind).toBe('unattributed');
      if (a.kind === 'unattributed') expect(a.reason.length).toBeGreaterThan(10);
    }
  });

  it('builds the Lambda function ARN from the session name', () => {
    expect(lambdaFunctionArn('aws', 'eu-west-1', '111122223333', 'fn')).toBe(
      'arn:aws:lambda:eu-west-1:111122223333:function:fn',
    );
  });

  it('attributes a traced call to its workload, since traces record no IAM identity', () => {
    // Given an X-Ray call made by a function, and one from a segment that names no workload
    const fn = 'arn:aws:lambda:us-east-1:111122223333:function:orders-get';
    const traced = record({ type: 'Unknown' }, { sourceKind: 'xray', workloadHint: fn });
    const orphan = record({ type: 'Unknown' }, { sourceKind: 'otel' });
    // When they are attributed
    // Then the first belongs to the function, the second to no one, with the reason
    expect(attributeRecord(traced)).toEqual({ kind: 'workload', workload: fn });
    expect(attributeRecord(orphan)).toMatchObject({
      kind: 'unattributed',
      reason: expect.stringContaining('names no workload'),
    });
  });
});
