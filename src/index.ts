/** leastpriv as a library. The CLI is a thin layer over these. */

export { aggregateUsage } from './aggregate/aggregate-usage.js';
export { attributeRecord } from './attribute/attribute-record.js';
export { type AuditOptions, type AuditResult, auditPrincipals, type PrincipalAudit } from './audit/index.js';
export { type GrantedInput, loadGranted, readAuthorizationDetails, readGranted } from './granted/index.js';
export { mapOperation } from './mapping/map-operation.js';
export { canonicalAction, serviceData } from './mapping/service-data.js';
export type { ActivityRecord, Identity, Outcome } from './normalize/activity-record.js';
export type { Diagnostic } from './normalize/diagnostic.js';
export { formatDiagnostic, UsageError } from './normalize/diagnostic.js';
export {
  type GeneratedPolicy,
  type GenerateOptions,
  type GenerateResult,
  generate,
} from './pipeline/generate.js';
export type { PolicyDocument, PolicyStatement } from './policy/types.js';
export { synthesizePolicy } from './synthesize/index.js';
