// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation, Serverless and IAM write ${...} in plain strings
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPolicies } from './index.js';

const file = 'fixtures/terraform-plan.json';
const text = readFileSync(new URL(file, import.meta.url), 'utf8');
const r = readPolicies(file, text);
const at = (logicalPath: string) => {
  const p = r.policies.find((x) => x.logicalPath === logicalPath);
  if (!p)
    throw new Error(`no policy at ${logicalPath}; found ${r.policies.map((x) => x.logicalPath).join(', ')}`);
  return p;
};

describe('Terraform plan (terraform show -json)', () => {
  it('finds the policies of every resource, child modules included', () => {
    expect(r.kind).toBe('terraform-plan');
    expect(
      r.policies.map((p) => [p.logicalPath, p.resourceName, p.policyType, p.resourceType ?? null]),
    ).toEqual([
      ['aws_iam_policy.deploy/policy', 'aws_iam_policy.deploy', 'IDENTITY_POLICY', null],
      [
        'aws_iam_role.app/assume_role_policy',
        'aws_iam_role.app',
        'RESOURCE_POLICY',
        'AWS::IAM::AssumeRolePolicyDocument',
      ],
      ['aws_iam_role.app/inline_policy/0/policy', 'aws_iam_role.app', 'IDENTITY_POLICY', null],
      ['aws_s3_bucket_policy.data/policy', 'aws_s3_bucket_policy.data', 'RESOURCE_POLICY', 'AWS::S3::Bucket'],
      [
        'aws_organizations_policy.tls/content',
        'aws_organizations_policy.tls',
        'RESOURCE_CONTROL_POLICY',
        null,
      ],
      [
        'aws_lambda_permission.from_events',
        'aws_lambda_permission.from_events',
        'RESOURCE_POLICY',
        'AWS::Lambda::Function',
      ],
      [
        'module.queue.aws_iam_role_policy.send[0]/policy',
        'module.queue.aws_iam_role_policy.send[0]',
        'IDENTITY_POLICY',
        null,
      ],
      [
        'data.aws_iam_policy_document.lonely/json',
        'data.aws_iam_policy_document.lonely',
        'IDENTITY_POLICY',
        null,
      ],
    ]);
  });

  it('parses a policy string in place and points inside it', () => {
    // Given the policy of aws_iam_policy.deploy as an escaped string on line 14
    const p = at('aws_iam_policy.deploy/policy');
    const loc = p.locate(['Statement', 0, 'Action', 1]);
    expect(loc.line).toBe(14);
    expect(text.split('\n')[13]!.slice(loc.column - 1)).toMatch(/^\\"lambda:GetFunction\\"/);
  });

  it('writes a policy unknown until apply from the data source statements, the unknown values as placeholders', () => {
    // Given aws_s3_bucket_policy.data whose policy is data.aws_iam_policy_document.bucket.json, unknown at plan time
    const p = at('aws_s3_bucket_policy.data/policy');
    expect(p.document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AuditRead',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::444455556666:root'] },
          Action: ['s3:GetObject'],
          Resource: ['{{unresolved:data.aws_iam_policy_document.bucket resources (after apply)}}'],
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-exampleorg'] } },
        },
      ],
    });
    expect(p.unresolved.map((u) => u.path)).toEqual([['Statement', 0, 'Resource', 0]]);
    // And the action points at the data source's actions in the plan
    expect(p.locate(['Statement', 0, 'Action', 0]).line).toBe(64);
  });

  it('says nothing about computed policy attributes the configuration does not set', () => {
    // aws_s3_bucket.data has policy unknown after apply but no policy in its configuration
    expect(r.diagnostics.map((d) => [d.code, d.logicalPath])).toEqual([
      ['unresolved-value', 'aws_s3_bucket_policy.data/policy/Statement/0/Resource/0'],
    ]);
  });

  it('writes the statement of a Lambda permission in the provider region', () => {
    expect(at('aws_lambda_permission.from_events').document).toMatchObject({
      Statement: [
        {
          Sid: 'AllowEvents',
          Principal: { Service: 'events.amazonaws.com' },
          Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-worker',
          Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:events:eu-west-1:111122223333:rule/nightly' } },
        },
      ],
    });
  });

  it('reports a policy unknown until apply with no document to read', () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [{ address: 'aws_iam_policy.p', mode: 'managed', type: 'aws_iam_policy', values: {} }],
        },
      },
      resource_changes: [{ address: 'aws_iam_policy.p', change: { after_unknown: { policy: true } } }],
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_iam_policy.p', expressions: { policy: { references: ['var.policy'] } } },
          ],
        },
      },
    };
    const s = readPolicies('plan.json', JSON.stringify(plan, null, 2));
    expect(s.policies).toEqual([]);
    expect(s.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      [
        'unresolved-value',
        'warning',
        'policy of aws_iam_policy.p is known only after apply: this policy is not checked',
      ],
    ]);
  });
});

describe('Terraform JSON configuration (.tf.json)', () => {
  const cfgFile = 'fixtures/terraform-config.tf.json';
  const c = readPolicies(cfgFile, readFileSync(new URL(cfgFile, import.meta.url), 'utf8'));

  it('reads policy strings and aws_iam_policy_document blocks, unescaping $${', () => {
    expect(c.kind).toBe('terraform-config');
    expect(c.policies.map((p) => p.logicalPath)).toEqual([
      'aws_iam_policy.deploy/policy',
      'aws_s3_bucket_policy.data/policy',
    ]);
    expect(c.policies[0]!.document).toMatchObject({
      Statement: [{ Resource: 'arn:aws:s3:::example-bucket/home/${aws:username}/*' }],
    });
    expect(c.policies[1]!.document).toMatchObject({
      Statement: [
        { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root'] }, Action: ['s3:GetObject'] },
      ],
    });
  });

  it('marks Terraform expressions as placeholders and skips a policy that is one', () => {
    expect(c.policies[1]!.unresolved.map((u) => u.path)).toEqual([['Statement', 0, 'Resource', 0]]);
    expect(c.diagnostics.map((d) => [d.code, d.logicalPath])).toEqual([
      ['unresolved-value', 'aws_s3_bucket_policy.data/policy/Statement/0/Resource/0'],
      ['unresolved-value', 'aws_iam_role_policy.computed/policy'],
    ]);
  });
});
