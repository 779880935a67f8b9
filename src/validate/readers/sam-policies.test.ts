import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPolicies } from './index.js';

const file = 'fixtures/sam-template.yaml';
const r = readPolicies(file, readFileSync(new URL(file, import.meta.url), 'utf8'));
const at = (logicalPath: string) => {
  const p = r.policies.find((x) => x.logicalPath === logicalPath);
  if (!p) throw new Error(`no policy at ${logicalPath}`);
  return p;
};

describe('SAM template', () => {
  it('reads each Policies entry as its own policy, skipping managed policy names', () => {
    // Given a function with a managed policy name, two policy templates, an inline document and an unknown name
    expect(r.kind).toBe('sam');
    expect(
      r.policies.map((p) => [p.logicalPath, p.resourceName, p.policyType, p.resourceType ?? null]),
    ).toEqual([
      ['Resources/OrdersFunction/Properties/Policies/1', 'OrdersFunction', 'IDENTITY_POLICY', null],
      ['Resources/OrdersFunction/Properties/Policies/2', 'OrdersFunction', 'IDENTITY_POLICY', null],
      ['Resources/OrdersFunction/Properties/Policies/3', 'OrdersFunction', 'IDENTITY_POLICY', null],
      ['Resources/Workflow/Properties/Policies/0', 'Workflow', 'IDENTITY_POLICY', null],
      [
        'Resources/PublicApi/Properties/Auth/ResourcePolicy/CustomStatements',
        'PublicApi',
        'RESOURCE_POLICY',
        'AWS::ApiGateway::RestApi',
      ],
    ]);
  });

  it('expands a policy template with its parameter resolved (!Ref to a SimpleTable)', () => {
    expect(at('Resources/OrdersFunction/Properties/Policies/1').document).toMatchObject({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']),
          Resource: [
            'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
            'arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/*',
          ],
        },
      ],
    });
  });

  it('points a template value at the parameter it came from, the rest at the template entry', () => {
    const p = at('Resources/OrdersFunction/Properties/Policies/1');
    // The table ARN is built from `TableName: !Ref Orders` on line 18
    expect(p.locate(['Statement', 0, 'Resource', 0]).line).toBe(18);
    // The actions are the template's own: they point at the entry on line 17
    expect(p.locate(['Statement', 0, 'Action', 0]).line).toBe(17);
  });

  it('references a function by the name SAM gives it', () => {
    expect(at('Resources/Workflow/Properties/Policies/0').document).toMatchObject({
      Statement: [
        { Resource: 'arn:aws:lambda:us-east-1:123456789012:function:example-stack-OrdersFunction*' },
      ],
    });
  });

  it('wraps API custom statements into a document', () => {
    expect(at('Resources/PublicApi/Properties/Auth/ResourcePolicy/CustomStatements').document).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      ],
    });
  });

  it('reports a name that is not a SAM policy template at its key', () => {
    expect(r.diagnostics).toEqual([
      {
        file,
        line: 25,
        column: 11,
        logicalPath: 'Resources/OrdersFunction/Properties/Policies/4',
        code: 'unknown-sam-policy-template',
        severity: 'error',
        message: 'NoSuchPolicy is not a SAM policy template (data/sam-policy-templates.json)',
      },
    ]);
  });

  it('reports a missing template parameter once, at the entry, and keeps the rest', () => {
    const text = [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  F:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Policies:',
      '        - S3ReadPolicy: {}',
    ].join('\n');
    const s = readPolicies('t.yaml', text);
    expect(s.policies).toHaveLength(1);
    expect(s.policies[0]!.unresolved).toHaveLength(2);
    expect(s.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ['unknown-sam-policy-template', 7, 'SAM policy template S3ReadPolicy needs the parameter BucketName'],
    ]);
  });
});
