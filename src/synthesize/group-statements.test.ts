import { describe, expect, it } from 'vitest';
import type { ConditionBlock } from '../mapping/types.js';
import { groupStatements } from './group-statements.js';
import { type Contribution, canonicalCondition } from './statement.js';
import { used } from './test-helpers.js';

function contribution(action: string, resource: string, condition?: ConditionBlock): Contribution {
  const c: Contribution = {
    used: used(action, resource, condition ? { condition } : {}),
    action,
    resource,
    conditionKey: canonicalCondition(condition),
    generalizations: [],
    notes: [],
  };
  if (condition) c.condition = condition;
  return c;
}

const T = 'arn:aws:dynamodb:us-east-1:111122223333:table';
const ROLE = 'arn:aws:iam::111122223333:role';
const toLambda: ConditionBlock = { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } };
const toStates: ConditionBlock = { StringEquals: { 'iam:PassedToService': ['states.amazonaws.com'] } };

function shapes(contributions: Contribution[]) {
  return groupStatements(contributions).map((s) => ({
    actions: s.actions,
    resources: s.resources,
    ...(s.condition ? { condition: s.condition } : {}),
  }));
}

describe('groupStatements', () => {
  it('puts resources that need the identical set of actions into one statement, actions and resources sorted', () => {
    // Given two tables read and written the same way, and a third only read
    const result = shapes([
      contribution('dynamodb:PutItem', `${T}/Orders`),
      contribution('dynamodb:GetItem', `${T}/Orders`),
      contribution('dynamodb:GetItem', `${T}/Customers`),
      contribution('dynamodb:PutItem', `${T}/Customers`),
      contribution('dynamodb:GetItem', `${T}/Audit`),
    ]);
    // Then the two tables share a statement and the read-only table has its own
    expect(result).toEqual([
      { actions: ['dynamodb:GetItem'], resources: [`${T}/Audit`] },
      { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [`${T}/Customers`, `${T}/Orders`] },
    ]);
  });

  it('collects every action that accepts only "*" into one statement', () => {
    // Given several services' *-only actions
    const result = shapes([
      contribution('xray:PutTraceSegments', '*'),
      contribution('ec2:DescribeInstances', '*'),
      contribution('sts:GetCallerIdentity', '*'),
      contribution('s3:GetObject', 'arn:aws:s3:::example-bucket/a'),
    ]);
    // Then one statement grants them on "*"
    expect(result).toContainEqual({
      actions: ['ec2:DescribeInstances', 'sts:GetCallerIdentity', 'xray:PutTraceSegments'],
      resources: ['*'],
    });
    expect(result.filter((s) => s.resources.includes('*'))).toHaveLength(1);
  });

  it('keeps a PassRole condition and never merges it with an unconditioned statement', () => {
    // Given a role passed to Lambda (conditioned) and another role PassRole'd without a condition
    const result = shapes([
      contribution('iam:PassRole', `${ROLE}/fn-role`, toLambda),
      contribution('iam:PassRole', `${ROLE}/other-role`),
      contribution('iam:PassRole', `${ROLE}/second-fn-role`, toLambda),
    ]);
    // Then the roles passed to Lambda share one conditioned statement, the other stays apart
    expect(result).toEqual([
      { actions: ['iam:PassRole'], resources: [`${ROLE}/other-role`] },
      {
        actions: ['iam:PassRole'],
        resources: [`${ROLE}/fn-role`, `${ROLE}/second-fn-role`],
        condition: toLambda,
      },
    ]);
  });

  it('groups conditioned permissions only with the same condition', () => {
    // Given roles passed to two different services
    const result = shapes([
      contribution('iam:PassRole', `${ROLE}/a`, toLambda),
      contribution('iam:PassRole', `${ROLE}/b`, toStates),
    ]);
    // Then each condition has its own statement
    expect(result).toHaveLength(2);
    expect(result.map((s) => s.condition)).toEqual([toLambda, toStates]);
  });

  it('treats conditions that differ only in order as the same condition', () => {
    const a: ConditionBlock = {
      StringEquals: { 'iam:PassedToService': ['b.amazonaws.com', 'a.amazonaws.com'] },
    };
    const b: ConditionBlock = {
      StringEquals: { 'iam:PassedToService': ['a.amazonaws.com', 'b.amazonaws.com'] },
    };
    expect(
      shapes([contribution('iam:PassRole', `${ROLE}/x`, a), contribution('iam:PassRole', `${ROLE}/y`, b)]),
    ).toEqual([{ actions: ['iam:PassRole'], resources: [`${ROLE}/x`, `${ROLE}/y`], condition: b }]);
  });

  it('keeps every contribution of a statement for its evidence', () => {
    const statements = groupStatements([
      contribution('dynamodb:GetItem', `${T}/Orders`),
      contribution('dynamodb:GetItem', `${T}/Customers`),
    ]);
    expect(statements[0]?.contributions.map((c) => c.resource).sort()).toEqual([
      `${T}/Customers`,
      `${T}/Orders`,
    ]);
  });
});
