import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessPolicyType, readPolicies } from './index.js';

function read(name: string, options = {}) {
  const file = `fixtures/policies/${name}`;
  return readPolicies(file, readFileSync(new URL(file, import.meta.url), 'utf8'), options);
}

describe('plain policy files', () => {
  it.each([
    ['identity.json', 'IDENTITY_POLICY', undefined],
    ['bucket-policy.json', 'RESOURCE_POLICY', 'AWS::S3::Bucket'],
    ['trust-policy.json', 'RESOURCE_POLICY', 'AWS::IAM::AssumeRolePolicyDocument'],
    ['queue-policy.json', 'RESOURCE_POLICY', undefined],
  ])('guesses the type of %s', (name, policyType, resourceType) => {
    // Given a policy file and no --policy-type, When it is read
    const r = read(name);
    // Then it is one policy of the guessed type, at logical path ''
    expect(r.kind).toBe('policy');
    expect(r.policies).toHaveLength(1);
    expect(r.policies[0]).toMatchObject({ logicalPath: '', policyType });
    expect(r.policies[0]!.resourceType).toBe(resourceType);
    expect(r.policies[0]!.resourceName).toBeUndefined();
  });

  it('says so when it guessed a resource or trust policy', () => {
    expect(read('trust-policy.json').diagnostics).toEqual([
      expect.objectContaining({
        code: 'policy-type-guessed',
        severity: 'notice',
        message: expect.stringContaining('trust policy'),
      }),
    ]);
    expect(read('identity.json').diagnostics).toEqual([]);
  });

  it('takes the type it is told: an SCP looks like an identity policy', () => {
    const r = read('scp.json', { policyType: 'SERVICE_CONTROL_POLICY' });
    expect(r.policies[0]).toMatchObject({ policyType: 'SERVICE_CONTROL_POLICY' });
    expect(r.diagnostics).toEqual([]);
  });

  it('reads a YAML policy file, here an RCP', () => {
    const r = read('rcp.yaml', { policyType: 'RESOURCE_CONTROL_POLICY' });
    expect(r.policies[0]).toMatchObject({ policyType: 'RESOURCE_CONTROL_POLICY' });
    expect(r.policies[0]!.document).toMatchObject({ Statement: [{ Action: ['s3:*', 'sqs:*'] }] });
    expect(r.policies[0]!.locate(['Statement', 0, 'Action', 1])).toMatchObject({ line: 8, column: 9 });
  });

  it('locates values and keys in a JSON policy', () => {
    const p = read('identity.json').policies[0]!;
    expect(p.locate(['Statement', 0, 'Action', 1])).toEqual({
      file: 'fixtures/policies/identity.json',
      line: 7,
      column: 34,
      endLine: 7,
      endColumn: 49,
    });
    expect(p.locate(['Statement', 0, '#Resource'])).toMatchObject({ line: 8, column: 7 });
    expect(p.locate([])).toMatchObject({ line: 1, column: 1 });
  });

  it('reports invalid JSON with its line and column, and no policy', () => {
    const r = read('broken.json');
    expect(r.kind).toBe('unknown');
    expect(r.policies).toEqual([]);
    expect(r.diagnostics).toEqual([
      {
        file: 'fixtures/policies/broken.json',
        line: 4,
        column: 69,
        code: 'invalid-json',
        severity: 'error',
        message: "Not valid JSON: Trailing comma before '}': remove the last ','",
      },
    ]);
  });

  it('reports a file that holds no policy as a notice', () => {
    const r = readPolicies('package.json', '{"name": "x"}');
    expect(r.kind).toBe('unknown');
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['not-a-policy-file', 'notice']]);
  });
});

describe('guessPolicyType', () => {
  it('does not call a policy with other actions a trust policy', () => {
    const g = guessPolicyType({
      Statement: [{ Principal: { AWS: '111122223333' }, Action: ['sts:AssumeRole', 's3:GetObject'] }],
    });
    expect(g).toMatchObject({ policyType: 'RESOURCE_POLICY' });
    expect(g.resourceType).toBeUndefined();
  });
});
