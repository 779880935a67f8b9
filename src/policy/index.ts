/** The policy model: IAM policy JSON types, the parser, and its diagnostics. No I/O. */
export {
  formatPolicyDiagnostic,
  type PolicyDiagnostic,
  type PolicyDiagnosticCode,
  type PolicyDiagnosticSeverity,
} from './diagnostics.js';
export type {
  Effect,
  Located,
  ParsedCondition,
  ParsedList,
  ParsedPolicy,
  ParsedPrincipal,
  ParsedPrincipalBlock,
  ParsedStatement,
  PrincipalType,
} from './model.js';
export { type ParsePolicyOptions, type ParsePolicyResult, parsePolicy, parsePolicyText } from './parse.js';
export {
  asArray,
  type ConditionValue,
  type OneOrMany,
  type PolicyCondition,
  type PolicyDocument,
  type PolicyPrincipal,
  type PolicyStatement,
} from './types.js';
