import { describe, expect, it } from 'vitest';
import { sampleValidateResult as sampleResult } from '../validate/checks/test-helpers.js';
import { formatValidateMarkdown } from './validate-markdown.js';

describe('validate markdown report', () => {
  it('renders a table for a pull-request comment, with suppressions folded away', () => {
    // Given a result, When rendered as Markdown
    const md = formatValidateMarkdown(sampleResult());
    // Then it has a status line, one row per finding with a link to the check, and the suppressed ones
    const lines = md.split('\n');
    expect(lines[0]).toBe('### leastpriv validate: ❌ 2 blocking');
    expect(lines).toContain('| | Type | Code | Where | Finding |');
    const row = lines.find((l) => l.includes('INVALID_ACTION'));
    expect(row).toContain('| ❌ | ERROR | [`INVALID_ACTION`](https://docs.aws.amazon.com/');
    expect(row).toContain('`templates/app stack.yaml:8` DeployRole `Statement[0].Action[0]`');
    expect(md).toContain('<details><summary>1 suppressed</summary>');
    expect(md).toContain('- `MISSING_VERSION` at `policies/read.json:1`: legacy file, version set on upload');
  });

  it('escapes pipes and caps the number of rows', () => {
    const result = sampleResult();
    result.findings[0] = { ...(result.findings[0] as (typeof result.findings)[0]), message: 'a | b' };
    const md = formatValidateMarkdown(result, { maxRows: 1 });
    expect(md).toContain('a \\| b');
    expect(md).toContain('…and 1 more findings');
  });
});
