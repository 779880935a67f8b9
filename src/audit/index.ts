/** Granted vs used: unused, over-broad, unprovable and risky grants, and a proven replacement policy. */
export { isAnyResource, patternContains, patternsIntersect, substituteVariables } from './arn-pattern.js';
export { type AuditOptions, auditPrincipals, observedOf } from './audit-principals.js';
export { DataEventCoverage, DataEventTable, dataEventTable } from './data-events.js';
export { actionAppliesTo, expandGrants, type GrantRow } from './expand-grants.js';
export { PrincipalPolicies } from './policy-set.js';
export {
  conditionContext,
  type ObservedPermission,
  pairContained,
  proveReplacement,
} from './prove-replacement.js';
export { compareFindings, RISK_CATEGORIES, severityRank } from './risk.js';
export type {
  AuditResult,
  AuditSummary,
  DeniedFinding,
  GrantSource,
  NotGrantedUse,
  OverbroadGrant,
  PrincipalAudit,
  ReplacementProof,
  RiskCategory,
  RiskFinding,
  Severity,
  UnprovableGrant,
  UnusedGrant,
} from './types.js';
export { SEVERITIES } from './types.js';
