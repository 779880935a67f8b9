import { defineCheck } from './define-check.js';
import { RULED_RESOURCE_TYPES, resourcePolicyRule } from './support/resource-policy-rules.js';
import { isFederationKeyPrefix } from './support/service-index.js';

export default defineCheck({
  id: 'irrelevant-condition-key-in-policy',
  code: 'IRRELEVANT_CONDITION_KEY_IN_POLICY',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Condition key of another service in a resource policy',
  description:
    "A resource policy is evaluated for requests to its own service, so a condition key of another service (an `ec2:` key in a bucket policy) is never in the request. Remove it, or use a key of the resource's service or a global key.",
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: RULED_RESOURCE_TYPES,
  check(ctx, report) {
    const rule = resourcePolicyRule(ctx);
    const services = rule?.conditionServices;
    if (!services) return;
    for (const st of ctx.statements) {
      for (const c of st.conditions) {
        const colon = c.key.indexOf(':');
        if (colon <= 0) continue;
        const prefix = c.key.slice(0, colon).toLowerCase();
        if (prefix === 'aws' || services.includes(prefix)) continue;
        if (ctx.isTrustPolicy && isFederationKeyPrefix(prefix)) continue;
        if (!ctx.index.hasService(prefix)) continue; // invalid-service
        report({
          path: c.keyPath,
          key: true,
          message: `\`${c.key}\` belongs to ${ctx.data.serviceName(prefix) ?? prefix} and is never in a request to a ${ctx.policy.resourceType}; remove it or use a key of ${services.map((s) => `\`${s}:\``).join(', ')} or a global key.`,
        });
      }
    }
  },
});
