// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN formats are written with ${Variable}
/**
 * Test helpers for synthesis: a tiny service table (so tests do not depend on all of AWS), a builder
 * for PrincipalUsage, a seeded shuffle, and an IAM resource matcher to check generalisations.
 */
import type { PrincipalUsage, UsedPermission } from '../aggregate/usage.js';
import type { ActionInfo, ConditionKeyInfo, ResourceTypeInfo, ServiceData } from '../mapping/service-data.js';

/** Action name -> its resource type keys (none: the action accepts only `*`); type key -> ARN format. */
export interface TinyService {
  actions: Record<string, string[]>;
  resourceTypes: Record<string, string>;
}

export function tinyServiceData(services: Record<string, TinyService>): ServiceData {
  const find = (service: string): TinyService | undefined => services[service.toLowerCase()];
  const actionInfo = (service: string, name: string, types: string[]): ActionInfo => ({
    service,
    name,
    action: `${service}:${name}`,
    description: '',
    accessLevel: 'Read',
    resourceTypes: types.map((t) => ({ name: t, required: true, conditionKeys: [], dependentActions: [] })),
    conditionKeys: [],
    dependentActions: [],
  });
  return {
    version: 'tiny',
    hasService: (service) => find(service) !== undefined,
    serviceName: (service) => (find(service) ? service.toLowerCase() : undefined),
    services: () => Object.keys(services).sort(),
    action(service, name) {
      const s = find(service);
      if (!s) return undefined;
      const key = Object.keys(s.actions).find((a) => a.toLowerCase() === name.toLowerCase());
      return key === undefined ? undefined : actionInfo(service.toLowerCase(), key, s.actions[key] ?? []);
    },
    actions(service) {
      const s = find(service);
      return s
        ? Object.entries(s.actions).map(([name, types]) => actionInfo(service.toLowerCase(), name, types))
        : [];
    },
    resourceType(service, key): ResourceTypeInfo | undefined {
      const s = find(service);
      const k = s && Object.keys(s.resourceTypes).find((t) => t.toLowerCase() === key.toLowerCase());
      if (!s || k === undefined) return undefined;
      return { service: service.toLowerCase(), key: k, arn: s.resourceTypes[k] ?? '', conditionKeys: [] };
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
    conditionKey: (): ConditionKeyInfo | undefined => undefined,
  };
}

/** ARN formats copied from the AWS service authorization reference. */
export const TINY_SERVICES: Record<string, TinyService> = {
  cloudformation: {
    actions: { DescribeStacks: ['stack'], UpdateStack: ['stack'] },
    resourceTypes: { stack: 'arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}' },
  },
  codebuild: {
    actions: { StartBuild: ['project'], StopBuild: ['build'] },
    resourceTypes: {
      build: 'arn:${Partition}:codebuild:${Region}:${Account}:build/${BuildId}',
      project: 'arn:${Partition}:codebuild:${Region}:${Account}:project/${ProjectName}',
    },
  },
  dynamodb: {
    actions: {
      DescribeStream: ['stream'],
      GetItem: ['table'],
      GetRecords: ['stream'],
      PutItem: ['table'],
      Query: ['index', 'table'],
    },
    resourceTypes: {
      index: 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}',
      stream: 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}',
      table: 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}',
    },
  },
  ec2: {
    actions: { DescribeInstances: [], StopInstances: ['instance'], TerminateInstances: ['instance'] },
    resourceTypes: { instance: 'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}' },
  },
  ecs: {
    actions: { DescribeTasks: ['task'], RunTask: ['task-definition'], StopTask: ['task'] },
    resourceTypes: {
      task: 'arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}',
      'task-definition':
        'arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}',
    },
  },
  iam: {
    actions: { GetRole: ['role'], PassRole: ['role'] },
    resourceTypes: { role: 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}' },
  },
  kms: {
    actions: { Decrypt: ['key'], GenerateDataKey: ['key'] },
    resourceTypes: { key: 'arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}' },
  },
  lambda: {
    actions: { InvokeFunction: ['function'] },
    resourceTypes: {
      function: 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}',
      'function alias': 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}:${Alias}',
      'function version': 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}:${Version}',
    },
  },
  logs: {
    actions: { CreateLogStream: ['log-group'], PutLogEvents: ['log-stream'] },
    resourceTypes: {
      'log-group': 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}',
      'log-stream':
        'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}',
    },
  },
  s3: {
    actions: {
      DeleteObject: ['object'],
      GetObject: ['object'],
      ListAllMyBuckets: [],
      ListBucket: ['bucket'],
      PutObject: ['object'],
    },
    resourceTypes: {
      bucket: 'arn:${Partition}:s3:::${BucketName}',
      object: 'arn:${Partition}:s3:::${BucketName}/${ObjectName}',
    },
  },
  sqs: {
    actions: { ReceiveMessage: ['queue'], SendMessage: ['queue'] },
    resourceTypes: { queue: 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}' },
  },
  states: {
    actions: { DescribeExecution: ['execution', 'express'], StartExecution: ['statemachine'] },
    resourceTypes: {
      execution: 'arn:${Partition}:states:${Region}:${Account}:execution:${StateMachineName}:${ExecutionId}',
      express:
        'arn:${Partition}:states:${Region}:${Account}:express:${StateMachineName}:${ExecutionId}:${ExpressId}',
      statemachine: 'arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}',
    },
  },
  sts: { actions: { GetCallerIdentity: [] }, resourceTypes: {} },
  xray: { actions: { PutTraceSegments: [], PutTelemetryRecords: [] }, resourceTypes: {} },
};

export const tinyData: ServiceData = tinyServiceData(TINY_SERVICES);

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

/** One used permission with plain defaults: seen once, for the call itself. */
export function used(action: string, resource: string, extra: Partial<UsedPermission> = {}): UsedPermission {
  const [service = '', name = ''] = action.split(':');
  return {
    action,
    resource,
    count: 1,
    firstSeen: '2024-05-01T10:00:00Z',
    lastSeen: '2024-05-01T10:00:00Z',
    samples: [],
    sources: ['cloudtrail'],
    reasons: ['call'],
    operations: [`${service}.amazonaws.com:${name}`],
    notes: [],
    ...extra,
  };
}

/** A role's usage made of these used permissions (keyed as the aggregator keys them). */
export function usageOf(...permissions: UsedPermission[]): PrincipalUsage {
  const principal = `arn:aws:iam::${ACCOUNT}:role/app-role`;
  return {
    key: principal,
    principal,
    workload: null,
    kind: 'role',
    records: permissions.reduce((n, p) => n + p.count, 0),
    firstSeen: '2024-05-01T10:00:00Z',
    lastSeen: '2024-05-01T10:00:00Z',
    used: new Map(permissions.map((p) => [`${p.action}\u0000${p.resource}`, p])),
    denied: new Map(),
    unmapped: new Map(),
    permissionless: new Map(),
    gaps: new Map(),
    workloads: [],
    sourceIdentities: [],
  };
}

/** The same usage with its `used` Map filled in another order (seeded, reproducible). */
export function shuffledUsage(usage: PrincipalUsage, seed: number): PrincipalUsage {
  const entries = [...usage.used.entries()];
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const a = entries[i];
    const b = entries[j];
    if (a && b) {
      entries[i] = b;
      entries[j] = a;
    }
  }
  return { ...usage, used: new Map(entries) };
}

function globToRegExp(pattern: string): RegExp {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const literal = /^\$\{([*?$])\}/.exec(pattern.slice(i));
    if (literal) {
      source += `\\${literal[1]}`;
      i += literal[0].length - 1;
      continue;
    }
    const c = pattern[i] ?? '';
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${source}$`, 's');
}

function arnSegments(arn: string): string[] {
  const parts = arn.split(':');
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * Does a policy `Resource` value grant this concrete resource, the way IAM matches it: the ARN's first
 * five segments and its resource part each matched with `*` and `?`, `${*}`/`${?}`/`${$}` as literals.
 */
export function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.startsWith('arn:') || !resource.startsWith('arn:'))
    return globToRegExp(pattern).test(resource);
  const p = arnSegments(pattern);
  const r = arnSegments(resource);
  if (p.length !== r.length) return false;
  return p.every((segment, i) => globToRegExp(segment).test(r[i] ?? ''));
}
