/**
 * A seeded generator of (policy set, request) cases for the differential tests. Everything is drawn from
 * small pools of real actions, ARNs, principals and condition keys, so that statements often apply to
 * the request and every branch of the evaluation logic is reached: Allow and Deny, Action/NotAction,
 * Resource/NotResource with wildcards and policy variables, conditions with every operator family,
 * IfExists and set qualifiers, resource policies with Principal/NotPrincipal, permissions boundaries,
 * SCPs, RCPs, session policies, same- and cross-account requests.
 *
 * Only inputs both engines accept are generated: no malformed values, RCPs with Deny and Principal "*"
 * only, context keys that apply to the action. A case is identified by `<prefix><seed>-<index>`; the same
 * id always gives the same case.
 */
import { Random } from './random.js';

export type PolicyDoc = { Version: '2012-10-17'; Statement: Record<string, unknown>[] };
export type ContextValues = Record<string, string | string[]>;

export interface DifferentialCase {
  id: string;
  policies: {
    identity: PolicyDoc[];
    resource?: PolicyDoc;
    boundary?: PolicyDoc[];
    scp?: PolicyDoc[];
    rcp?: PolicyDoc[];
    session?: PolicyDoc;
  };
  request: {
    principal: string;
    action: string;
    resource: string;
    resourceAccount: string;
    context: ContextValues;
  };
}

const A = '111122223333';
/** `${key}`: a policy variable (written so, not as a string, for the linter). */
const v = (key: string): string => `\${${key}}`;
const B = '444455556666';

// ---------------------------------------------------------------------------------------------
// Principals
// ---------------------------------------------------------------------------------------------

type PrincipalKind = 'user' | 'role' | 'session' | 'federated' | 'root';

interface Principal {
  arn: string;
  kind: PrincipalKind;
  account: string;
  /** aws:username for IAM users. */
  username?: string;
  /** aws:PrincipalArn: the role's ARN for a role session. */
  principalArn: string;
}

const PRINCIPALS: Principal[] = [
  { arn: `arn:aws:iam::${A}:user/alice`, kind: 'user', account: A, username: 'alice', principalArn: '' },
  {
    arn: `arn:aws:iam::${A}:user/division/carol`,
    kind: 'user',
    account: A,
    username: 'carol',
    principalArn: '',
  },
  { arn: `arn:aws:iam::${A}:role/app`, kind: 'role', account: A, principalArn: '' },
  {
    arn: `arn:aws:sts::${A}:assumed-role/app/session-1`,
    kind: 'session',
    account: A,
    principalArn: `arn:aws:iam::${A}:role/app`,
  },
  {
    arn: `arn:aws:sts::${A}:assumed-role/worker/i-0abc`,
    kind: 'session',
    account: A,
    principalArn: `arn:aws:iam::${A}:role/service-role/worker`,
  },
  { arn: `arn:aws:sts::${A}:federated-user/dana`, kind: 'federated', account: A, principalArn: '' },
  { arn: `arn:aws:iam::${A}:root`, kind: 'root', account: A, principalArn: '' },
  { arn: `arn:aws:iam::${B}:user/eve`, kind: 'user', account: B, username: 'eve', principalArn: '' },
  {
    arn: `arn:aws:sts::${B}:assumed-role/partner/s1`,
    kind: 'session',
    account: B,
    principalArn: `arn:aws:iam::${B}:role/partner`,
  },
];
for (const p of PRINCIPALS) if (p.principalArn === '') p.principalArn = p.arn;

/** What a resource policy's Principal or NotPrincipal may name. */
const PRINCIPAL_ELEMENTS: unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: `arn:aws:iam::${A}:user/alice` },
  { AWS: `arn:aws:iam::${A}:user/division/carol` },
  { AWS: `arn:aws:iam::${A}:role/app` },
  { AWS: `arn:aws:iam::${A}:role/service-role/worker` },
  { AWS: `arn:aws:sts::${A}:assumed-role/app/session-1` },
  { AWS: `arn:aws:sts::${A}:federated-user/dana` },
  { AWS: B },
  { AWS: `arn:aws:iam::${B}:user/eve` },
  { AWS: [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${B}:root`] },
  { AWS: `arn:aws:iam::${B}:role/partner` },
];

// ---------------------------------------------------------------------------------------------
// Actions and resources
// ---------------------------------------------------------------------------------------------

interface ActionSpec {
  action: string;
  /** Resource ARNs for an account; `*` for actions that accept only `*`. */
  resources: (account: string) => string[];
  /** Service condition keys the action takes (beyond the global ones). */
  keys: string[];
  /** Actions of the same service used in Action patterns. */
  siblings: string[];
  /** The ARN does not say the account (S3). */
  accountless?: boolean;
}

const objects = (): string[] => [
  'arn:aws:s3:::example-bucket/reports/2024.csv',
  'arn:aws:s3:::example-bucket/home/alice/notes.txt',
  'arn:aws:s3:::example-bucket/home/carol/a:b.txt',
  'arn:aws:s3:::example-bucket/home/blue/x',
  'arn:aws:s3:::example-logs/app/2024/01/01.log',
];

const ACTIONS: ActionSpec[] = [
  {
    action: 's3:GetObject',
    resources: objects,
    keys: ['s3:ExistingObjectTag/env'],
    siblings: ['s3:GetObjectAcl', 's3:PutObject', 's3:ListBucket'],
    accountless: true,
  },
  {
    action: 's3:PutObject',
    resources: objects,
    keys: ['aws:RequestTag/env', 'aws:TagKeys'],
    siblings: ['s3:GetObject', 's3:DeleteObject'],
    accountless: true,
  },
  {
    action: 's3:ListBucket',
    resources: () => ['arn:aws:s3:::example-bucket', 'arn:aws:s3:::example-logs'],
    keys: ['s3:prefix', 's3:max-keys'],
    siblings: ['s3:ListAllMyBuckets', 's3:GetObject'],
    accountless: true,
  },
  {
    action: 's3:ListAllMyBuckets',
    resources: () => ['*'],
    keys: [],
    siblings: ['s3:ListBucket'],
  },
  {
    action: 'dynamodb:GetItem',
    resources: (a) => [
      `arn:aws:dynamodb:us-east-1:${a}:table/Orders`,
      `arn:aws:dynamodb:eu-west-1:${a}:table/Users`,
    ],
    keys: ['dynamodb:LeadingKeys', 'dynamodb:Attributes'],
    siblings: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:BatchGetItem'],
  },
  {
    action: 'dynamodb:Query',
    resources: (a) => [
      `arn:aws:dynamodb:us-east-1:${a}:table/Orders`,
      `arn:aws:dynamodb:us-east-1:${a}:table/Orders/index/ByDate`,
    ],
    keys: ['dynamodb:LeadingKeys'],
    siblings: ['dynamodb:GetItem', 'dynamodb:Scan'],
  },
  {
    action: 'sqs:SendMessage',
    resources: (a) => [`arn:aws:sqs:us-east-1:${a}:orders`, `arn:aws:sqs:eu-west-1:${a}:orders-dlq`],
    keys: [],
    siblings: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
  },
  {
    action: 'lambda:InvokeFunction',
    resources: (a) => [
      `arn:aws:lambda:us-east-1:${a}:function:resize`,
      `arn:aws:lambda:us-east-1:${a}:function:resize:prod`,
    ],
    keys: [],
    siblings: ['lambda:GetFunction', 'lambda:InvokeAsync'],
  },
  {
    action: 'logs:PutLogEvents',
    resources: (a) => [`arn:aws:logs:us-east-1:${a}:log-group:/aws/lambda/resize:log-stream:2024/01/01`],
    keys: [],
    siblings: ['logs:CreateLogStream', 'logs:CreateLogGroup'],
  },
  {
    action: 'iam:PassRole',
    resources: (a) => [`arn:aws:iam::${a}:role/app`, `arn:aws:iam::${a}:role/service-role/worker`],
    keys: ['iam:PassedToService'],
    siblings: ['iam:GetRole', 'iam:CreateRole'],
  },
  {
    action: 'iam:GetUser',
    resources: (a) => [`arn:aws:iam::${a}:user/alice`, `arn:aws:iam::${a}:user/division/carol`],
    keys: [],
    siblings: ['iam:ListUsers', 'iam:GetRole'],
  },
  {
    action: 'secretsmanager:GetSecretValue',
    resources: (a) => [`arn:aws:secretsmanager:us-east-1:${a}:secret:db-password-AbCdEf`],
    keys: ['aws:ResourceTag/env'],
    siblings: ['secretsmanager:DescribeSecret', 'secretsmanager:ListSecrets'],
  },
  {
    action: 'sns:Publish',
    resources: (a) => [`arn:aws:sns:us-east-1:${a}:alerts`],
    keys: [],
    siblings: ['sns:Subscribe', 'sns:ListTopics'],
  },
  {
    action: 'kms:Decrypt',
    resources: (a) => [`arn:aws:kms:us-east-1:${a}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    keys: ['kms:ViaService', 'kms:CallerAccount'],
    siblings: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
  },
  {
    action: 'sts:AssumeRole',
    resources: (a) => [`arn:aws:iam::${a}:role/app`, `arn:aws:iam::${a}:role/service-role/worker`],
    keys: ['sts:ExternalId', 'aws:TagKeys'],
    siblings: ['sts:TagSession', 'sts:GetCallerIdentity'],
  },
  {
    action: 'ec2:DescribeInstances',
    resources: () => ['*'],
    keys: [],
    siblings: ['ec2:DescribeVpcs', 'ec2:RunInstances'],
  },
];

// ---------------------------------------------------------------------------------------------
// Condition keys: type, request values, policy values
// ---------------------------------------------------------------------------------------------

type KeyType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'IPAddress' | 'ARN' | 'ArrayOfString';

interface KeySpec {
  key: string;
  type: KeyType;
  /** Values a request may carry. */
  request: string[];
  /** Values a policy may compare with. */
  policy: string[];
}

const GLOBAL_KEYS: KeySpec[] = [
  {
    key: 'aws:SourceIp',
    type: 'IPAddress',
    request: ['10.1.2.3', '192.0.2.10', '203.0.113.7', '2001:db8::1'],
    policy: ['10.0.0.0/8', '192.0.2.0/24', '203.0.113.7', '2001:db8::/32', '0.0.0.0/0', '10.1.2.3/32'],
  },
  { key: 'aws:SecureTransport', type: 'Bool', request: ['true', 'false'], policy: ['true', 'false'] },
  { key: 'aws:MultiFactorAuthPresent', type: 'Bool', request: ['true', 'false'], policy: ['true', 'false'] },
  {
    key: 'aws:MultiFactorAuthAge',
    type: 'Numeric',
    request: ['0', '300', '3600', '86400'],
    policy: ['3600', '300', '0', '1.5', '86400'],
  },
  {
    key: 'aws:CurrentTime',
    type: 'Date',
    request: ['2024-01-01T00:00:00Z', '2025-06-15T12:30:00Z', '2030-01-01T00:00:00Z'],
    policy: ['2025-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2025-06-15T12:30:00Z', '2029-12-31T23:59:59Z'],
  },
  {
    key: 'aws:PrincipalTag/team',
    type: 'String',
    request: ['blue', 'red', 'Blue'],
    policy: ['blue', 'red', 'b*', '*', 'BLUE'],
  },
  {
    key: 'aws:RequestedRegion',
    type: 'String',
    request: ['us-east-1', 'eu-west-1'],
    policy: ['us-east-1', 'eu-*', 'us-*', 'ap-southeast-2'],
  },
  {
    key: 'aws:PrincipalOrgID',
    type: 'String',
    request: ['o-exampleorg', 'o-otherorg'],
    policy: ['o-exampleorg', 'o-*'],
  },
  {
    key: 'aws:SourceArn',
    type: 'ARN',
    request: [`arn:aws:sns:us-east-1:${A}:alerts`, 'arn:aws:s3:::example-bucket'],
    policy: [`arn:aws:sns:*:${A}:*`, 'arn:aws:s3:::example-*', `arn:aws:sns:us-east-1:${A}:alerts`],
  },
  {
    key: 'aws:CalledVia',
    type: 'ArrayOfString',
    request: ['cloudformation.amazonaws.com', 'athena.amazonaws.com'],
    policy: ['cloudformation.amazonaws.com', 'athena.amazonaws.com', '*.amazonaws.com'],
  },
];

const SERVICE_KEYS: KeySpec[] = [
  {
    key: 's3:prefix',
    type: 'String',
    request: ['home/alice/', 'home/', '', 'reports/'],
    policy: [`home/${v('aws:username')}/`, 'home/', '', 'home/*', 'reports/*'],
  },
  { key: 's3:max-keys', type: 'Numeric', request: ['10', '1000'], policy: ['100', '10'] },
  {
    key: 's3:ExistingObjectTag/env',
    type: 'String',
    request: ['prod', 'dev'],
    policy: ['prod', 'dev', 'p*'],
  },
  {
    key: 'aws:RequestTag/env',
    type: 'String',
    request: ['prod', 'dev'],
    policy: ['prod', 'dev', 'p*'],
  },
  {
    key: 'aws:ResourceTag/env',
    type: 'String',
    request: ['prod', 'dev'],
    policy: ['prod', 'dev', 'p*'],
  },
  {
    key: 'aws:TagKeys',
    type: 'ArrayOfString',
    request: ['env', 'team', 'owner'],
    policy: ['env', 'team', 'cost-*'],
  },
  {
    key: 'dynamodb:LeadingKeys',
    type: 'ArrayOfString',
    request: ['alice', 'carol', 'shared'],
    policy: [v('aws:username'), 'shared', 'a*'],
  },
  {
    key: 'dynamodb:Attributes',
    type: 'ArrayOfString',
    request: ['id', 'name', 'email'],
    policy: ['id', 'name', 'e*'],
  },
  {
    key: 'kms:ViaService',
    type: 'String',
    request: ['s3.us-east-1.amazonaws.com', 'secretsmanager.us-east-1.amazonaws.com'],
    policy: ['s3.us-east-1.amazonaws.com', 's3.*.amazonaws.com'],
  },
  { key: 'kms:CallerAccount', type: 'String', request: [A, B], policy: [A, B] },
  { key: 'sts:ExternalId', type: 'String', request: ['ext-1', 'ext-2'], policy: ['ext-1', 'ext-*'] },
  {
    key: 'iam:PassedToService',
    type: 'String',
    request: ['lambda.amazonaws.com', 'ec2.amazonaws.com'],
    policy: ['lambda.amazonaws.com', '*.amazonaws.com', 'ecs-tasks.amazonaws.com'],
  },
];

const KEYS = new Map([...GLOBAL_KEYS, ...SERVICE_KEYS].map((k) => [k.key, k]));

const OPERATORS: Record<KeyType, string[]> = {
  String: [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
  ],
  ArrayOfString: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase'],
  Numeric: [
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
  ],
  Date: [
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
  ],
  Bool: ['Bool'],
  IPAddress: ['IpAddress', 'NotIpAddress'],
  ARN: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringLike', 'StringEquals'],
};

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

interface Draw {
  r: Random;
  spec: ActionSpec;
  principal: Principal;
  resource: string;
  resourceAccount: string;
  /** Condition keys that may appear in this case (global plus the action's). */
  keys: KeySpec[];
}

function actionElement(d: Draw, rcp: boolean): string | string[] {
  const { r, spec } = d;
  const [service, name] = spec.action.split(':') as [string, string];
  const options = [
    () => spec.action,
    () => `${service.toUpperCase()}:${name.toLowerCase()}`,
    () => `${service}:*`,
    () => `${service}:${name.slice(0, 3)}*`,
    () => `${service}:*${name.slice(-4)}`,
    () => `${service}:${name.slice(0, -1)}?`,
    () => '*',
    () => r.pick(spec.siblings),
    () => `${r.pick(ACTIONS).action.split(':')[0]}:*`,
  ];
  // RCPs take neither a lone `*` nor NotAction (AWS Organizations, RCP syntax).
  const made = r.chance(0.3) ? r.some(options, 2, 3).map((f) => f()) : [r.pick(options)()];
  const kept = rcp ? made.filter((a) => a !== '*') : made;
  if (kept.length === 0) return spec.action;
  return kept.length === 1 ? kept[0]! : kept;
}

/** Patterns around the request's resource, some matching and some not. */
function resourcePatterns(d: Draw): string[] {
  const { resource, spec, resourceAccount } = d;
  const out = ['*'];
  const other = spec.resources(resourceAccount === A ? B : A);
  out.push(...spec.resources(resourceAccount));
  if (!spec.accountless) out.push(...other);
  if (resource === '*') return out;
  const parts = resource.split(':');
  const withPart = (i: number, v: string) => parts.map((p, j) => (j === i ? v : p)).join(':');
  out.push(withPart(3, '*'), withPart(4, '*'), `${parts.slice(0, 5).join(':')}:*`);
  out.push(`${resource.slice(0, Math.max(resource.lastIndexOf('/'), resource.lastIndexOf(':')) + 1)}*`);
  out.push(withPart(3, 'us-east-?'));
  if (resource.startsWith('arn:aws:s3:::')) {
    out.push(
      'arn:aws:s3:::example-*',
      'arn:aws:s3:::example-bucket/*',
      'arn:aws:s3:::*/home/*',
      `arn:aws:s3:::example-bucket/home/${v('aws:username')}/*`,
      `arn:aws:s3:::example-bucket/home/${v("aws:PrincipalTag/team, 'alice'")}/*`,
      `arn:aws:s3:::example-bucket/${v('*')}`,
      'arn:aws:s3:::*log*',
    );
  }
  if (resource.startsWith('arn:aws:iam::')) {
    out.push(`arn:aws:iam::${resourceAccount}:user/${v('aws:username')}`, `arn:aws:iam::*:role/*`);
  }
  if (resource.includes(':function:')) out.push(`arn:aws:lambda:*:*:function:resize*`);
  return out;
}

function resourceElement(d: Draw): string | string[] {
  const patterns = resourcePatterns(d);
  if (d.r.chance(0.3)) return d.r.some(patterns, 2, 3);
  return d.r.pick(patterns);
}

function conditionValues(d: Draw, key: KeySpec, operator: string): string | string[] {
  const { r } = d;
  let pool = key.policy;
  // Wildcards only mean something to Like operators; elsewhere keep literal values of the right type.
  if (!operator.includes('Like') && !operator.startsWith('Arn')) pool = pool.filter((v) => !v.includes('*'));
  if (operator.startsWith('String') && key.type === 'ARN') pool = key.request.concat(pool);
  if (pool.length === 0) pool = key.request;
  if (r.chance(0.35)) return r.some(pool, 1, 3);
  return r.pick(pool);
}

function condition(d: Draw): Record<string, Record<string, string | string[]>> | undefined {
  const { r } = d;
  if (r.chance(0.45)) return undefined;
  const block: Record<string, Record<string, string | string[]>> = {};
  const count = r.int(1, 2);
  for (let i = 0; i < count; i++) {
    const key = r.pick(d.keys);
    if (r.chance(0.08)) {
      block.Null = { ...block.Null, [key.key]: r.pick(['true', 'false']) };
      continue;
    }
    const base = r.pick(OPERATORS[key.type]);
    let operator = base;
    // Multivalued keys require a set qualifier (IAM user guide, single- vs multivalued context keys);
    // AWS does not document what a plain operator does with one, so it is not compared here.
    if (key.type === 'ArrayOfString' || r.chance(0.05)) {
      operator = `${r.pick(['ForAllValues', 'ForAnyValue'])}:${operator}`;
    }
    if (r.chance(0.2)) operator += 'IfExists';
    block[operator] = { ...block[operator], [key.key]: conditionValues(d, key, base) };
  }
  return block;
}

function statement(
  d: Draw,
  options: { principal?: 'principal' | 'star'; effect?: 'Allow' | 'Deny'; conditions?: boolean },
) {
  const { r } = d;
  const effect = options.effect ?? (r.chance(0.2) ? 'Deny' : 'Allow');
  const s: Record<string, unknown> = { Effect: effect };
  if (r.chance(0.15)) s.Sid = `S${r.int(1, 99)}`;
  if (options.principal === 'star') s.Principal = '*';
  else if (options.principal === 'principal') {
    const element = r.pick(PRINCIPAL_ELEMENTS);
    if (effect === 'Deny' && r.chance(0.25) && element !== '*') s.NotPrincipal = element;
    else s.Principal = element;
  }
  const rcp = options.principal === 'star';
  s[!rcp && r.chance(0.12) ? 'NotAction' : 'Action'] = actionElement(d, rcp);
  s[r.chance(0.12) ? 'NotResource' : 'Resource'] = resourceElement(d);
  const c = options.conditions === false ? undefined : condition(d);
  if (c) s.Condition = c;
  return s;
}

function policy(statements: Record<string, unknown>[]): PolicyDoc {
  return { Version: '2012-10-17', Statement: statements };
}

function statements(d: Draw, min: number, max: number, options: Parameters<typeof statement>[1] = {}) {
  return Array.from({ length: d.r.int(min, max) }, () => statement(d, options));
}

function context(d: Draw): ContextValues {
  const { r, principal } = d;
  const ctx: ContextValues = {};
  for (const key of d.keys) {
    if (!r.chance(0.45)) continue;
    // A multivalued key with no values is absent from a real request, so sets are never empty here.
    ctx[key.key] = key.type === 'ArrayOfString' ? r.some(key.request, 1, 3) : r.pick(key.request);
  }
  // Facts about the principal, given as a caller of the engine would.
  if (principal.username && r.chance(0.7)) ctx['aws:username'] = principal.username;
  if (r.chance(0.5)) ctx['aws:PrincipalArn'] = principal.principalArn;
  if (r.chance(0.3)) ctx['aws:PrincipalAccount'] = principal.account;
  return ctx;
}

export function generateCase(seed: number, index: number, prefix = 'g'): DifferentialCase {
  const r = new Random(seed * 1_000_003 + index);
  const spec = r.pick(ACTIONS);
  const principal = r.pick(PRINCIPALS);
  let resourceAccount = r.chance(0.75) ? principal.account : principal.account === A ? B : A;
  const resource = r.pick(spec.resources(resourceAccount));
  // An action that accepts only `*` names no resource, so no other account.
  if (resource === '*') resourceAccount = principal.account;
  const keys = [...GLOBAL_KEYS, ...spec.keys.map((k) => KEYS.get(k)!)];
  const d: Draw = { r, spec, principal, resource, resourceAccount, keys };

  const policies: DifferentialCase['policies'] = { identity: [] };
  if (!r.chance(0.08)) {
    const n = r.int(1, 2);
    for (let i = 0; i < n; i++) policies.identity.push(policy(statements(d, 1, 3)));
  }
  // Every KMS key has a key policy and every role a trust policy.
  if (r.chance(0.4) || spec.action.startsWith('kms:') || spec.action.startsWith('sts:')) {
    policies.resource = policy(statements(d, 1, 3, { principal: 'principal' }));
  }
  if (r.chance(0.2)) policies.boundary = [policy(statements(d, 1, 2))];
  if (r.chance(0.25)) {
    const scps = [policy(statements(d, 1, 2))];
    if (r.chance(0.5)) scps.unshift(policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]));
    policies.scp = scps;
  }
  if (r.chance(0.15)) policies.rcp = [policy(statements(d, 1, 2, { principal: 'star', effect: 'Deny' }))];
  if ((principal.kind === 'session' || principal.kind === 'federated') && r.chance(0.3)) {
    policies.session = policy(statements(d, 1, 2));
  }
  return {
    id: `${prefix}${seed}-${index}`,
    policies,
    request: {
      principal: principal.arn,
      action: spec.action,
      resource,
      resourceAccount,
      context: context(d),
    },
  };
}
