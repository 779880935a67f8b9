// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation, Serverless and IAM write ${...} in plain strings
import { describe, expect, it } from 'vitest';
import { readPolicies } from './index.js';

describe('readPolicies on odd input', () => {
  it.each([
    ['empty.json', ''],
    ['empty.yaml', ''],
    ['list.json', '[]'],
    ['null.json', 'null'],
    ['string.yaml', 'just text'],
    ['deep.json', `${'['.repeat(600)}${']'.repeat(600)}`],
    ['resources-number.yaml', 'Resources: 5'],
    ['resource-not-object.yaml', 'Resources:\n  A: 5\n  B: [1]\n  C: {Type: 7}'],
    [
      'policies-number.yaml',
      'Resources:\n  A:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies: 5\n      AssumeRolePolicyDocument: [1]',
    ],
    [
      'bad-intrinsics.yaml',
      'Resources:\n  A:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Resource: [!Ref [a], !Sub 5, !Sub [x], !GetAtt x, !Join x, !Select [a, b], !Split [1], !If [x], !FindInMap [a], !Base64 [1], !Equals x, !Not [], {"Fn::Length": 1}, !GetAZs [1]]',
    ],
    [
      'self-loop.yaml',
      'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt A.TopicName\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {Statement: [{Resource: !Ref A}]}',
    ],
    ['alias-loop.yaml', 'a: &a [*a]'],
    [
      'sam-odd.yaml',
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies: [[1], {A: 1, B: 2}, {S3ReadPolicy: 5}, !Ref X, 7]',
    ],
    ['serverless-odd.yml', 'service: s\nprovider: aws\nfunctions: [1]\nresources: [5, "${file(x.yml)}"]'],
    [
      'serverless-loop.yml',
      'service: s\nprovider:\n  name: aws\n  iamRoleStatements: ${self:provider.iamRoleStatements}\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}',
    ],
    [
      'plan-odd.json',
      '{"format_version": "1.0", "planned_values": {"root_module": {"resources": [1, {"address": "a.b", "type": "aws_iam_policy", "values": {"policy": 5}}], "child_modules": 3}}}',
    ],
    [
      'tf-odd.tf.json',
      '{"resource": {"aws_iam_policy": [{"p": {"policy": "${data.aws_iam_policy_document.none.json}"}}]}, "data": 7}',
    ],
  ])('reads %s without a throw', (file, text) => {
    // Given an odd or broken input, When it is read, Then there is a result, never a throw
    const r = readPolicies(file, text);
    expect(Array.isArray(r.policies)).toBe(true);
    for (const p of r.policies) expect(() => JSON.stringify(p.document)).not.toThrow();
  });
});
