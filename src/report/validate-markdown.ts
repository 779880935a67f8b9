/** `validate --format markdown`: a table for a pull-request comment. */
import type { ValidateResult } from '../validate/validate-policy.js';
import { formatValidateSummary } from './validate-text.js';

export interface ValidateMarkdownOptions {
  /** Rows shown at most; the rest is counted. Default 100 (comments have a size limit). */
  maxRows?: number;
}

/** Text safe in a table cell: pipes escaped, new lines flattened. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function formatValidateMarkdown(
  result: ValidateResult,
  options: ValidateMarkdownOptions = {},
): string {
  const max = options.maxRows ?? 100;
  const s = result.summary;
  const status =
    s.blocking > 0
      ? `❌ ${s.blocking} blocking`
      : s.findings > 0
        ? '⚠️ no blocking findings'
        : '✅ no findings';
  const lines = [`### leastpriv validate: ${status}`, '', formatValidateSummary(result), ''];
  if (result.findings.length > 0) {
    lines.push('| | Type | Code | Where | Finding |', '|---|---|---|---|---|');
    for (const f of result.findings.slice(0, max)) {
      const code = f.learnMoreLink ? `[\`${f.code}\`](${f.learnMoreLink})` : `\`${f.code}\``;
      const where = `\`${cell(f.file)}:${f.location.line}\`${f.resourceName ? ` ${cell(f.resourceName)}` : ''}${f.path ? ` \`${cell(f.path)}\`` : ''}`;
      lines.push(
        `| ${f.blocking ? '❌' : ''} | ${f.findingType} | ${code} | ${where} | ${cell(f.message)} |`,
      );
    }
    if (result.findings.length > max)
      lines.push('', `…and ${result.findings.length - max} more findings (see the full report).`);
  }
  if (result.suppressed.length > 0) {
    lines.push('', `<details><summary>${result.suppressed.length} suppressed</summary>`, '');
    for (const f of result.suppressed.slice(0, max)) {
      lines.push(`- \`${f.code}\` at \`${cell(f.file)}:${f.location.line}\`: ${cell(f.reason)}`);
    }
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}
