/** validate: Access-Analyzer-grade checks of IAM policies found in files. */

export { renderCheckDocs } from './checks/check-docs.js';
export type {
  CheckContext,
  CheckDefinition,
  CheckOptions,
  CheckOrigin,
  Report,
} from './checks/define-check.js';
export { accessAnalyzerLink, defineCheck } from './checks/define-check.js';
export { checks } from './checks/index.js';
export { ENGINE_CODES, runChecks } from './checks/run-checks.js';
export type { ActionGrant, EscalationMethod, RiskClassification } from './risk/index.js';
export { classifyRisk } from './risk/index.js';
export type { Finding, FindingType, LocatedPolicy, PathStep, PolicyType, SourceLocation } from './types.js';
export type { ConfigProblem, Suppression, ValidateConfig } from './validate-config.js';
export {
  CONFIG_FILE_NAMES,
  loadValidateConfig,
  parseValidateConfig,
  ValidateConfigError,
} from './validate-config.js';
export type {
  SuppressedFinding,
  ValidatedFinding,
  ValidateOptions,
  ValidateResult,
  ValidateSummary,
} from './validate-policy.js';
export { DEFAULT_BLOCKING, validateCodes, validatePolicies } from './validate-policy.js';
