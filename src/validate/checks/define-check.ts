/**
 * What a check is: its metadata (the one place its prose lives; docs, SARIF rules and messages' links come
 * from here) and a function that judges one policy and reports findings by JSON path.
 */
import type { ServiceData } from '../../mapping/service-data.js';
import type { FindingType, LocatedPolicy, PathStep, PolicyType } from '../types.js';
import type { PolicyView, StatementView } from './support/policy-view.js';
import type { ServiceIndex } from './support/service-index.js';

/** Who defined the issue code: IAM Access Analyzer (same code, same meaning) or leastpriv (ours). */
export type CheckOrigin = 'access-analyzer' | 'leastpriv';

export interface CheckOptions {
  /** Accounts (12 digits) whose principals are not external. */
  allowExternalPrincipals: readonly string[];
  /** The account that owns the policies, when known: its principals are not external either. */
  accountId?: string;
}

export interface CheckContext {
  policy: LocatedPolicy;
  view: PolicyView;
  /** The raw statements with their paths. */
  statements: readonly StatementView[];
  data: ServiceData;
  index: ServiceIndex;
  options: CheckOptions;
  /** A role trust policy: RESOURCE_POLICY of type AWS::IAM::AssumeRolePolicyDocument. */
  isTrustPolicy: boolean;
  /** Per-policy memory of the shared helpers in support/ (see support/memo.ts); checks do not use it directly. */
  cache: Map<string, unknown>;
}

export interface ReportInput {
  path: readonly PathStep[];
  /** The finding is about the key at the end of the path, not its value (`Statement[0].#Acton`). */
  key?: boolean;
  message: string;
}

export type Report = (finding: ReportInput) => void;

export interface CheckDefinition {
  /** Kebab-case of the code, and the file name: `invalid-action`. */
  id: string;
  /** `INVALID_ACTION` */
  code: string;
  findingType: FindingType;
  origin: CheckOrigin;
  /** One line: what is wrong. */
  title: string;
  /** Why it matters and what to do. */
  description: string;
  learnMoreLink?: string;
  /** Policy types it runs on; all when absent. */
  appliesTo?: readonly PolicyType[];
  /** Resource types (Access Analyzer's validatePolicyResourceType) it runs on; all when absent. */
  resourceTypes?: readonly string[];
  check(ctx: CheckContext, report: Report): void;
}

export const TRUST_POLICY = 'AWS::IAM::AssumeRolePolicyDocument';

const AA_DOCS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';
const AA_SECTION: Record<FindingType, string> = {
  ERROR: 'error',
  SECURITY_WARNING: 'security-warning',
  WARNING: 'general-warning',
  SUGGESTION: 'suggestion',
};

/** The Access Analyzer reference anchor of a code: the section title is the code in words. */
export function accessAnalyzerLink(code: string, findingType: FindingType): string {
  return `${AA_DOCS}#access-analyzer-reference-policy-checks-${AA_SECTION[findingType]}-${code.toLowerCase().replace(/_/g, '-')}`;
}

export function checkIdOf(code: string): string {
  return code.toLowerCase().replace(/_/g, '-');
}

/** Declare a check. The id is derived from the code; Access Analyzer checks link to its reference. */
export function defineCheck(def: Omit<CheckDefinition, 'id'> & { id?: string }): CheckDefinition {
  const id = def.id ?? checkIdOf(def.code);
  const learnMoreLink =
    def.learnMoreLink ??
    (def.origin === 'access-analyzer' ? accessAnalyzerLink(def.code, def.findingType) : undefined);
  const out: CheckDefinition = { ...def, id };
  if (learnMoreLink) out.learnMoreLink = learnMoreLink;
  return out;
}

/** Does the check run on this policy? */
export function checkApplies(check: CheckDefinition, policy: LocatedPolicy): boolean {
  if (check.appliesTo && !check.appliesTo.includes(policy.policyType)) return false;
  if (check.resourceTypes && !check.resourceTypes.includes(policy.resourceType ?? '')) return false;
  return true;
}
