export { escapeIamLiteral, unescapeIamLiteral } from '../policy/literal.js';
export { type ArnVariable, classifyResource, type ResourceClass } from './classify-resource.js';
export {
  commonPrefixAtSeparator,
  GENERALIZE_STRATEGIES,
  type GeneralizedResource,
  type GeneralizeOptions,
  type GeneralizeRequest,
  type GeneralizeResult,
  type GeneralizeRule,
  type GeneralizeStrategy,
  generalizeResources,
  loadGeneralizeRules,
  parseGeneralizeTable,
} from './generalize-resources.js';
export { groupStatements } from './group-statements.js';
export { baseSid, compareStatements, nameStatements, sidWords } from './name-statements.js';
export {
  INLINE_ROLE_POLICY_SIZE_LIMIT,
  MANAGED_POLICIES_PER_ROLE,
  MANAGED_POLICY_SIZE_LIMIT,
  packStatements,
  policySize,
  splitStatement,
} from './split-policy.js';
export type { Contribution, DraftStatement, NamedStatement } from './statement.js';
export { synthesizePolicy } from './synthesize-policy.js';
export type { StatementEvidence, SynthesisResult, SynthesizeOptions } from './types.js';
