/**
 * GetAccountAuthorizationDetails output (`aws iam get-account-authorization-details`, or the API's URL-encoded
 * form) -> what each user and role is granted. Several pages of one account can be given together: managed
 * policies are looked up across all of them.
 *
 * A managed policy named by ARN but absent from `Policies` (AWS-managed policies are left out when the dump
 * was filtered, `--filter LocalManagedPolicy`) is reported as unknown, never read as empty.
 */
import { readPolicyDocument } from './policy-document.js';
import type {
  GrantedDiagnostic,
  GrantedPolicy,
  GrantedPolicyKind,
  GrantedPrincipal,
  UnknownPolicy,
} from './types.js';

/** One parsed dump file. */
export interface AuthorizationDump {
  file: string;
  data: unknown;
}

const DUMP_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];

/** Does this JSON value look like GetAccountAuthorizationDetails output? */
export function isAuthorizationDetails(data: unknown): boolean {
  if (!isObject(data)) return false;
  return DUMP_KEYS.some((k) => Array.isArray(data[k]));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

interface ManagedVersion {
  arn: string;
  name: string;
  versionId?: string;
  document?: unknown;
  source: string;
}

interface GroupEntry {
  name: string;
  arn?: string;
  inline: { name: string; document: unknown; source: string }[];
  attached: { arn: string; source: string }[];
}

interface Reader {
  diagnostics: GrantedDiagnostic[];
  policies: Map<string, ManagedVersion>;
  groups: Map<string, GroupEntry>;
}

function isAwsManaged(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

/** The entry's Arn; without one, a warning that the entry (a policy, user or role) is skipped. */
function arnOf(
  r: Reader,
  file: string,
  path: string,
  entry: Record<string, unknown>,
  what: 'policy' | 'user' | 'role',
): string | undefined {
  const arn = str(entry.Arn);
  if (!arn) {
    r.diagnostics.push({
      code: 'invalid-policy-document',
      severity: 'warning',
      file,
      path,
      message: `a ${what} without Arn: skipped`,
    });
  }
  return arn;
}

/** The default version's document of a `Policies` entry. */
function readManagedPolicy(file: string, path: string, entry: Record<string, unknown>, r: Reader): void {
  const arn = arnOf(r, file, path, entry, 'policy');
  if (!arn) return;
  const name = str(entry.PolicyName) ?? arn.slice(arn.lastIndexOf('/') + 1);
  const defaultId = str(entry.DefaultVersionId);
  const versions = list(entry.PolicyVersionList);
  let chosen: { index: number; v: Record<string, unknown> } | undefined;
  versions.forEach((v, index) => {
    if (!isObject(v)) return;
    const isDefault = v.IsDefaultVersion === true || (defaultId !== undefined && v.VersionId === defaultId);
    if (isDefault && !chosen) chosen = { index, v };
  });
  const out: ManagedVersion = { arn, name, source: `${file} ${path}` };
  if (!chosen) {
    r.diagnostics.push({
      code: 'no-default-version',
      severity: 'warning',
      file,
      path: `${path}.PolicyVersionList`,
      message: `${arn}: no default version in PolicyVersionList${defaultId ? ` (DefaultVersionId ${defaultId})` : ''}; its grants are unknown`,
    });
    r.policies.set(arn, out);
    return;
  }
  const versionPath = `${path}.PolicyVersionList[${chosen.index}].Document`;
  const doc = readPolicyDocument(chosen.v.Document);
  const versionId = str(chosen.v.VersionId) ?? defaultId;
  if (versionId) out.versionId = versionId;
  out.source = `${file} ${path}.PolicyVersionList[${chosen.index}]`;
  if (doc.kind === 'ok') out.document = doc.document;
  else
    r.diagnostics.push({
      code: 'invalid-policy-document',
      severity: 'error',
      file,
      path: versionPath,
      message: `${arn}: ${doc.message}`,
    });
  r.policies.set(arn, out);
}

function readInline(
  file: string,
  path: string,
  entries: unknown,
  listKey: string,
  r: Reader,
): { name: string; document: unknown; source: string }[] {
  const out: { name: string; document: unknown; source: string }[] = [];
  list(entries).forEach((p, i) => {
    const at = `${path}.${listKey}[${i}]`;
    if (!isObject(p)) return;
    const name = str(p.PolicyName) ?? `${listKey}[${i}]`;
    const doc = readPolicyDocument(p.PolicyDocument);
    if (doc.kind === 'error') {
      r.diagnostics.push({
        code: 'invalid-policy-document',
        severity: 'error',
        file,
        path: `${at}.PolicyDocument`,
        message: `${name}: ${doc.message}`,
      });
      return;
    }
    out.push({ name, document: doc.document, source: `${file} ${at}` });
  });
  return out;
}

function readAttached(file: string, path: string, entries: unknown): { arn: string; source: string }[] {
  const out: { arn: string; source: string }[] = [];
  list(entries).forEach((p, i) => {
    if (isObject(p) && str(p.PolicyArn))
      out.push({ arn: p.PolicyArn as string, source: `${file} ${path}.AttachedManagedPolicies[${i}]` });
  });
  return out;
}

/** Resolve a managed policy ARN to a granted policy, or record it as unknown. */
function managed(
  r: Reader,
  attached: { arn: string; source: string },
  kind: GrantedPolicyKind,
  principal: GrantedPrincipal,
  group?: string,
): GrantedPolicy | undefined {
  const found = r.policies.get(attached.arn);
  if (!found || found.document === undefined) {
    const u: UnknownPolicy = {
      arn: attached.arn,
      attachedAs: kind === 'group-managed' ? 'group-managed' : 'managed',
      awsManaged: isAwsManaged(attached.arn),
      source: attached.source,
    };
    if (group) u.group = group;
    principal.unknownPolicies.push(u);
    return undefined;
  }
  const p: GrantedPolicy = {
    name: found.name,
    kind,
    arn: found.arn,
    source: found.source,
    document: found.document,
  };
  if (found.versionId) p.versionId = found.versionId;
  if (group) p.group = group;
  return p;
}

function boundaryOf(
  r: Reader,
  entry: Record<string, unknown>,
  file: string,
  path: string,
  principal: GrantedPrincipal,
): void {
  const b = entry.PermissionsBoundary;
  if (!isObject(b)) return;
  const arn = str(b.PermissionsBoundaryArn);
  if (!arn) return;
  const found = r.policies.get(arn);
  if (!found || found.document === undefined) {
    principal.unknownPolicies.push({
      arn,
      attachedAs: 'boundary',
      awsManaged: isAwsManaged(arn),
      source: `${file} ${path}.PermissionsBoundary`,
    });
    return;
  }
  principal.boundary = {
    name: found.name,
    kind: 'managed',
    arn,
    source: found.source,
    document: found.document,
  };
  if (found.versionId) principal.boundary.versionId = found.versionId;
}

function nameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** Read one or more dump pages into granted principals (users and roles; groups only through their users). */
export function readAuthorizationDetails(dumps: readonly AuthorizationDump[]): {
  principals: GrantedPrincipal[];
  diagnostics: GrantedDiagnostic[];
} {
  const r: Reader = { diagnostics: [], policies: new Map(), groups: new Map() };

  // Managed policies and groups first: users and roles refer to them across pages.
  for (const { file, data } of dumps) {
    if (!isObject(data)) continue;
    list(data.Policies).forEach((p, i) => {
      if (isObject(p)) readManagedPolicy(file, `Policies[${i}]`, p, r);
    });
    list(data.GroupDetailList).forEach((g, i) => {
      if (!isObject(g)) return;
      const path = `GroupDetailList[${i}]`;
      const name = str(g.GroupName) ?? (str(g.Arn) ? nameFromArn(g.Arn as string) : undefined);
      if (!name) return;
      const entry: GroupEntry = {
        name,
        inline: readInline(file, path, g.GroupPolicyList, 'GroupPolicyList', r),
        attached: readAttached(file, path, g.AttachedManagedPolicies),
      };
      if (str(g.Arn)) entry.arn = g.Arn as string;
      r.groups.set(name, entry);
    });
  }

  const principals: GrantedPrincipal[] = [];
  for (const { file, data } of dumps) {
    if (!isObject(data)) continue;
    list(data.UserDetailList).forEach((u, i) => {
      if (!isObject(u)) return;
      const path = `UserDetailList[${i}]`;
      const principal = principalEntry(r, file, path, u, 'user');
      if (!principal) return;
      const arn = principal.arn;
      list(u.GroupList).forEach((g, gi) => {
        const groupName = str(g);
        if (!groupName) return;
        principal.groups.push(groupName);
        const group = r.groups.get(groupName);
        if (!group) {
          r.diagnostics.push({
            code: 'unknown-group',
            severity: 'warning',
            file,
            path: `${path}.GroupList[${gi}]`,
            message: `${principal.name} is in group ${groupName}, which is not in the input: its grants are unknown`,
          });
          principal.unknownPolicies.push({
            arn: `${arn.slice(0, arn.indexOf(':user/'))}:group/${groupName}`,
            attachedAs: 'group',
            group: groupName,
            awsManaged: false,
            source: `${file} ${path}.GroupList[${gi}]`,
          });
          return;
        }
        for (const p of group.inline) {
          principal.groupPolicies.push({
            name: p.name,
            kind: 'group-inline',
            group: groupName,
            source: p.source,
            document: p.document,
          });
        }
        for (const a of group.attached) {
          const p = managed(r, a, 'group-managed', principal, groupName);
          if (p) principal.groupPolicies.push(p);
        }
      });
      boundaryOf(r, u, file, path, principal);
      principals.push(principal);
    });

    list(data.RoleDetailList).forEach((role, i) => {
      if (!isObject(role)) return;
      const path = `RoleDetailList[${i}]`;
      const principal = principalEntry(r, file, path, role, 'role');
      if (!principal) return;
      if (role.AssumeRolePolicyDocument !== undefined) {
        const trust = readPolicyDocument(role.AssumeRolePolicyDocument);
        if (trust.kind === 'ok') {
          principal.trustPolicy = {
            name: 'AssumeRolePolicyDocument',
            kind: 'inline',
            source: `${file} ${path}.AssumeRolePolicyDocument`,
            document: trust.document,
          };
        } else {
          r.diagnostics.push({
            code: 'invalid-policy-document',
            severity: 'error',
            file,
            path: `${path}.AssumeRolePolicyDocument`,
            message: `${principal.name}: ${trust.message}`,
          });
        }
      }
      boundaryOf(r, role, file, path, principal);
      principals.push(principal);
    });
  }
  principals.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  return { principals, diagnostics: r.diagnostics };
}

/**
 * A user or role of a dump, with its own inline and attached policies; undefined (with a warning) when it
 * has no Arn. Group policies, boundaries and trust policies are the caller's.
 */
function principalEntry(
  r: Reader,
  file: string,
  path: string,
  entry: Record<string, unknown>,
  kind: 'user' | 'role',
): GrantedPrincipal | undefined {
  const arn = arnOf(r, file, path, entry, kind);
  if (!arn) return undefined;
  const [nameKey, listKey] =
    kind === 'user' ? ['UserName', 'UserPolicyList'] : ['RoleName', 'RolePolicyList'];
  const principal: GrantedPrincipal = {
    arn,
    kind,
    name: str(entry[nameKey]) ?? nameFromArn(arn),
    identityPolicies: [],
    groupPolicies: [],
    groups: [],
    unknownPolicies: [],
    source: `${file} ${path}`,
  };
  for (const p of readInline(file, path, entry[listKey], listKey, r)) {
    principal.identityPolicies.push({ name: p.name, kind: 'inline', source: p.source, document: p.document });
  }
  for (const a of readAttached(file, path, entry.AttachedManagedPolicies)) {
    const p = managed(r, a, 'managed', principal);
    if (p) principal.identityPolicies.push(p);
  }
  return principal;
}
