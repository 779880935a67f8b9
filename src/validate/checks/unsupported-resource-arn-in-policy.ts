import { defineCheck } from './define-check.js';
import { isVariableField } from './support/arn.js';
import { RULED_RESOURCE_TYPES, resourcePolicyRule } from './support/resource-policy-rules.js';
import { analyzeResource, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'unsupported-resource-arn-in-policy',
  code: 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Resource ARN that the resource policy of this resource type cannot name',
  description:
    "A resource policy governs its own resource, so its Resource names that resource (a bucket policy names the bucket and its objects, a table policy the table). Remove the ARN of the other resource, or move the statement to that resource's policy.",
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: RULED_RESOURCE_TYPES,
  check(ctx, report) {
    const rule = resourcePolicyRule(ctx);
    if (!rule?.arnServices) return;
    for (const r of resourceValues(ctx)) {
      const a = analyzeResource(r.value);
      if (a.kind !== 'arn' || isVariableField(a.arn.service)) continue;
      if (rule.arnServices.includes(a.arn.service.toLowerCase())) continue;
      report({
        path: r.path,
        message: `\`${r.value}\` is not a resource a ${ctx.policy.resourceType} policy governs (it takes ${rule.arnServices.map((s) => `\`arn:aws:${s}:...\``).join(', ')} ARNs).`,
      });
    }
  },
});
