#!/usr/bin/env node
// Writes a deterministic synthetic CloudTrail trail for the benchmark: the S3 delivery layout, gzipped
// `{"Records":[...]}` files of ~5-15k records, records of 1-2 KB shaped like real ones (full
// userIdentity, userAgent, requestParameters, resources, tlsDetails...), ~200 principals (Lambda,
// ECS, EC2 and CI role sessions, SSO humans, IAM users), ~30 services and ~150 operations, ~2% errors,
// ~1% access denied, and many distinct S3 object keys.
//
//   node scripts/bench-data.mjs --out DIR --events N [--seed S] [--files-events N] [--workers N]
//   import { generateTrail } from './bench-data.mjs'
//
// Same (events, seed, filesEvents) => same bytes. Files are generated in parallel on worker threads,
// each from its own seed, so the result does not depend on the number of workers. A trail is written
// once: without --out it goes to .bench/trail-<events>-s<seed>-f<filesEvents>/, and a manifest there
// lets later runs reuse it.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SCRIPT), '..');
/** Bump when the records change, so cached trails are regenerated. */
const GENERATOR_VERSION = 1;
const MANIFEST = 'bench-trail.json';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const START = Date.UTC(2026, 9, 1); // 2026-10-01T00:00:00Z; file i covers the i-th 5-minute window

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

function hashString(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const HEX = '0123456789abcdef';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** sfc32 seeded from a string: fast and identical on every platform. */
export function createRandom(seedText) {
  let a = hashString(`a${seedText}`);
  let b = hashString(`b${seedText}`);
  let c = hashString(`c${seedText}`);
  let d = 1;
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  const next = () => u32() / 4294967296;
  const int = (n) => Math.floor(next() * n);
  const chars = (alphabet, n) => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[int(alphabet.length)];
    return out;
  };
  const hex8 = () => u32().toString(16).padStart(8, '0');
  return {
    next,
    int,
    between: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)],
    chars,
    hex: (n) => {
      let out = '';
      while (out.length < n) out += hex8();
      return out.slice(0, n);
    },
    uuid: () => {
      const x = hex8() + hex8() + hex8() + hex8();
      return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-${HEX[8 + (u32() & 3)]}${x.slice(17, 20)}-${x.slice(20, 32)}`;
    },
  };
}

/** Cumulative weights for O(log n) weighted picks. */
function weightedPicker(items, weightOf) {
  const cumulative = [];
  let total = 0;
  for (const item of items) {
    total += weightOf(item);
    cumulative.push(total);
  }
  return (rng) => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}

// ---------------------------------------------------------------------------------------------
// Operations: what each call looks like in CloudTrail
// ---------------------------------------------------------------------------------------------

const DENIED_CODE = {
  s3: 'AccessDenied',
  ec2: 'Client.UnauthorizedOperation',
  iam: 'AccessDenied',
  sts: 'AccessDenied',
  cloudformation: 'AccessDenied',
  sns: 'AuthorizationError',
  sqs: 'AccessDenied',
  monitoring: 'AccessDenied',
  rds: 'AccessDenied',
  elasticloadbalancing: 'AccessDenied',
  autoscaling: 'AccessDenied',
  route53: 'AccessDenied',
  email: 'AccessDenied',
};
const ERROR_CODES = {
  s3: ['NoSuchKey', 'SlowDown', 'NoSuchBucketPolicy'],
  dynamodb: [
    'ConditionalCheckFailedException',
    'ProvisionedThroughputExceededException',
    'ResourceNotFoundException',
  ],
  ec2: ['Client.InvalidInstanceID.NotFound', 'Client.RequestLimitExceeded', 'Client.InvalidParameterValue'],
  sqs: ['AWS.SimpleQueueService.NonExistentQueue', 'ThrottlingException'],
  lambda: ['ResourceNotFoundException', 'ResourceConflictException', 'TooManyRequestsException'],
  kms: ['ThrottlingException', 'InvalidCiphertextException'],
  iam: ['NoSuchEntityException', 'EntityAlreadyExistsException'],
  secretsmanager: ['ResourceNotFoundException', 'ThrottlingException'],
  ssm: ['ParameterNotFound', 'ThrottlingException'],
  cloudformation: ['ValidationError', 'Throttling'],
};
const GENERIC_ERRORS = ['ThrottlingException', 'ValidationException', 'ResourceNotFoundException'];

const s3Host = (bucket, region) => `${bucket}.s3.${region}.amazonaws.com`;
const s3Additional = (rng, bytesIn, bytesOut, sse) => ({
  SignatureVersion: 'SigV4',
  CipherSuite: 'TLS_AES_128_GCM_SHA256',
  bytesTransferredIn: bytesIn,
  ...(sse ? { SSEApplied: sse } : {}),
  AuthenticationMethod: 'AuthHeader',
  'x-amz-id-2': rng.chars(BASE64, 76),
  bytesTransferredOut: bytesOut,
});
const objectResources = (bucket, key, account) => [
  { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
  { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
];
const bucketResources = (bucket, account) => [
  { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
];
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const tableArn = (t, region) => `arn:aws:dynamodb:${region}:${t.account}:table/${t.name}`;
const tableResources = (t, region) => [
  { accountId: t.account, type: 'AWS::DynamoDB::Table', ARN: tableArn(t, region) },
];
const keyArn = (k, region) => `arn:aws:kms:${region}:${k.account}:key/${k.id}`;
const keyResources = (k, region) => [{ accountId: k.account, type: 'AWS::KMS::Key', ARN: keyArn(k, region) }];
const objectKey = (rng, prefix, t) => {
  const d = new Date(t).toISOString();
  return `${prefix}${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}/${rng.uuid()}.${rng.pick(['json', 'json.gz', 'csv', 'png', 'parquet'])}`;
};

function s3Object(name, readOnly, extra = {}) {
  return {
    service: 's3',
    name,
    kind: 'bucket',
    readOnly,
    data: true,
    build(rng, target, ctx) {
      const key = extra.existingKey
        ? `${target.prefix}${target.hot[rng.int(target.hot.length)]}`
        : objectKey(rng, target.prefix, ctx.time);
      const region = ctx.region;
      const sse = target.kmsKey ? 'Default_SSE_KMS' : 'Default_SSE_S3';
      const request = { bucketName: target.name, Host: s3Host(target.name, region), key };
      if (extra.xid) request['x-id'] = name;
      if (name === 'CopyObject')
        request['x-amz-copy-source'] = `${target.name}/${target.prefix}${rng.uuid()}.json`;
      if (name === 'UploadPart') {
        request.partNumber = String(rng.between(1, 40));
        request.uploadId = rng.chars(BASE64, 86);
      }
      const response =
        !readOnly && name !== 'DeleteObject'
          ? target.kmsKey
            ? {
                'x-amz-server-side-encryption': 'aws:kms',
                'x-amz-server-side-encryption-aws-kms-key-id': keyArn(target.kmsKey, region),
              }
            : { 'x-amz-server-side-encryption': 'AES256' }
          : null;
      return {
        request,
        response,
        additional: s3Additional(
          rng,
          readOnly ? 0 : rng.int(4_000_000),
          readOnly ? rng.int(4_000_000) : 0,
          name === 'DeleteObject' ? undefined : sse,
        ),
        resources: objectResources(target.name, key, target.account),
        host: s3Host(target.name, region),
      };
    },
  };
}

function s3Bucket(name, readOnly, data = false) {
  return {
    service: 's3',
    name,
    kind: 'bucket',
    readOnly,
    data,
    build(rng, target, ctx) {
      const request = { bucketName: target.name, Host: s3Host(target.name, ctx.region) };
      let resources = bucketResources(target.name, target.account);
      if (name === 'ListObjects') {
        request['list-type'] = '2';
        request.prefix = target.prefix;
        request['encoding-type'] = 'url';
        resources = [
          { type: 'AWS::S3::Object', ARNPrefix: `arn:aws:s3:::${target.name}/${target.prefix}` },
          ...resources,
        ];
      } else {
        request[name.replace(/^(Get|Put|Delete)Bucket/, '').toLowerCase() || 'location'] = '';
      }
      return {
        request,
        additional: s3Additional(rng, 0, rng.int(20_000)),
        resources,
        host: s3Host(target.name, ctx.region),
      };
    },
  };
}

function dynamo(name, readOnly, data, requestOf) {
  return {
    service: 'dynamodb',
    name,
    kind: 'table',
    readOnly,
    data,
    apiVersion: '2012-08-10',
    build(rng, target, ctx) {
      return {
        request: { tableName: target.name, ...requestOf(rng, target) },
        resources: tableResources(target, ctx.region),
      };
    },
  };
}

/** A call whose only resource is a name in the request: `simple('sqs', 'SendMessage', 'queue', ...)`. */
function simple(
  service,
  name,
  kind,
  { readOnly = false, data = false, request, response, resources, apiVersion, host },
) {
  return {
    service,
    name,
    kind,
    readOnly,
    data,
    apiVersion,
    build(rng, target, ctx) {
      return {
        request: request ? request(rng, target, ctx) : null,
        response: response ? response(rng, target, ctx) : null,
        resources: resources ? resources(target, ctx) : undefined,
        host: host?.(ctx),
      };
    },
  };
}

const queueUrl = (q, region) => `https://sqs.${region}.amazonaws.com/${q.account}/${q.name}`;
const queueResources = (q, ctx) => [
  { accountId: q.account, type: 'AWS::SQS::Queue', ARN: `arn:aws:sqs:${ctx.region}:${q.account}:${q.name}` },
];
const topicArn = (t, region) => `arn:aws:sns:${region}:${t.account}:${t.name}`;
const functionArn = (f, region) => `arn:aws:lambda:${region}:${f.account}:function:${f.name}`;
const roleArnOf = (r) => `arn:aws:iam::${ACCOUNT}:role${r.path}${r.name}`;

const OPERATIONS = [
  // S3 (object operations are data events)
  s3Object('GetObject', true, { existingKey: true }),
  s3Object('GetObject', true),
  s3Object('PutObject', false, { xid: true }),
  s3Object('DeleteObject', false, { xid: true, existingKey: true }),
  s3Object('HeadObject', true, { existingKey: true }),
  s3Object('CopyObject', false, { xid: true }),
  s3Object('CreateMultipartUpload', false, { xid: true }),
  s3Object('UploadPart', false, { xid: true }),
  s3Object('CompleteMultipartUpload', false, { xid: true }),
  s3Bucket('ListObjects', true, true),
  s3Bucket('GetBucketLocation', true),
  s3Bucket('GetBucketPolicy', true),
  s3Bucket('GetBucketAcl', true),
  s3Bucket('PutBucketTagging', false),
  s3Bucket('GetBucketEncryption', true),
  simple('s3', 'ListBuckets', 'none', {
    readOnly: true,
    request: (_rng, _t, ctx) => ({ Host: `s3.${ctx.region}.amazonaws.com` }),
    host: (ctx) => `s3.${ctx.region}.amazonaws.com`,
  }),
  // DynamoDB
  dynamo('GetItem', true, true, () => ({ key: { pk: HIDDEN, sk: HIDDEN }, consistentRead: false })),
  dynamo('PutItem', false, true, () => ({
    key: { pk: HIDDEN, sk: HIDDEN },
    item: ['pk', 'sk', 'payload', 'ttl'],
  })),
  dynamo('UpdateItem', false, true, () => ({
    key: { pk: HIDDEN, sk: HIDDEN },
    updateExpression: 'SET #s = :s, updatedAt = :now',
    conditionExpression: 'attribute_exists(pk)',
    returnValues: 'ALL_NEW',
  })),
  dynamo('DeleteItem', false, true, () => ({ key: { pk: HIDDEN, sk: HIDDEN } })),
  dynamo('Query', true, true, (rng) => ({
    keyConditionExpression: 'pk = :pk',
    expressionAttributeValues: { ':pk': HIDDEN },
    limit: rng.pick([25, 50, 100]),
    consistentRead: false,
  })),
  dynamo('Scan', true, true, () => ({ limit: 1000 })),
  dynamo('BatchWriteItem', false, true, (rng) => ({ requestItems: { [HIDDEN]: rng.between(2, 25) } })),
  dynamo('BatchGetItem', true, true, (rng) => ({ requestItems: { [HIDDEN]: rng.between(2, 100) } })),
  dynamo('TransactWriteItems', false, true, () => ({ transactItems: [{ put: HIDDEN }, { update: HIDDEN }] })),
  dynamo('DescribeTable', true, false, () => ({})),
  dynamo('UpdateTable', false, false, () => ({ billingMode: 'PAY_PER_REQUEST' })),
  simple('dynamodb', 'ListTables', 'none', { readOnly: true, request: () => ({ limit: 100 }) }),
  // KMS (management events)
  ...['Decrypt', 'GenerateDataKey', 'Encrypt', 'DescribeKey'].map((name) =>
    simple('kms', name, 'key', {
      readOnly: true,
      request: (_rng, k, ctx) =>
        name === 'Decrypt'
          ? {
              encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
              encryptionContext: { 'aws:lambda:FunctionArn': HIDDEN },
            }
          : { keyId: keyArn(k, ctx.region), ...(name === 'GenerateDataKey' ? { keySpec: 'AES_256' } : {}) },
      resources: (k, ctx) => keyResources(k, ctx.region),
    }),
  ),
  simple('kms', 'ListAliases', 'none', { readOnly: true, request: () => ({ limit: 100 }) }),
  simple('kms', 'CreateGrant', 'key', {
    request: (rng, k, ctx) => ({
      keyId: keyArn(k, ctx.region),
      granteePrincipal: `${rng.pick(['ebs', 'rds', 'lambda'])}.amazonaws.com`,
      operations: ['Decrypt', 'GenerateDataKeyWithoutPlaintext'],
    }),
    response: (rng) => ({ grantId: rng.hex(64) }),
    resources: (k, ctx) => keyResources(k, ctx.region),
  }),
  // SQS (data events for messages)
  ...['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'ChangeMessageVisibility', 'SendMessageBatch'].map(
    (name) =>
      simple('sqs', name, 'queue', {
        readOnly: name === 'ReceiveMessage',
        data: true,
        request: (_rng, q, ctx) => ({
          queueUrl: queueUrl(q, ctx.region),
          ...(name.startsWith('Send') ? { messageBody: HIDDEN } : {}),
          ...(name === 'ReceiveMessage' ? { maxNumberOfMessages: 10, waitTimeSeconds: 20 } : {}),
          ...(name === 'DeleteMessage' || name === 'ChangeMessageVisibility'
            ? { receiptHandle: HIDDEN }
            : {}),
        }),
        response: (rng) =>
          name === 'SendMessage' ? { mD5OfMessageBody: rng.hex(32), messageId: rng.uuid() } : null,
        resources: queueResources,
      }),
  ),
  simple('sqs', 'GetQueueAttributes', 'queue', {
    readOnly: true,
    request: (_rng, q, ctx) => ({ queueUrl: queueUrl(q, ctx.region), attributeNames: ['All'] }),
    resources: queueResources,
  }),
  // SNS
  simple('sns', 'Publish', 'topic', {
    request: (_rng, t, ctx) => ({ topicArn: topicArn(t, ctx.region), message: HIDDEN, subject: HIDDEN }),
    response: (rng) => ({ messageId: rng.uuid() }),
  }),
  simple('sns', 'GetTopicAttributes', 'topic', {
    readOnly: true,
    request: (_rng, t, ctx) => ({ topicArn: topicArn(t, ctx.region) }),
  }),
  simple('sns', 'ListTopics', 'none', { readOnly: true }),
  simple('sns', 'Subscribe', 'topic', {
    request: (_rng, t, ctx) => ({ topicArn: topicArn(t, ctx.region), protocol: 'sqs', endpoint: HIDDEN }),
  }),
  // Lambda
  simple('lambda', 'Invoke', 'function', {
    data: true,
    request: (_rng, f, ctx) => ({
      functionName: functionArn(f, ctx.region),
      invocationType: 'RequestResponse',
    }),
    resources: (f, ctx) => [
      { accountId: f.account, type: 'AWS::Lambda::Function', ARN: functionArn(f, ctx.region) },
    ],
    host: (ctx) => `lambda.${ctx.region}.amazonaws.com`,
  }),
  ...['GetFunction20150331v2', 'GetFunctionConfiguration20150331v2'].map((name) =>
    simple('lambda', name, 'function', {
      readOnly: true,
      apiVersion: '2015-03-31',
      request: (_rng, f) => ({ functionName: f.name }),
    }),
  ),
  simple('lambda', 'ListFunctions20150331', 'none', {
    readOnly: true,
    apiVersion: '2015-03-31',
    request: () => ({}),
  }),
  simple('lambda', 'UpdateFunctionCode20150331v2', 'function', {
    apiVersion: '2015-03-31',
    request: (_rng, f) => ({ functionName: f.name, publish: false, dryRun: false }),
    response: (rng, f, ctx) => ({
      functionName: f.name,
      functionArn: functionArn(f, ctx.region),
      runtime: 'nodejs20.x',
      role: roleArnOf(f.role),
      codeSize: rng.between(100_000, 9_000_000),
      codeSha256: `${rng.chars(BASE64, 43)}=`,
      version: '$LATEST',
      state: 'Active',
    }),
  }),
  simple('lambda', 'UpdateFunctionConfiguration20150331v2', 'function', {
    apiVersion: '2015-03-31',
    request: (_rng, f) => ({ functionName: f.name, role: roleArnOf(f.role), timeout: 30, memorySize: 1024 }),
  }),
  simple('lambda', 'CreateFunction20150331', 'function', {
    apiVersion: '2015-03-31',
    request: (_rng, f) => ({
      functionName: f.name,
      runtime: 'nodejs20.x',
      role: roleArnOf(f.role),
      handler: 'index.handler',
      code: {},
      publish: false,
    }),
  }),
  simple('lambda', 'AddPermission20150331v2', 'function', {
    apiVersion: '2015-03-31',
    request: (rng, f) => ({
      functionName: f.name,
      statementId: `apigw-${rng.hex(8)}`,
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
    }),
  }),
  // STS
  simple('sts', 'GetCallerIdentity', 'none', {
    readOnly: true,
    host: (ctx) => `sts.${ctx.region}.amazonaws.com`,
  }),
  simple('sts', 'AssumeRole', 'role', {
    readOnly: true,
    request: (rng, r) => ({
      roleArn: roleArnOf(r),
      roleSessionName: `session-${rng.hex(8)}`,
      durationSeconds: 3600,
    }),
    response: (rng, r) => ({
      credentials: {
        accessKeyId: `ASIA${rng.chars(UPPER_ALNUM, 16)}`,
        expiration: 'Oct 1, 2026, 1:00:00 PM',
      },
      assumedRoleUser: {
        assumedRoleId: `${r.id}:session`,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${r.name}/session`,
      },
    }),
    resources: (r) => [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: roleArnOf(r) }],
    host: () => 'sts.amazonaws.com',
  }),
  simple('sts', 'GetSessionToken', 'none', { readOnly: true, request: () => ({ durationSeconds: 43200 }) }),
  // IAM (global: logged in us-east-1)
  ...['GetRole', 'ListAttachedRolePolicies', 'ListRolePolicies', 'GetRolePolicy'].map((name) =>
    simple('iam', name, 'role', {
      readOnly: true,
      apiVersion: '2010-05-08',
      request: (_rng, r) => ({
        roleName: r.name,
        ...(name === 'GetRolePolicy' ? { policyName: 'inline' } : {}),
      }),
      host: () => 'iam.amazonaws.com',
    }),
  ),
  simple('iam', 'PutRolePolicy', 'role', {
    apiVersion: '2010-05-08',
    request: (_rng, r) => ({
      roleName: r.name,
      policyName: 'inline',
      policyDocument: '{"Version":"2012-10-17"}',
    }),
    host: () => 'iam.amazonaws.com',
  }),
  ...['ListRoles', 'ListUsers', 'ListPolicies', 'GetAccountSummary'].map((name) =>
    simple('iam', name, 'none', {
      readOnly: true,
      apiVersion: '2010-05-08',
      host: () => 'iam.amazonaws.com',
    }),
  ),
  ...['GetUser', 'ListAccessKeys'].map((name) =>
    simple('iam', name, 'user', {
      readOnly: true,
      apiVersion: '2010-05-08',
      request: (_rng, u) => ({ userName: u.name }),
      host: () => 'iam.amazonaws.com',
    }),
  ),
  // EC2
  ...[
    'DescribeInstances',
    'DescribeSecurityGroups',
    'DescribeSubnets',
    'DescribeVpcs',
    'DescribeImages',
    'DescribeNetworkInterfaces',
    'DescribeVolumes',
  ].map((name) =>
    simple('ec2', name, 'none', {
      readOnly: true,
      request: (rng) => ({
        maxResults: 1000,
        filterSet: { items: [{ name: 'vpc-id', valueSet: { items: [{ value: `vpc-${rng.hex(17)}` }] } }] },
      }),
    }),
  ),
  ...['RunInstances', 'TerminateInstances', 'StopInstances', 'CreateTags'].map((name) =>
    simple('ec2', name, 'instance', {
      request: (rng, i) =>
        name === 'RunInstances'
          ? {
              instancesSet: { items: [{ imageId: `ami-${rng.hex(17)}`, minCount: 1, maxCount: 1 }] },
              instanceType: 't3.medium',
              iamInstanceProfile: { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${i.profile}` },
              tagSpecificationSet: {
                items: [{ resourceType: 'instance', tags: [{ key: 'app', value: i.app }] }],
              },
            }
          : { instancesSet: { items: [{ instanceId: i.id }] } },
    }),
  ),
  // CloudWatch Logs, CloudWatch
  ...['CreateLogStream', 'CreateLogGroup', 'FilterLogEvents', 'PutRetentionPolicy', 'DescribeLogStreams'].map(
    (name) =>
      simple('logs', name, 'logGroup', {
        readOnly: name === 'FilterLogEvents' || name === 'DescribeLogStreams',
        request: (rng, g, ctx) => ({
          logGroupName: g.name,
          ...(name === 'CreateLogStream'
            ? {
                logStreamName: `${new Date(ctx.time).toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${rng.hex(32)}`,
              }
            : {}),
          ...(name === 'FilterLogEvents' ? { filterPattern: 'ERROR', startTime: ctx.time - 3600_000 } : {}),
          ...(name === 'PutRetentionPolicy' ? { retentionInDays: 30 } : {}),
        }),
      }),
  ),
  simple('logs', 'DescribeLogGroups', 'none', { readOnly: true, request: () => ({ limit: 50 }) }),
  ...['DescribeAlarms', 'GetMetricData', 'ListMetrics'].map((name) =>
    simple('monitoring', name, 'none', {
      readOnly: true,
      request: (rng) => ({ maxRecords: 100, nextToken: rng.chance(0.3) ? rng.hex(40) : undefined }),
    }),
  ),
  simple('monitoring', 'PutMetricAlarm', 'none', {
    request: (rng) => ({
      alarmName: `alarm-${rng.hex(6)}`,
      metricName: 'Errors',
      namespace: 'AWS/Lambda',
      threshold: 1,
    }),
  }),
  // Secrets Manager, SSM
  ...['GetSecretValue', 'DescribeSecret', 'PutSecretValue'].map((name) =>
    simple('secretsmanager', name, 'secret', {
      readOnly: name !== 'PutSecretValue',
      request: (_rng, s) => ({ secretId: s.arn }),
      resources: (s) => [{ accountId: s.account, type: 'AWS::SecretsManager::Secret', ARN: s.arn }],
    }),
  ),
  simple('secretsmanager', 'ListSecrets', 'none', { readOnly: true }),
  ...['GetParameter', 'GetParameters', 'GetParametersByPath', 'PutParameter'].map((name) =>
    simple('ssm', name, 'parameter', {
      readOnly: name !== 'PutParameter',
      request: (_rng, p) =>
        name === 'GetParameters'
          ? { names: [p.name, `${p.name}-2`], withDecryption: true }
          : name === 'GetParametersByPath'
            ? { path: p.name.slice(0, p.name.lastIndexOf('/') + 1), recursive: true, withDecryption: true }
            : {
                name: p.name,
                withDecryption: true,
                ...(name === 'PutParameter' ? { type: 'SecureString', overwrite: true } : {}),
              },
    }),
  ),
  simple('ssm', 'DescribeParameters', 'none', { readOnly: true, request: () => ({ maxResults: 50 }) }),
  // CloudFormation
  ...[
    'DescribeStacks',
    'DescribeStackEvents',
    'CreateChangeSet',
    'ExecuteChangeSet',
    'DescribeChangeSet',
  ].map((name) =>
    simple('cloudformation', name, 'stack', {
      readOnly: name.startsWith('Describe'),
      apiVersion: '2010-05-15',
      request: (rng, s) => ({
        stackName: s.name,
        ...(name.includes('ChangeSet') ? { changeSetName: `deploy-${rng.hex(10)}` } : {}),
        ...(name === 'CreateChangeSet' ? { capabilities: ['CAPABILITY_IAM'], changeSetType: 'UPDATE' } : {}),
      }),
    }),
  ),
  simple('cloudformation', 'ListStacks', 'none', { readOnly: true, apiVersion: '2010-05-15' }),
  // ECR, ECS
  simple('ecr', 'GetAuthorizationToken', 'none', { readOnly: true }),
  ...[
    'BatchGetImage',
    'GetDownloadUrlForLayer',
    'PutImage',
    'BatchCheckLayerAvailability',
    'DescribeRepositories',
  ].map((name) =>
    simple('ecr', name, 'repository', {
      readOnly: name !== 'PutImage',
      request: (rng, r) => ({
        repositoryName: r.name,
        registryId: r.account,
        ...(name === 'GetDownloadUrlForLayer' ? { layerDigest: `sha256:${rng.hex(64)}` } : {}),
        ...(name === 'BatchGetImage' || name === 'PutImage' ? { imageTag: `sha-${rng.hex(7)}` } : {}),
      }),
      resources: (r, ctx) => [
        {
          accountId: r.account,
          type: 'AWS::ECR::Repository',
          ARN: `arn:aws:ecr:${ctx.region}:${r.account}:repository/${r.name}`,
        },
      ],
    }),
  ),
  ...[
    'DescribeServices',
    'UpdateService',
    'RunTask',
    'DescribeTasks',
    'ListTasks',
    'RegisterTaskDefinition',
  ].map((name) =>
    simple('ecs', name, 'cluster', {
      readOnly: name.startsWith('Describe') || name.startsWith('List'),
      request: (_rng, c) => ({
        cluster: c.name,
        ...(name === 'RegisterTaskDefinition'
          ? { family: c.name, taskRoleArn: roleArnOf(c.taskRole), executionRoleArn: roleArnOf(c.taskRole) }
          : { services: [c.service] }),
      }),
    }),
  ),
  // EventBridge, Step Functions, Kinesis, Firehose
  simple('events', 'PutEvents', 'bus', {
    request: (_rng, b) => ({
      entries: [{ eventBusName: b.name, source: `com.example.${b.app}`, detailType: HIDDEN }],
    }),
    response: (rng) => ({ failedEntryCount: 0, entries: [{ eventId: rng.uuid() }] }),
  }),
  ...['PutRule', 'DescribeRule'].map((name) =>
    simple('events', name, 'bus', {
      readOnly: name === 'DescribeRule',
      request: (_rng, b) => ({ name: `${b.app}-rule`, eventBusName: b.name }),
    }),
  ),
  ...['StartExecution', 'DescribeExecution', 'SendTaskSuccess'].map((name) =>
    simple('states', name, 'stateMachine', {
      readOnly: name === 'DescribeExecution',
      request: (rng, s, ctx) =>
        name === 'StartExecution'
          ? {
              stateMachineArn: `arn:aws:states:${ctx.region}:${s.account}:stateMachine:${s.name}`,
              input: HIDDEN,
              name: rng.uuid(),
            }
          : name === 'DescribeExecution'
            ? { executionArn: `arn:aws:states:${ctx.region}:${s.account}:execution:${s.name}:${rng.uuid()}` }
            : { taskToken: HIDDEN, output: HIDDEN },
    }),
  ),
  ...['PutRecord', 'PutRecords', 'GetRecords', 'GetShardIterator'].map((name) =>
    simple('kinesis', name, 'stream', {
      readOnly: name.startsWith('Get'),
      data: true,
      request: (rng, s, ctx) => ({
        streamARN: `arn:aws:kinesis:${ctx.region}:${s.account}:stream/${s.name}`,
        ...(name === 'PutRecord' ? { partitionKey: HIDDEN } : {}),
        ...(name === 'GetShardIterator'
          ? { shardId: `shardId-0000000000${rng.between(10, 99)}`, shardIteratorType: 'LATEST' }
          : {}),
      }),
      resources: (s, ctx) => [
        {
          accountId: s.account,
          type: 'AWS::Kinesis::Stream',
          ARN: `arn:aws:kinesis:${ctx.region}:${s.account}:stream/${s.name}`,
        },
      ],
    }),
  ),
  ...['PutRecordBatch', 'DescribeDeliveryStream'].map((name) =>
    simple('firehose', name, 'stream', {
      readOnly: name.startsWith('Describe'),
      request: (_rng, s) => ({ deliveryStreamName: `${s.name}-delivery` }),
    }),
  ),
  // API Gateway, Cognito, Route 53, ELB, Auto Scaling, RDS
  simple('apigateway', 'GetRestApis', 'none', { readOnly: true, request: () => ({ limit: 500 }) }),
  simple('apigateway', 'CreateDeployment', 'none', {
    request: (rng) => ({
      restApiId: rng.chars('abcdefghijklmnopqrstuvwxyz0123456789', 10),
      stageName: 'prod',
    }),
  }),
  ...['AdminGetUser', 'ListUsers', 'AdminCreateUser'].map((name) =>
    simple('cognito-idp', name, 'none', {
      readOnly: name !== 'AdminCreateUser',
      request: (rng, _t, ctx) => ({
        userPoolId: `${ctx.region}_${rng.chars(ALNUM, 9)}`,
        ...(name === 'ListUsers' ? { limit: 60 } : { username: HIDDEN }),
      }),
    }),
  ),
  ...['ListHostedZones', 'ChangeResourceRecordSets', 'GetChange'].map((name) =>
    simple('route53', name, 'none', {
      readOnly: name !== 'ChangeResourceRecordSets',
      apiVersion: '2013-04-01',
      request: (rng) =>
        name === 'ListHostedZones' ? {} : { hostedZoneId: `Z${rng.chars(UPPER_ALNUM, 13)}` },
      host: () => 'route53.amazonaws.com',
    }),
  ),
  ...['DescribeLoadBalancers', 'DescribeTargetHealth', 'RegisterTargets'].map((name) =>
    simple('elasticloadbalancing', name, 'none', {
      readOnly: name.startsWith('Describe'),
      request: (rng, _t, ctx) =>
        name === 'DescribeLoadBalancers'
          ? { pageSize: 400 }
          : {
              targetGroupArn: `arn:aws:elasticloadbalancing:${ctx.region}:${ACCOUNT}:targetgroup/tg-${rng.hex(6)}/${rng.hex(16)}`,
            },
    }),
  ),
  ...['DescribeAutoScalingGroups', 'SetDesiredCapacity'].map((name) =>
    simple('autoscaling', name, 'none', {
      readOnly: name.startsWith('Describe'),
      request: (rng) => ({
        autoScalingGroupName: `asg-${rng.hex(6)}`,
        ...(name === 'SetDesiredCapacity' ? { desiredCapacity: rng.between(1, 9) } : {}),
      }),
    }),
  ),
  ...['DescribeDBInstances', 'DescribeDBClusters', 'CreateDBSnapshot'].map((name) =>
    simple('rds', name, 'none', {
      readOnly: name.startsWith('Describe'),
      request: (rng) => ({
        dBInstanceIdentifier: `db-${rng.hex(6)}`,
        ...(name === 'CreateDBSnapshot' ? { dBSnapshotIdentifier: `snap-${rng.hex(10)}` } : {}),
      }),
    }),
  ),
  // Glue, Athena, CloudTrail, Config, X-Ray, CodeBuild, SES
  ...['GetTable', 'GetPartitions', 'BatchCreatePartition', 'GetDatabase'].map((name) =>
    simple('glue', name, 'none', {
      readOnly: name.startsWith('Get'),
      request: (rng) => ({
        databaseName: `analytics_${rng.int(8)}`,
        ...(name === 'GetDatabase' ? {} : { tableName: `events_${rng.int(30)}` }),
      }),
    }),
  ),
  ...['StartQueryExecution', 'GetQueryExecution', 'GetQueryResults'].map((name) =>
    simple('athena', name, 'none', {
      readOnly: name.startsWith('Get'),
      request: (rng) =>
        name === 'StartQueryExecution'
          ? { queryString: HIDDEN, workGroup: 'primary' }
          : { queryExecutionId: rng.uuid() },
      response: (rng) => (name === 'StartQueryExecution' ? { queryExecutionId: rng.uuid() } : null),
    }),
  ),
  ...['LookupEvents', 'DescribeTrails'].map((name) =>
    simple('cloudtrail', name, 'none', { readOnly: true, request: () => ({ maxResults: 50 }) }),
  ),
  ...['DescribeConfigRules', 'PutEvaluations'].map((name) =>
    simple('config', name, 'none', {
      readOnly: name.startsWith('Describe'),
      request: (rng) => ({ resultToken: rng.hex(32) }),
    }),
  ),
  ...['GetTraceSummaries', 'BatchGetTraces'].map((name) =>
    simple('xray', name, 'none', {
      readOnly: true,
      request: (rng) => ({ traceIds: [`1-${rng.hex(8)}-${rng.hex(24)}`] }),
    }),
  ),
  ...['StartBuild', 'BatchGetBuilds'].map((name) =>
    simple('codebuild', name, 'none', {
      readOnly: name.startsWith('Batch'),
      request: (rng) => ({
        projectName: `build-${rng.int(12)}`,
        ...(name === 'BatchGetBuilds' ? { ids: [`build-${rng.uuid()}`] } : {}),
      }),
    }),
  ),
  ...['SendEmail', 'SendRawEmail'].map((name) =>
    simple('email', name, 'none', {
      request: () => ({ source: 'no-reply@example.com', destination: HIDDEN }),
    }),
  ),
];

const operationsBy = (predicate) => OPERATIONS.filter(predicate);

// ---------------------------------------------------------------------------------------------
// The account: resources and ~200 principals, derived from the seed alone
// ---------------------------------------------------------------------------------------------

const APP_WORDS = [
  'orders',
  'billing',
  'search',
  'catalog',
  'users',
  'notify',
  'reports',
  'ingest',
  'media',
  'audit',
  'payments',
  'shipping',
  'pricing',
  'reviews',
  'inventory',
  'auth',
  'ledger',
  'export',
  'import',
  'chat',
];

function buildAccount(seed) {
  const rng = createRandom(`account:${seed}`);
  const roleId = () => `AROA${rng.chars(UPPER_ALNUM, 17)}`;
  const apps = [];
  for (let i = 0; i < 40; i++) {
    const name = `${APP_WORDS[i % APP_WORDS.length]}${i >= APP_WORDS.length ? `-${Math.floor(i / APP_WORDS.length) + 1}` : ''}`;
    const account = rng.chance(0.08) ? OTHER_ACCOUNT : ACCOUNT;
    const key = { account, id: rng.uuid() };
    const app = {
      name,
      key,
      tables: Array.from({ length: rng.between(1, 3) }, (_, j) => ({
        account,
        name: `${name}-${['main', 'events', 'sessions'][j]}`,
      })),
      buckets: Array.from({ length: rng.between(1, 2) }, (_, j) => ({
        account,
        name: `${name}-${['data', 'uploads'][j]}-${account}`,
        prefix: `${rng.pick(['incoming', 'raw', 'exports', 'uploads', 'tenants'])}/${rng.hex(4)}/`,
        kmsKey: rng.chance(0.4) ? key : null,
        hot: Array.from({ length: 200 }, () => `${rng.hex(2)}/${rng.uuid()}.json`),
      })),
      queues: Array.from({ length: rng.between(1, 2) }, (_, j) => ({
        account,
        name: `${name}-${['jobs', 'dlq'][j]}`,
      })),
      topic: { account, name: `${name}-events` },
      secret: {
        account,
        arn: `arn:aws:secretsmanager:us-east-1:${account}:secret:${name}/db-${rng.chars(ALNUM, 6)}`,
      },
      parameter: { name: `/${name}/prod/${rng.pick(['config', 'api-key', 'feature-flags'])}` },
      stream: { account, name: `${name}-stream` },
      stateMachine: { account, name: `${name}-workflow` },
      bus: { name: rng.chance(0.5) ? 'default' : `${name}-bus`, app: name },
      repository: { account: ACCOUNT, name: `${name}-service` },
      stack: { name: `${name}-prod` },
      functions: [],
    };
    apps.push(app);
  }

  const principals = [];
  const roles = [];
  const addRole = (name, path) => {
    const role = { name, path, id: roleId() };
    roles.push(role);
    return role;
  };

  // Lambda execution roles: one per app (shared by 2-6 functions) plus a few per-function ones.
  for (const app of apps) {
    const shared = addRole(`${app.name}-lambdaRole`, rng.chance(0.3) ? '/service-role/' : '/');
    const count = rng.between(2, 6);
    for (let j = 0; j < count; j++) {
      const fn = {
        account: ACCOUNT,
        name: `${app.name}-${['api', 'worker', 'consumer', 'cron', 'resize', 'webhook'][j]}`,
        role: shared,
      };
      app.functions.push(fn);
    }
    principals.push({ kind: 'lambda', role: shared, app, sessions: app.functions.map((f) => f.name) });
  }
  for (let i = 0; i < 25; i++) {
    const app = rng.pick(apps);
    const fnName = `${app.name}-fn-${rng.hex(4)}`;
    const role = addRole(`${fnName}-role`, '/');
    app.functions.push({ account: ACCOUNT, name: fnName, role });
    principals.push({ kind: 'lambda', role, app, sessions: [fnName] });
  }
  // ECS task roles, EC2 instance roles.
  for (let i = 0; i < 40; i++) {
    const app = apps[i % apps.length];
    const role = addRole(`${app.name}-task-${i}`, '/ecs/');
    app.cluster = { name: `${app.name}-cluster`, service: `${app.name}-svc`, taskRole: role };
    principals.push({ kind: 'ecs', role, app, sessions: Array.from({ length: 8 }, () => rng.hex(32)) });
  }
  for (let i = 0; i < 20; i++) {
    const app = rng.pick(apps);
    const role = addRole(`${app.name}-ec2-${i}`, '/');
    principals.push({
      kind: 'ec2',
      role,
      app,
      sessions: Array.from({ length: 4 }, () => `i-0${rng.hex(16)}`),
    });
  }
  // CI deploy roles, SSO permission sets used by people.
  for (let i = 0; i < 15; i++) {
    const role = addRole(`deploy-${APP_WORDS[i]}`, '/ci/');
    const covered = apps.filter((_, j) => j % 15 === i);
    principals.push({
      kind: 'ci',
      role,
      app: covered[0],
      apps: covered,
      sessions: Array.from(
        { length: 6 },
        () => `GitHubActions-${rng.between(19_000_000_000, 19_999_999_999)}`,
      ),
    });
  }
  const people = Array.from(
    { length: 60 },
    (_, i) =>
      `${rng.pick(['ana', 'ben', 'chen', 'dara', 'eli', 'fatima', 'gus', 'hana', 'ivo', 'jo'])}.${rng.pick(['silva', 'okafor', 'kim', 'novak', 'haddad', 'berg', 'tanaka'])}${i}@example.com`,
  );
  for (const set of [
    'AdministratorAccess',
    'PowerUserAccess',
    'ReadOnlyAccess',
    'DataEngineer',
    'SupportUser',
  ]) {
    for (let i = 0; i < 5; i++) {
      const role = addRole(
        `AWSReservedSSO_${set}_${rng.hex(16)}`,
        `/aws-reserved/sso.amazonaws.com/${i % 2 ? 'eu-west-1/' : ''}`,
      );
      principals.push({
        kind: 'sso',
        role,
        app: rng.pick(apps),
        sessions: Array.from({ length: 6 }, () => rng.pick(people)),
      });
    }
  }
  // IAM users: automation with long-term keys, and people.
  const users = [];
  for (let i = 0; i < 40; i++) {
    const automation = i < 25;
    const name = automation ? `svc-${APP_WORDS[i % APP_WORDS.length]}-${i}` : people[i].split('@')[0];
    const user = { name, id: `AIDA${rng.chars(UPPER_ALNUM, 17)}`, key: `AKIA${rng.chars(UPPER_ALNUM, 16)}` };
    users.push(user);
    principals.push({
      kind: automation ? 'automation' : 'person',
      user,
      app: rng.pick(apps),
      sessions: [name],
    });
  }

  // What each principal does: 4-30 (operation, resource) pairs with Zipf-like weights.
  const targetsOf = (kind, app) => {
    switch (kind) {
      case 'bucket':
        return app.buckets;
      case 'table':
        return app.tables;
      case 'queue':
        return app.queues;
      case 'topic':
        return [app.topic];
      case 'key':
        return [app.key];
      case 'secret':
        return [app.secret];
      case 'parameter':
        return [app.parameter];
      case 'function':
        return app.functions;
      case 'stream':
        return [app.stream];
      case 'stateMachine':
        return [app.stateMachine];
      case 'bus':
        return [app.bus];
      case 'repository':
        return [app.repository];
      case 'stack':
        return [app.stack];
      case 'logGroup':
        return app.functions.map((f) => ({ name: `/aws/lambda/${f.name}` }));
      case 'cluster':
        return app.cluster ? [app.cluster] : [];
      case 'instance':
        return [{ id: `i-0${rng.hex(16)}`, app: app.name, profile: `${app.name}-profile` }];
      case 'role':
        return app.functions.map((f) => f.role);
      case 'user':
        return users.slice(0, 5);
      default:
        return [null];
    }
  };
  const DATA_PLANE = new Set([
    's3',
    'dynamodb',
    'sqs',
    'sns',
    'kms',
    'secretsmanager',
    'ssm',
    'events',
    'states',
    'kinesis',
    'firehose',
    'logs',
    'lambda',
    'email',
  ]);
  const pools = {
    lambda: operationsBy(
      (o) => DATA_PLANE.has(o.service) && (o.data || o.kind !== 'none') && !o.name.includes('2015'),
    ),
    ecs: operationsBy(
      (o) =>
        (DATA_PLANE.has(o.service) && o.kind !== 'none' && !o.name.includes('2015')) ||
        (o.service === 'ecr' && o.readOnly),
    ),
    ec2: operationsBy(
      (o) => ['s3', 'ssm', 'logs', 'monitoring', 'ec2', 'kms'].includes(o.service) && o.readOnly,
    ),
    ci: operationsBy((o) =>
      ['cloudformation', 's3', 'lambda', 'iam', 'ecr', 'ecs', 'sts'].includes(o.service),
    ),
    sso: OPERATIONS,
    automation: operationsBy((o) => DATA_PLANE.has(o.service) && o.kind !== 'none'),
    person: operationsBy((o) => o.readOnly),
  };
  for (const p of principals) {
    const pool = pools[p.kind];
    const size = p.kind === 'sso' || p.kind === 'person' ? rng.between(15, 30) : rng.between(4, 14);
    const chosen = [];
    const apps_ = p.apps ?? [p.app];
    for (let k = 0; k < size * 3 && chosen.length < size; k++) {
      const op = rng.pick(pool);
      const app = rng.pick(apps_);
      const targets = targetsOf(op.kind, app);
      if (targets.length === 0) continue;
      chosen.push({ op, target: rng.pick(targets) });
    }
    if (p.kind === 'lambda')
      chosen.push({
        op: OPERATIONS.find((o) => o.name === 'CreateLogStream'),
        target: { name: `/aws/lambda/${p.sessions[0]}` },
      });
    p.activity = chosen.map((c, rank) => ({ ...c, weight: 1 / (rank + 1) }));
    p.pickActivity = weightedPicker(p.activity, (a) => a.weight);
    p.weight =
      { lambda: 6, ecs: 5, ec2: 2, ci: 0.5, sso: 0.6, automation: 3, person: 0.3 }[p.kind] *
      (0.2 + rng.next() * 1.6);
  }
  return {
    apps,
    principals,
    rolePrincipals: principals.filter((p) => p.role),
    pickPrincipal: weightedPicker(principals, (p) => p.weight),
    buckets: new Map(apps.flatMap((a) => a.buckets.map((b) => [b.name, b]))),
  };
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

const SDK_UA = {
  lambda: (api) =>
    `aws-sdk-js/3.901.0 ua/2.1 os/linux#5.10.240-258.930.amzn2.x86_64 lang/js md/nodejs#20.19.5 api/${api}#3.901.0 m/E,b,e exec-env/AWS_Lambda_nodejs20.x`,
  ecs: (api) =>
    `Boto3/1.40.21 md/Botocore#1.40.21 ua/2.1 os/linux#5.10.240-258.930.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.11 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.40.21 api/${api}`,
  ec2: (api) =>
    `aws-sdk-go-v2/1.39.2 ua/2.1 os/linux lang/go#1.24.7 md/GOOS#linux md/GOARCH#amd64 api/${api}#1.50.0 m/E,g`,
  ci: (api) =>
    `aws-sdk-js/3.901.0 ua/2.1 os/linux#6.11.0-1018-azure lang/js md/nodejs#20.19.5 api/${api}#3.901.0 m/E,N`,
  sso: (api) =>
    `aws-cli/2.31.5 md/awscrt#0.27.6 ua/2.1 os/macos#25.1.0 md/arch#arm64 lang/python#3.13.7 md/pyimpl#CPython m/E,Z,b cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#${api}`,
  automation: (api) =>
    `aws-sdk-java/2.33.4 Linux/6.1.150-174.273.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.8+9-LTS Java/21.0.8 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard api/${api}`,
  person: () =>
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
};

const GLOBAL_SERVICES = new Set(['iam', 'route53']);

function identityOf(p, session, ctx) {
  if (p.user) {
    return {
      type: 'IAMUser',
      principalId: p.user.id,
      arn: `arn:aws:iam::${ACCOUNT}:user/${p.user.name}`,
      accountId: ACCOUNT,
      accessKeyId: p.kind === 'person' ? ctx.sessionKey(p.user.name) : p.user.key,
      userName: p.user.name,
      ...(p.kind === 'person'
        ? { sessionContext: { attributes: { creationDate: ctx.creationDate, mfaAuthenticated: 'true' } } }
        : {}),
    };
  }
  const role = p.role;
  return {
    type: 'AssumedRole',
    principalId: `${role.id}:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: ctx.sessionKey(`${role.name}/${session}`),
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: role.id,
        arn: roleArnOf(role),
        accountId: ACCOUNT,
        userName: role.name,
      },
      webIdFederationData:
        p.kind === 'ci'
          ? {
              federatedProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
              attributes: {},
            }
          : {},
      attributes: { creationDate: ctx.creationDate, mfaAuthenticated: 'false' },
      ...(p.kind === 'sso' ? { sourceIdentity: session } : {}),
    },
  };
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function apiCallRecord(rng, account, p, ctx) {
  const { op, target } = p.pickActivity(rng);
  const session = p.sessions[rng.int(p.sessions.length)];
  const region = GLOBAL_SERVICES.has(op.service) ? 'us-east-1' : ctx.region;
  const built = op.build(rng, target, { region, time: ctx.time });
  const source = `${op.service}.amazonaws.com`;
  const uaBase = SDK_UA[p.kind](p.kind === 'sso' ? `${op.service}.${op.name.toLowerCase()}` : op.service);
  const record = {
    eventVersion: '1.11',
    userIdentity: identityOf(p, session, ctx),
    eventTime: iso(ctx.time),
    eventSource: source,
    eventName: op.name,
    awsRegion: region,
    sourceIPAddress: ctx.ipOf(p, session),
    userAgent: op.service === 's3' ? `[${uaBase}]` : uaBase,
  };
  const roll = rng.next();
  if (roll < 0.01) {
    const code = DENIED_CODE[op.service] ?? 'AccessDeniedException';
    record.errorCode = code;
    record.errorMessage =
      code === 'AccessDenied' && op.service === 's3'
        ? 'Access Denied'
        : `User: ${record.userIdentity.arn} is not authorized to perform: ${op.service}:${op.name.replace(/20\d\d.*$/, '')} because no identity-based policy allows the ${op.service}:${op.name.replace(/20\d\d.*$/, '')} action`;
  } else if (roll < 0.03) {
    record.errorCode = rng.pick(ERROR_CODES[op.service] ?? GENERIC_ERRORS);
    record.errorMessage = `${record.errorCode}: request ${rng.hex(8)} could not be completed`;
  }
  record.requestParameters = built.request ?? null;
  record.responseElements = record.errorCode ? null : (built.response ?? null);
  if (built.additional) record.additionalEventData = built.additional;
  record.requestID = op.service === 's3' ? rng.hex(16).toUpperCase() : rng.uuid();
  record.eventID = rng.uuid();
  record.readOnly = op.readOnly;
  if (built.resources) record.resources = built.resources;
  record.eventType = 'AwsApiCall';
  if (op.apiVersion) record.apiVersion = op.apiVersion;
  record.managementEvent = !op.data;
  record.recipientAccountId = account;
  record.eventCategory = op.data ? 'Data' : 'Management';
  record.tlsDetails = {
    tlsVersion: 'TLSv1.3',
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    clientProvidedHostHeader: built.host ?? `${op.service}.${region}.amazonaws.com`,
  };
  return record;
}

/** Calls made by services: an execution environment's AssumeRole, or an AwsServiceEvent. */
function serviceRecord(rng, account, world, ctx) {
  if (rng.chance(0.99)) {
    const p = world.rolePrincipals[rng.int(world.rolePrincipals.length)];
    const service = { lambda: 'lambda', ecs: 'ecs-tasks', ec2: 'ec2', ci: 'sts', sso: 'sso' }[p.kind];
    const session = p.sessions[rng.int(p.sessions.length)];
    return {
      eventVersion: '1.11',
      userIdentity: { type: 'AWSService', invokedBy: `${service}.amazonaws.com` },
      eventTime: iso(ctx.time),
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      awsRegion: ctx.region,
      sourceIPAddress: `${service}.amazonaws.com`,
      userAgent: `${service}.amazonaws.com`,
      requestParameters: { roleArn: roleArnOf(p.role), roleSessionName: session, durationSeconds: 3600 },
      responseElements: {
        credentials: {
          accessKeyId: ctx.sessionKey(`${p.role.name}/${session}`),
          expiration: iso(ctx.time + 3600_000),
        },
        assumedRoleUser: {
          assumedRoleId: `${p.role.id}:${session}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${p.role.name}/${session}`,
        },
      },
      requestID: rng.uuid(),
      eventID: rng.uuid(),
      readOnly: true,
      resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: roleArnOf(p.role) }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
      sharedEventID: rng.uuid(),
      eventCategory: 'Management',
    };
  }
  const key = world.apps[rng.int(world.apps.length)].key;
  return {
    eventVersion: '1.11',
    userIdentity: { accountId: ACCOUNT, invokedBy: 'kms.amazonaws.com' },
    eventTime: iso(ctx.time),
    eventSource: 'kms.amazonaws.com',
    eventName: 'RotateKey',
    awsRegion: ctx.region,
    sourceIPAddress: 'kms.amazonaws.com',
    userAgent: 'kms.amazonaws.com',
    requestParameters: null,
    responseElements: null,
    additionalEventData: { keyId: keyArn(key, ctx.region) },
    eventID: rng.uuid(),
    readOnly: false,
    resources: keyResources(key, ctx.region),
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
}

/** The KMS call S3 makes with the caller's credentials for an SSE-KMS object (forward access). */
function forwardAccessRecord(rng, s3Record, kmsKey) {
  const readOnly = s3Record.eventName === 'GetObject' || s3Record.eventName === 'HeadObject';
  const region = s3Record.awsRegion;
  const key = s3Record.requestParameters.key;
  return {
    eventVersion: '1.11',
    userIdentity: { ...s3Record.userIdentity, invokedBy: 's3.amazonaws.com' },
    eventTime: s3Record.eventTime,
    eventSource: 'kms.amazonaws.com',
    eventName: readOnly ? 'Decrypt' : 'GenerateDataKey',
    awsRegion: region,
    sourceIPAddress: 'AWS Internal',
    userAgent: 'AWS Internal',
    requestParameters: {
      ...(readOnly ? {} : { keyId: keyArn(kmsKey, region), keySpec: 'AES_256' }),
      encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${s3Record.requestParameters.bucketName}/${key}` },
      ...(readOnly ? { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' } : {}),
    },
    responseElements: null,
    requestID: rng.uuid(),
    eventID: rng.uuid(),
    readOnly: true,
    resources: keyResources(kmsKey, region),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: s3Record.recipientAccountId,
    eventCategory: 'Management',
  };
}

const worlds = new Map();
function worldFor(seed) {
  if (!worlds.has(seed)) worlds.set(seed, buildAccount(seed));
  return worlds.get(seed);
}

/** The JSON text of one log file: `count` records in the 5-minute window that ends at `windowEnd`. */
export function renderFile({ seed, index, count, region, windowEnd }) {
  const world = worldFor(seed);
  const rng = createRandom(`file:${seed}:${index}`);
  const start = windowEnd - 5 * 60_000;
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = start + rng.int(5 * 60_000);
  times.sort();
  const keys = new Map();
  const ips = new Map();
  // Session credentials change every hour: derive them from the hour, not from this file.
  const hour = Math.floor(windowEnd / 3600_000);
  const ctx = {
    region,
    time: 0,
    creationDate: iso(hour * 3600_000),
    sessionKey(name) {
      let key = keys.get(name);
      if (!key) {
        key = `ASIA${createRandom(`key:${seed}:${hour}:${name}`).chars(UPPER_ALNUM, 16)}`;
        keys.set(name, key);
      }
      return key;
    },
    ipOf(p, session) {
      const name = `${p.kind}:${session}`;
      let ip = ips.get(name);
      if (!ip) {
        const r = createRandom(`ip:${seed}:${name}`);
        ip =
          p.kind === 'sso' || p.kind === 'person'
            ? `203.0.113.${r.int(256)}`
            : p.kind === 'ci'
              ? `20.${r.between(40, 60)}.${r.int(256)}.${r.int(256)}`
              : `${r.pick(['3', '18', '34', '44', '52', '54'])}.${r.int(256)}.${r.int(256)}.${r.int(256)}`;
        ips.set(name, ip);
      }
      return ip;
    },
  };
  const parts = [];
  let i = 0;
  while (i < count) {
    ctx.time = times[i];
    if (rng.chance(0.03)) {
      parts.push(JSON.stringify(serviceRecord(rng, ACCOUNT, world, ctx)));
      i++;
      continue;
    }
    const p = world.pickPrincipal(rng);
    const record = apiCallRecord(rng, ACCOUNT, p, ctx);
    parts.push(JSON.stringify(record));
    i++;
    const bucket =
      record.eventSource === 's3.amazonaws.com' && record.requestParameters?.key && !record.errorCode;
    if (bucket && i < count) {
      const target = world.buckets.get(record.requestParameters.bucketName);
      if (target?.kmsKey && record.eventName !== 'DeleteObject') {
        parts.push(JSON.stringify(forwardAccessRecord(rng, record, target.kmsKey)));
        i++;
      }
    }
  }
  return `{"Records":[${parts.join(',')}]}`;
}

// ---------------------------------------------------------------------------------------------
// Files, workers, cache
// ---------------------------------------------------------------------------------------------

/** The deterministic file plan: names, sizes and windows, independent of the number of workers. */
export function planTrail({ events, filesEvents = 10_000, seed = 1 }) {
  const rng = createRandom(`plan:${seed}:${events}:${filesEvents}`);
  const files = [];
  let remaining = events;
  let window = 0;
  while (remaining > 0) {
    let count = Math.max(1, Math.round(filesEvents * (0.5 + rng.next())));
    if (remaining - count < filesEvents / 4) count = remaining;
    const region = rng.chance(0.15) ? 'eu-west-1' : 'us-east-1';
    window += rng.chance(0.2) ? 2 : 1;
    const windowEnd = START + window * 5 * 60_000;
    const stamp = iso(windowEnd).replace(/[-:]/g, '').slice(0, 13);
    const day = iso(windowEnd).slice(0, 10).replaceAll('-', '/');
    files.push({
      index: files.length,
      count,
      region,
      windowEnd,
      path: `AWSLogs/${ACCOUNT}/CloudTrail/${region}/${day}/${ACCOUNT}_CloudTrail_${region}_${stamp}Z_${rng.chars(ALNUM, 16)}.json.gz`,
    });
    remaining -= count;
  }
  return files;
}

function writeFile(dir, seed, file) {
  const text = renderFile({ seed, ...file });
  const gz = gzipSync(Buffer.from(text));
  gz[9] = 3; // OS byte: Unix, whatever the platform
  const target = join(dir, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, gz);
  return { bytes: gz.length, rawBytes: text.length };
}

function defaultDir({ events, seed, filesEvents }) {
  return join(ROOT, '.bench', `trail-${events}-s${seed}-f${filesEvents}`);
}

function readManifest(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Writes (or reuses) a synthetic trail. Returns `{ dir, source, files, events, bytes, rawBytes,
 * cached, ms }`: `source` is the `AWSLogs` folder to hand to leastpriv, `files` absolute paths.
 */
export async function generateTrail({
  dir,
  events,
  filesEvents = 10_000,
  seed = 1,
  workers,
  log = () => {},
}) {
  if (!Number.isInteger(events) || events <= 0)
    throw new Error(`events must be a positive integer, got ${events}`);
  const target = resolve(dir ?? defaultDir({ events, seed, filesEvents }));
  const plan = planTrail({ events, filesEvents, seed });
  const source = join(target, 'AWSLogs');
  const result = (manifest, cached, ms) => ({
    dir: target,
    source,
    files: plan.map((f) => join(target, f.path)),
    events,
    bytes: manifest.bytes,
    rawBytes: manifest.rawBytes,
    cached,
    ms,
  });
  const wanted = { generator: GENERATOR_VERSION, events, seed, filesEvents, files: plan.length };
  const existing = readManifest(target);
  if (existing && Object.entries(wanted).every(([k, v]) => existing[k] === v)) {
    if (plan.every((f) => existsSync(join(target, f.path)))) return result(existing, true, 0);
  }
  if (existsSync(source) && !existing && !existsSync(join(target, `${MANIFEST}.partial`))) {
    throw new Error(`${source} exists and was not written by bench-data.mjs; refusing to overwrite it`);
  }
  rmSync(source, { recursive: true, force: true });
  rmSync(join(target, MANIFEST), { force: true });
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, `${MANIFEST}.partial`), '');

  const started = performance.now();
  const threads = Math.max(1, Math.min(workers ?? availableParallelism(), plan.length));
  log(
    `bench-data: writing ${events.toLocaleString('en-US')} events in ${plan.length} files to ${target} (${threads} threads)`,
  );
  let bytes = 0;
  let rawBytes = 0;
  let next = 0;
  let done = 0;
  await new Promise((resolvePromise, reject) => {
    let running = threads;
    for (let w = 0; w < threads; w++) {
      const worker = new Worker(SCRIPT, { workerData: { role: 'bench-data-writer', dir: target, seed } });
      const feed = () => {
        if (next < plan.length) worker.postMessage(plan[next++]);
        else worker.postMessage(null);
      };
      worker.on('message', (m) => {
        bytes += m.bytes;
        rawBytes += m.rawBytes;
        done++;
        if (done % 50 === 0) log(`bench-data: ${done}/${plan.length} files`);
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`bench-data worker exited with ${code}`));
        else if (--running === 0) resolvePromise();
      });
      feed();
    }
  });
  const ms = performance.now() - started;
  const manifest = { ...wanted, bytes, rawBytes };
  writeFileSync(join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(join(target, `${MANIFEST}.partial`), { force: true });
  return result(manifest, false, ms);
}

if (!isMainThread && workerData?.role === 'bench-data-writer') {
  parentPort.on('message', (file) => {
    if (file === null) {
      parentPort.close();
      return;
    }
    parentPort.postMessage(writeFile(workerData.dir, workerData.seed, file));
  });
} else if (isMainThread && resolve(process.argv[1] ?? '') === SCRIPT) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      events: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      'files-events': { type: 'string', default: '10000' },
      workers: { type: 'string' },
    },
  });
  const int = (name, text) => {
    const n = Number(String(text).replaceAll('_', ''));
    if (!Number.isInteger(n) || n <= 0) {
      process.stderr.write(`bench-data: --${name} must be a positive integer, got ${text}\n`);
      process.exit(1);
    }
    return n;
  };
  const trail = await generateTrail({
    dir: values.out,
    events: int('events', values.events),
    seed: int('seed', values.seed),
    filesEvents: int('files-events', values['files-events']),
    workers: values.workers ? int('workers', values.workers) : undefined,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
  process.stdout.write(
    `${trail.cached ? 'reused' : `wrote in ${(trail.ms / 1000).toFixed(1)} s`}: ${trail.files.length} files, ` +
      `${trail.events.toLocaleString('en-US')} events, ${mb(trail.bytes)} gzipped, ${mb(trail.rawBytes)} JSON ` +
      `(${Math.round(trail.rawBytes / trail.events)} B/record) in ${trail.source}\n`,
  );
}
