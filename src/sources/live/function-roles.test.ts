import { describe, expect, it } from 'vitest';
import { type RoleClients, readFunctionRole } from './function-roles.js';

const FN = 'arn:aws:lambda:us-east-1:111122223333:function:orders-get';
const ROLE = 'arn:aws:iam::111122223333:role/app/orders-api-role';
const denied = Object.assign(new Error('User is not authorized to perform: iam:GetPolicy'), {
  name: 'AccessDenied',
});

/** Stub clients answering by command name, as the SDK commands are named. */
function clients(answers: Record<string, (input: Record<string, string>) => unknown>): RoleClients {
  const send = async (command: unknown) => {
    const c = command as { constructor: { name: string }; input: Record<string, string> };
    const answer = answers[c.constructor.name.replace(/Command$/, '')];
    if (!answer) throw new Error(`unexpected ${c.constructor.name}`);
    const out = answer(c.input);
    if (out instanceof Error) throw out;
    return out;
  };
  return { lambda: () => ({ send }), iam: { send } };
}

describe('readFunctionRole', () => {
  it('reads the role with its path, inline and managed policies, and names a policy it could not read', async () => {
    // Given a function whose role has one inline policy and two managed ones, one of them unreadable
    const doc = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
    };
    const role = await readFunctionRole(
      FN,
      clients({
        GetFunctionConfiguration: (input) => {
          expect(input.FunctionName).toBe(FN);
          return { Role: ROLE };
        },
        GetRole: () => ({
          Role: { Arn: ROLE, AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc)) },
        }),
        ListRolePolicies: () => ({ PolicyNames: ['inline-one'], IsTruncated: false }),
        GetRolePolicy: () => ({ PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }),
        ListAttachedRolePolicies: () => ({
          AttachedPolicies: [
            { PolicyArn: 'arn:aws:iam::111122223333:policy/readable' },
            { PolicyArn: 'arn:aws:iam::111122223333:policy/secret' },
          ],
        }),
        GetPolicy: (input) =>
          input.PolicyArn?.endsWith('/secret')
            ? denied
            : { Policy: { PolicyName: 'readable', DefaultVersionId: 'v3' } },
        GetPolicyVersion: (input) => {
          expect(input.VersionId).toBe('v3');
          return { PolicyVersion: { Document: encodeURIComponent(JSON.stringify(doc)) } };
        },
      }),
    );
    // Then the role is read as the audit engine reads granted principals
    expect(role.kind).toBe('role');
    if (role.kind !== 'role') return;
    expect(role.principal).toMatchObject({ arn: ROLE, name: 'orders-api-role', kind: 'role' });
    expect(role.principal.identityPolicies.map((p) => [p.name, p.kind, p.versionId])).toEqual([
      ['inline-one', 'inline', undefined],
      ['readable', 'managed', 'v3'],
    ]);
    expect(role.principal.identityPolicies[0]?.document).toEqual(doc);
    // And the unreadable one is unknown, never taken as empty
    expect(role.principal.unknownPolicies).toEqual([
      expect.objectContaining({ arn: 'arn:aws:iam::111122223333:policy/secret', attachedAs: 'managed' }),
    ]);
    expect(role.notes).toEqual([expect.stringContaining('AccessDenied')]);
  });

  it('says why when the function cannot be read', async () => {
    const gone = Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException' });
    const role = await readFunctionRole(FN, clients({ GetFunctionConfiguration: () => gone }));
    expect(role).toEqual({
      kind: 'error',
      message: 'lambda:GetFunctionConfiguration failed: ResourceNotFoundException: Function not found',
    });
  });
});
