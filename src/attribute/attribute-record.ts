/**
 * Who acted: the IAM principal whose policies allowed a call, and the session inside it.
 * Roles are named by their role ARN (with path), never the session ARN.
 */
import { readFileSync } from 'node:fs';
import type { PrincipalKind } from '../aggregate/usage.js';
import type { ActivityRecord } from '../normalize/activity-record.js';

export type Attribution =
  | {
      kind: 'principal';
      principal: string;
      principalKind: PrincipalKind;
      /** Role session name, kept so the aggregate can split a shared role per workload. */
      session?: string;
      /** The record itself shows a Lambda execution environment. */
      lambdaUserAgent: boolean;
      /** A service made this call with the principal's authority (forward access), e.g. `s3.amazonaws.com`. */
      forwardAccessBy?: string;
    }
  /**
   * A traced call (X-Ray, OpenTelemetry): the workload that made it (its function, instance or task ARN) is
   * known, its IAM identity is not. The aggregate joins it to the role session CloudTrail shows for the same
   * function, if any.
   */
  | { kind: 'workload'; workload: string }
  /** AWS made the call with its own identity: counted, belongs to no principal. */
  | { kind: 'service'; service: string }
  /** Not an IAM principal we can write a policy for (web identity before the role, another account...). */
  | { kind: 'unattributed'; reason: string };

interface WorkloadSessionRule {
  workload: string;
  userAgentMarkers: string[];
  assumedBy: string;
  arnFormat: string;
}

const rules: WorkloadSessionRule[] = (
  JSON.parse(readFileSync(new URL('../../data/workload-sessions.json', import.meta.url), 'utf8')) as {
    entries: WorkloadSessionRule[];
  }
).entries;

const lambdaRule = rules.find((r) => r.workload === 'lambda-function');
if (!lambdaRule) throw new Error('data/workload-sessions.json has no lambda-function entry');
export const LAMBDA_SESSION_RULE: WorkloadSessionRule = lambdaRule;

/** `arn:aws:sts::111122223333:assumed-role/Name/session` -> `arn:aws:iam::111122223333:role/Name` (path unknown). */
export function roleArnFromSessionArn(sessionArn: string): string | undefined {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(sessionArn);
  if (!m) return undefined;
  return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
}

function hasLambdaUserAgent(userAgent: string | undefined): boolean {
  if (!userAgent) return false;
  return LAMBDA_SESSION_RULE.userAgentMarkers.some((m) => userAgent.includes(m));
}

function sessionNameOf(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const i = arn.lastIndexOf('/');
  return i >= 0 ? arn.slice(i + 1) : undefined;
}

function forwardAccessBy(record: ActivityRecord): string | undefined {
  const by = record.identity.invokedBy;
  // invokedBy names a service principal (`s3.amazonaws.com`); console and internal markers are not forward access.
  return by?.endsWith('.amazonaws.com') ? by : undefined;
}

export function attributeRecord(record: ActivityRecord): Attribution {
  const id = record.identity;
  if (id.type === 'Unknown' && record.sourceKind !== 'cloudtrail') {
    if (record.workloadHint) return { kind: 'workload', workload: record.workloadHint };
    return {
      kind: 'unattributed',
      reason:
        'a traced call in a segment that names no workload (no Lambda function ARN, ECS task, EKS cluster or EC2 instance)',
    };
  }
  switch (id.type) {
    case 'IAMUser': {
      if (id.arn) {
        return {
          kind: 'principal',
          principal: id.arn,
          principalKind: 'user',
          lambdaUserAgent: false,
          forwardAccessBy: forwardAccessBy(record),
        };
      }
      return { kind: 'unattributed', reason: 'IAM user without an ARN' };
    }
    case 'AssumedRole': {
      const role =
        id.issuerArn && id.issuerType !== 'IAMUser' && id.issuerArn.includes(':role/')
          ? id.issuerArn
          : id.arn
            ? roleArnFromSessionArn(id.arn)
            : undefined;
      if (!role) return { kind: 'unattributed', reason: 'assumed-role session without a role ARN' };
      return {
        kind: 'principal',
        principal: role,
        principalKind: 'role',
        session: id.sessionName ?? sessionNameOf(id.arn),
        lambdaUserAgent: hasLambdaUserAgent(record.userAgent),
        forwardAccessBy: forwardAccessBy(record),
      };
    }
    case 'Root': {
      const account = id.accountId ?? record.recipientAccountId;
      const partition = id.arn?.split(':')[1] ?? 'aws';
      if (!account) return { kind: 'unattributed', reason: 'root identity without an account' };
      return {
        kind: 'principal',
        principal: id.arn ?? `arn:${partition}:iam::${account}:root`,
        principalKind: 'root',
        lambdaUserAgent: false,
        forwardAccessBy: forwardAccessBy(record),
      };
    }
    case 'FederatedUser': {
      // GetFederationToken sessions get the calling user's permissions (intersected with the session
      // policy): the policy to write is the issuing user's.
      const principal = id.issuerArn?.includes(':user/') ? id.issuerArn : id.arn;
      if (!principal) return { kind: 'unattributed', reason: 'federated user without an ARN' };
      return {
        kind: 'principal',
        principal,
        principalKind: 'federated-user',
        session: id.sessionName ?? sessionNameOf(id.arn),
        lambdaUserAgent: false,
        forwardAccessBy: forwardAccessBy(record),
      };
    }
    case 'AWSService':
      return { kind: 'service', service: id.invokedBy ?? record.eventSource };
    case 'AWSAccount':
      return {
        kind: 'unattributed',
        reason: `a principal of account ${id.accountId ?? 'unknown'} (CloudTrail names only the account)`,
      };
    case 'IdentityCenterUser':
      return {
        kind: 'unattributed',
        reason: 'an IAM Identity Center user acting in the portal, not an IAM principal',
      };
    case 'WebIdentityUser':
    case 'SAMLUser':
      return {
        kind: 'unattributed',
        reason: `a ${id.type === 'SAMLUser' ? 'SAML' : 'web identity'} user before assuming a role; its later calls are the role's`,
      };
    case 'Unknown':
      return { kind: 'unattributed', reason: 'identity type not recorded or not known' };
  }
}

/** The workload ARN of a Lambda role session. */
export function lambdaFunctionArn(
  partition: string,
  region: string,
  account: string,
  session: string,
): string {
  return LAMBDA_SESSION_RULE.arnFormat
    .replace('${Partition}', partition)
    .replace('${Region}', region)
    .replace('${Account}', account)
    .replace('${SessionName}', session);
}
