import { describe, expect, it } from 'vitest';
import type { ConditionBlock } from '../mapping/types.js';
import { UsageError } from '../normalize/diagnostic.js';
import { asArray } from '../policy/types.js';
import { synthesizePolicy } from './synthesize-policy.js';
import { resourceMatches, shuffledUsage, tinyData, usageOf, used } from './test-helpers.js';

const B = 'arn:aws:s3:::example-bucket';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const FN_ROLE = 'arn:aws:iam::111122223333:role/thumbnailer';
const toLambda: ConditionBlock = { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } };

/** A thumbnail service: reads uploads, writes thumbnails, decrypts with KMS, deploys its function. */
function thumbnailer() {
  return usageOf(
    used('s3:GetObject', `${B}/uploads/2024/a.png`, {
      count: 3,
      samples: ['ev-03', 'ev-01'],
      firstSeen: '2024-05-01T09:00:00Z',
    }),
    used('s3:GetObject', `${B}/uploads/2024/b.png`, { samples: ['ev-02'], lastSeen: '2024-05-03T12:00:00Z' }),
    used('s3:GetObject', `${B}/uploads/2025/c.png`, { samples: ['ev-09', 'ev-00'] }),
    used('s3:PutObject', `${B}/thumbs/a.png`),
    used('kms:Decrypt', KEY, {
      reasons: ['forward-access'],
      operations: ['s3.amazonaws.com:GetObject'],
      notes: ['KMS key used by S3 on the caller\u2019s behalf'],
    }),
    used('iam:PassRole', FN_ROLE, {
      reasons: ['pass-role'],
      condition: toLambda,
      operations: ['lambda.amazonaws.com:UpdateFunctionConfiguration'],
    }),
    used('iam:PassRole', 'arn:aws:iam::111122223333:role/unconditioned'),
    used('sts:GetCallerIdentity', '*'),
    used('xray:PutTraceSegments', '*', { sources: ['xray'] }),
    used('ec2:TerminateInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0'),
    used('ec2:TerminateInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/i-0fedcba9876543210'),
  );
}

/** A condition in policy form or block form, as comparable text. */
function conditionText(condition: Record<string, Record<string, unknown>> | undefined): string {
  const out: string[] = [];
  for (const [op, keys] of Object.entries(condition ?? {})) {
    for (const [key, values] of Object.entries(keys))
      out.push(
        `${op} ${key} ${asArray(values as string[])
          .sort()
          .join(',')}`,
      );
  }
  return out.sort().join(';');
}

describe('synthesizePolicy', () => {
  it('writes the least-privilege policy, sorted by service then Sid', () => {
    // Given a workload's usage, When synthesised
    const result = synthesizePolicy(thumbnailer(), { serviceData: tinyData });
    // Then one document grants exactly what was used, generalised where per request
    expect(result.policies).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Ec2Instances',
            Effect: 'Allow',
            Action: 'ec2:TerminateInstances',
            Resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*',
          },
          {
            Sid: 'IamPassRoleToLambda',
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: FN_ROLE,
            Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
          },
          {
            Sid: 'IamRoleUnconditioned',
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: 'arn:aws:iam::111122223333:role/unconditioned',
          },
          { Sid: 'KmsKey1234abcd', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY },
          {
            Sid: 'S3ObjectExampleBucketThumbsAPng',
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: `${B}/thumbs/a.png`,
          },
          {
            Sid: 'S3ObjectsExampleBucketUploads',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: `${B}/uploads/*`,
          },
          {
            Sid: 'AllResources',
            Effect: 'Allow',
            Action: ['sts:GetCallerIdentity', 'xray:PutTraceSegments'],
            Resource: '*',
          },
        ],
      },
    ]);
    expect(result.policy).toEqual(result.policies[0]);
    expect(result.warnings).toEqual([]);
  });

  it('explains every statement with its evidence', () => {
    const result = synthesizePolicy(thumbnailer(), { serviceData: tinyData });
    const uploads = result.statements.find((s) => s.sid === 'S3ObjectsExampleBucketUploads');
    // Then the statement sums its observations and keeps the smallest sample ids
    expect(uploads).toEqual({
      sid: 'S3ObjectsExampleBucketUploads',
      policyIndex: 0,
      service: 's3',
      actions: ['s3:GetObject'],
      resources: [`${B}/uploads/*`],
      count: 5,
      firstSeen: '2024-05-01T09:00:00Z',
      lastSeen: '2024-05-03T12:00:00Z',
      samples: ['ev-00', 'ev-01', 'ev-02'],
      sources: ['cloudtrail'],
      operations: ['s3.amazonaws.com:GetObject'],
      reasons: ['call'],
      notes: [],
      generalizations: [`3 object keys under ${B}/uploads/ generalised to ${B}/uploads/* (s3:GetObject)`],
    });
    // And reasons, notes and conditions of the other statements are kept
    const kms = result.statements.find((s) => s.sid === 'KmsKey1234abcd');
    expect(kms?.reasons).toEqual(['forward-access']);
    expect(kms?.operations).toEqual(['s3.amazonaws.com:GetObject']);
    expect(kms?.notes).toEqual(['KMS key used by S3 on the caller\u2019s behalf']);
    const passRole = result.statements.find((s) => s.sid === 'IamPassRoleToLambda');
    expect(passRole?.condition).toEqual(toLambda);
    expect(passRole?.reasons).toEqual(['pass-role']);
    // And the statements appear in document order, one per emitted statement
    expect(result.statements.map((s) => s.sid)).toEqual(result.policies[0]?.Statement.map((s) => s.Sid));
    expect(result.generalizations).toEqual([
      '2 per-request instance ids generalised to arn:aws:ec2:us-east-1:111122223333:instance/* (ec2:TerminateInstances)',
      `3 object keys under ${B}/uploads/ generalised to ${B}/uploads/* (s3:GetObject)`,
    ]);
  });

  it('allows every observed permission: each generalised resource matches what it replaces', () => {
    // Given the usage and its policy
    const usage = thumbnailer();
    const { policy } = synthesizePolicy(usage, { serviceData: tinyData });
    // Then for each used (action, resource, condition) some statement grants it
    for (const u of usage.used.values()) {
      const granted = policy.Statement.some(
        (s) =>
          asArray(s.Action).includes(u.action) &&
          asArray(s.Resource).some((r) => resourceMatches(r, u.resource)) &&
          conditionText(s.Condition) === conditionText(u.condition),
      );
      expect(granted, `${u.action} ${u.resource}`).toBe(true);
    }
  });

  it('turns only used permissions into policy, never denied, unmapped or permissionless calls', () => {
    // Given usage with a denied call, an unmapped call and a permissionless call besides one use
    const usage = usageOf(used('sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:jobs'));
    const observation = {
      count: 4,
      firstSeen: 'x',
      lastSeen: 'x',
      samples: [],
      sources: ['cloudtrail' as const],
    };
    usage.denied.set('sqs:DeleteQueue:AccessDenied', {
      ...observation,
      eventSource: 'sqs.amazonaws.com',
      operation: 'DeleteQueue',
      errorCode: 'AccessDenied',
      actions: ['sqs:DeleteQueue'],
      resources: ['arn:aws:sqs:us-east-1:111122223333:jobs'],
    });
    usage.unmapped.set('foo.amazonaws.com:Bar', {
      ...observation,
      eventSource: 'foo.amazonaws.com',
      operation: 'Bar',
      reason: 'unknown',
    });
    usage.permissionless.set('sts:GetCallerIdentity', 3);
    // Then only the used permission is granted
    const { policy } = synthesizePolicy(usage, { serviceData: tinyData });
    expect(policy.Statement.flatMap((s) => asArray(s.Action))).toEqual(['sqs:SendMessage']);
  });

  it('grants "*" to actions that accept only "*", even when the source named a resource, and says so', () => {
    const result = synthesizePolicy(
      usageOf(
        used('ec2:DescribeInstances', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1'),
        used('sts:GetCallerIdentity', '*'),
      ),
      { serviceData: tinyData },
    );
    expect(result.policy.Statement).toEqual([
      {
        Sid: 'AllResources',
        Effect: 'Allow',
        Action: ['ec2:DescribeInstances', 'sts:GetCallerIdentity'],
        Resource: '*',
      },
    ]);
    expect(result.statements[0]?.notes).toEqual([
      'ec2:DescribeInstances accepts only "*" as its resource; arn:aws:ec2:us-east-1:111122223333:instance/i-1 was observed',
    ]);
  });

  it('keeps "*" when the resource of a scoped action was not recovered, with a note', () => {
    const result = synthesizePolicy(usageOf(used('s3:GetObject', '*')), { serviceData: tinyData });
    expect(result.policy.Statement[0]?.Resource).toBe('*');
    expect(result.statements[0]?.notes).toEqual([
      's3:GetObject supports resource-level permissions, but the resource was not recovered',
    ]);
  });

  it('warns about an action the service data does not know, and still grants it', () => {
    const result = synthesizePolicy(usageOf(used('s3:GetObjectz', `${B}/a`)), { serviceData: tinyData });
    expect(result.policy.Statement.flatMap((s) => asArray(s.Action))).toEqual(['s3:GetObjectz']);
    expect(result.warnings).toEqual([
      's3:GetObjectz is not an action in the service data (tiny); emitted as observed',
    ]);
  });

  it('produces byte-identical JSON whatever the order of the usage Map', () => {
    // Given the same usage with its Map filled in several orders
    const usage = thumbnailer();
    const expected = JSON.stringify(synthesizePolicy(usage, { serviceData: tinyData }));
    for (const seed of [1, 2, 3, 42, 1234567]) {
      // Then the JSON is the same byte for byte, split or not
      expect(JSON.stringify(synthesizePolicy(shuffledUsage(usage, seed), { serviceData: tinyData }))).toBe(
        expected,
      );
      expect(
        JSON.stringify(
          synthesizePolicy(shuffledUsage(usage, seed), { serviceData: tinyData, maxPolicySize: 400 }),
        ),
      ).toBe(JSON.stringify(synthesizePolicy(usage, { serviceData: tinyData, maxPolicySize: 400 })));
    }
  });

  it('returns no policy, and says why, when nothing was used', () => {
    const result = synthesizePolicy(usageOf(), { serviceData: tinyData });
    expect(result.policies).toEqual([]);
    expect(result.statements).toEqual([]);
    expect(result.warnings).toEqual(['no permission was observed in use: there is no policy to write']);
  });

  it('rejects a size limit that is not a positive whole number as a usage error', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => synthesizePolicy(thumbnailer(), { serviceData: tinyData, maxPolicySize: bad })).toThrow(
        UsageError,
      );
    }
  });

  it('uses the packaged service data and table by default', () => {
    // Given no injected data, Then real service data drives "*"-only detection and generalisation
    const result = synthesizePolicy(
      usageOf(
        used('s3:ListAllMyBuckets', '*'),
        used('s3:GetObject', `${B}/in/a`),
        used('s3:GetObject', `${B}/in/b`),
      ),
    );
    expect(result.policy.Statement.map((s) => [s.Sid, s.Resource])).toEqual([
      ['AllResources', '*'],
      ['S3ObjectsExampleBucketIn', `${B}/in/*`],
    ]);
  });
});
