import { defineCheck } from './define-check.js';
import { overQuota, resourceQuota } from './support/policy-size.js';

export default defineCheck({
  id: 'policy-size-exceeds-resource-policy-quota',
  code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Resource policy over its size quota',
  description:
    'Each service limits the size of its resource policies: 20 KB for an S3 bucket policy, 32 KB for a KMS key policy, 8 KB for an SQS queue policy, and so on. The service rejects a larger policy. Shorten it, for example by merging statements.',
  appliesTo: ['RESOURCE_POLICY'],
  check(ctx, report) {
    const message = overQuota(ctx, ctx.isTrustPolicy ? undefined : resourceQuota(ctx.policy.resourceType));
    if (message) report({ path: [], message });
  },
});
