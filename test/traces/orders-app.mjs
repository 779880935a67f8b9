/**
 * The "orders" app the trace tests run on, written once and rendered in every trace format leastpriv reads:
 * five Lambda functions (one shared role) on one DynamoDB table, one S3 bucket, one SNS topic, one SQS queue;
 * with nested subsegments, a fault, a refused call, an in-progress segment, a function segment that names
 * its function only through its Lambda service segment, inferred and API Gateway segments.
 *
 *   node test/traces/orders-app.mjs   rewrites test/traces/fixtures/orders-app/ (a test checks they match)
 *
 * Our own values: account 111122223333, us-east-1.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-api-role`;
export const fn = (name) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const TABLE = 'orders';
const BUCKET = 'example-bucket';
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:orders-topic`;
const QUEUE = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders-queue`;

/** 2026-11-02T10:00:00Z, in seconds. */
const T0 = Date.UTC(2026, 10, 2, 10, 0, 0) / 1000;

// ---- the app: one entry per traced invocation --------------------------------------------------------
// A call: service (as the X-Ray SDK for Node.js names it), operation, the aws fields it records, and how it
// ended. `under` nests it under custom subsegments.

const ok = { status: 200 };
const calls = {
  putOrder: { service: 'DynamoDB', operation: 'PutItem', aws: { table_name: TABLE } },
  sendToQueue: { service: 'SQS', operation: 'SendMessage', aws: { queue_url: QUEUE } },
  getOrder: { service: 'DynamoDB', operation: 'GetItem', aws: { table_name: TABLE } },
  getReceipt: (key) => ({ service: 'S3', operation: 'GetObject', aws: { bucket_name: BUCKET, key } }),
  queryByCustomer: {
    service: 'DynamoDB',
    operation: 'Query',
    aws: { table_name: TABLE, index_name: 'byCustomer' },
  },
  listReceipts: {
    service: 'S3',
    operation: 'ListObjectsV2',
    aws: { bucket_name: BUCKET, prefix: 'receipts/' },
  },
  receive: { service: 'SQS', operation: 'ReceiveMessage', aws: { queue_url: QUEUE } },
  publish: { service: 'SNS', operation: 'Publish', aws: { topic_arn: TOPIC } },
  deleteMessage: { service: 'SQS', operation: 'DeleteMessage', aws: { queue_url: QUEUE } },
  scanOrders: { service: 'DynamoDB', operation: 'Scan', aws: { table_name: TABLE } },
  batchWrite: {
    service: 'DynamoDB',
    operation: 'BatchWriteItem',
    aws: { table_names: [TABLE] },
    fault: { status: 500, type: 'InternalServerError', message: 'Internal server error' },
  },
  archive: {
    service: 'S3',
    operation: 'PutObject',
    aws: { bucket_name: BUCKET, key: 'archive/2026-11-01.json' },
  },
  deleteOld: {
    service: 'S3',
    operation: 'DeleteObject',
    aws: { bucket_name: BUCKET, key: 'archive/old.json' },
    error: { status: 403, type: 'AccessDenied', message: 'Access Denied' },
  },
};

/** Invocations in time order. `inProgress`: the function segment is still open. `viaServiceSegment`: the
 * function segment names its function only through the AWS::Lambda segment it hangs under. */
export const invocations = [
  {
    fn: 'orders-create',
    at: 1,
    steps: [{ under: ['## validate'], call: calls.putOrder }, { call: calls.sendToQueue }],
  },
  {
    fn: 'orders-get',
    at: 2,
    steps: [
      { under: ['## loadOrder', '## cache'], call: calls.getOrder },
      { call: calls.getReceipt('receipts/2026/11/o-1001.json') },
    ],
  },
  { fn: 'orders-list', at: 3, steps: [{ call: calls.queryByCustomer }, { call: calls.listReceipts }] },
  {
    fn: 'orders-notify',
    at: 4,
    steps: [
      { call: calls.receive },
      { under: ['## fanOut'], call: calls.publish },
      { call: calls.deleteMessage },
    ],
  },
  {
    fn: 'orders-archive',
    at: 5,
    steps: [
      { call: calls.scanOrders },
      { call: calls.batchWrite },
      { call: calls.archive },
      { call: calls.deleteOld },
    ],
  },
  {
    fn: 'orders-create',
    at: 61,
    steps: [{ under: ['## validate'], call: calls.putOrder }, { call: calls.sendToQueue }],
  },
  {
    fn: 'orders-get',
    at: 62,
    viaServiceSegment: true,
    steps: [
      { under: ['## loadOrder', '## cache'], call: calls.getOrder },
      { call: calls.getReceipt('receipts/2026/11/o-1002.json') },
    ],
  },
  {
    fn: 'orders-notify',
    at: 64,
    inProgress: true,
    steps: [{ call: calls.receive }, { call: calls.publish, open: true }],
  },
];

/** What each function's policy must be: its own actions on its own resources, nothing else. */
export const expectedPolicies = {
  'orders-archive': {
    'dynamodb:BatchWriteItem': [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`],
    'dynamodb:Scan': [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`],
    's3:PutObject': [`arn:aws:s3:::${BUCKET}/archive/2026-11-01.json`],
  },
  'orders-create': {
    'dynamodb:PutItem': [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`],
    'sqs:SendMessage': [`arn:aws:sqs:${REGION}:${ACCOUNT}:orders-queue`],
  },
  'orders-get': {
    'dynamodb:GetItem': [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`],
    's3:GetObject': [`arn:aws:s3:::${BUCKET}/receipts/2026/11/*`],
  },
  'orders-list': {
    'dynamodb:Query': [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}/index/byCustomer`],
    's3:ListBucket': [`arn:aws:s3:::${BUCKET}`],
  },
  'orders-notify': {
    'sns:Publish': [TOPIC],
    'sqs:DeleteMessage': [`arn:aws:sqs:${REGION}:${ACCOUNT}:orders-queue`],
    'sqs:ReceiveMessage': [`arn:aws:sqs:${REGION}:${ACCOUNT}:orders-queue`],
  },
};

// ---- ids -------------------------------------------------------------------------------------------------

function hex(seed, length) {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}
const traceIdOf = (inv) =>
  `1-${Math.floor(T0 + inv.at).toString(16)}-${hex(`trace ${inv.fn} ${inv.at}`, 24)}`;
const idOf = (inv, what) => hex(`${inv.fn} ${inv.at} ${what}`, 16);
const otelTraceId = (inv) => hex(`otel trace ${inv.fn} ${inv.at}`, 32);

// ---- X-Ray -------------------------------------------------------------------------------------------------

function awsSubsegment(inv, step, index, start) {
  const c = step.call;
  const sub = {
    id: idOf(inv, `call ${index}`),
    name: c.service,
    start_time: start,
    namespace: 'aws',
    aws: {
      operation: c.operation,
      region: REGION,
      request_id: hex(`req ${inv.fn} ${inv.at} ${index}`, 32).toUpperCase(),
      retries: 0,
      ...c.aws,
    },
  };
  if (step.open) sub.in_progress = true;
  else sub.end_time = start + 0.04;
  const failure = c.fault ?? c.error;
  if (failure) {
    sub.http = { response: { status: failure.status } };
    if (c.fault) sub.fault = true;
    else sub.error = true;
    sub.cause = {
      working_directory: '/var/task',
      exceptions: [
        { id: idOf(inv, `exception ${index}`), type: failure.type, message: failure.message, remote: true },
      ],
    };
  } else if (!step.open) {
    sub.http = { response: ok };
  }
  return sub;
}

/** The documents of one invocation: API Gateway stage, Lambda service, function, and inferred segments. */
export function xrayDocuments(inv, { independent = false } = {}) {
  const start = T0 + inv.at;
  const traceId = traceIdOf(inv);
  const apiId = idOf(inv, 'api');
  const serviceId = idOf(inv, 'lambda');
  const functionId = idOf(inv, 'function');
  const invocationId = idOf(inv, 'invocation');
  const api = {
    id: apiId,
    trace_id: traceId,
    name: 'orders-api/prod',
    start_time: start - 0.01,
    end_time: start + 0.5,
    origin: 'AWS::ApiGateway::Stage',
    resource_arn: `arn:aws:apigateway:${REGION}::/restapis/a1b2c3d4e5/stages/prod`,
    http: {
      request: { method: 'POST', url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/orders' },
      response: ok,
    },
    subsegments: [
      {
        id: idOf(inv, 'api-call'),
        name: 'Lambda',
        start_time: start - 0.005,
        end_time: start + 0.49,
        namespace: 'remote',
        http: { request: { method: 'POST' }, response: ok },
      },
    ],
  };
  const service = {
    id: serviceId,
    trace_id: traceId,
    parent_id: idOf(inv, 'api-call'),
    name: inv.fn,
    start_time: start,
    end_time: start + 0.48,
    origin: 'AWS::Lambda',
    resource_arn: fn(inv.fn),
    aws: { request_id: hex(`lambda req ${inv.fn} ${inv.at}`, 32) },
    http: { response: ok },
  };
  // Subsegments of the handler, in time order; custom subsegments nest the calls under them.
  const handler = [];
  const independents = [];
  let t = start + 0.02;
  inv.steps.forEach((step, index) => {
    const call = awsSubsegment(inv, step, index, t + 0.001 * (step.under?.length ?? 0));
    let node = call;
    (step.under ?? [])
      .slice()
      .reverse()
      .forEach((name, depth) => {
        node = {
          id: idOf(inv, `custom ${index} ${depth}`),
          name,
          start_time: t,
          end_time: t + 0.05,
          subsegments: [node],
        };
      });
    if (independent && inv.inProgress) {
      independents.push({ ...node, type: 'subsegment', trace_id: traceId, parent_id: invocationId });
    } else handler.push(node);
    t += 0.06;
  });
  const fnSegment = {
    id: functionId,
    trace_id: traceId,
    parent_id: serviceId,
    name: inv.fn,
    start_time: start + 0.01,
    origin: 'AWS::Lambda::Function',
    aws: inv.viaServiceSegment ? {} : { function_arn: fn(inv.fn), account_id: ACCOUNT },
    subsegments: [
      {
        id: idOf(inv, 'init'),
        name: 'Initialization',
        start_time: start,
        end_time: start + 0.01,
        aws: { function_arn: fn(inv.fn) },
      },
      { id: invocationId, name: 'Invocation', start_time: start + 0.015, subsegments: handler },
    ],
  };
  if (inv.inProgress) {
    fnSegment.in_progress = true;
    fnSegment.subsegments[1].in_progress = true;
  } else {
    fnSegment.end_time = start + 0.47;
    fnSegment.subsegments[1].end_time = start + 0.45;
    fnSegment.subsegments.push({
      id: idOf(inv, 'overhead'),
      name: 'Overhead',
      start_time: start + 0.45,
      end_time: start + 0.46,
    });
  }
  // X-Ray's inferred segment for the first DynamoDB call (a repeat of the subsegment: never counted twice).
  const firstDynamo = inv.steps.findIndex((s) => s.call.service === 'DynamoDB');
  const inferred = [];
  if (firstDynamo >= 0 && !independent) {
    const c = inv.steps[firstDynamo].call;
    inferred.push({
      id: idOf(inv, 'inferred'),
      trace_id: traceId,
      parent_id: idOf(inv, `call ${firstDynamo}`),
      name: 'DynamoDB',
      start_time: start + 0.03,
      end_time: start + 0.07,
      inferred: true,
      origin: 'AWS::DynamoDB::Table',
      aws: { operation: c.operation, table_name: TABLE, resource_names: [TABLE] },
      http: { response: ok },
    });
  }
  return { traceId, documents: [api, service, fnSegment, ...independents, ...inferred] };
}

/** A BatchGetTraces response for these invocations, as `aws xray batch-get-traces` prints it. */
export function batchGetTracesResponse(invs) {
  return {
    Traces: invs.map((inv) => {
      const { traceId, documents } = xrayDocuments(inv);
      return {
        Id: traceId,
        Duration: 0.51,
        LimitExceeded: false,
        Segments: documents.map((d) => ({ Id: d.id, Document: JSON.stringify(d) })),
      };
    }),
    UnprocessedTraceIds: [],
  };
}

/** The summaries GetTraceSummaries returns for these invocations. */
export function traceSummaries(invs) {
  return invs.map((inv) => ({
    Id: traceIdOf(inv),
    StartTime: T0 + inv.at - 0.01,
    Duration: 0.51,
    ResponseTime: 0.5,
    HasFault: inv.steps.some((s) => s.call.fault),
    HasError: inv.steps.some((s) => s.call.error),
    HasThrottle: false,
    IsPartial: Boolean(inv.inProgress),
    EntryPoint: { Name: 'orders-api/prod', Names: ['orders-api/prod'], Type: 'AWS::ApiGateway::Stage' },
    ResourceARNs: [{ ARN: fn(inv.fn) }],
    ServiceIds: [
      { Name: inv.fn, Names: [inv.fn], AccountId: ACCOUNT, Type: 'AWS::Lambda::Function' },
      { Name: TABLE, Names: [TABLE], AccountId: ACCOUNT, Type: 'AWS::DynamoDB::Table' },
    ],
  }));
}

/** Raw daemon traffic: header line, document line; the in-progress invocation's calls as independent subsegments. */
export function daemonLines(invs) {
  const lines = [];
  for (const inv of invs) {
    const { documents } = xrayDocuments(inv, { independent: true });
    for (const d of documents) {
      if (d.inferred) continue;
      lines.push('{"format": "json", "version": 1}', JSON.stringify(d));
    }
  }
  return `${lines.join('\n')}\n`;
}

// ---- OpenTelemetry -------------------------------------------------------------------------------------

const s = (key, value) => ({ key, value: { stringValue: value } });
const i = (key, value) => ({ key, value: { intValue: String(value) } });
const arr = (key, values) => ({
  key,
  value: { arrayValue: { values: values.map((v) => ({ stringValue: v })) } },
});
const nanos = (seconds) => `${BigInt(Math.round(seconds * 1000)) * 1_000_000n}`;

/** The attributes the OpenTelemetry AWS SDK instrumentation records for a call. */
function otelCallAttributes(c) {
  const a = [
    s('rpc.system', 'aws-api'),
    s('rpc.service', c.service),
    s('rpc.method', c.operation),
    s('aws.region', REGION),
  ];
  const f = c.aws;
  if (f.table_name) a.push(arr('aws.dynamodb.table_names', [f.table_name]));
  if (f.table_names) a.push(arr('aws.dynamodb.table_names', f.table_names));
  if (f.index_name) a.push(s('aws.dynamodb.index_name', f.index_name));
  if (f.bucket_name) a.push(s('aws.s3.bucket', f.bucket_name));
  if (f.key) a.push(s('aws.s3.key', f.key));
  if (f.queue_url)
    a.push(s('aws.sqs.queue_url', f.queue_url), s('messaging.destination.name', 'orders-queue'));
  if (f.topic_arn) a.push(s('messaging.destination.name', 'orders-topic'));
  const failure = c.fault ?? c.error;
  a.push(i('http.status_code', failure ? failure.status : 200));
  return a;
}

/**
 * The same invocations as an OTLP JSON export: one resource per function (as the ADOT Lambda layer reports
 * it, without the account: the server span carries it), the client spans in one batch and the server spans
 * in a later one, as a batch span processor exports them.
 */
export function otlpBatches(invs) {
  const clientBatch = new Map();
  const serverBatch = new Map();
  const resourceOf = (name) => ({
    attributes: [
      s('service.name', name),
      s('cloud.provider', 'aws'),
      s('cloud.platform', 'aws_lambda'),
      s('cloud.region', REGION),
      s('faas.name', name),
      s('faas.version', '$LATEST'),
    ],
  });
  const push = (batch, name, span) => {
    if (!batch.has(name)) batch.set(name, []);
    batch.get(name).push(span);
  };
  for (const inv of invs) {
    const traceId = otelTraceId(inv);
    const start = T0 + inv.at;
    const serverId = idOf(inv, 'otel server');
    push(serverBatch, inv.fn, {
      traceId,
      spanId: serverId,
      name: inv.fn,
      kind: 2,
      startTimeUnixNano: nanos(start),
      endTimeUnixNano: nanos(start + 0.47),
      attributes: [
        s('faas.trigger', 'http'),
        s('faas.execution', hex(`lambda req ${inv.fn} ${inv.at}`, 32)),
        s('aws.lambda.invoked_arn', fn(inv.fn)),
        s('cloud.account.id', ACCOUNT),
        s('cloud.resource_id', fn(inv.fn)),
      ],
      status: {},
    });
    let t = start + 0.02;
    inv.steps.forEach((step, index) => {
      let parent = serverId;
      (step.under ?? []).forEach((name, depth) => {
        const id = idOf(inv, `otel custom ${index} ${depth}`);
        push(clientBatch, inv.fn, {
          traceId,
          spanId: id,
          parentSpanId: parent,
          name: name.replace(/^## /, ''),
          kind: 1,
          startTimeUnixNano: nanos(t),
          endTimeUnixNano: nanos(t + 0.05),
          attributes: [],
          status: {},
        });
        parent = id;
      });
      const c = step.call;
      const failure = c.fault ?? c.error;
      const span = {
        traceId,
        spanId: idOf(inv, `otel call ${index}`),
        parentSpanId: parent,
        name: `${c.service}.${c.operation}`,
        kind: c.operation === 'SendMessage' || c.operation === 'Publish' ? 4 : 3,
        startTimeUnixNano: nanos(t + 0.001),
        endTimeUnixNano: nanos(t + 0.041),
        attributes: otelCallAttributes(c),
        status: failure ? { code: 2, message: failure.message } : {},
      };
      if (failure) {
        span.events = [
          {
            timeUnixNano: nanos(t + 0.04),
            name: 'exception',
            attributes: [s('exception.type', failure.type), s('exception.message', failure.message)],
          },
        ];
      }
      push(clientBatch, inv.fn, span);
      t += 0.06;
    });
  }
  const scope = { name: '@opentelemetry/instrumentation-aws-sdk', version: '0.44.0' };
  const request = (batch) => ({
    resourceSpans: [...batch].map(([name, spans]) => ({
      resource: resourceOf(name),
      scopeSpans: [{ scope, spans }],
    })),
  });
  return [request(clientBatch), request(serverBatch)];
}

// ---- CloudTrail: the same role's sessions, for the merge --------------------------------------------------

/** CloudTrail records of orders-get's role session: the GetItem traces show too, and an SSM read they do not. */
export function cloudTrailRecords() {
  const identity = {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEORDERS:orders-get',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/orders-api-role/orders-get`,
    accountId: ACCOUNT,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEORDERS',
        arn: ROLE,
        accountId: ACCOUNT,
        userName: 'orders-api-role',
      },
    },
  };
  const ua = 'aws-sdk-js/3.600.0 ua/2.1 os/linux lang/js md/nodejs#20.11.0 exec-env/AWS_Lambda_nodejs20.x';
  const event = (n, at, source, name, params) => ({
    eventVersion: '1.09',
    userIdentity: identity,
    eventTime: new Date((T0 + at) * 1000).toISOString().replace('.000', ''),
    eventSource: source,
    eventName: name,
    awsRegion: REGION,
    sourceIPAddress: '192.0.2.10',
    userAgent: ua,
    requestParameters: params,
    responseElements: null,
    requestID: hex(`ct req ${n}`, 32),
    eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: source === 'ssm.amazonaws.com',
    recipientAccountId: ACCOUNT,
    eventCategory: source === 'ssm.amazonaws.com' ? 'Management' : 'Data',
  });
  return {
    Records: [
      event(1, 2, 'dynamodb.amazonaws.com', 'GetItem', { tableName: TABLE, key: { id: { S: 'o-1001' } } }),
      event(2, 2.5, 'ssm.amazonaws.com', 'GetParameter', { name: '/orders/config', withDecryption: false }),
    ],
  };
}

// ---- writing the fixtures -------------------------------------------------------------------------------

/** Every fixture file, by name. */
export function fixtureFiles() {
  const first = invocations.filter((inv) => inv.at < 60);
  const second = invocations.filter((inv) => inv.at >= 60);
  const json = (v) => `${JSON.stringify(v, null, 2)}\n`;
  const [clients, servers] = otlpBatches(invocations);
  return {
    'xray/batch-get-traces-1.json': json(batchGetTracesResponse(first)),
    'xray/batch-get-traces-2.json': json(batchGetTracesResponse(second)),
    'daemon/segments.ndjson': daemonLines(invocations),
    'summaries/trace-summaries.json': json({
      TraceSummaries: traceSummaries(invocations),
      ApproximateTime: T0 + 120,
      TracesProcessedCount: invocations.length,
    }),
    'otel/traces.ndjson': `${JSON.stringify(clients)}\n${JSON.stringify(servers)}\n`,
    'cloudtrail/orders-get.json': json(cloudTrailRecords()),
  };
}

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'orders-app');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, text] of Object.entries(fixtureFiles())) {
    const path = join(FIXTURES, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
