/**
 * Resources whose own policy must allow the request even within one account. The IAM user guide
 * (reference_policies_evaluation-logic.md, "Determining whether a request is allowed or denied within an
 * account", step 3): "IAM role trust policies and KMS key policies are exceptions to this logic, because
 * they must explicitly allow access for principals." A key or trust policy that names the account
 * (`arn:aws:iam::111122223333:root`) delegates to the account's identity policies; one that names the
 * principal grants it directly.
 */

/** Actions authorized by a role's trust policy (lower case). */
const TRUST_POLICY_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:setcontext',
  'sts:setsourceidentity',
  'sts:tagsession',
]);
const KMS_KEY = /^arn:[^:]+:kms:[^:]*:\d{12}:key\//;
const IAM_ROLE = /^arn:[^:]+:iam::\d{12}:role\//;

/** Whether the request needs an Allow from the resource's own policy (`action` in lower case). */
export function needsResourcePolicy(action: string, resource: string): boolean {
  if (action.startsWith('kms:')) return KMS_KEY.test(resource);
  if (action.startsWith('sts:')) return TRUST_POLICY_ACTIONS.has(action) && IAM_ROLE.test(resource);
  return false;
}
