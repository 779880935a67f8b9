import { describe, expect, it } from 'vitest';
import { readGranted, serverlessRoleName } from './read-granted.js';

const ROLE = 'arn:aws:iam::111122223333:role/orders-api';

const SERVERLESS = `service: orders
provider:
  name: aws
  region: us-east-1
  iam:
    role:
      name: orders-api
      statements:
        - Effect: Allow
          Action: dynamodb:GetItem
          Resource: arn:aws:dynamodb:us-east-1:111122223333:table/orders
functions:
  get:
    handler: get.handler
`;

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*' }],
});

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const TWO_ROLES = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ReaderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: ${TRUST}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: arn:aws:s3:::example-bucket/*
  WriterRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: ${TRUST}
      Policies:
        - PolicyName: write
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:PutObject
                Resource: arn:aws:s3:::example-bucket/*
`;

describe('readGranted', () => {
  it("binds a serverless.yml's role statements to --principal", () => {
    // Given a serverless.yml and the role it deploys
    const r = readGranted([{ file: 'serverless.yml', text: SERVERLESS }], { principal: ROLE });
    // Then the role is granted its statements and the log permissions the framework adds, named by where they are
    expect(r.principals).toHaveLength(1);
    const p = r.principals[0]!;
    expect(p).toMatchObject({ arn: ROLE, kind: 'role', name: 'orders-api' });
    expect(p.identityPolicies.map((x) => [x.kind, x.source])).toEqual([
      ['file', 'serverless.yml provider/iam/role (log permissions the framework adds)'],
      ['file', 'serverless.yml provider/iam/role/statements'],
    ]);
  });

  it('grants the log permissions the Serverless Framework adds to its shared role', () => {
    // Given functions named by the framework (orders-prod-*), one named by hand, one with its logs disabled
    const text = `service: orders
provider:
  name: aws
  stage: prod
  region: eu-west-1
functions:
  get:
    handler: get.handler
  report:
    name: nightly-report
    handler: report.handler
  quiet:
    handler: quiet.handler
    disableLogs: true
`;
    const r = readGranted([{ file: 'serverless.yml', text }], { principal: ROLE });
    // Then the framework's statements name the log groups in the role's account and the stage's region
    const [logs] = r.principals[0]!.identityPolicies;
    const group = 'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda';
    expect(logs?.document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:CreateLogGroup'],
          Resource: [`${group}/nightly-report:*`, `${group}/orders-prod*:*`],
        },
        {
          Effect: 'Allow',
          Action: ['logs:PutLogEvents'],
          Resource: [`${group}/nightly-report:*:*`, `${group}/orders-prod*:*:*`],
        },
        { Effect: 'Deny', Action: 'logs:PutLogEvents', Resource: [`${group}/orders-prod-quiet:*`] },
      ],
    });
  });

  it('adds no log permissions when the serverless.yml uses a role of its own', () => {
    const text = `service: orders
provider:
  name: aws
  iam:
    role: arn:aws:iam::111122223333:role/existing
functions:
  get:
    handler: get.handler
`;
    const r = readGranted([{ file: 'serverless.yml', text }], { principal: ROLE });
    expect(r.principals[0]?.identityPolicies ?? []).toEqual([]);
  });

  it('binds a serverless.yml to the role it names when the caller can resolve the name', () => {
    // Given no --principal, but a resolver that knows the role from the activity
    const r = readGranted([{ file: 'serverless.yml', text: SERVERLESS }], {
      resolveRoleName: (name) => (name === 'orders-api' ? ROLE : undefined),
    });
    // Then the statements are bound to it
    expect(r.principals.map((p) => p.arn)).toEqual([ROLE]);
    expect(serverlessRoleName(SERVERLESS)).toBe('orders-api');
  });

  it('asks for --principal when a policy file names no principal', () => {
    // Given a plain policy file and no principal
    const r = readGranted([{ file: 'policy.json', text: POLICY }]);
    // Then nothing is bound and the diagnostic says what to do
    expect(r.principals).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['principal-required']);
  });

  it('takes a trust policy file as the trust policy, an identity policy as a grant', () => {
    // Given both files for one role
    const r = readGranted(
      [
        { file: 'policy.json', text: POLICY },
        { file: 'trust.json', text: TRUST },
      ],
      { principal: ROLE },
    );
    // Then each goes to its place
    const p = r.principals[0]!;
    expect(p.identityPolicies).toHaveLength(1);
    expect(p.trustPolicy?.source).toBe('trust.json');
  });

  it('refuses to guess whose policies a template with several roles holds', () => {
    // Given a template with two roles
    const r = readGranted([{ file: 'template.yaml', text: TWO_ROLES }], { principal: ROLE });
    // Then it says so, naming the resources
    expect(r.principals).toEqual([]);
    const d = r.diagnostics.find((x) => x.code === 'ambiguous-template')!;
    expect(d.message).toContain('ReaderRole, WriterRole');
    // When --resource picks one
    const picked = readGranted([{ file: 'template.yaml', text: TWO_ROLES }], {
      principal: ROLE,
      resources: ['WriterRole'],
    });
    // Then only its policies are bound
    expect(JSON.stringify(picked.principals[0]!.identityPolicies.map((x) => x.document))).toContain(
      's3:PutObject',
    );
    expect(JSON.stringify(picked.principals[0]!.identityPolicies.map((x) => x.document))).not.toContain(
      's3:GetObject',
    );
  });

  it('rejects a file that holds no policy', () => {
    // Given a text file
    const r = readGranted([{ file: 'notes.json', text: '{"hello": "world"}' }], { principal: ROLE });
    // Then it is reported, not read as empty grants
    expect(r.diagnostics.some((d) => d.code === 'not-a-granted-file' || d.severity === 'error')).toBe(true);
  });
});
