// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation, Serverless and IAM write ${...} in plain strings
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPolicies } from './index.js';
import { normalizedFunctionName } from './serverless.js';

const file = 'fixtures/serverless.yml';
const r = readPolicies(file, readFileSync(new URL(file, import.meta.url), 'utf8'));
const at = (logicalPath: string) => {
  const p = r.policies.find((x) => x.logicalPath === logicalPath);
  if (!p) throw new Error(`no policy at ${logicalPath}`);
  return p;
};

describe('serverless.yml', () => {
  it('reads the three statement places and the CloudFormation resources', () => {
    expect(r.kind).toBe('serverless');
    expect(
      r.policies.map((p) => [p.logicalPath, p.resourceName, p.policyType, p.resourceType ?? null]),
    ).toEqual([
      ['provider/iam/role/statements', 'IamRoleLambdaExecution', 'IDENTITY_POLICY', null],
      ['provider/iamRoleStatements', 'IamRoleLambdaExecution', 'IDENTITY_POLICY', null],
      [
        'functions/createOrder/iamRoleStatements',
        'CreateOrderIamRoleLambdaExecution',
        'IDENTITY_POLICY',
        null,
      ],
      [
        'resources/Resources/OrdersQueuePolicy/Properties/PolicyDocument',
        'OrdersQueuePolicy',
        'RESOURCE_POLICY',
        'AWS::SQS::Queue',
      ],
    ]);
  });

  it('resolves ${self:...}, ${sls:stage} (from ${opt:stage, dev}), ${aws:region} and ${aws:accountId}', () => {
    expect(at('provider/iam/role/statements').document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders-dev',
        },
      ],
    });
    expect(at('provider/iamRoleStatements').document).toMatchObject({
      Statement: [{ Resource: 'arn:aws:s3:::example-bucket/*' }],
    });
  });

  it('resolves Fn::GetAtt and #{AWS::...} against the stack the framework deploys', () => {
    const p = at('functions/createOrder/iamRoleStatements');
    const [queue, ssm] = (p.document as { Statement: { Resource: string }[] }).Statement.map(
      (s) => s.Resource,
    );
    expect(queue).toBe('arn:aws:sqs:eu-west-1:123456789012:orders-dev-OrdersQueue');
    // The ${ssm:...} part is unknown offline: the rest is resolved and the value is marked
    expect(ssm).toBe('arn:aws:ssm:eu-west-1:123456789012:parameter/{{unresolved:ssm:/orders/param-name}}');
    expect(p.unresolved).toEqual([
      { path: ['Statement', 1, 'Resource'], message: expect.stringContaining('${ssm:/orders/param-name}') },
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.logicalPath])).toEqual([
      ['unresolved-value', 35, 'functions/createOrder/iamRoleStatements/Statement/1/Resource'],
    ]);
  });

  it('knows the functions the framework creates, by their logical ids', () => {
    expect(at('resources/Resources/OrdersQueuePolicy/Properties/PolicyDocument').document).toMatchObject({
      Statement: [
        {
          Condition: {
            ArnEquals: {
              'aws:SourceArn': 'arn:aws:lambda:eu-west-1:123456789012:function:orders-dev-list-orders',
            },
          },
        },
      ],
    });
  });

  it('locates a statement value at its line', () => {
    expect(at('provider/iam/role/statements').locate(['Statement', 0, 'Action', 1])).toMatchObject({
      line: 18,
      column: 15,
    });
  });

  it('names functions as the framework does', () => {
    expect(normalizedFunctionName('list-orders')).toBe('ListDashorders');
    expect(normalizedFunctionName('get_item')).toBe('GetUnderscoreitem');
  });

  it('uses a variable fallback and leaves IAM policy variables alone', () => {
    const text = [
      'service: s',
      'provider:',
      '  name: aws',
      '  iamRoleStatements:',
      '    - Effect: Allow',
      '      Action: s3:GetObject',
      "      Resource: arn:aws:s3:::${env:BUCKET, 'example-bucket'}/home/${aws:username}/*",
    ].join('\n');
    const s = readPolicies('serverless.yml', text);
    expect(s.policies[0]!.document).toMatchObject({
      Statement: [{ Resource: 'arn:aws:s3:::example-bucket/home/${aws:username}/*' }],
    });
    expect(s.diagnostics).toEqual([]);
  });
});
