/** Policy size as IAM counts it (characters without white space) and the quota of each policy kind. */

import quotas from '../data/policy-size-quotas.json' with { type: 'json' };
import type { CheckContext } from '../define-check.js';

export interface Quota {
  kind: string;
  quota: number;
}

export function policySize(document: unknown): number {
  return JSON.stringify(document).replace(/\s+/g, '').length;
}

export function identityQuota(resourceType: string | undefined): Quota {
  const hit = resourceType ? quotas.identity.find((q) => q.carriers.includes(resourceType)) : undefined;
  return hit ?? quotas.identityDefault;
}

export function resourceQuota(resourceType: string | undefined): Quota | undefined {
  return resourceType ? quotas.resource.find((q) => q.resourceType === resourceType) : undefined;
}

export const TRUST_QUOTA: Quota = quotas.trust;
export const SCP_QUOTA: Quota = quotas.serviceControl;
export const RCP_QUOTA: Quota = quotas.resourceControl;

/** Report when the document is over the quota; the message says by how much. */
export function overQuota(ctx: CheckContext, quota: Quota | undefined): string | undefined {
  if (!quota || !ctx.view.root) return undefined;
  const json = JSON.stringify(ctx.view.document);
  if (json.length <= quota.quota) return undefined; // white space only makes it longer
  const size = json.replace(/\s+/g, '').length;
  if (size <= quota.quota) return undefined;
  return `The policy has ${size} characters without white space, over the ${quota.quota} allowed for a ${quota.kind} (by ${size - quota.quota}); split it, or merge statements and use wildcards where they stay precise.`;
}
