/** leastpriv as a library. The CLI is a thin layer over these. */
export type { ActivityRecord, Identity, Outcome } from './normalize/activity-record.js';
export type { Diagnostic } from './normalize/diagnostic.js';
export { formatDiagnostic, UsageError } from './normalize/diagnostic.js';
export { attributeRecord } from './attribute/attribute-record.js';
export { mapOperation } from './mapping/map-operation.js';
export { serviceData, canonicalAction } from './mapping/service-data.js';
export { aggregateUsage } from './aggregate/aggregate-usage.js';
export { synthesizePolicy } from './synthesize/index.js';
export {
  generate,
  type GenerateOptions,
  type GenerateResult,
  type GeneratedPolicy,
} from './pipeline/generate.js';
export type { PolicyDocument, PolicyStatement } from './policy/types.js';
