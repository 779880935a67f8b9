export type {
  ActionGrant,
  ClassifyRiskOptions,
  EscalationMethod,
  RiskClassification,
} from './classify-risk.js';
export {
  allowedBy,
  CREDENTIALS_EXPOSURE_ACTIONS,
  classifyRisk,
  DATA_EXFILTRATION_ACTIONS,
  ESCALATION_METHODS,
} from './classify-risk.js';
