/**
 * What a Lambda function's role is granted, read live for `xray-privilege-scan -c`: the function's role from
 * Lambda `GetFunctionConfiguration`, then from IAM the role (`GetRole`: its path, trust policy, permissions
 * boundary), its inline policies (`ListRolePolicies`, `GetRolePolicy`) and its managed policies
 * (`ListAttachedRolePolicies`, `GetPolicy` for the default version, `GetPolicyVersion`), as the
 * `GrantedPrincipal` the audit engine reads. Documents come URL-encoded from IAM and are decoded.
 *
 * Clients are the AWS SDK v3 ones with the standard configuration (`AWS_ENDPOINT_URL_LAMBDA`,
 * `AWS_ENDPOINT_URL_IAM` for other endpoints); Lambda's region is the function's.
 */

import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { readPolicyDocument } from '../../granted/policy-document.js';
import type { GrantedPolicy, GrantedPrincipal, UnknownPolicy } from '../../granted/types.js';

type Sender = { send(command: unknown): Promise<unknown> };

export interface RoleClients {
  /** The Lambda client of a region. */
  lambda(region: string): Sender;
  iam: Sender;
}

export function defaultRoleClients(): RoleClients {
  const lambdas = new Map<string, LambdaClient>();
  let iam: IAMClient | undefined;
  return {
    lambda(region) {
      let c = lambdas.get(region);
      if (!c) {
        c = new LambdaClient({ region });
        lambdas.set(region, c);
      }
      return c as unknown as Sender;
    },
    get iam() {
      iam ??= new IAMClient({});
      return iam as unknown as Sender;
    },
  };
}

export type FunctionRole =
  | { kind: 'role'; principal: GrantedPrincipal; notes: string[] }
  | { kind: 'error'; message: string };

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e.name ? `${e.name}: ` : ''}${e.message ?? String(error)}`;
}

function decode(value: string | undefined, what: string, notes: string[]): unknown {
  const read = readPolicyDocument(value);
  if (read.kind === 'ok') return read.document;
  notes.push(`${what}: ${read.message}`);
  return undefined;
}

/** The role of a function and everything it is granted. Problems come back as values, never thrown. */
export async function readFunctionRole(functionArn: string, clients: RoleClients): Promise<FunctionRole> {
  const region = functionArn.split(':')[3] ?? '';
  let roleArn: string | undefined;
  try {
    const config = (await clients
      .lambda(region)
      .send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }))) as { Role?: string };
    roleArn = config.Role;
  } catch (error) {
    return { kind: 'error', message: `lambda:GetFunctionConfiguration failed: ${describe(error)}` };
  }
  if (!roleArn) return { kind: 'error', message: 'lambda:GetFunctionConfiguration named no role' };
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const source = `${functionArn} (lambda:GetFunctionConfiguration)`;
  const notes: string[] = [];
  const principal: GrantedPrincipal = {
    arn: roleArn,
    kind: 'role',
    name: roleName,
    identityPolicies: [],
    groupPolicies: [],
    groups: [],
    unknownPolicies: [],
    source,
  };
  const iam = clients.iam;
  try {
    const got = (await iam.send(new GetRoleCommand({ RoleName: roleName }))) as {
      Role?: {
        Arn?: string;
        AssumeRolePolicyDocument?: string;
        PermissionsBoundary?: { PermissionsBoundaryArn?: string };
      };
    };
    if (got.Role?.Arn) principal.arn = got.Role.Arn;
    const trust = decode(got.Role?.AssumeRolePolicyDocument, 'trust policy', notes);
    if (trust !== undefined) {
      principal.trustPolicy = {
        name: 'trust policy',
        kind: 'inline',
        source: `iam:GetRole ${roleName}`,
        document: trust,
      };
    }
    const boundaryArn = got.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundaryArn) {
      const boundary = await managedPolicy(iam, boundaryArn, notes);
      if (boundary) principal.boundary = boundary;
      else principal.unknownPolicies.push(unknown(boundaryArn, 'boundary'));
    }

    let marker: string | undefined;
    do {
      const page = (await iam.send(
        new ListRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }),
      )) as {
        PolicyNames?: string[];
        IsTruncated?: boolean;
        Marker?: string;
      };
      for (const name of page.PolicyNames ?? []) {
        const policy = (await iam.send(
          new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }),
        )) as {
          PolicyDocument?: string;
        };
        const document = decode(policy.PolicyDocument, `inline policy ${name}`, notes);
        if (document !== undefined) {
          principal.identityPolicies.push({
            name,
            kind: 'inline',
            source: `iam:GetRolePolicy ${roleName}/${name}`,
            document,
          });
        }
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);

    marker = undefined;
    do {
      const page = (await iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }),
      )) as { AttachedPolicies?: { PolicyArn?: string }[]; IsTruncated?: boolean; Marker?: string };
      for (const attached of page.AttachedPolicies ?? []) {
        if (!attached.PolicyArn) continue;
        const policy = await managedPolicy(iam, attached.PolicyArn, notes);
        if (policy) principal.identityPolicies.push(policy);
        else principal.unknownPolicies.push(unknown(attached.PolicyArn, 'managed'));
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  } catch (error) {
    return { kind: 'error', message: `reading role ${roleName} from IAM failed: ${describe(error)}` };
  }
  return { kind: 'role', principal, notes };
}

function unknown(arn: string, attachedAs: UnknownPolicy['attachedAs']): UnknownPolicy {
  return {
    arn,
    attachedAs,
    awsManaged: arn.includes(':iam::aws:policy/'),
    source: 'iam:GetPolicyVersion failed',
  };
}

/** A managed policy's default version; undefined (with a note) when it cannot be read. */
async function managedPolicy(iam: Sender, arn: string, notes: string[]): Promise<GrantedPolicy | undefined> {
  try {
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))) as {
      Policy?: { PolicyName?: string; DefaultVersionId?: string };
    };
    const versionId = policy.Policy?.DefaultVersionId;
    if (!versionId) {
      notes.push(`${arn}: no default version`);
      return undefined;
    }
    const version = (await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }),
    )) as {
      PolicyVersion?: { Document?: string };
    };
    const document = decode(version.PolicyVersion?.Document, arn, notes);
    if (document === undefined) return undefined;
    return {
      name: policy.Policy?.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1),
      kind: 'managed',
      arn,
      versionId,
      source: `iam:GetPolicyVersion ${arn} ${versionId}`,
      document,
    };
  } catch (error) {
    notes.push(`${arn}: ${describe(error)}`);
    return undefined;
  }
}
