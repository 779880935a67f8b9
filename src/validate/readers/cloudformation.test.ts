// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation, Serverless and IAM write ${...} in plain strings
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LocatedPolicy } from '../types.js';
import { readPolicies } from './index.js';

function read(name: string, options = {}) {
  const file = `fixtures/${name}`;
  return readPolicies(file, readFileSync(new URL(file, import.meta.url), 'utf8'), options);
}

function byPath(policies: LocatedPolicy[], logicalPath: string): LocatedPolicy {
  const p = policies.find((x) => x.logicalPath === logicalPath);
  if (!p)
    throw new Error(`no policy at ${logicalPath}; found ${policies.map((x) => x.logicalPath).join(', ')}`);
  return p;
}

describe('CloudFormation JSON template', () => {
  const r = read('cfn-template.json');

  it('finds every policy with its place, resource, type and resource type', () => {
    // Given the fixture template, When it is read, Then each policy-bearing property is found once
    expect(r.kind).toBe('cloudformation');
    expect(
      r.policies.map((p) => [p.logicalPath, p.resourceName, p.policyType, p.resourceType ?? null]),
    ).toEqual([
      [
        'Resources/ApiRole/Properties/AssumeRolePolicyDocument',
        'ApiRole',
        'RESOURCE_POLICY',
        'AWS::IAM::AssumeRolePolicyDocument',
      ],
      ['Resources/ApiRole/Properties/Policies/0/PolicyDocument', 'ApiRole', 'IDENTITY_POLICY', null],
      ['Resources/TableAccess/Properties/PolicyDocument', 'TableAccess', 'IDENTITY_POLICY', null],
      [
        'Resources/DataBucketPolicy/Properties/PolicyDocument',
        'DataBucketPolicy',
        'RESOURCE_POLICY',
        'AWS::S3::Bucket',
      ],
      [
        'Resources/InvokeFromBucket/Properties',
        'InvokeFromBucket',
        'RESOURCE_POLICY',
        'AWS::Lambda::Function',
      ],
      ['Resources/Analysts/Properties/InlinePolicy', 'Analysts', 'IDENTITY_POLICY', null],
      ['Resources/DenyLeaving/Properties/Content', 'DenyLeaving', 'SERVICE_CONTROL_POLICY', null],
    ]);
  });

  it('resolves references to the template own resources into ARNs', () => {
    const p = byPath(r.policies, 'Resources/ApiRole/Properties/Policies/0/PolicyDocument');
    expect((p.document as { Statement: { Resource: unknown }[] }).Statement[0]!.Resource).toEqual([
      'arn:aws:s3:::example-bucket',
      'arn:aws:s3:::example-bucket/*',
    ]);
    const table = byPath(r.policies, 'Resources/TableAccess/Properties/PolicyDocument');
    expect(JSON.stringify(table.document)).toContain(
      'arn:aws:dynamodb:us-east-1:123456789012:table/orders-prod',
    );
  });

  it('replaces only the value it cannot resolve, reports it once, and says where', () => {
    // Given a parameter without Default and an ImportValue
    const role = byPath(r.policies, 'Resources/ApiRole/Properties/Policies/0/PolicyDocument');
    // Then only those values are placeholders
    expect(role.unresolved).toEqual([
      { path: ['Statement', 1, 'Resource'], message: expect.stringContaining('SharedKeyArn has no Default') },
    ]);
    const table = byPath(r.policies, 'Resources/TableAccess/Properties/PolicyDocument');
    expect(table.unresolved.map((u) => u.path)).toEqual([['Statement', 0, 'Resource', 1]]);
    // And each is one diagnostic at its line
    expect(r.diagnostics.map((d) => [d.code, d.line, d.logicalPath])).toEqual([
      ['unresolved-value', 47, 'Resources/ApiRole/Properties/Policies/0/PolicyDocument/Statement/1/Resource'],
      ['unresolved-value', 64, 'Resources/TableAccess/Properties/PolicyDocument/Statement/0/Resource/1'],
    ]);
  });

  it('reads values from Mappings with a Ref as key', () => {
    const p = byPath(r.policies, 'Resources/DataBucketPolicy/Properties/PolicyDocument');
    expect(p.document).toMatchObject({
      Statement: [{ Principal: { AWS: '444455556666' }, Resource: 'arn:aws:s3:::example-bucket/*' }],
    });
    // And the principal points at the FindInMap on line 81
    expect(p.locate(['Statement', 0, 'Principal', 'AWS']).line).toBe(81);
  });

  it('writes the statement a Lambda permission adds, each value at its property', () => {
    const p = byPath(r.policies, 'Resources/InvokeFromBucket/Properties');
    expect(p.document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'InvokeFromBucket',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'lambda:InvokeFunction',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:resize-images',
          Condition: {
            ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::example-bucket' },
            StringEquals: { 'AWS:SourceAccount': '123456789012' },
          },
        },
      ],
    });
    expect(p.locate(['Statement', 0, 'Principal', 'Service']).line).toBe(94);
    expect(p.locate(['Statement', 0, 'Condition', 'ArnLike', 'AWS:SourceArn']).line).toBe(95);
  });

  it('parses a policy given as a JSON string and points inside the string', () => {
    // Given InlinePolicy as an escaped JSON string on line 104
    const p = byPath(r.policies, 'Resources/Analysts/Properties/InlinePolicy');
    expect(p.document).toMatchObject({ Statement: [{ Action: 'athena:StartQueryExecution' }] });
    // Then the action is located at its own column in that line
    const text = readFileSync(new URL('fixtures/cfn-template.json', import.meta.url), 'utf8').split(
      '\n',
    )[103]!;
    const loc = p.locate(['Statement', 0, 'Action']);
    expect(loc.line).toBe(104);
    expect(text.slice(loc.column - 1)).toMatch(/^\\"athena:StartQueryExecution\\"/);
  });

  it('uses the account and region given in the options', () => {
    const o = read('cfn-template.json', { account: '111122223333', region: 'eu-west-1' });
    const table = byPath(o.policies, 'Resources/TableAccess/Properties/PolicyDocument');
    expect(JSON.stringify(table.document)).toContain(
      'arn:aws:dynamodb:eu-west-1:111122223333:table/orders-prod',
    );
  });

  it('uses parameter values given in the options', () => {
    const o = read('cfn-template.json', {
      parameters: { SharedKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/example' },
    });
    const role = byPath(o.policies, 'Resources/ApiRole/Properties/Policies/0/PolicyDocument');
    expect(role.unresolved).toEqual([]);
    expect(o.diagnostics.filter((d) => d.code === 'unresolved-value')).toHaveLength(1);
  });
});

describe('CloudFormation YAML template with short-form tags', () => {
  const r = read('cfn-template.yaml');
  const worker = () => byPath(r.policies, 'Resources/WorkerPolicy/Properties/PolicyDocument');

  it('finds every policy, and the else reading of one with Fn::If', () => {
    expect(
      r.policies.map((p) => [p.logicalPath, p.policyType, p.resourceType ?? null, p.variant ?? null]),
    ).toEqual([
      ['Resources/Key/Properties/KeyPolicy', 'RESOURCE_POLICY', 'AWS::KMS::Key', null],
      ['Resources/WorkerPolicy/Properties/PolicyDocument', 'IDENTITY_POLICY', null, null],
      [
        'Resources/WorkerPolicy/Properties/PolicyDocument[Fn::If:else]',
        'IDENTITY_POLICY',
        null,
        'Fn::If:else',
      ],
      ['Resources/QueuePolicy/Properties/PolicyDocument', 'RESOURCE_POLICY', 'AWS::SQS::Queue', null],
      ['Resources/TopicPolicy/Properties/PolicyDocument', 'RESOURCE_POLICY', 'AWS::SNS::Topic', null],
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('resolves !GetAtt (both forms), !Ref, !Join, !Select, !Split, !Sub and ${!Literal}', () => {
    const resources = (worker().document as { Statement: { Resource: unknown }[] }).Statement.map(
      (s) => s.Resource,
    );
    expect(resources).toEqual([
      'arn:aws:sqs:us-east-1:123456789012:jobs-dev',
      'arn:aws:sns:us-east-1:123456789012:example-stack-Topic',
      expect.stringMatching(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-/),
      'arn:aws:s3:::example-bucket/reports/*',
      'arn:aws:s3:::example-bucket/prod/*',
      '*',
      'arn:aws:s3:::example-bucket/home/${aws:username}/*',
    ]);
  });

  it('checks each Fn::If branch: the else reading has the other value and drops the NoValue statement', () => {
    const other = byPath(r.policies, 'Resources/WorkerPolicy/Properties/PolicyDocument[Fn::If:else]');
    const resources = (other.document as { Statement: { Resource: unknown }[] }).Statement.map(
      (s) => s.Resource,
    );
    expect(resources).toContain('arn:aws:s3:::example-bucket/dev/*');
    expect(resources).not.toContain('*');
    expect(other.resourceName).toBe('WorkerPolicy');
  });

  it('locates Statement[0].Action[1] at its line and column', () => {
    // Given "- sqs:DeleteMessage" on line 42
    expect(worker().locate(['Statement', 0, 'Action', 1])).toMatchObject({
      file: 'fixtures/cfn-template.yaml',
      line: 42,
      column: 17,
    });
    // And a resolved !GetAtt at the tag on line 43
    expect(worker().locate(['Statement', 0, 'Resource'])).toMatchObject({ line: 43, column: 23 });
    // And a key, written #Key
    expect(worker().locate(['Statement', 2, '#Action'])).toMatchObject({ line: 48, column: 13 });
    // And the nearest enclosing value when the path goes further than the document
    expect(worker().locate(['Statement', 0, 'Condition', 'x'])).toMatchObject({ line: 39 });
  });

  it('locates inside a policy given as a JSON literal block', () => {
    const p = byPath(r.policies, 'Resources/QueuePolicy/Properties/PolicyDocument');
    expect(p.locate(['Statement', 0, 'Action'])).toMatchObject({ line: 79, column: 23 });
  });
});

describe('template problems', () => {
  it('reports a policy that is not a document and reads the others', () => {
    const text = [
      'Resources:',
      '  Bad:',
      '    Type: AWS::IAM::Policy',
      '    Properties:',
      '      PolicyDocument: 42',
      '  Good:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}',
    ].join('\n');
    const r = readPolicies('t.yaml', text);
    expect(r.policies.map((p) => p.resourceName)).toEqual(['Good']);
    expect(r.diagnostics).toEqual([
      {
        file: 't.yaml',
        line: 5,
        column: 23,
        logicalPath: 'Resources/Bad/Properties/PolicyDocument',
        code: 'invalid-policy-document',
        severity: 'error',
        message: 'Expected a policy document (an object or a JSON string), found 42',
      },
    ]);
  });

  it('reports a JSON string policy that is not JSON at its place', () => {
    const text =
      'Resources:\n  R:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      PolicyDocument: \'{"Statement": [}\'\n';
    const r = readPolicies('t.yaml', text);
    expect(r.policies).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ code: 'invalid-embedded-json', line: 5, column: 39 });
  });

  it('warns about ${aws:username} in Fn::Sub, which CloudFormation rejects', () => {
    const text = [
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Statement:',
      '          - {Effect: Allow, Action: "s3:GetObject", Resource: !Sub "arn:aws:s3:::example-bucket/${aws:username}/*"}',
    ].join('\n');
    const r = readPolicies('t.yaml', text);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['policy-variable-in-sub', 'warning', 7],
    ]);
    expect(r.policies[0]!.document).toMatchObject({
      Statement: [{ Resource: 'arn:aws:s3:::example-bucket/${aws:username}/*' }],
    });
  });

  it('reports invalid YAML with its line and reads nothing from the file', () => {
    const r = readPolicies('t.yaml', 'Resources:\n  R: [unclosed\n');
    expect(r.kind).toBe('unknown');
    expect(r.diagnostics[0]).toMatchObject({
      code: 'invalid-yaml',
      severity: 'error',
      line: expect.any(Number),
    });
  });
});
