/**
 * `--granted FILE...`: what principals are granted, from
 * - GetAccountAuthorizationDetails dumps (every user and role in them; pages of one account merge), and
 * - policy files, CloudFormation/SAM templates, serverless.yml and Terraform (read by the validate readers),
 *   bound to one principal (`--principal ARN`): the identity policies become the principal's, a trust policy
 *   its trust policy. A template with policies for several resources needs `--resource NAME` to say whose.
 *
 * Never throws on bad input: problems are diagnostics naming the file and path.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ioMessage } from '../util/io-errors.js';
import { readPolicies, TRUST_POLICY_RESOURCE_TYPE } from '../validate/readers/index.js';
import type { LocatedPolicy } from '../validate/types.js';
import {
  type AuthorizationDump,
  isAuthorizationDetails,
  readAuthorizationDetails,
} from './authorization-details.js';
import type { GrantedDiagnostic, GrantedInput, GrantedPolicy, GrantedPrincipal } from './types.js';

export interface BindOptions {
  /** The principal ARN the non-dump files are bound to. */
  principal?: string;
  /**
   * Called when no principal was given, with the role name a template declares (serverless.yml
   * `provider.iam.role.name`): returns the ARN to bind to (e.g. found in the activity logs), or undefined.
   */
  resolveRoleName?: (roleName: string) => string | undefined;
  /** Template resources (logical ids, `aws_iam_policy.x`) whose policies are bound; all when there is one. */
  resources?: string[];
  /** A permissions boundary policy file for the bound principal (loadGranted only). */
  boundary?: string;
}

export interface GrantedFile {
  file: string;
  text: string;
}

function accountOf(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[4] ? parts[4] : undefined;
}

function kindOf(arn: string): 'role' | 'user' | undefined {
  if (/^arn:[^:]+:iam::[^:]*:role\//.test(arn)) return 'role';
  if (/^arn:[^:]+:iam::[^:]*:user\//.test(arn)) return 'user';
  return undefined;
}

/** The role name a serverless.yml declares (`provider.iam.role.name`), when it is plain text. */
export function serverlessRoleName(text: string): string | undefined {
  try {
    const doc = parseYaml(text, { logLevel: 'silent' }) as unknown;
    const name = (doc as { provider?: { iam?: { role?: { name?: unknown } } } } | null)?.provider?.iam?.role
      ?.name;
    return typeof name === 'string' && !name.includes('${') ? name : undefined;
  } catch {
    return undefined;
  }
}

function fileLabel(p: LocatedPolicy): string {
  return p.logicalPath ? `${p.file} ${p.logicalPath}` : p.file;
}

function policyName(p: LocatedPolicy): string {
  if (p.resourceName && p.logicalPath) return `${p.resourceName} (${p.logicalPath})`;
  if (p.logicalPath) return p.logicalPath;
  const slash = Math.max(p.file.lastIndexOf('/'), p.file.lastIndexOf('\\'));
  return p.file.slice(slash + 1);
}

/** The policies of one non-dump file that belong to the bound principal. */
function bindFile(
  f: GrantedFile,
  options: BindOptions,
  diagnostics: GrantedDiagnostic[],
): { principal?: string; identity: GrantedPolicy[]; trust?: GrantedPolicy } {
  let principal = options.principal;
  if (!principal && f.text.includes('provider')) {
    // A serverless.yml that names its role is bound to that role when the activity shows it; read it with
    // the role's account, so that `${aws:accountId}` and the framework's own ARNs name the right account.
    const name = serverlessRoleName(f.text);
    if (name) principal = options.resolveRoleName?.(name);
  }
  const account = principal ? accountOf(principal) : undefined;
  const read = readPolicies(
    f.file,
    f.text,
    account ? { account, frameworkPolicies: true } : { frameworkPolicies: true },
  );
  for (const d of read.diagnostics) {
    const g: GrantedDiagnostic = { code: 'reader', severity: d.severity, message: d.message, file: d.file };
    if (d.line !== undefined) g.line = d.line;
    if (d.logicalPath !== undefined) g.path = d.logicalPath;
    diagnostics.push(g);
  }
  if (read.kind === 'unknown') {
    diagnostics.push({
      code: 'not-a-granted-file',
      severity: 'error',
      file: f.file,
      message:
        'not an authorization dump (GetAccountAuthorizationDetails), policy, template, serverless.yml or Terraform file',
    });
    return { identity: [] };
  }
  if (read.kind !== 'serverless' && principal !== options.principal) principal = options.principal;
  // The main reading of each policy (the Fn::If else-branch variant is a second reading of the same policy).
  const main = read.policies.filter((p) => p.variant === undefined);
  const identity = main.filter((p) => p.policyType === 'IDENTITY_POLICY');
  const trust = main.filter(
    (p) => p.policyType === 'RESOURCE_POLICY' && p.resourceType === TRUST_POLICY_RESOURCE_TYPE,
  );
  let chosen = identity;
  if (options.resources && options.resources.length > 0) {
    const wanted = new Set(options.resources);
    chosen = identity.filter((p) => p.resourceName !== undefined && wanted.has(p.resourceName));
  } else {
    const owners = [...new Set(identity.map((p) => p.resourceName ?? ''))].sort();
    if (owners.length > 1) {
      diagnostics.push({
        code: 'ambiguous-template',
        severity: 'error',
        file: f.file,
        message: `the file has policies for several resources (${owners.map((o) => o || '(top level)').join(', ')}); say whose with --resource NAME`,
      });
      return { identity: [] };
    }
  }
  if (!principal) {
    diagnostics.push({
      code: 'principal-required',
      severity: 'error',
      file: f.file,
      message: 'say which role or user these policies are granted to with --principal ARN',
    });
    return { identity: [] };
  }
  const out: { principal?: string; identity: GrantedPolicy[]; trust?: GrantedPolicy } = {
    principal,
    identity: chosen.map((p) => ({
      name: policyName(p),
      kind: 'file',
      source: fileLabel(p),
      document: p.document,
    })),
  };
  const t = trust[0];
  if (t) out.trust = { name: policyName(t), kind: 'file', source: fileLabel(t), document: t.document };
  return out;
}

/** Read `--granted` file contents (already loaded) into granted principals. */
export function readGranted(files: readonly GrantedFile[], options: BindOptions = {}): GrantedInput {
  const diagnostics: GrantedDiagnostic[] = [];
  const dumps: AuthorizationDump[] = [];
  const others: GrantedFile[] = [];
  for (const f of files) {
    const trimmed = f.text.replace(/^\uFEFF/, '').trimStart();
    if (trimmed.startsWith('{')) {
      try {
        const data = JSON.parse(trimmed) as unknown;
        if (isAuthorizationDetails(data)) {
          dumps.push({ file: f.file, data });
          continue;
        }
      } catch {
        // Not JSON after all: the readers report it with a line and column.
      }
    }
    others.push(f);
  }

  const byArn = new Map<string, GrantedPrincipal>();
  if (dumps.length > 0) {
    const read = readAuthorizationDetails(dumps);
    diagnostics.push(...read.diagnostics);
    for (const p of read.principals) byArn.set(p.arn, p);
  }

  for (const f of others) {
    const bound = bindFile(f, options, diagnostics);
    if (!bound.principal) continue;
    const kind = kindOf(bound.principal);
    if (!kind) {
      diagnostics.push({
        code: 'principal-required',
        severity: 'error',
        file: f.file,
        message: `${bound.principal} is not an IAM role or user ARN (arn:aws:iam::111122223333:role/name)`,
      });
      continue;
    }
    let p = byArn.get(bound.principal);
    if (!p) {
      p = {
        arn: bound.principal,
        kind,
        name: bound.principal.slice(bound.principal.lastIndexOf('/') + 1),
        identityPolicies: [],
        groupPolicies: [],
        groups: [],
        unknownPolicies: [],
        source: f.file,
      };
      byArn.set(p.arn, p);
    }
    p.identityPolicies.push(...bound.identity);
    if (bound.trust && !p.trustPolicy && kind === 'role') p.trustPolicy = bound.trust;
  }

  const principals = [...byArn.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  return { principals, diagnostics, files: files.map((f) => f.file) };
}

/** Read `--granted` files from disk (and `--boundary`). */
export async function loadGranted(
  paths: readonly string[],
  options: BindOptions = {},
): Promise<GrantedInput> {
  const files: GrantedFile[] = [];
  const diagnostics: GrantedDiagnostic[] = [];
  for (const file of paths) {
    try {
      files.push({ file, text: await readFile(file, 'utf8') });
    } catch (error) {
      diagnostics.push({
        code: 'unreadable',
        severity: 'error',
        file,
        message: `cannot read: ${ioMessage(error)}`,
      });
    }
  }
  const result = readGranted(files, options);
  result.diagnostics.unshift(...diagnostics);
  if (options.boundary) {
    const principal = options.principal
      ? result.principals.find((p) => p.arn === options.principal)
      : undefined;
    try {
      const text = await readFile(options.boundary, 'utf8');
      const read = readPolicies(options.boundary, text, { policyType: 'IDENTITY_POLICY' });
      const doc = read.policies.find((p) => p.variant === undefined);
      if (!principal) {
        result.diagnostics.push({
          code: 'principal-required',
          severity: 'error',
          file: options.boundary,
          message: '--boundary needs --principal ARN and a --granted file for that principal',
        });
      } else if (!doc) {
        result.diagnostics.push({
          code: 'invalid-policy-document',
          severity: 'error',
          file: options.boundary,
          message: 'no policy in the boundary file',
        });
      } else {
        principal.boundary = {
          name: policyName(doc),
          kind: 'file',
          source: fileLabel(doc),
          document: doc.document,
        };
      }
    } catch (error) {
      result.diagnostics.push({
        code: 'unreadable',
        severity: 'error',
        file: options.boundary,
        message: `cannot read: ${ioMessage(error)}`,
      });
    }
  }
  return result;
}
