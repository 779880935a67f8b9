// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN formats are written with ${Variable}
/**
 * Audit test helpers: a tiny service table with access levels (tests do not depend on all of AWS), granted
 * principals built from policy documents, and generate-like results built from observed permissions.
 * Our own values: account 111122223333, example-bucket.
 */
import type { PrincipalUsage, UsedPermission } from '../aggregate/usage.js';
import type { GrantedPrincipal } from '../granted/types.js';
import type { AccessLevel, ActionInfo, ResourceTypeInfo, ServiceData } from '../mapping/service-data.js';
import type { ConditionBlock } from '../mapping/types.js';
import type { GeneratedPolicy, GenerateResult } from '../pipeline/generate.js';
import type { PolicyDocument, PolicyStatement } from '../policy/types.js';

export const ACCOUNT = '111122223333';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
export const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
export const BUCKET = 'arn:aws:s3:::example-bucket';

interface TinyService {
  /** name -> [access level, resource type keys] */
  actions: Record<string, [AccessLevel, string[]]>;
  resourceTypes: Record<string, string>;
}

export const TINY: Record<string, TinyService> = {
  dynamodb: {
    actions: {
      DeleteItem: ['Write', ['table']],
      DescribeTable: ['Read', ['table']],
      GetItem: ['Read', ['table']],
      GetRecords: ['Read', ['stream']],
      ListTables: ['List', []],
      PutItem: ['Write', ['table']],
      Query: ['Read', ['index', 'table']],
    },
    resourceTypes: {
      index: 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}',
      stream: 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}',
      table: 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}',
    },
  },
  ec2: {
    actions: { DescribeInstances: ['List', []], RunInstances: ['Write', ['instance']] },
    resourceTypes: { instance: 'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}' },
  },
  iam: {
    actions: {
      CreateAccessKey: ['Write', ['user']],
      GetRole: ['Read', ['role']],
      PassRole: ['Write', ['role']],
      PutRolePolicy: ['Permissions management', ['role']],
    },
    resourceTypes: {
      role: 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}',
      user: 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}',
    },
  },
  kms: {
    actions: { Decrypt: ['Write', ['key']], GenerateDataKey: ['Write', ['key']] },
    resourceTypes: { key: 'arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}' },
  },
  logs: {
    actions: { CreateLogStream: ['Write', ['log-group']], PutLogEvents: ['Write', ['log-stream']] },
    resourceTypes: {
      'log-group': 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}',
      'log-stream':
        'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}',
    },
  },
  s3: {
    actions: {
      DeleteObject: ['Write', ['object']],
      GetObject: ['Read', ['object']],
      ListAllMyBuckets: ['List', []],
      ListBucket: ['List', ['bucket']],
      PutBucketPolicy: ['Permissions management', ['bucket']],
      PutObject: ['Write', ['object']],
    },
    resourceTypes: {
      bucket: 'arn:${Partition}:s3:::${BucketName}',
      object: 'arn:${Partition}:s3:::${BucketName}/${ObjectName}',
    },
  },
  sqs: {
    actions: { SendMessage: ['Write', ['queue']] },
    resourceTypes: { queue: 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}' },
  },
};

export function tinyData(services: Record<string, TinyService> = TINY): ServiceData {
  const find = (s: string) => services[s.toLowerCase()];
  const info = (service: string, name: string, [level, types]: [AccessLevel, string[]]): ActionInfo => ({
    service,
    name,
    action: `${service}:${name}`,
    description: '',
    accessLevel: level,
    resourceTypes: types.map((t) => ({ name: t, required: true, conditionKeys: [], dependentActions: [] })),
    conditionKeys: [],
    dependentActions: [],
  });
  return {
    version: 'tiny',
    hasService: (s) => find(s) !== undefined,
    serviceName: (s) => (find(s) ? s.toLowerCase() : undefined),
    services: () => Object.keys(services).sort(),
    action(service, name) {
      const s = find(service);
      const key = s && Object.keys(s.actions).find((a) => a.toLowerCase() === name.toLowerCase());
      return s && key ? info(service.toLowerCase(), key, s.actions[key]!) : undefined;
    },
    actions(service) {
      const s = find(service);
      return s ? Object.entries(s.actions).map(([name, v]) => info(service.toLowerCase(), name, v)) : [];
    },
    resourceType(service, key): ResourceTypeInfo | undefined {
      const s = find(service);
      const k = s && Object.keys(s.resourceTypes).find((t) => t.toLowerCase() === key.toLowerCase());
      return s && k
        ? { service: service.toLowerCase(), key: k, arn: s.resourceTypes[k]!, conditionKeys: [] }
        : undefined;
    },
    resourceTypes(service) {
      const s = find(service);
      return s
        ? Object.entries(s.resourceTypes).map(([key, arn]) => ({
            service: service.toLowerCase(),
            key,
            arn,
            conditionKeys: [],
          }))
        : [];
    },
    conditionKey: () => undefined,
  };
}

export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** A role granted these identity policies (and optionally a boundary and trust policy). */
export function grantedRole(
  policies: PolicyDocument[],
  extra: Partial<GrantedPrincipal> = {},
  arn = ROLE,
): GrantedPrincipal {
  return {
    arn,
    kind: 'role',
    name: arn.slice(arn.lastIndexOf('/') + 1),
    identityPolicies: policies.map((document, i) => ({
      name: `policy${i}`,
      kind: 'inline',
      source: `auth.json p${i}`,
      document,
    })),
    groupPolicies: [],
    groups: [],
    unknownPolicies: [],
    source: 'auth.json',
    ...extra,
  };
}

export interface Use {
  action: string;
  resource: string;
  count?: number;
  condition?: ConditionBlock;
  firstSeen?: string;
  lastSeen?: string;
}

function usageOf(principal: string, workload: string | null, uses: readonly Use[]): PrincipalUsage {
  const used = new Map<string, UsedPermission>();
  for (const u of uses) {
    const p: UsedPermission = {
      action: u.action,
      resource: u.resource,
      count: u.count ?? 1,
      firstSeen: u.firstSeen ?? '2026-11-02T10:00:00Z',
      lastSeen: u.lastSeen ?? '2026-11-03T10:00:00Z',
      samples: ['event-0001'],
      sources: ['cloudtrail'],
      reasons: ['call'],
      operations: [],
      notes: [],
    };
    if (u.condition) p.condition = u.condition;
    used.set(`${u.action}\u0000${u.resource}`, p);
  }
  return {
    key: workload ? `${principal}|${workload}` : principal,
    principal,
    workload,
    kind: workload ? 'workload' : 'role',
    records: uses.reduce((k, u) => k + (u.count ?? 1), 0),
    firstSeen: '2026-11-02T10:00:00Z',
    lastSeen: '2026-11-03T10:00:00Z',
    used,
    denied: new Map(),
    unmapped: new Map(),
    permissionless: new Map(),
    gaps: new Map(),
    workloads: [],
    sourceIdentities: [],
  };
}

/** A generated policy straight from the uses: one statement per use (enough for audit tests). */
export function generatedFor(
  principal: string,
  workload: string | null,
  uses: readonly Use[],
  extra: Partial<GeneratedPolicy> = {},
  statements?: PolicyStatement[],
): { policy: GeneratedPolicy; usage: PrincipalUsage } {
  const usage = usageOf(principal, workload, uses);
  const st =
    statements ??
    uses.map((u, i) => {
      const s: PolicyStatement = { Sid: `S${i}`, Effect: 'Allow', Action: u.action, Resource: u.resource };
      if (u.condition) s.Condition = u.condition;
      return s;
    });
  const policyDoc = policy(...st);
  return {
    policy: {
      principal,
      workload,
      kind: workload ? 'workload' : 'role',
      policy: policyDoc,
      evidence: st.map((s, i) => ({
        sid: s.Sid ?? `S${i}`,
        policyIndex: 0,
        service: String(s.Action).split(':')[0]!,
        actions: ([] as string[]).concat(s.Action ?? []),
        resources: ([] as string[]).concat(s.Resource ?? []),
        count: 1,
        firstSeen: '2026-11-02T10:00:00Z',
        lastSeen: '2026-11-03T10:00:00Z',
        samples: ['event-0001'],
        sources: ['cloudtrail'],
        operations: [],
        reasons: ['call'],
        notes: [],
        generalizations: [],
      })),
      denied: [],
      unmapped: [],
      permissionless: [],
      notes: [],
      records: usage.records,
      firstSeen: usage.firstSeen,
      lastSeen: usage.lastSeen,
      replay: { checked: uses.length, failures: [] },
      sources: ['cloudtrail'],
      ...extra,
    },
    usage,
  };
}

/** A generate result from generated policies (with their usage kept, as `audit` asks for). */
export function generateResult(
  entries: readonly { policy: GeneratedPolicy; usage: PrincipalUsage }[],
): GenerateResult {
  const records = entries.filter((e) => e.policy.workload === null).reduce((k, e) => k + e.policy.records, 0);
  return {
    schemaVersion: 1,
    policies: entries.map((e) => e.policy),
    usages: entries.map((e) => e.usage),
    summary: {
      records: Math.max(records, 1),
      used: records,
      denied: 0,
      unmapped: 0,
      permissionless: 0,
      service: 0,
      unattributed: 0,
      filteredOut: 0,
      errorsAfterAuthorization: 0,
      files: 1,
      skippedFiles: 0,
      malformed: 0,
      principals: entries.filter((e) => e.policy.workload === null).length,
      workloads: entries.filter((e) => e.policy.workload !== null).length,
      replayFailures: 0,
    },
    unattributed: [],
    serviceCalls: [],
  };
}
