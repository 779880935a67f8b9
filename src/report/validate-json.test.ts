import { describe, expect, it } from 'vitest';
import { sampleValidateResult as sampleResult } from '../validate/checks/test-helpers.js';
import { formatValidateJson } from './validate-json.js';

describe('validate --json', () => {
  it('prints the DESIGN.md shape: schemaVersion, findings with file, code, type, message, path, line, column', () => {
    // Given a result, When printed as JSON
    const doc = JSON.parse(formatValidateJson(sampleResult()));
    // Then it has the documented keys, in that order, and the summary
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'findings', 'summary']);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.findings[0]).toEqual({
      file: 'templates/app stack.yaml',
      code: 'INVALID_ACTION',
      findingType: 'ERROR',
      message: '`s3:GetObjects` is not an action of Amazon S3; did you mean `s3:GetObject`?',
      path: 'Statement[0].Action[0]',
      line: 8,
      column: 9,
      logicalPath: 'Resources/DeployRole/Properties/Policies/0/PolicyDocument',
      resourceName: 'DeployRole',
      blocking: true,
      checkId: 'invalid-action',
      learnMoreLink:
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action',
    });
    expect(Object.keys(doc.findings[0]).slice(0, 7)).toEqual([
      'file',
      'code',
      'findingType',
      'message',
      'path',
      'line',
      'column',
    ]);
    expect(doc.summary).toEqual({
      policies: 2,
      files: 2,
      findings: 2,
      byFindingType: { ERROR: 1, SECURITY_WARNING: 1, WARNING: 0, SUGGESTION: 0 },
      blocking: 2,
      suppressed: 1,
      ignored: 0,
    });
  });
});
