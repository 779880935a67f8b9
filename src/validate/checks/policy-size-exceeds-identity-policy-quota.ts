import { defineCheck } from './define-check.js';
import { identityQuota, overQuota } from './support/policy-size.js';

export default defineCheck({
  id: 'policy-size-exceeds-identity-policy-quota',
  code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Identity policy over its size quota',
  description:
    'IAM limits the size of identity policies (white space not counted): 6,144 characters for a managed policy; for inline policies 2,048 per user, 5,120 per group and 10,240 per role, all inline policies of the identity together. IAM rejects a larger policy. Split it into several managed policies.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    const message = overQuota(ctx, identityQuota(ctx.policy.resourceType));
    if (message) report({ path: [], message });
  },
});
