/** What a principal value names: an account, a role, a service, an identity provider. */
import { isParsedArn, parseArn } from './arn.js';

/** The account a principal value belongs to: `111122223333`, or the account field of an IAM/STS ARN. */
export function accountOfPrincipal(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  if (!value.startsWith('arn:')) return undefined;
  const arn = parseArn(value);
  if (!isParsedArn(arn)) return undefined;
  return /^\d{12}$/.test(arn.account) ? arn.account : undefined;
}

/** `token.actions.githubusercontent.com` for an OIDC provider ARN or a provider domain; undefined for SAML. */
export function oidcProviderOf(federated: string): string | undefined {
  const m = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(.+)$/.exec(federated);
  if (m) return m[1];
  if (federated.includes(':')) return undefined;
  return federated;
}

export function isSamlProvider(federated: string): boolean {
  return /^arn:[^:]+:iam::[^:]*:saml-provider\/.+$/.test(federated);
}

export const GITHUB_OIDC = 'token.actions.githubusercontent.com';
