/** The readable result of `validate`: `file:line:col  CODE  message`, grouped per file, then a summary line. */

import { plural } from '../util/words.js';
import type { ValidateResult } from '../validate/validate-policy.js';

export function formatValidateSummary(result: ValidateResult): string {
  const s = result.summary;
  const policies = s.policies === 1 ? '1 policy' : `${s.policies} policies`;
  const checked = `${policies} in ${plural(s.files, 'file')} checked`;
  const extra = [
    s.suppressed > 0 ? `${s.suppressed} suppressed` : '',
    s.ignored > 0 ? `${s.ignored} ignored` : '',
  ].filter(Boolean);
  const tail = extra.length > 0 ? `; ${extra.join(', ')}` : '';
  if (s.findings === 0) return `No findings: ${checked}${tail}.`;
  const types = Object.entries(s.byFindingType)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
  return `${plural(s.findings, 'finding')} (${types}), ${s.blocking} blocking: ${checked}${tail}.`;
}

export function formatValidateText(result: ValidateResult): string {
  const lines: string[] = [];
  let file: string | undefined;
  for (const f of result.findings) {
    if (file !== undefined && f.file !== file) lines.push('');
    file = f.file;
    lines.push(`${f.file}:${f.location.line}:${f.location.column}  ${f.code}  ${f.message}`);
    const where = [f.logicalPath, f.path].filter(Boolean).join(' ');
    if (where) lines.push(`    at ${where}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(formatValidateSummary(result));
  return `${lines.join('\n')}\n`;
}
