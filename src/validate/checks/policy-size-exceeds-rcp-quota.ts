import { defineCheck } from './define-check.js';
import { overQuota, RCP_QUOTA } from './support/policy-size.js';

export default defineCheck({
  id: 'policy-size-exceeds-rcp-quota',
  code: 'POLICY_SIZE_EXCEEDS_RCP_QUOTA',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Resource control policy over its size quota',
  description:
    'A resource control policy may have 5,120 characters (white space not counted). Organizations rejects a larger one. Split it into several RCPs.',
  appliesTo: ['RESOURCE_CONTROL_POLICY'],
  check(ctx, report) {
    const message = overQuota(ctx, RCP_QUOTA);
    if (message) report({ path: [], message });
  },
});
