/**
 * Problems found while reading or compiling a policy, returned as values. Codes are stable and meant for
 * machines (tests assert them); messages are one line for people. Every diagnostic names the JSON path of
 * the problem, and the line and column when the policy came from text.
 */

export type PolicyDiagnosticCode =
  // reading the JSON
  | 'invalid-json'
  | 'duplicate-key'
  // the document
  | 'not-an-object'
  | 'invalid-type'
  | 'unknown-element'
  | 'missing-version'
  | 'invalid-version'
  | 'old-version'
  | 'missing-statement'
  | 'empty-element'
  // a statement
  | 'duplicate-sid'
  | 'missing-effect'
  | 'invalid-effect'
  | 'missing-action'
  | 'action-and-notaction'
  | 'invalid-action'
  | 'missing-resource'
  | 'resource-and-notresource'
  | 'resource-not-arn'
  | 'principal-and-notprincipal'
  | 'unknown-principal-type'
  | 'principal-wildcard'
  // compiling for a policy type
  | 'principal-not-allowed'
  | 'missing-principal'
  | 'id-not-allowed'
  | 'statement-skipped'
  // conditions and variables
  | 'unknown-condition-operator'
  | 'condition-operator-case'
  | 'invalid-condition-qualifier'
  | 'invalid-condition-value'
  | 'invalid-variable';

export type PolicyDiagnosticSeverity = 'error' | 'warning';

export interface PolicyDiagnostic {
  code: PolicyDiagnosticCode;
  /** `error`: AWS would reject the policy or the engine cannot evaluate that part. `warning`: accepted but suspect. */
  severity: PolicyDiagnosticSeverity;
  /** One line a person can act on. */
  message: string;
  /** JSON path: `Statement[1].Action[0]`; `Statement[0].#Principal` when the key itself is wrong; '' is the document. */
  path: string;
  /** File name or other label given by the caller. */
  source?: string;
  /** 1-based, when the policy was read from text. */
  line?: number;
  /** 1-based, when the policy was read from text. */
  column?: number;
}

/** `policy.json:12:5 at Statement[1].Action[0]: error: ...` */
export function formatPolicyDiagnostic(d: PolicyDiagnostic): string {
  let where = d.source ?? '<policy>';
  if (d.line !== undefined) where += `:${d.line}${d.column !== undefined ? `:${d.column}` : ''}`;
  if (d.path !== '') where += ` at ${d.path}`;
  return `${where}: ${d.severity}: ${d.message} [${d.code}]`;
}
