import { describe, expect, it } from 'vitest';
import { sampleValidateResult as sampleResult } from '../validate/checks/test-helpers.js';
import { formatValidateText } from './validate-text.js';

describe('validate text report', () => {
  it('prints file:line:col  CODE  message per finding, grouped per file, then a summary', () => {
    // Given a result with findings in a template
    const text = formatValidateText(sampleResult());
    // Then each finding is a line an editor can open, with the logical path under it
    expect(text).toBe(
      [
        'templates/app stack.yaml:8:9  INVALID_ACTION  `s3:GetObjects` is not an action of Amazon S3; did you mean `s3:GetObject`?',
        '    at Resources/DeployRole/Properties/Policies/0/PolicyDocument Statement[0].Action[0]',
        'templates/app stack.yaml:9:9  PASS_ROLE_WITH_STAR_IN_RESOURCE  `iam:PassRole` allows `iam:PassRole` on `"*"`, so the principal can pass any role, including administrator roles, to any service, which then acts with that role; name the resources and add a condition.',
        '    at Resources/DeployRole/Properties/Policies/0/PolicyDocument Statement[0].Action[1]',
        '',
        '2 findings (1 ERROR, 1 SECURITY_WARNING), 2 blocking: 2 policies in 2 files checked; 1 suppressed.',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    const empty = sampleResult();
    empty.findings = [];
    empty.summary = { ...empty.summary, findings: 0, blocking: 0, suppressed: 0 };
    expect(formatValidateText(empty)).toBe('No findings: 2 policies in 2 files checked.\n');
  });
});
