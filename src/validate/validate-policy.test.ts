import { describe, expect, it } from 'vitest';
import { defineCheck } from './checks/define-check.js';
import invalidAction from './checks/invalid-action.js';
import missingVersion from './checks/missing-version.js';
import passRoleWithStarInResource from './checks/pass-role-with-star-in-resource.js';
import { policyFromValue } from './checks/test-helpers.js';
import unresolvedValue from './checks/unresolved-value.js';
import { validatePolicies } from './validate-policy.js';

const badAction = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObjects', 'iam:PassRole'], Resource: '*' }],
};

describe('validatePolicies', () => {
  const checks = [invalidAction, missingVersion, passRoleWithStarInResource];

  it('runs the checks and marks ERROR and SECURITY_WARNING as blocking by default', () => {
    // Given a policy with a misspelt action and PassRole on *
    const policy = policyFromValue(badAction, { file: 'iam/deploy.json', resourceName: 'DeployPolicy' });
    // When it is validated
    const result = validatePolicies([policy], { checks });
    // Then both findings are reported, blocking, and counted
    expect(result.findings.map((f) => [f.code, f.blocking])).toEqual([
      ['INVALID_ACTION', true],
      ['PASS_ROLE_WITH_STAR_IN_RESOURCE', true],
    ]);
    expect(result.summary).toEqual({
      policies: 1,
      files: 1,
      findings: 2,
      byFindingType: { ERROR: 1, SECURITY_WARNING: 1, WARNING: 0, SUGGESTION: 0 },
      blocking: 2,
      suppressed: 0,
      ignored: 0,
    });
  });

  it('blocks only the types it is told to', () => {
    const result = validatePolicies([policyFromValue(badAction)], { checks, treatAsBlocking: ['ERROR'] });
    expect(result.findings.map((f) => [f.code, f.blocking])).toEqual([
      ['INVALID_ACTION', true],
      ['PASS_ROLE_WITH_STAR_IN_RESOURCE', false],
    ]);
    expect(result.summary.blocking).toBe(1);
  });

  it('ignores findings by CODE, RESOURCE and RESOURCE.CODE', () => {
    // Given two policies of two resources with the same findings
    const a = policyFromValue(badAction, { file: 't.yaml', resourceName: 'ApiRole' });
    const b = policyFromValue(badAction, { file: 't.yaml', resourceName: 'aws_iam_policy.deploy' });
    const codes = (ignoreFinding: string[]) =>
      validatePolicies([a, b], { checks, ignoreFinding }).findings.map((f) => `${f.resourceName}.${f.code}`);
    // Then a code drops it everywhere, a resource drops all of it, RESOURCE.CODE one finding of one resource
    expect(codes(['INVALID_ACTION'])).toEqual([
      'ApiRole.PASS_ROLE_WITH_STAR_IN_RESOURCE',
      'aws_iam_policy.deploy.PASS_ROLE_WITH_STAR_IN_RESOURCE',
    ]);
    expect(codes(['ApiRole'])).toEqual([
      'aws_iam_policy.deploy.INVALID_ACTION',
      'aws_iam_policy.deploy.PASS_ROLE_WITH_STAR_IN_RESOURCE',
    ]);
    expect(codes(['aws_iam_policy.deploy.INVALID_ACTION'])).toEqual([
      'ApiRole.INVALID_ACTION',
      'ApiRole.PASS_ROLE_WITH_STAR_IN_RESOURCE',
      'aws_iam_policy.deploy.PASS_ROLE_WITH_STAR_IN_RESOURCE',
    ]);
    expect(validatePolicies([a, b], { checks, ignoreFinding: ['ApiRole'] }).summary.ignored).toBe(2);
  });

  it('suppresses with a reason, by code, resource and file glob, until the expiry date', () => {
    // Given a suppression of PassRole for one resource, valid through 2025-06-30
    const policy = policyFromValue(badAction, {
      file: 'templates/ci/deploy.yaml',
      resourceName: 'DeployRole',
    });
    const suppression = {
      code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
      resource: 'DeployRole',
      file: 'templates/**/*.yaml',
      reason: 'passes only roles it creates',
      expires: '2025-06-30',
      location: { file: '.leastpriv.yml', line: 3, column: 5 },
    };
    // When validated on the last valid day
    const before = validatePolicies([policy], { checks, suppressions: [suppression], today: '2025-06-30' });
    // Then the finding is suppressed, with its reason
    expect(before.findings.map((f) => f.code)).toEqual(['INVALID_ACTION']);
    expect(before.suppressed.map((f) => [f.code, f.reason])).toEqual([
      ['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'passes only roles it creates'],
    ]);
    // When validated the day after, Then the finding is back and the expired suppression is a finding itself
    const after = validatePolicies([policy], { checks, suppressions: [suppression], today: '2025-07-01' });
    expect(after.findings.map((f) => [f.file, f.code, f.location.line])).toEqual([
      ['.leastpriv.yml', 'EXPIRED_SUPPRESSION', 3],
      ['templates/ci/deploy.yaml', 'INVALID_ACTION', 7],
      ['templates/ci/deploy.yaml', 'PASS_ROLE_WITH_STAR_IN_RESOURCE', 8],
    ]);
    // And a suppression for another resource or file suppresses nothing
    for (const other of [{ resource: 'OtherRole' }, { file: 'other/*.yaml' }]) {
      const r = validatePolicies([policy], {
        checks,
        suppressions: [{ ...suppression, ...other }],
        today: '2025-01-01',
      });
      expect(r.summary.suppressed).toBe(0);
    }
  });

  it('turns a check that throws into CHECK_FAILED and goes on', () => {
    // Given a check that throws and one that works
    const broken = defineCheck({
      id: 'invalid-effect',
      code: 'INVALID_EFFECT',
      findingType: 'ERROR',
      origin: 'access-analyzer',
      title: 'A check that breaks',
      description: 'Throws.',
      check() {
        throw new Error('boom');
      },
    });
    // When validated
    const result = validatePolicies([policyFromValue(badAction, { file: 'p.json' })], {
      checks: [broken, invalidAction],
    });
    // Then the failure names the check and the file, and the other check still reported
    expect(result.findings.map((f) => f.code)).toEqual(['CHECK_FAILED', 'INVALID_ACTION']);
    expect(result.findings[0]?.message).toContain('`invalid-effect`');
    expect(result.findings[0]?.message).toContain('p.json');
    expect(result.findings[0]?.message).toContain('boom');
  });

  it('reports an unresolved value once and skips only the findings about it', () => {
    // Given a policy whose first action came from an import the reader could not resolve
    const policy = policyFromValue(
      { Statement: [{ Effect: 'Allow', Action: ['imported-value', 's3:GetObjects'], Resource: '*' }] },
      { unresolved: [{ path: ['Statement', 0, 'Action', 0], message: 'Fn::ImportValue SharedAction' }] },
    );
    // When validated
    const result = validatePolicies([policy], { checks: [invalidAction, missingVersion, unresolvedValue] });
    // Then the unresolved value is one finding, its own problems are skipped, the rest is checked
    expect(result.findings.map((f) => [f.code, f.path])).toEqual([
      ['MISSING_VERSION', ''],
      ['UNRESOLVED_VALUE', 'Statement[0].Action[0]'],
      ['INVALID_ACTION', 'Statement[0].Action[1]'],
    ]);
  });

  it('reports a finding of the Fn::If else reading once when the main reading has it at the same place', () => {
    // Given a template policy read twice (every Fn::If true, then false) with the same misspelt action,
    // and a PassRole on * only in the else reading
    const main = policyFromValue(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObjects'], Resource: '*' }] },
      { file: 't.yaml' },
    );
    const orElse = {
      ...policyFromValue(badAction, { file: 't.yaml' }),
      variant: 'Fn::If:else',
      logicalPath: '[Fn::If:else]',
    };
    // When validated
    const result = validatePolicies([main, orElse], { checks });
    // Then the shared finding is reported once, from the main reading, and the else-only one is kept
    expect(result.findings.map((f) => [f.code, f.logicalPath])).toEqual([
      ['INVALID_ACTION', ''],
      ['PASS_ROLE_WITH_STAR_IN_RESOURCE', '[Fn::If:else]'],
    ]);
  });

  it('orders findings by file, line and column', () => {
    const a = policyFromValue(badAction, { file: 'b.json' });
    const b = policyFromValue(badAction, { file: 'a.json' });
    const files = validatePolicies([a, b], { checks }).findings.map((f) => f.file);
    expect(files).toEqual(['a.json', 'a.json', 'b.json', 'b.json']);
  });
});
