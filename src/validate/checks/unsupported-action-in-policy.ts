import { defineCheck } from './define-check.js';
import { actionValues } from './support/actions.js';
import { RULED_RESOURCE_TYPES, resourcePolicyRule } from './support/resource-policy-rules.js';
import { isStarAction } from './support/statements.js';
import { hasWildcard } from './support/wildcard.js';

export default defineCheck({
  id: 'unsupported-action-in-policy',
  code: 'UNSUPPORTED_ACTION_IN_POLICY',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Action that the resource policy of this resource type cannot grant',
  description:
    'A resource policy only governs actions on its own resource: a bucket policy takes `s3:` actions, a queue policy `sqs:` actions, a role trust policy only `sts:AssumeRole*`, `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`. Move other actions to an identity policy.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: RULED_RESOURCE_TYPES,
  check(ctx, report) {
    const rule = resourcePolicyRule(ctx);
    if (!rule) return;
    for (const a of actionValues(ctx)) {
      if (isStarAction(a.value) || a.service === undefined || a.name === undefined || hasWildcard(a.service))
        continue;
      const service = a.service.toLowerCase();
      const serviceOk = rule.actionServices?.includes(service) ?? true;
      const actionOk =
        !rule.actions ||
        hasWildcard(a.name) ||
        rule.actions.some((x) => x.toLowerCase() === a.value.toLowerCase());
      if (serviceOk && actionOk) continue;
      const allowed = rule.actions
        ? rule.actions.map((x) => `\`${x}\``).join(', ')
        : (rule.actionServices ?? []).map((s) => `\`${s}:\``).join(', ');
      report({
        path: a.path,
        message: `\`${a.value}\` cannot be granted in a ${ctx.policy.resourceType} policy, which takes ${allowed} actions; move it to an identity policy.`,
      });
    }
  },
});
