/** What the resource policy of a resource type may name (data/resource-policy-rules.json). */

import rules from '../data/resource-policy-rules.json' with { type: 'json' };
import type { CheckContext } from '../define-check.js';

export interface ResourcePolicyRule {
  resourceType: string;
  actions?: string[];
  actionServices?: string[];
  arnServices?: string[];
  conditionServices?: string[];
}

const BY_TYPE = new Map<string, ResourcePolicyRule>(
  (rules.rules as ResourcePolicyRule[]).map((r) => [r.resourceType, r]),
);

export function resourcePolicyRule(ctx: CheckContext): ResourcePolicyRule | undefined {
  if (ctx.policy.policyType !== 'RESOURCE_POLICY' || !ctx.policy.resourceType) return undefined;
  return BY_TYPE.get(ctx.policy.resourceType);
}

/** Resource types that have a rule, for the checks' metadata. */
export const RULED_RESOURCE_TYPES: readonly string[] = [...BY_TYPE.keys()].sort();

const RESOURCE_IMPLIED = new Set<string>(rules.resourceImplied.map((r) => r.resourceType));

/** A resource policy whose statements name no Resource, because it governs only the resource it is attached to. */
export function resourceImplied(ctx: CheckContext): boolean {
  return ctx.policy.policyType === 'RESOURCE_POLICY' && RESOURCE_IMPLIED.has(ctx.policy.resourceType ?? '');
}
