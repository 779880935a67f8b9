import { defineCheck, TRUST_POLICY } from './define-check.js';
import { overQuota, TRUST_QUOTA } from './support/policy-size.js';

export default defineCheck({
  id: 'policy-size-exceeds-role-trust-policy-quota',
  code: 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Role trust policy over its size quota',
  description:
    'A role trust policy may have 2,048 characters (white space not counted) unless the account quota was raised (up to 8,192). IAM rejects a larger one. Shorten it, or request a higher quota.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    const message = overQuota(ctx, TRUST_QUOTA);
    if (message) report({ path: [], message });
  },
});
