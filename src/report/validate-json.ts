/** `validate --json`: one document, `{"schemaVersion":1,"findings":[...],"summary":{...}}` (DESIGN.md). */
import type { ValidatedFinding, ValidateResult } from '../validate/validate-policy.js';

export interface ValidateJsonFinding {
  file: string;
  code: string;
  findingType: string;
  message: string;
  path: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  logicalPath: string;
  resourceName?: string;
  blocking: boolean;
  checkId: string;
  learnMoreLink?: string;
}

function jsonFinding(f: ValidatedFinding): ValidateJsonFinding {
  return {
    file: f.file,
    code: f.code,
    findingType: f.findingType,
    message: f.message,
    path: f.path,
    line: f.location.line,
    column: f.location.column,
    ...(f.location.endLine !== undefined ? { endLine: f.location.endLine } : {}),
    ...(f.location.endColumn !== undefined ? { endColumn: f.location.endColumn } : {}),
    logicalPath: f.logicalPath,
    ...(f.resourceName !== undefined ? { resourceName: f.resourceName } : {}),
    blocking: f.blocking,
    checkId: f.checkId,
    ...(f.learnMoreLink !== undefined ? { learnMoreLink: f.learnMoreLink } : {}),
  };
}

export function validateJson(result: ValidateResult): {
  schemaVersion: 1;
  findings: ValidateJsonFinding[];
  summary: ValidateResult['summary'];
} {
  return { schemaVersion: 1, findings: result.findings.map(jsonFinding), summary: result.summary };
}

export function formatValidateJson(result: ValidateResult): string {
  return `${JSON.stringify(validateJson(result), null, 2)}\n`;
}
