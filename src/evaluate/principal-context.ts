/**
 * Condition keys whose values follow from the principal's ARN alone, so a caller that names the
 * principal does not have to repeat them as context. Only what the ARN says for certain: a role
 * session's `aws:PrincipalArn` is its role's ARN, whose path the session ARN does not give, so it is not
 * derived; tags, organization and MFA keys never are.
 */

const ACCOUNT = /^\d{12}$/;
const ARN = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/;

export function principalContext(principal: string): Record<string, string> {
  if (ACCOUNT.test(principal)) {
    return {
      'aws:PrincipalArn': `arn:aws:iam::${principal}:root`,
      'aws:PrincipalAccount': principal,
      'aws:PrincipalType': 'Account',
      'aws:PrincipalIsAWSService': 'false',
    };
  }
  const m = ARN.exec(principal);
  if (!m) {
    // A service principal (`lambda.amazonaws.com`).
    if (!principal.includes(':') && principal.endsWith('.amazonaws.com')) {
      return { 'aws:PrincipalServiceName': principal, 'aws:PrincipalIsAWSService': 'true' };
    }
    return {};
  }
  const [, , service, account, rest] = m as unknown as [string, string, string, string, string];
  const base = { 'aws:PrincipalAccount': account, 'aws:PrincipalIsAWSService': 'false' };
  if (service === 'iam' && rest === 'root') {
    return { ...base, 'aws:PrincipalArn': principal, 'aws:PrincipalType': 'Account' };
  }
  if (service === 'iam' && rest.startsWith('user/')) {
    const name = rest.slice(rest.lastIndexOf('/') + 1);
    return { ...base, 'aws:PrincipalArn': principal, 'aws:PrincipalType': 'User', 'aws:username': name };
  }
  if (service === 'iam' && rest.startsWith('role/')) {
    return { ...base, 'aws:PrincipalArn': principal };
  }
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    return { ...base, 'aws:PrincipalType': 'AssumedRole' };
  }
  if (service === 'sts' && rest.startsWith('federated-user/')) {
    return { ...base, 'aws:PrincipalArn': principal, 'aws:PrincipalType': 'FederatedUser' };
  }
  return base;
}
