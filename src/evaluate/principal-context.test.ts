import { describe, expect, it } from 'vitest';
import { principalContext } from './principal-context.js';

describe('principalContext', () => {
  it('derives the keys an IAM user ARN states for certain', () => {
    // Given an IAM user with a path, When its context is derived, Then the name is the last part
    expect(principalContext('arn:aws:iam::111122223333:user/division/alice')).toEqual({
      'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/division/alice',
      'aws:PrincipalAccount': '111122223333',
      'aws:PrincipalType': 'User',
      'aws:PrincipalIsAWSService': 'false',
      'aws:username': 'alice',
    });
  });

  it("does not guess a role session's aws:PrincipalArn, whose role path the session ARN does not give", () => {
    const ctx = principalContext('arn:aws:sts::111122223333:assumed-role/app/session-1');
    expect(ctx).toEqual({
      'aws:PrincipalAccount': '111122223333',
      'aws:PrincipalType': 'AssumedRole',
      'aws:PrincipalIsAWSService': 'false',
    });
  });

  it('treats an account id and the root ARN as the account, and names service principals', () => {
    expect(principalContext('111122223333')['aws:PrincipalArn']).toBe('arn:aws:iam::111122223333:root');
    expect(principalContext('arn:aws:iam::111122223333:root')['aws:PrincipalType']).toBe('Account');
    expect(principalContext('arn:aws:sts::111122223333:federated-user/dana')['aws:PrincipalType']).toBe(
      'FederatedUser',
    );
    expect(principalContext('lambda.amazonaws.com')).toEqual({
      'aws:PrincipalServiceName': 'lambda.amazonaws.com',
      'aws:PrincipalIsAWSService': 'true',
    });
    expect(principalContext('not a principal')).toEqual({});
  });
});
