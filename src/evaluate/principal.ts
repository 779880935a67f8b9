/**
 * Principal and NotPrincipal. A principal element names principals exactly; IAM has no partial
 * wildcards here, only `"*"` (or `{"AWS": "*"}`) for everyone.
 *
 * How a request's principal matches an element:
 * - `any`: the element is `*`;
 * - `exact`: the element names this principal (ARN compared case-sensitively; service principals
 *   case-insensitively);
 * - `role`: the request comes from a role session (`arn:aws:sts::…:assumed-role/app/s1`) and the element
 *   names the role (`arn:aws:iam::…:role/path/app`, matched by account and role name, as role names are
 *   unique in an account whatever their path); such grants are limited like grants to the role;
 * - `account`: the element names the principal's account (`111122223333` or `arn:aws:iam::111122223333:root`),
 *   which delegates to that account's own policies rather than granting the principal directly.
 */
import type { ParsedPrincipal } from '../policy/model.js';

export type PrincipalMatch = 'any' | 'exact' | 'role' | 'account';

/** What kind of principal makes the request; decides how a resource policy's Allow combines with the rest. */
export type PrincipalKind =
  | 'user'
  | 'role'
  | 'role-session'
  | 'federated-user'
  | 'root'
  | 'service'
  | 'unknown';

export interface CompiledPrincipal {
  any: boolean;
  exact: Set<string>;
  accounts: Set<string>;
  services: Set<string>;
  /** `account/role-name` of every role ARN named, to match that role's sessions. */
  roles: Set<string>;
}

const ACCOUNT = /^\d{12}$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
const ROLE_ARN = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const SESSION_ARN = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;

export function compilePrincipal(p: ParsedPrincipal): CompiledPrincipal {
  const out: CompiledPrincipal = {
    any: false,
    exact: new Set(),
    accounts: new Set(),
    services: new Set(),
    roles: new Set(),
  };
  if (p.kind === 'any') {
    out.any = true;
    return out;
  }
  for (const entry of p.entries) {
    for (const { value } of entry.values) {
      switch (entry.type) {
        case 'AWS': {
          if (value === '*') out.any = true;
          else if (ACCOUNT.test(value)) out.accounts.add(value);
          else {
            const root = ROOT_ARN.exec(value);
            if (root) out.accounts.add(root[1]!);
            else out.exact.add(value);
            const role = ROLE_ARN.exec(value);
            if (role) out.roles.add(`${role[1]}/${role[2]}`);
          }
          break;
        }
        case 'Service':
          out.services.add(value.toLowerCase());
          break;
        case 'Federated':
        case 'CanonicalUser':
          out.exact.add(value);
          break;
      }
    }
  }
  return out;
}

/** The account of an ARN or bare account id, if any. */
export function principalAccount(principal: string): string | undefined {
  if (ACCOUNT.test(principal)) return principal;
  if (!principal.startsWith('arn:')) return undefined;
  const parts = principal.split(':', 5);
  const account = parts[4];
  return account && ACCOUNT.test(account) ? account : undefined;
}

/** The account field of an ARN when it is an account id (`arn:aws:sqs:us-east-1:111122223333:q`), else undefined. */
export function arnAccount(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  let from = 0;
  for (let k = 0; k < 4; k++) {
    const i = arn.indexOf(':', from);
    if (i < 0) return undefined;
    from = i + 1;
  }
  const end = arn.indexOf(':', from);
  if (end < 0) return undefined;
  const account = arn.slice(from, end);
  return ACCOUNT.test(account) ? account : undefined;
}

export function matchPrincipal(p: CompiledPrincipal, principal: string): PrincipalMatch | undefined {
  if (p.any) return 'any';
  if (p.exact.has(principal)) return 'exact';
  if (p.services.size > 0 && p.services.has(principal.toLowerCase())) return 'exact';
  if (p.roles.size > 0) {
    const session = SESSION_ARN.exec(principal);
    if (session && p.roles.has(`${session[1]}/${session[2]}`)) return 'role';
  }
  if (p.accounts.size > 0) {
    const account = principalAccount(principal);
    if (account !== undefined && p.accounts.has(account)) {
      // The account's root is the account itself.
      return ACCOUNT.test(principal) || ROOT_ARN.test(principal) ? 'exact' : 'account';
    }
  }
  return undefined;
}

/**
 * Whether a NotPrincipal element spares the principal. AWS checks the principal's chain (its account, then
 * for a role session the role, then the principal itself) and each link must be named, else the Deny
 * reaches that link and so the principal: an account entry alone does not spare the users and sessions
 * in it, a role alone does not spare its sessions, a user or session without its account is not spared.
 * `*` spares everyone; a service, federated or canonical principal is spared when named.
 */
export function sparedByNotPrincipal(p: CompiledPrincipal, principal: string): boolean {
  if (p.any) return true;
  if (p.services.size > 0 && p.services.has(principal.toLowerCase())) return true;
  const account = principalAccount(principal);
  if (account === undefined) return p.exact.has(principal);
  if (!p.accounts.has(account)) return false;
  if (ACCOUNT.test(principal) || ROOT_ARN.test(principal)) return true;
  if (!p.exact.has(principal)) return false;
  const session = SESSION_ARN.exec(principal);
  return session === null || p.roles.has(`${session[1]}/${session[2]}`);
}

export function principalKind(principal: string | undefined): PrincipalKind {
  if (principal === undefined) return 'unknown';
  if (ACCOUNT.test(principal) || ROOT_ARN.test(principal)) return 'root';
  const m = /^arn:[^:]+:(iam|sts)::\d{12}:([a-z-]+)\//.exec(principal);
  if (m) {
    const [, service, type] = m;
    if (service === 'iam' && type === 'user') return 'user';
    if (service === 'iam' && type === 'role') return 'role';
    if (service === 'sts' && type === 'assumed-role') return 'role-session';
    if (service === 'sts' && type === 'federated-user') return 'federated-user';
  }
  if (!principal.includes(':') && principal.includes('.')) return 'service';
  return 'unknown';
}
