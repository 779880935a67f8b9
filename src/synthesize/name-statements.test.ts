import { describe, expect, it } from 'vitest';
import type { ConditionBlock } from '../mapping/types.js';
import { baseSid, nameStatements, sidWords } from './name-statements.js';
import { canonicalCondition, type DraftStatement } from './statement.js';
import { tinyData } from './test-helpers.js';

function draft(actions: string[], resources: string[], condition?: ConditionBlock): DraftStatement {
  const d: DraftStatement = {
    actions,
    resources,
    conditionKey: canonicalCondition(condition),
    contributions: [],
  };
  if (condition) d.condition = condition;
  return d;
}

const toLambda: ConditionBlock = { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } };

describe('baseSid', () => {
  it.each([
    {
      name: 'a DynamoDB table',
      statement: draft(['dynamodb:GetItem'], ['arn:aws:dynamodb:us-east-1:111122223333:table/Orders']),
      expected: 'DynamodbTableOrders',
    },
    {
      name: 'S3 objects under a prefix',
      statement: draft(['s3:GetObject'], ['arn:aws:s3:::example-bucket/uploads/*']),
      expected: 'S3ObjectsExampleBucketUploads',
    },
    {
      name: 'a KMS key by the first part of its id',
      statement: draft(
        ['kms:Decrypt'],
        ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
      ),
      expected: 'KmsKey1234abcd',
    },
    {
      name: 'PassRole by the service it is passed to',
      statement: draft(['iam:PassRole'], ['arn:aws:iam::111122223333:role/fn-role'], toLambda),
      expected: 'IamPassRoleToLambda',
    },
    {
      name: '"*"',
      statement: draft(['ec2:DescribeInstances', 'sts:GetCallerIdentity'], ['*']),
      expected: 'AllResources',
    },
    {
      name: 'two tables',
      statement: draft(
        ['dynamodb:GetItem'],
        [
          'arn:aws:dynamodb:us-east-1:111122223333:table/Customers',
          'arn:aws:dynamodb:us-east-1:111122223333:table/Orders',
        ],
      ),
      expected: 'DynamodbTablesCustomersOrders',
    },
    {
      name: 'a table and its index',
      statement: draft(
        ['dynamodb:Query'],
        [
          'arn:aws:dynamodb:us-east-1:111122223333:table/Orders',
          'arn:aws:dynamodb:us-east-1:111122223333:table/Orders/index/ByCustomer',
        ],
      ),
      expected: 'DynamodbTableOrdersIndexOrdersByCustomer',
    },
    {
      name: 'many queues by the first and how many more',
      statement: draft(
        ['sqs:SendMessage'],
        ['a', 'b', 'c', 'd'].map((q) => `arn:aws:sqs:us-east-1:111122223333:${q}-queue`),
      ),
      expected: 'SqsQueuesAQueueAnd3More',
    },
    {
      name: 'generalised instances',
      statement: draft(['ec2:TerminateInstances'], ['arn:aws:ec2:us-east-1:111122223333:instance/*']),
      expected: 'Ec2Instances',
    },
    {
      name: 'a resource of an unknown format, by what follows the account',
      statement: draft(['s3:GetObject'], ['arn:aws:unknownsvc:us-east-1:111122223333:thing/my_thing.v2']),
      expected: 'S3ThingMyThingV2',
    },
  ])('names $name $expected', ({ statement, expected }) => {
    // Given a statement, When it is named, Then the Sid reads as the service and the resource
    const sid = baseSid(statement, tinyData);
    expect(sid).toBe(expected);
    expect(sid).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('names a PassRole to several services with all of them', () => {
    const cond: ConditionBlock = {
      StringEquals: { 'iam:PassedToService': ['states.amazonaws.com', 'lambda.amazonaws.com'] },
    };
    expect(baseSid(draft(['iam:PassRole'], ['arn:aws:iam::111122223333:role/r'], cond), tinyData)).toBe(
      'IamPassRoleToLambdaOrStates',
    );
  });

  it('keeps only ASCII letters and digits (the IAM Sid rule), and caps the length', () => {
    const long = `arn:aws:s3:::bucket/${'deep-folder/'.repeat(20)}*`;
    const sid = baseSid(draft(['s3:GetObject'], [long]), tinyData);
    expect(sid).toMatch(/^[A-Za-z0-9]{1,80}$/);
    expect(sidWords('my_table.v2/ümlaut')).toBe('MyTableV2Mlaut');
  });
});

describe('nameStatements', () => {
  const orders = 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders';
  // Two statements on the same table (different action sets) share a base Sid.
  const statements = [
    draft(['dynamodb:PutItem'], [orders]),
    draft(['dynamodb:GetItem'], [orders]),
    draft(['iam:PassRole'], ['arn:aws:iam::111122223333:role/r'], toLambda),
    draft(['ec2:DescribeInstances'], ['*']),
  ];

  it('makes Sids unique with a numeric suffix, deterministically', () => {
    // Given statements that share a base Sid, in two orders
    const a = nameStatements(statements, tinyData);
    const b = nameStatements([...statements].reverse(), tinyData);
    // Then the suffixes go to the same statements, and every Sid is unique
    const sids = a.map((s) => `${s.sid}=${s.actions.join(',')}`);
    expect(sids).toEqual(b.map((s) => `${s.sid}=${s.actions.join(',')}`));
    expect(sids).toContain('DynamodbTableOrders=dynamodb:GetItem');
    expect(sids).toContain('DynamodbTableOrders2=dynamodb:PutItem');
    expect(new Set(a.map((s) => s.sid)).size).toBe(a.length);
  });

  it('does not steal a Sid another statement has as its own', () => {
    // Given a statement whose base is what a suffix would produce
    const twin = draft(['sqs:SendMessage'], ['arn:aws:sqs:us-east-1:111122223333:jobs']);
    const twin2 = draft(['sqs:ReceiveMessage'], ['arn:aws:sqs:us-east-1:111122223333:jobs']);
    const clash = draft(['sqs:SendMessage'], ['arn:aws:sqs:us-east-1:111122223333:jobs2']);
    const sids = nameStatements([twin, twin2, clash], tinyData).map((s) => s.sid);
    // Then the suffix skips it
    expect(sids).toEqual(['SqsQueueJobs', 'SqsQueueJobs2', 'SqsQueueJobs3']);
  });

  it('orders statements by service, then Sid', () => {
    const named = nameStatements(statements, tinyData);
    expect(named.map((s) => [s.service, s.sid])).toEqual([
      ['dynamodb', 'DynamodbTableOrders'],
      ['dynamodb', 'DynamodbTableOrders2'],
      ['ec2', 'AllResources'],
      ['iam', 'IamPassRoleToLambda'],
    ]);
  });
});
