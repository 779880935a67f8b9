import { defineCheck } from './define-check.js';
import { overQuota, SCP_QUOTA } from './support/policy-size.js';

export default defineCheck({
  id: 'policy-size-exceeds-scp-quota',
  code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Service control policy over its size quota',
  description:
    'A service control policy may have 5,120 characters (white space not counted). Organizations rejects a larger one. Split it into several SCPs.',
  appliesTo: ['SERVICE_CONTROL_POLICY'],
  check(ctx, report) {
    const message = overQuota(ctx, SCP_QUOTA);
    if (message) report({ path: [], message });
  },
});
