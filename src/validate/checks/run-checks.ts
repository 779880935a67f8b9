/**
 * Run checks over one policy. A check that throws does not stop the run: it becomes a CHECK_FAILED
 * finding that names the check and the file.
 */
import type { ServiceData } from '../../mapping/service-data.js';
import type { Finding, FindingType, LocatedPolicy } from '../types.js';
import {
  type CheckContext,
  type CheckDefinition,
  type CheckOptions,
  checkApplies,
  type ReportInput,
  TRUST_POLICY,
} from './define-check.js';
import { buildPolicyView, formatPath } from './support/policy-view.js';
import { ServiceIndex } from './support/service-index.js';

/** Codes the engine itself emits, documented beside the checks. */
export const ENGINE_CODES: readonly {
  code: string;
  findingType: FindingType;
  title: string;
  description: string;
}[] = [
  {
    code: 'CHECK_FAILED',
    findingType: 'ERROR',
    title: 'A check failed on this policy',
    description:
      'A check threw an error on this policy. The other checks still ran. This is a bug in leastpriv: please report it with the policy.',
  },
  {
    code: 'EXPIRED_SUPPRESSION',
    findingType: 'WARNING',
    title: 'A suppression in .leastpriv.yml has expired',
    description:
      'The suppression no longer hides the findings it names. Fix the findings, or renew the suppression with a new date and reason.',
  },
];

export function buildContext(policy: LocatedPolicy, data: ServiceData, options: CheckOptions): CheckContext {
  const view = buildPolicyView(policy.document);
  return {
    policy,
    view,
    statements: view.statements,
    data,
    index: ServiceIndex.of(data),
    options,
    isTrustPolicy: policy.policyType === 'RESOURCE_POLICY' && policy.resourceType === TRUST_POLICY,
    cache: new Map(),
  };
}

export function makeFinding(
  policy: LocatedPolicy,
  check: Pick<CheckDefinition, 'id' | 'code' | 'findingType' | 'learnMoreLink'>,
  input: ReportInput,
): Finding {
  const finding: Finding = {
    file: policy.file,
    code: check.code,
    findingType: check.findingType,
    message: input.message,
    path: formatPath(input.path, input.key),
    location: policy.locate([...input.path]),
    logicalPath: policy.logicalPath,
    checkId: check.id,
  };
  if (policy.resourceName !== undefined) finding.resourceName = policy.resourceName;
  if (check.learnMoreLink) finding.learnMoreLink = check.learnMoreLink;
  return finding;
}

const applicable = new WeakMap<readonly CheckDefinition[], Map<string, CheckDefinition[]>>();

/** The checks that run on this kind of policy, worked out once per policy type and resource type. */
function checksFor(checks: readonly CheckDefinition[], policy: LocatedPolicy): CheckDefinition[] {
  let byKind = applicable.get(checks);
  if (!byKind) {
    byKind = new Map();
    applicable.set(checks, byKind);
  }
  const key = `${policy.policyType}\u0000${policy.resourceType ?? ''}`;
  let list = byKind.get(key);
  if (!list) {
    list = checks.filter((c) => checkApplies(c, policy));
    byKind.set(key, list);
  }
  return list;
}

/** Run the checks that apply to the policy; findings in check order, then report order. */
export function runChecks(
  policy: LocatedPolicy,
  checks: readonly CheckDefinition[],
  data: ServiceData,
  options: CheckOptions,
): Finding[] {
  const ctx = buildContext(policy, data, options);
  const findings: Finding[] = [];
  let current = checks[0] as CheckDefinition;
  const report = (input: ReportInput) => {
    findings.push(makeFinding(policy, current, input));
  };
  for (const check of checksFor(checks, policy)) {
    current = check;
    const before = findings.length;
    try {
      check.check(ctx, report);
    } catch (error) {
      findings.length = before; // what it reported before it failed is not trusted
      const reason = error instanceof Error ? error.message : String(error);
      findings.push(
        makeFinding(
          policy,
          { id: check.id, code: 'CHECK_FAILED', findingType: 'ERROR' },
          {
            path: [],
            message: `check \`${check.id}\` failed on this policy in ${policy.file}: ${reason}. The other checks still ran; this is a bug in leastpriv, please report it.`,
          },
        ),
      );
    }
  }
  return findings;
}
