import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAuthorizationDetails, readAuthorizationDetails } from './authorization-details.js';
import { readPolicyDocument } from './policy-document.js';

const FILE = 'auth.json';
const dump = JSON.parse(
  readFileSync(new URL('./fixtures/authorization-details.json', import.meta.url), 'utf8'),
) as unknown;

function read() {
  return readAuthorizationDetails([{ file: FILE, data: dump }]);
}

describe('readAuthorizationDetails', () => {
  it('recognises a dump by its lists', () => {
    // Given a dump and a policy document
    // Then only the dump is recognised
    expect(isAuthorizationDetails(dump)).toBe(true);
    expect(isAuthorizationDetails({ Version: '2012-10-17', Statement: [] })).toBe(false);
  });

  it("reads a user's inline policy (URL-encoded), group policies and boundary", () => {
    // Given alice with an URL-encoded inline policy, two groups (one missing) and a boundary
    const { principals } = read();
    const alice = principals.find((p) => p.name === 'alice')!;
    // Then her own policy is decoded and named, with where it came from
    expect(alice.kind).toBe('user');
    expect(alice.identityPolicies).toEqual([
      {
        name: 'own-bucket',
        kind: 'inline',
        source: `${FILE} UserDetailList[0].UserPolicyList[0]`,
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*' }],
        },
      },
    ]);
    // And the group's inline and managed policies are hers through the group
    expect(alice.groups).toEqual(['developers', 'auditors']);
    expect(alice.groupPolicies.map((p) => [p.name, p.kind, p.group])).toEqual([
      ['describe-tables', 'group-inline', 'developers'],
      ['app-deploy', 'group-managed', 'developers'],
    ]);
    // And the boundary is the default version of the managed policy
    expect(alice.boundary?.arn).toBe('arn:aws:iam::111122223333:policy/developer-boundary');
  });

  it('reports AWS-managed policies and groups absent from the dump as unknown, never as empty', () => {
    // Given alice attached to ReadOnlyAccess (not in Policies) and in a group the dump lacks
    const { principals, diagnostics } = read();
    const alice = principals.find((p) => p.name === 'alice')!;
    // Then both are unknown grants
    expect(alice.unknownPolicies).toEqual([
      {
        arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        attachedAs: 'managed',
        awsManaged: true,
        source: `${FILE} UserDetailList[0].AttachedManagedPolicies[0]`,
      },
      {
        arn: 'arn:aws:iam::111122223333:group/auditors',
        attachedAs: 'group',
        group: 'auditors',
        awsManaged: false,
        source: `${FILE} UserDetailList[0].GroupList[1]`,
      },
    ]);
    expect(diagnostics.map((d) => d.code)).toContain('unknown-group');
  });

  it("reads a role's trust policy and the default version of its managed policies", () => {
    // Given a role with a path, an attached customer policy whose v2 is the default
    const { principals } = read();
    const role = principals.find((p) => p.kind === 'role')!;
    // Then the ARN keeps the path, and v2 (not v1's `*`) is what is granted
    expect(role.arn).toBe('arn:aws:iam::111122223333:role/service-role/app-function');
    const deploy = role.identityPolicies.find((p) => p.name === 'app-deploy')!;
    expect(deploy.versionId).toBe('v2');
    expect(JSON.stringify(deploy.document)).toContain('lambda:UpdateFunctionCode');
    expect(role.trustPolicy?.document).toMatchObject({
      Statement: [{ Principal: { Service: 'lambda.amazonaws.com' } }],
    });
    // And the AWS-managed policy missing from the dump is unknown
    expect(role.unknownPolicies.map((u) => u.arn)).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
  });

  it('reports a document that cannot be decoded with its JSON path, and keeps the rest', () => {
    // Given a role whose inline policy is truncated
    const { principals, diagnostics } = read();
    // Then the policy is left out with an error naming the path
    const d = diagnostics.find((x) => x.code === 'invalid-policy-document')!;
    expect(d.path).toBe('RoleDetailList[0].RolePolicyList[0].PolicyDocument');
    expect(d.severity).toBe('error');
    expect(principals.find((p) => p.kind === 'role')!.identityPolicies.map((p) => p.name)).toEqual([
      'app-deploy',
    ]);
  });

  it('skips a policy, user or role without Arn with a warning naming its path, and reads the rest', () => {
    // Given a page whose first policy, user and role have no Arn
    const page = {
      Policies: [{ PolicyName: 'no-arn' }],
      UserDetailList: [{ UserName: 'ghost' }, { UserName: 'bob', Arn: 'arn:aws:iam::111122223333:user/bob' }],
      RoleDetailList: [{ RoleName: 'phantom' }],
    };
    // When it is read
    const { principals, diagnostics } = readAuthorizationDetails([{ file: FILE, data: page }]);
    // Then each is skipped with a warning at its path, and bob is still read
    expect(diagnostics.map((d) => [d.severity, d.path, d.message])).toEqual([
      ['warning', 'Policies[0]', 'a policy without Arn: skipped'],
      ['warning', 'UserDetailList[0]', 'a user without Arn: skipped'],
      ['warning', 'RoleDetailList[0]', 'a role without Arn: skipped'],
    ]);
    expect(principals.map((p) => p.name)).toEqual(['bob']);
  });

  it('looks managed policies up across pages', () => {
    // Given the policies in one page and the role in another
    const data = dump as Record<string, unknown>;
    const pages = [
      { file: 'page1.json', data: { RoleDetailList: data.RoleDetailList } },
      { file: 'page2.json', data: { Policies: data.Policies } },
    ];
    // Then the role's managed policy is found
    const { principals } = readAuthorizationDetails(pages);
    expect(principals[0]!.identityPolicies.map((p) => p.name)).toEqual(['app-deploy']);
  });
});

describe('readPolicyDocument', () => {
  it('accepts objects, JSON text and URL-encoded JSON', () => {
    // Given the three forms of one document
    const doc = { Version: '2012-10-17', Statement: [] };
    // Then each reads to the same object
    expect(readPolicyDocument(doc)).toEqual({ kind: 'ok', document: doc });
    expect(readPolicyDocument(JSON.stringify(doc))).toEqual({ kind: 'ok', document: doc });
    expect(readPolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual({
      kind: 'ok',
      document: doc,
    });
    expect(readPolicyDocument(42).kind).toBe('error');
  });
});
