/**
 * What principals are granted: their identity policies (own and from groups), permissions boundary and trust
 * policy, each named and with the place it was read from. Produced by the readers in this folder from an
 * account authorization dump (GetAccountAuthorizationDetails) or from policy files and templates bound to a
 * principal; consumed by audit.
 */

/** How a policy reaches the principal. */
export type GrantedPolicyKind =
  /** An inline policy of the user or role (UserPolicyList, RolePolicyList). */
  | 'inline'
  /** A managed policy attached to the user or role. */
  | 'managed'
  /** An inline policy of one of the user's groups. */
  | 'group-inline'
  /** A managed policy attached to one of the user's groups. */
  | 'group-managed'
  /** A policy read from a policy file or template bound to the principal. */
  | 'file';

export interface GrantedPolicy {
  /** Policy name (inline), managed policy name, or file-derived name. */
  name: string;
  kind: GrantedPolicyKind;
  /** Managed policies: the policy ARN. */
  arn?: string;
  /** Managed policies: the version read (the default version). */
  versionId?: string;
  /** Group policies: the group's name. */
  group?: string;
  /** Where it was read: `auth.json RoleDetailList[3].RolePolicyList[0]`, `serverless.yml provider/iam/role/statements`. */
  source: string;
  /** The policy document as JSON values (already URL-decoded and parsed). */
  document: unknown;
}

/** A managed policy named by ARN whose document is not in the input: its grants are unknown, never empty. */
export interface UnknownPolicy {
  arn: string;
  /**
   * How it is attached: directly, through a group, or as the permissions boundary; `group` when a whole group
   * the user belongs to is missing from the input (`arn` is then the group's).
   */
  attachedAs: 'managed' | 'group-managed' | 'boundary' | 'group';
  group?: string;
  /** True for AWS-managed policies (`arn:aws:iam::aws:policy/...`). */
  awsManaged: boolean;
  source: string;
}

export type GrantedPrincipalKind = 'role' | 'user';

export interface GrantedPrincipal {
  /** The IAM ARN with its path: `arn:aws:iam::111122223333:role/ci/deploy`. */
  arn: string;
  kind: GrantedPrincipalKind;
  name: string;
  /** The principal's own identity policies (inline and managed, or those bound from files). */
  identityPolicies: GrantedPolicy[];
  /** Users: the policies of their groups. */
  groupPolicies: GrantedPolicy[];
  /** Users: the groups, by name. */
  groups: string[];
  boundary?: GrantedPolicy;
  /** Roles: the trust policy (AssumeRolePolicyDocument). */
  trustPolicy?: GrantedPolicy;
  unknownPolicies: UnknownPolicy[];
  /** Where the principal itself was read. */
  source: string;
}

export interface GrantedDiagnostic {
  code:
    | 'invalid-json'
    | 'unreadable'
    | 'invalid-policy-document'
    | 'unknown-group'
    | 'no-default-version'
    | 'not-a-granted-file'
    | 'principal-required'
    | 'ambiguous-template'
    | 'reader';
  severity: 'error' | 'warning' | 'notice';
  message: string;
  file: string;
  /** JSON path in the dump (`RoleDetailList[2].RolePolicyList[0].PolicyDocument`) or a template's logical path. */
  path?: string;
  line?: number;
}

export interface GrantedInput {
  principals: GrantedPrincipal[];
  diagnostics: GrantedDiagnostic[];
  /** The files read. */
  files: string[];
}

export function formatGrantedDiagnostic(d: GrantedDiagnostic): string {
  let where = d.file;
  if (d.line !== undefined) where += `:${d.line}`;
  if (d.path) where += ` at ${d.path}`;
  return `${d.severity}: ${where}: ${d.message}`;
}
