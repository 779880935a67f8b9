#!/usr/bin/env node
// Writes the bundled example that the README quick start runs on: the CloudTrail logs of a small
// serverless "notes" API (account 111122223333, us-east-1) in the S3 delivery layout, the app's
// serverless.yml, and a README that says what each identity did and what leastpriv should find.
//
// Deterministic: a fixed-seed PRNG, fixed times in November 2026, fixed ids, and gzip with a fixed
// header (mtime 0, OS byte "Unix"), so two runs write byte-identical files.
//
//   node scripts/make-examples.mjs [--out DIR]     (default: examples/ beside scripts/)

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// The app
// ---------------------------------------------------------------------------------------------

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const SEED = 'leastpriv-notes-example-v1';

const LAMBDA_ROLE_NAME = 'notes-api-lambdaRole';
const LAMBDA_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${LAMBDA_ROLE_NAME}`;
const LAMBDA_ROLE_ID = 'AROA2NOTESLAMBDAROLE7';
const CI_ROLE_NAME = 'notes-deploy';
const CI_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ci/${CI_ROLE_NAME}`;
const CI_ROLE_ID = 'AROA2NOTESCIDEPLOYR09';
const OIDC_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const CI_SUBJECT = 'repo:example-org/notes-api:ref:refs/heads/main';
const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
const ALICE_ID = 'AIDA2NOTESALICEUSER01';
/** Alice's long-term access key id: it is in the input on purpose and must never reach an output. */
const ALICE_ACCESS_KEY_ID = 'AKIAZX4NOTESQEXAMPLE';

const TABLE = 'notes';
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`;
const BUCKET = `notes-attachments-${ACCOUNT}`;
const DEPLOY_BUCKET = `notes-deploy-artifacts-${ACCOUNT}`;
const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const QUEUE = 'notes-events';
const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${QUEUE}`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:${QUEUE}`;
const STACK = 'notes-api-prod';
const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK}/5e1c0a40-7b1f-11f0-9d2e-0affd3c4b9a1`;
const FUNCTIONS = ['create', 'get', 'list', 'update', 'delete'].map((verb) => `notes-api-${verb}`);
const functionArn = (fn) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`;

const LAMBDA_SDK_UA = (api) =>
  `aws-sdk-js/3.901.0 ua/2.1 os/linux#5.10.240-258.930.amzn2.x86_64 lang/js md/nodejs#20.19.5 api/${api}#3.901.0 m/E,b,e exec-env/AWS_Lambda_nodejs20.x`;
const LAMBDA_LOGS_UA = 'awslambda-worker/1.0 rusoto/0.48.0 rust/1.84.1 linux';
const CI_UA = (api) =>
  `aws-sdk-js/3.901.0 ua/2.1 os/linux#6.11.0-1018-azure lang/js md/nodejs#20.19.5 api/${api}#3.901.0 m/E,N`;
const CLI_UA = (command) =>
  `aws-cli/2.31.5 md/awscrt#0.27.6 ua/2.1 os/macos#25.1.0 md/arch#arm64 lang/python#3.13.7 md/pyimpl#CPython m/E,Z,b cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#${command}`;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/** sfc32 seeded from a string through cyrb128: small, fast, good enough, identical on every platform. */
function createRandom(seedText) {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seedText.length; i++) {
    const k = seedText.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  let a = h1 >>> 0;
  let b = h2 >>> 0;
  let c = h3 >>> 0;
  let d = h4 >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const fromAlphabet = (alphabet, n) => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[int(alphabet.length)];
    return out;
  };
  const hex = (n) => fromAlphabet('0123456789abcdef', n);
  return {
    next,
    int,
    between: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)],
    weighted: (pairs) => {
      const total = pairs.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [value, w] of pairs) {
        r -= w;
        if (r < 0) return value;
      }
      return pairs[pairs.length - 1][0];
    },
    hex,
    upperHex: (n) => fromAlphabet('0123456789ABCDEF', n),
    alnum: (n) => fromAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n),
    upperAlnum: (n) => fromAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', n),
    base64: (n) => fromAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n),
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(4)]}${hex(3)}-${hex(12)}`,
  };
}

const rng = createRandom(SEED);

// ---------------------------------------------------------------------------------------------
// Record shapes, in the key order CloudTrail writes them
// ---------------------------------------------------------------------------------------------

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** The `expiration` format STS writes into AssumeRole responses: `Nov 3, 2026, 2:05:09 PM`. */
function stsExpiration(ms) {
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    d.getUTCMonth()
  ];
  const h = d.getUTCHours();
  const pad = (n) => String(n).padStart(2, '0');
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(
    d.getUTCSeconds(),
  )} ${h < 12 ? 'AM' : 'PM'}`;
}

const tls = (host) => ({
  tlsVersion: 'TLSv1.3',
  cipherSuite: 'TLS_AES_128_GCM_SHA256',
  clientProvidedHostHeader: host,
});

// DynamoDB request ids are 52 characters whose second half is shared by the requests a front end serves.
const DYNAMODB_REQUEST_ID_SUFFIX = rng.upperAlnum(26);
const requestIdFor = {
  'dynamodb.amazonaws.com': () => `${rng.upperAlnum(26)}${DYNAMODB_REQUEST_ID_SUFFIX}`,
  's3.amazonaws.com': () => rng.upperHex(16),
};

function record(e) {
  const out = {
    eventVersion: '1.11',
    userIdentity: e.identity,
    eventTime: iso(e.time),
    eventSource: e.source,
    eventName: e.name,
    awsRegion: REGION,
    sourceIPAddress: e.ip,
    userAgent: e.ua,
  };
  if (e.errorCode) {
    out.errorCode = e.errorCode;
    out.errorMessage = e.errorMessage;
  }
  out.requestParameters = e.request ?? null;
  out.responseElements = e.response ?? null;
  if (e.additional) out.additionalEventData = e.additional;
  if (e.type !== 'AwsServiceEvent') out.requestID = (requestIdFor[e.source] ?? rng.uuid)();
  out.eventID = rng.uuid();
  out.readOnly = e.readOnly;
  if (e.resources) out.resources = e.resources;
  out.eventType = e.type ?? 'AwsApiCall';
  if (e.apiVersion) out.apiVersion = e.apiVersion;
  out.managementEvent = !e.data;
  out.recipientAccountId = ACCOUNT;
  if (e.serviceEventDetails) out.serviceEventDetails = e.serviceEventDetails;
  out.eventCategory = e.data ? 'Data' : 'Management';
  if (e.tlsHost) out.tlsDetails = tls(e.tlsHost);
  return out;
}

const s3Host = (bucket) => `${bucket}.s3.${REGION}.amazonaws.com`;
const s3Ua = (ua) => `[${ua}]`;
const s3Additional = ({ bytesIn = 0, bytesOut = 0, sse } = {}) => ({
  SignatureVersion: 'SigV4',
  CipherSuite: 'TLS_AES_128_GCM_SHA256',
  bytesTransferredIn: bytesIn,
  ...(sse ? { SSEApplied: sse } : {}),
  AuthenticationMethod: 'AuthHeader',
  'x-amz-id-2': rng.base64(76),
  bytesTransferredOut: bytesOut,
});
const objectResources = (bucket, key) => [
  { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
  { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
];
const tableResources = [{ accountId: ACCOUNT, type: 'AWS::DynamoDB::Table', ARN: TABLE_ARN }];
const keyResources = [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: KMS_KEY_ARN }];
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const noteKey = { userId: HIDDEN, noteId: HIDDEN };

function roleSessionIdentity({ roleName, roleArn, roleId, session, webIdentity }) {
  return {
    type: 'AssumedRole',
    principalId: `${roleId}:${session.name}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${session.name}`,
    accountId: ACCOUNT,
    accessKeyId: session.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleId,
        arn: roleArn,
        accountId: ACCOUNT,
        userName: roleName,
      },
      webIdFederationData: webIdentity ? { federatedProvider: OIDC_PROVIDER_ARN, attributes: {} } : {},
      attributes: { creationDate: iso(session.created), mfaAuthenticated: 'false' },
    },
  };
}

const lambdaIdentity = (session, invokedBy) => ({
  ...roleSessionIdentity({
    roleName: LAMBDA_ROLE_NAME,
    roleArn: LAMBDA_ROLE_ARN,
    roleId: LAMBDA_ROLE_ID,
    session,
  }),
  ...(invokedBy ? { invokedBy } : {}),
});
const ciIdentity = (session, invokedBy) => ({
  ...roleSessionIdentity({
    roleName: CI_ROLE_NAME,
    roleArn: CI_ROLE_ARN,
    roleId: CI_ROLE_ID,
    session,
    webIdentity: true,
  }),
  ...(invokedBy ? { invokedBy } : {}),
});
const aliceIdentity = {
  type: 'IAMUser',
  principalId: ALICE_ID,
  arn: ALICE_ARN,
  accountId: ACCOUNT,
  accessKeyId: ALICE_ACCESS_KEY_ID,
  userName: 'alice',
};

// ---------------------------------------------------------------------------------------------
// Activity
// ---------------------------------------------------------------------------------------------

/** Every record, with the label of who made it (for the README's table; not written to the logs). */
const events = [];
const emit = (who, fields) => {
  events.push({ who, record: record(fields) });
};

/**
 * The ends of the 5-minute windows the example covers: two busy spells of two consecutive windows on
 * each working day, 2026-11-02 .. 2026-11-13. A window becomes one log file (two, now and then).
 */
const WINDOWS = [];
for (let day = 2; day <= 13; day++) {
  const weekday = new Date(Date.UTC(2026, 10, day)).getUTCDay();
  if (weekday === 0 || weekday === 6) continue;
  for (const [h, m] of [
    [9, 35],
    [15, 50],
  ]) {
    const end = Date.UTC(2026, 10, day, h, m + rng.int(4) * 5);
    WINDOWS.push(end, end + 5 * 60_000);
  }
}

// The users of the API (Cognito identity ids) and the notes they already had on 2026-11-01.
const users = Array.from({ length: 14 }, () => `${REGION}:${rng.uuid()}`);
const notes = [];
const newNote = (userId) => {
  const note = { userId, noteId: rng.uuid(), attachment: null };
  if (rng.chance(0.45)) note.attachment = `attachments/${userId}/${rng.uuid()}.png`;
  return note;
};
for (let i = 0; i < 40; i++) notes.push(newNote(rng.pick(users)));

// Lambda execution environments: each cold start is one role session named after the function.
const LAMBDA_IPS = Array.from(
  { length: 12 },
  () => `3.${rng.between(208, 239)}.${rng.int(256)}.${rng.int(256)}`,
);
const sessions = new Map();
/** notes-api-delete is created by the first CI run; it serves no traffic before. */
let deleteLiveFrom = Number.POSITIVE_INFINITY;
const logGroupCreated = new Set(['notes-api-create', 'notes-api-get', 'notes-api-list', 'notes-api-update']);

function lambdaSession(fn, at) {
  const current = sessions.get(fn);
  if (current && at - current.lastUsed < 45 * 60_000 && !rng.chance(0.04)) {
    current.lastUsed = at;
    return current;
  }
  const created = at - 400 - rng.int(600);
  const session = {
    name: fn,
    accessKeyId: `ASIA${rng.upperAlnum(16)}`,
    created,
    lastUsed: at,
    ip: rng.pick(LAMBDA_IPS),
  };
  sessions.set(fn, session);
  // Lambda assumes the execution role for the new environment: a service-made call, nobody's permission.
  emit('lambda.amazonaws.com (AWSService)', {
    time: created - 150,
    identity: { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' },
    source: 'sts.amazonaws.com',
    name: 'AssumeRole',
    ip: 'lambda.amazonaws.com',
    ua: 'lambda.amazonaws.com',
    request: { roleArn: LAMBDA_ROLE_ARN, roleSessionName: fn },
    response: {
      credentials: { accessKeyId: session.accessKeyId, expiration: stsExpiration(created + 12 * 3600_000) },
      assumedRoleUser: {
        assumedRoleId: `${LAMBDA_ROLE_ID}:${fn}`,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${LAMBDA_ROLE_NAME}/${fn}`,
      },
    },
    readOnly: true,
    resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: LAMBDA_ROLE_ARN }],
  });
  // The new environment's log stream (and, for a function created outside the stack, its log group).
  const logGroupName = `/aws/lambda/${fn}`;
  if (!logGroupCreated.has(fn)) {
    logGroupCreated.add(fn);
    emit(fn, {
      time: created + 120,
      identity: lambdaIdentity(session),
      source: 'logs.amazonaws.com',
      name: 'CreateLogGroup',
      ip: session.ip,
      ua: LAMBDA_LOGS_UA,
      request: { logGroupName },
      readOnly: false,
      tlsHost: `logs.${REGION}.amazonaws.com`,
    });
  }
  const day = iso(created).slice(0, 10).replaceAll('-', '/');
  emit(fn, {
    time: created + 180,
    identity: lambdaIdentity(session),
    source: 'logs.amazonaws.com',
    name: 'CreateLogStream',
    ip: session.ip,
    ua: LAMBDA_LOGS_UA,
    request: { logGroupName, logStreamName: `${day}/[$LATEST]${rng.hex(32)}` },
    readOnly: false,
    tlsHost: `logs.${REGION}.amazonaws.com`,
  });
  return session;
}

const dynamo = (fn, session, at, name, request, readOnly, error) =>
  emit(fn, {
    time: at,
    identity: lambdaIdentity(session),
    source: 'dynamodb.amazonaws.com',
    name,
    ip: session.ip,
    ua: LAMBDA_SDK_UA('dynamodb'),
    ...(error ?? {}),
    request: { tableName: TABLE, ...request },
    readOnly,
    resources: tableResources,
    apiVersion: '2012-08-10',
    data: true,
    tlsHost: `dynamodb.${REGION}.amazonaws.com`,
  });

const sendMessage = (fn, session, at) =>
  emit(fn, {
    time: at,
    identity: lambdaIdentity(session),
    source: 'sqs.amazonaws.com',
    name: 'SendMessage',
    ip: session.ip,
    ua: LAMBDA_SDK_UA('sqs'),
    request: { queueUrl: QUEUE_URL, messageBody: HIDDEN },
    response: { mD5OfMessageBody: rng.hex(32), messageId: rng.uuid() },
    readOnly: false,
    resources: [{ accountId: ACCOUNT, type: 'AWS::SQS::Queue', ARN: QUEUE_ARN }],
    data: true,
    tlsHost: `sqs.${REGION}.amazonaws.com`,
  });

/** The KMS call S3 makes with the caller's credentials (forward access): logged as the caller's, invokedBy S3. */
const kmsViaS3 = (fn, session, at, name, key) =>
  emit(fn, {
    time: at,
    identity: lambdaIdentity(session, 's3.amazonaws.com'),
    source: 'kms.amazonaws.com',
    name,
    ip: 'AWS Internal',
    ua: 'AWS Internal',
    request:
      name === 'GenerateDataKey'
        ? {
            keyId: KMS_KEY_ARN,
            encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${BUCKET}/${key}` },
            keySpec: 'AES_256',
          }
        : {
            encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${BUCKET}/${key}` },
            encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          },
    readOnly: true,
    resources: keyResources,
  });

const s3Object = (fn, session, at, name, key, extra = {}) =>
  emit(fn, {
    time: at,
    identity: lambdaIdentity(session),
    source: 's3.amazonaws.com',
    name,
    ip: session.ip,
    ua: s3Ua(LAMBDA_SDK_UA('s3')),
    request: { bucketName: BUCKET, Host: s3Host(BUCKET), key, 'x-id': name },
    response: extra.response,
    additional: s3Additional(extra.additional),
    readOnly: name === 'GetObject',
    resources: objectResources(BUCKET, key),
    data: true,
    tlsHost: s3Host(BUCKET),
  });

const kmsResponse = {
  'x-amz-server-side-encryption': 'aws:kms',
  'x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY_ARN,
};

/** One API request served by one function: its calls, a few milliseconds to a second apart. */
function serve(fn, at) {
  const session = lambdaSession(fn, at);
  let t = at;
  const step = () => {
    t += 20 + rng.int(300);
    return t;
  };
  switch (fn) {
    case 'notes-api-create': {
      const note = newNote(rng.pick(users));
      if (note.attachment) {
        const size = rng.between(18_000, 900_000);
        kmsViaS3(fn, session, step(), 'GenerateDataKey', note.attachment);
        s3Object(fn, session, step(), 'PutObject', note.attachment, {
          response: kmsResponse,
          additional: { bytesIn: size, sse: 'Default_SSE_KMS' },
        });
      }
      dynamo(
        fn,
        session,
        step(),
        'PutItem',
        { key: noteKey, item: ['userId', 'noteId', 'content', 'attachment', 'createdAt'] },
        false,
      );
      sendMessage(fn, session, step());
      notes.push(note);
      return;
    }
    case 'notes-api-get': {
      const note = rng.pick(notes);
      dynamo(fn, session, step(), 'GetItem', { key: noteKey, consistentRead: false }, true);
      if (note.attachment) {
        kmsViaS3(fn, session, step(), 'Decrypt', note.attachment);
        s3Object(fn, session, step(), 'GetObject', note.attachment, {
          additional: { bytesOut: rng.between(18_000, 900_000), sse: 'Default_SSE_KMS' },
        });
      }
      return;
    }
    case 'notes-api-list':
      dynamo(
        fn,
        session,
        step(),
        'Query',
        {
          keyConditionExpression: 'userId = :userId',
          expressionAttributeValues: { ':userId': HIDDEN },
          consistentRead: false,
        },
        true,
      );
      return;
    case 'notes-api-update': {
      const conflict = rng.chance(0.07);
      dynamo(
        fn,
        session,
        step(),
        'UpdateItem',
        {
          key: noteKey,
          updateExpression: 'SET content = :content, attachment = :attachment',
          conditionExpression: 'attribute_exists(noteId)',
          returnValues: 'ALL_NEW',
        },
        false,
        conflict
          ? { errorCode: 'ConditionalCheckFailedException', errorMessage: 'The conditional request failed' }
          : undefined,
      );
      if (!conflict) sendMessage(fn, session, step());
      return;
    }
    case 'notes-api-delete': {
      const index = rng.int(notes.length);
      const note = notes[index];
      notes.splice(index, 1);
      dynamo(fn, session, step(), 'DeleteItem', { key: noteKey }, false);
      if (note.attachment) s3Object(fn, session, step(), 'DeleteObject', note.attachment);
      return;
    }
  }
}

function appTraffic(windowEnd) {
  const start = windowEnd - 5 * 60_000;
  const requests = rng.between(17, 28);
  const times = Array.from({ length: requests }, () => start + 2_000 + rng.int(5 * 60_000 - 10_000)).sort(
    (a, b) => a - b,
  );
  for (const at of times) {
    const fn = rng.weighted([
      ['notes-api-list', 30],
      ['notes-api-get', 30],
      ['notes-api-create', 17],
      ['notes-api-update', 14],
      ['notes-api-delete', at >= deleteLiveFrom ? 9 : 0],
    ]);
    serve(fn, at);
  }
}

// The CI pipeline: GitHub Actions assumes ci/notes-deploy through OIDC, deploys the stack with a change
// set, uploads the function bundles, then pushes code and configuration to each function.
function deployRun(start, { runId, createDelete }) {
  const name = `GitHubActions-${runId}`;
  const session = {
    name,
    accessKeyId: `ASIA${rng.upperAlnum(16)}`,
    created: start,
    ip: `20.${rng.between(40, 60)}.${rng.int(256)}.${rng.int(256)}`,
  };
  const who = 'ci/notes-deploy';
  let t = start;
  const step = (lo = 200, hi = 2500) => {
    t += lo + rng.int(hi - lo);
    return t;
  };
  emit('token.actions.githubusercontent.com (WebIdentityUser)', {
    time: start - 300,
    identity: {
      type: 'WebIdentityUser',
      principalId: `${OIDC_PROVIDER_ARN}:sts.amazonaws.com:${CI_SUBJECT}`,
      userName: CI_SUBJECT,
      identityProvider: OIDC_PROVIDER_ARN,
    },
    source: 'sts.amazonaws.com',
    name: 'AssumeRoleWithWebIdentity',
    ip: session.ip,
    ua: CI_UA('sts'),
    request: { roleArn: CI_ROLE_ARN, roleSessionName: name, durationSeconds: 3600 },
    response: {
      credentials: { accessKeyId: session.accessKeyId, expiration: stsExpiration(start + 3600_000) },
      subjectFromWebIdentityToken: CI_SUBJECT,
      assumedRoleUser: {
        assumedRoleId: `${CI_ROLE_ID}:${name}`,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${CI_ROLE_NAME}/${name}`,
      },
      provider: OIDC_PROVIDER_ARN,
      audience: 'sts.amazonaws.com',
    },
    readOnly: true,
    resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: CI_ROLE_ARN }],
    tlsHost: 'sts.amazonaws.com',
  });
  const call = (source, nameOf, request, fields = {}) =>
    emit(who, {
      time: fields.time ?? step(),
      identity: ciIdentity(session, fields.invokedBy),
      source: `${source}.amazonaws.com`,
      name: nameOf,
      ip: fields.invokedBy ?? session.ip,
      ua: fields.ua ?? CI_UA(source === 'cloudformation' ? 'cloudformation' : source),
      request,
      readOnly: fields.readOnly ?? false,
      tlsHost: fields.invokedBy ? undefined : (fields.host ?? `${source}.${REGION}.amazonaws.com`),
      ...fields,
    });
  const describeStacks = () =>
    call(
      'cloudformation',
      'DescribeStacks',
      { stackName: STACK },
      { readOnly: true, apiVersion: '2010-05-15' },
    );

  // 1. the stack, through a change set
  describeStacks();
  const prefix = `notes-api/prod/${runId}`;
  const artifacts = [
    ...FUNCTIONS.map((fn) => `${prefix}/${fn}.zip`),
    `${prefix}/cloudformation-template.json`,
  ];
  for (const key of artifacts) {
    const size = key.endsWith('.zip') ? rng.between(300_000, 2_400_000) : rng.between(14_000, 22_000);
    call(
      's3',
      'PutObject',
      { bucketName: DEPLOY_BUCKET, Host: s3Host(DEPLOY_BUCKET), key, 'x-id': 'PutObject' },
      {
        ua: s3Ua(CI_UA('s3')),
        host: s3Host(DEPLOY_BUCKET),
        response: { 'x-amz-server-side-encryption': 'AES256' },
        additional: s3Additional({ bytesIn: size, sse: 'Default_SSE_S3' }),
        resources: objectResources(DEPLOY_BUCKET, key),
        data: true,
      },
    );
  }
  const templateKey = `${prefix}/cloudformation-template.json`;
  const changeSetName = `deploy-${runId}`;
  const changeSetArn = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:changeSet/${changeSetName}/${rng.uuid()}`;
  call(
    'cloudformation',
    'CreateChangeSet',
    {
      stackName: STACK,
      templateURL: `https://${s3Host(DEPLOY_BUCKET)}/${templateKey}`,
      capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      changeSetName,
      changeSetType: 'UPDATE',
    },
    { response: { id: changeSetArn, stackId: STACK_ID }, apiVersion: '2010-05-15' },
  );
  // CloudFormation reads the template with the caller's credentials (forward access).
  call(
    's3',
    'GetObject',
    { bucketName: DEPLOY_BUCKET, Host: s3Host(DEPLOY_BUCKET), key: templateKey },
    {
      time: t + 400,
      invokedBy: 'cloudformation.amazonaws.com',
      ua: '[cloudformation.amazonaws.com]',
      readOnly: true,
      additional: s3Additional({ bytesOut: rng.between(14_000, 22_000), sse: 'Default_SSE_S3' }),
      resources: objectResources(DEPLOY_BUCKET, templateKey),
      data: true,
    },
  );
  step(3000, 9000);
  call(
    'cloudformation',
    'ExecuteChangeSet',
    { changeSetName: changeSetArn, stackName: STACK },
    { apiVersion: '2010-05-15' },
  );
  for (let i = rng.between(3, 6); i > 0; i--) {
    step(4000, 9000);
    describeStacks();
  }

  // 2. the functions
  call(
    'iam',
    'GetRole',
    { roleName: LAMBDA_ROLE_NAME },
    { readOnly: true, host: 'iam.amazonaws.com', apiVersion: '2010-05-08' },
  );
  for (const fn of FUNCTIONS) {
    const lambda = (op, request, fields = {}) =>
      call('lambda', op, request, { ua: CI_UA('lambda'), apiVersion: '2015-03-31', ...fields });
    const config = (state) => ({
      functionName: fn,
      functionArn: functionArn(fn),
      runtime: 'nodejs20.x',
      role: LAMBDA_ROLE_ARN,
      handler: `src/${fn.slice('notes-api-'.length)}.handler`,
      codeSize: rng.between(300_000, 2_400_000),
      timeout: 10,
      memorySize: 512,
      lastModified: `${iso(t).slice(0, 19)}.000+0000`,
      codeSha256: `${rng.base64(43)}=`,
      version: '$LATEST',
      state,
      packageType: 'Zip',
      architectures: ['arm64'],
      loggingConfig: { logFormat: 'Text', logGroup: `/aws/lambda/${fn}` },
    });
    const environment = {
      variables: { TABLE_NAME: TABLE, ATTACHMENTS_BUCKET: BUCKET, EVENTS_QUEUE_URL: QUEUE_URL },
    };
    if (fn === 'notes-api-delete' && createDelete) {
      lambda(
        'GetFunction20150331v2',
        { functionName: fn },
        {
          readOnly: true,
          errorCode: 'ResourceNotFoundException',
          errorMessage: `Function not found: ${functionArn(fn)}`,
        },
      );
      lambda(
        'CreateFunction20150331',
        {
          functionName: fn,
          runtime: 'nodejs20.x',
          role: LAMBDA_ROLE_ARN,
          handler: 'src/delete.handler',
          code: {},
          timeout: 10,
          memorySize: 512,
          publish: false,
          environment,
          architectures: ['arm64'],
        },
        { response: config('Pending') },
      );
      deleteLiveFrom = t + 60_000;
      lambda('GetFunction20150331v2', { functionName: fn }, { readOnly: true, time: step(1500, 3000) });
      continue;
    }
    lambda('GetFunction20150331v2', { functionName: fn }, { readOnly: true });
    lambda(
      'UpdateFunctionCode20150331v2',
      { functionName: fn, publish: false, dryRun: false },
      { response: config('Active') },
    );
    step(1500, 4000);
    lambda(
      'UpdateFunctionConfiguration20150331v2',
      {
        functionName: fn,
        role: LAMBDA_ROLE_ARN,
        handler: `src/${fn.slice('notes-api-'.length)}.handler`,
        timeout: 10,
        memorySize: 512,
        environment,
      },
      { response: config('Active') },
    );
  }
}

// Alice, a developer, looks at production with her long-term access key: reads, and a few refusals.
function alice(at, what) {
  let t = at;
  const step = () => {
    t += 2000 + rng.int(40_000);
    return t;
  };
  const ip = '198.51.100.23';
  const call = (source, name, command, fields) =>
    emit('alice', {
      time: step(),
      identity: aliceIdentity,
      source: `${source}.amazonaws.com`,
      name,
      ip,
      ua: source === 's3' ? s3Ua(CLI_UA(command)) : CLI_UA(command),
      readOnly: true,
      tlsHost: fields.host ?? `${source}.${REGION}.amazonaws.com`,
      ...fields,
    });
  const denied = `User: ${ALICE_ARN} is not authorized to perform`;
  for (const item of what) {
    switch (item) {
      case 'whoami':
        call('sts', 'GetCallerIdentity', 'sts.get-caller-identity', { host: `sts.${REGION}.amazonaws.com` });
        break;
      case 'ls':
        call('s3', 'ListBuckets', 's3.ls', {
          request: { Host: `s3.${REGION}.amazonaws.com` },
          additional: s3Additional({ bytesOut: rng.between(700, 900) }),
          host: `s3.${REGION}.amazonaws.com`,
        });
        break;
      case 'ls-attachments':
        call('s3', 'ListObjects', 's3.ls', {
          request: {
            'list-type': '2',
            bucketName: BUCKET,
            'encoding-type': 'url',
            prefix: 'attachments/',
            delimiter: '/',
            Host: s3Host(BUCKET),
          },
          additional: s3Additional({ bytesOut: rng.between(2_000, 9_000) }),
          resources: [
            { type: 'AWS::S3::Object', ARNPrefix: `arn:aws:s3:::${BUCKET}/attachments/` },
            { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${BUCKET}` },
          ],
          data: true,
          host: s3Host(BUCKET),
        });
        break;
      case 'cp': {
        const key = rng.pick(notes.filter((n) => n.attachment)).attachment;
        call('s3', 'GetObject', 's3.cp', {
          errorCode: 'AccessDenied',
          errorMessage: 'Access Denied',
          request: { bucketName: BUCKET, Host: s3Host(BUCKET), key },
          additional: s3Additional(),
          resources: objectResources(BUCKET, key),
          data: true,
          host: s3Host(BUCKET),
        });
        break;
      }
      case 'describe-table':
        call('dynamodb', 'DescribeTable', 'dynamodb.describe-table', {
          request: { tableName: TABLE },
          resources: tableResources,
          apiVersion: '2012-08-10',
        });
        break;
      case 'delete-table':
        call('dynamodb', 'DeleteTable', 'dynamodb.delete-table', {
          errorCode: 'AccessDeniedException',
          errorMessage: `${denied}: dynamodb:DeleteTable on resource: ${TABLE_ARN} because no identity-based policy allows the dynamodb:DeleteTable action`,
          request: { tableName: TABLE },
          resources: tableResources,
          readOnly: false,
          apiVersion: '2012-08-10',
        });
        break;
      case 'logs':
        call('logs', 'FilterLogEvents', 'logs.filter-log-events', {
          request: {
            logGroupName: '/aws/lambda/notes-api-get',
            startTime: t - 6 * 3600_000,
            filterPattern: rng.pick(['ERROR', '"Task timed out"', 'ConditionalCheckFailed']),
            interleaved: true,
          },
        });
        break;
      case 'terminate': {
        const instanceId = 'i-0a1b2c3d4e5f60718';
        call('ec2', 'TerminateInstances', 'ec2.terminate-instances', {
          errorCode: 'Client.UnauthorizedOperation',
          errorMessage: `You are not authorized to perform this operation. ${denied}: ec2:TerminateInstances on resource: arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${instanceId} because no identity-based policy allows the ec2:TerminateInstances action. Encoded authorization failure message: ${rng.base64(180)}`,
          request: { instancesSet: { items: [{ instanceId }] } },
          readOnly: false,
          host: `ec2.${REGION}.amazonaws.com`,
        });
        break;
      }
    }
  }
}

function keyRotation(at) {
  emit('kms.amazonaws.com (AwsServiceEvent)', {
    time: at,
    identity: { accountId: ACCOUNT, invokedBy: 'kms.amazonaws.com' },
    source: 'kms.amazonaws.com',
    name: 'RotateKey',
    ip: 'kms.amazonaws.com',
    ua: 'kms.amazonaws.com',
    additional: { keyId: KMS_KEY_ARN },
    readOnly: false,
    resources: keyResources,
    type: 'AwsServiceEvent',
  });
}

// The timeline. Things other than app traffic happen inside one of the windows above.
const inWindow = (i, minute) => WINDOWS[i] - 5 * 60_000 + minute * 60_000 + rng.int(50_000);
const scheduled = new Map([
  [0, () => deployRun(inWindow(0, 0), { runId: '19284712233', createDelete: true })],
  [5, () => alice(inWindow(5, 0), ['whoami', 'ls', 'ls-attachments', 'cp', 'describe-table'])],
  [6, () => alice(inWindow(6, 1), ['logs', 'logs'])],
  [13, () => deployRun(inWindow(13, 0), { runId: '19341907855', createDelete: false })],
  [16, () => keyRotation(inWindow(16, 2))],
  [21, () => alice(inWindow(21, 0), ['whoami', 'logs', 'cp', 'delete-table'])],
  [26, () => alice(inWindow(26, 0), ['describe-table', 'terminate', 'terminate'])],
  [30, () => deployRun(inWindow(30, 0), { runId: '19460338102', createDelete: false })],
  [35, () => alice(inWindow(35, 1), ['ls-attachments', 'logs'])],
]);

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

function build() {
  WINDOWS.forEach((end, i) => {
    scheduled.get(i)?.();
    appTraffic(end);
  });
  // Each record goes to the file of the 5-minute window it falls in; CloudTrail names a file after
  // the end of its window. Two windows are split over two files, as CloudTrail sometimes does.
  const byWindow = new Map();
  for (const e of events) {
    const t = Date.parse(e.record.eventTime);
    const end = Math.floor(t / 300_000) * 300_000 + 300_000;
    if (!byWindow.has(end)) byWindow.set(end, []);
    byWindow.get(end).push(e);
  }
  const files = [];
  for (const end of [...byWindow.keys()].sort((a, b) => a - b)) {
    const records = byWindow.get(end).sort((a, b) => a.record.eventTime.localeCompare(b.record.eventTime));
    const stamp = iso(end).replace(/[-:]/g, '').slice(0, 13);
    const folder = `AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/${iso(end).slice(0, 10).replaceAll('-', '/')}`;
    const parts = files.length % 17 === 5 && records.length > 20 ? 2 : 1;
    for (let p = 0; p < parts; p++) {
      const slice = records.filter((_, i) => i % parts === p);
      files.push({
        path: `${folder}/${ACCOUNT}_CloudTrail_${REGION}_${stamp}Z_${rng.alnum(16)}.json.gz`,
        records: slice,
      });
    }
  }
  return files;
}

/** Gzip with a fixed header: mtime 0 (Node's default) and OS byte 3 (Unix) whatever the platform. */
function gzipFixed(text) {
  const gz = gzipSync(Buffer.from(text), { level: 9, memLevel: 9 });
  gz[9] = 3;
  return gz;
}

function countTable(files) {
  const counts = new Map();
  for (const file of files) {
    for (const { who, record: r } of file.records) {
      const op = `${r.eventSource.replace('.amazonaws.com', '')}:${r.eventName}`;
      const outcome = r.errorCode ? ` (${r.errorCode})` : '';
      const key = `${who}\t${op}${outcome}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const order = [...FUNCTIONS, 'ci/notes-deploy', 'alice'];
  const rank = (who) => (order.includes(who) ? order.indexOf(who) : order.length);
  return [...counts.entries()]
    .map(([key, n]) => {
      const [who, op] = key.split('\t');
      return { who, op, n };
    })
    .sort((a, b) => rank(a.who) - rank(b.who) || a.who.localeCompare(b.who) || a.op.localeCompare(b.op));
}

function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = resolve(values.out ?? join(ROOT, 'examples'));
  const files = build();
  const trailRoot = join(out, 'cloudtrail');
  rmSync(trailRoot, { recursive: true, force: true });
  let total = 0;
  for (const file of files) {
    const target = join(trailRoot, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, gzipFixed(JSON.stringify({ Records: file.records.map((e) => e.record) })));
    total += file.records.length;
  }
  writeFileSync(join(out, 'serverless.yml'), SERVERLESS_YML);
  writeFileSync(join(out, 'README.md'), readme(files, total));
  process.stderr.write(`make-examples: ${files.length} files, ${total} records -> ${out}\n`);
}

// ---------------------------------------------------------------------------------------------
// serverless.yml and README
// ---------------------------------------------------------------------------------------------

const SERVERLESS_YML = `# The "notes" API as it is deployed today: Serverless Framework v3, one execution role shared by
# all five functions, with the broad grants such apps usually start from.
service: notes-api
frameworkVersion: '3'

custom:
  tableName: ${TABLE}
  attachmentsBucket: ${BUCKET}
  eventsQueue: ${QUEUE}

provider:
  name: aws
  runtime: nodejs20.x
  architecture: arm64
  stage: prod
  region: ${REGION}
  memorySize: 512
  timeout: 10
  deploymentBucket:
    name: ${DEPLOY_BUCKET}
  environment:
    TABLE_NAME: \${self:custom.tableName}
    ATTACHMENTS_BUCKET: \${self:custom.attachmentsBucket}
    EVENTS_QUEUE_URL: ${QUEUE_URL}
  iam:
    role:
      name: ${LAMBDA_ROLE_NAME}
      statements:
        - Effect: Allow
          Action:
            - dynamodb:DescribeTable
            - dynamodb:Query
            - dynamodb:Scan
            - dynamodb:GetItem
            - dynamodb:PutItem
            - dynamodb:UpdateItem
            - dynamodb:DeleteItem
          Resource: "arn:aws:dynamodb:us-east-1:*:*"
        - Effect: Allow
          Action:
            - s3:*
          Resource:
            - arn:aws:s3:::\${self:custom.attachmentsBucket}
            - arn:aws:s3:::\${self:custom.attachmentsBucket}/*
        - Effect: Allow
          Action:
            - sqs:SendMessage
          Resource: arn:aws:sqs:${REGION}:${ACCOUNT}:\${self:custom.eventsQueue}
        - Effect: Allow
          Action:
            - kms:*
          Resource: "*"

functions:
  create:
    name: notes-api-create
    handler: src/create.handler
    events:
      - http:
          path: notes
          method: post
          cors: true
          authorizer: aws_iam
  get:
    name: notes-api-get
    handler: src/get.handler
    events:
      - http:
          path: notes/{id}
          method: get
          cors: true
          authorizer: aws_iam
  list:
    name: notes-api-list
    handler: src/list.handler
    events:
      - http:
          path: notes
          method: get
          cors: true
          authorizer: aws_iam
  update:
    name: notes-api-update
    handler: src/update.handler
    events:
      - http:
          path: notes/{id}
          method: put
          cors: true
          authorizer: aws_iam
  delete:
    name: notes-api-delete
    handler: src/delete.handler
    events:
      - http:
          path: notes/{id}
          method: delete
          cors: true
          authorizer: aws_iam

resources:
  Resources:
    NotesTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: \${self:custom.tableName}
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - AttributeName: userId
            AttributeType: S
          - AttributeName: noteId
            AttributeType: S
        KeySchema:
          - AttributeName: userId
            KeyType: HASH
          - AttributeName: noteId
            KeyType: RANGE
    AttachmentsBucket:
      Type: AWS::S3::Bucket
      Properties:
        BucketName: \${self:custom.attachmentsBucket}
        BucketEncryption:
          ServerSideEncryptionConfiguration:
            - ServerSideEncryptionByDefault:
                SSEAlgorithm: aws:kms
                KMSMasterKeyID: ${KMS_KEY_ARN}
              BucketKeyEnabled: false
        PublicAccessBlockConfiguration:
          BlockPublicAcls: true
          BlockPublicPolicy: true
          IgnorePublicAcls: true
          RestrictPublicBuckets: true
    EventsQueue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: \${self:custom.eventsQueue}
        SqsManagedSseEnabled: true
`;

function readme(files, total) {
  const rows = countTable(files);
  const table = rows.map(({ who, op, n }) => `| ${who} | \`${op}\` | ${n} |`).join('\n');
  const first = files[0].path.split('/').pop();
  const days = new Set(files.map((f) => f.path.split('/').slice(-4, -1).join('-')));
  return `# Example: the "notes" API

Generated by \`node scripts/make-examples.mjs\`; do not edit by hand (a test compares this folder
with a fresh run). Everything here is made up: account \`${ACCOUNT}\`, region \`${REGION}\`,
November 2026.

## The app
A small serverless API in the style of the classic "notes" tutorial, deployed with the Serverless
Framework (\`serverless.yml\`):

- five Lambda functions, \`notes-api-create\`, \`-get\`, \`-list\`, \`-update\` and \`-delete\`, that
  **share one execution role**:
  \`${LAMBDA_ROLE_ARN}\`.
  Lambda names each role session after its function.
- a DynamoDB table \`${TABLE}\`; an S3 bucket \`${BUCKET}\` encrypted by default with the KMS key
  \`${KMS_KEY_ARN}\`
  (SSE-KMS without a bucket key, so every object read and write calls KMS); an SQS queue
  \`${QUEUE}\`.
- a GitHub Actions pipeline that deploys through the role
  \`${CI_ROLE_ARN}\`.
  Mind the path \`/ci/\`: the session ARNs in the logs do not show it, \`sessionIssuer.arn\` does.
- a developer, the IAM user \`alice\`, who looks around with the AWS CLI.

The role in \`serverless.yml\` grants what such apps usually grant: seven DynamoDB actions on every
table in the region, \`s3:*\` on the bucket, \`sqs:SendMessage\` on the queue, \`kms:*\` on \`*\`.

## The logs
\`cloudtrail/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/YYYY/MM/DD/\` holds ${files.length} gzipped
CloudTrail log files, ${total} records, in the layout and naming CloudTrail uses in S3
(\`${first}\`). Each file covers a 5-minute window (a few windows are split over two files); there
are two busy spells of ten minutes on each of ${days.size} working days between 2026-11-02 and
2026-11-13. The trail logs management events and the data events of DynamoDB, S3 and SQS.

## Who did what
| Identity | Operation (error) | Records |
|---|---|---|
${table}

The functions are the session names of \`${LAMBDA_ROLE_NAME}\`; \`ci/notes-deploy\` is the role
behind the \`GitHubActions-<run id>\` sessions.

- **notes-api-create**: \`PutItem\` on the table, \`SendMessage\` to the queue and, for notes with an
  attachment, \`PutObject\` under \`attachments/<user id>/<uuid>.png\` (a new key each time). S3
  calls \`kms:GenerateDataKey\` with the function's own credentials (forward access): those records
  carry \`invokedBy: s3.amazonaws.com\`.
- **notes-api-get**: \`GetItem\`, and for notes with an attachment \`GetObject\` plus \`kms:Decrypt\`
  (again made by S3 with the function's credentials).
- **notes-api-list**: \`Query\`.
- **notes-api-update**: \`UpdateItem\`, and \`SendMessage\` when the update succeeds. Some updates fail
  with \`ConditionalCheckFailedException\`: that happens after authorization, so the permission was
  needed all the same.
- **notes-api-delete**: \`DeleteItem\` and, for notes with an attachment, \`DeleteObject\`. The first
  pipeline run created this function, so Lambda created its log group at its first cold start.
- every function, at each cold start: \`logs:CreateLogStream\` in its log group \`/aws/lambda/<name>\`.
- **ci/notes-deploy**, three runs: \`DescribeStacks\`, \`CreateChangeSet\` and \`ExecuteChangeSet\` on
  the stack \`${STACK}\`; \`PutObject\` of the bundles and the template under
  \`notes-api/prod/<run id>/\` in \`${DEPLOY_BUCKET}\`, and a \`GetObject\` of the template that
  CloudFormation makes with the pipeline's credentials (\`invokedBy: cloudformation.amazonaws.com\`);
  \`iam:GetRole\` on the Lambda role; \`GetFunction\`, \`UpdateFunctionCode\` and
  \`UpdateFunctionConfiguration\` (with the Lambda role as \`role\`) on each function. On the first
  run, \`GetFunction\` of \`notes-api-delete\` fails with \`ResourceNotFoundException\` and the
  pipeline creates it with \`CreateFunction\`, again with the Lambda role.
- **alice**, with her access key \`${ALICE_ACCESS_KEY_ID}\`: \`sts:GetCallerIdentity\`,
  \`s3:ListBuckets\`, \`ListObjects\` on the attachments bucket under \`attachments/\`,
  \`dynamodb:DescribeTable\`, \`logs:FilterLogEvents\` on \`/aws/lambda/notes-api-get\`; refused:
  \`GetObject\` of an attachment (\`AccessDenied\`), \`dynamodb:DeleteTable\`
  (\`AccessDeniedException\`), \`ec2:TerminateInstances\` (\`Client.UnauthorizedOperation\`).
- **service-made records**: \`sts:AssumeRole\` by \`lambda.amazonaws.com\` for each new execution
  environment (its response holds the access key id the session then uses),
  \`sts:AssumeRoleWithWebIdentity\` by GitHub's OIDC identity to start each pipeline session, and a
  \`kms:RotateKey\` \`AwsServiceEvent\`. None of them is a permission of a principal in this account.

## What leastpriv should find
\`leastpriv generate examples/cloudtrail\` should print three principals.

1. **${LAMBDA_ROLE_ARN}**, split into one policy per function (workload
   \`arn:aws:lambda:${REGION}:${ACCOUNT}:function:<name>\`), each with only its own actions:
   - create: \`dynamodb:PutItem\` on \`${TABLE_ARN}\`; \`s3:PutObject\` on
     \`arn:aws:s3:::${BUCKET}/attachments/*\` (many keys, generalised to their common prefix);
     \`kms:GenerateDataKey\` on the key, scoped with \`kms:ViaService\` = \`s3.${REGION}.amazonaws.com\`;
     \`sqs:SendMessage\` on \`${QUEUE_ARN}\`; \`logs:CreateLogStream\` on its log group.
   - get: \`dynamodb:GetItem\`; \`s3:GetObject\` on \`attachments/*\`; \`kms:Decrypt\` (via S3); logs.
   - list: \`dynamodb:Query\`; logs.
   - update: \`dynamodb:UpdateItem\` (the conditional-check failures count as use);
     \`sqs:SendMessage\`; logs.
   - delete: \`dynamodb:DeleteItem\`; \`s3:DeleteObject\` on \`attachments/*\`; \`logs:CreateLogGroup\`
     and \`logs:CreateLogStream\`.
2. **${CI_ROLE_ARN}**, with its path: \`cloudformation:CreateChangeSet\`, \`ExecuteChangeSet\` and
   \`DescribeStacks\` on \`arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK}/*\`;
   \`s3:PutObject\` on \`arn:aws:s3:::${DEPLOY_BUCKET}/notes-api/prod/*\` and \`s3:GetObject\` on the
   templates (via CloudFormation); \`lambda:GetFunction\`, \`lambda:UpdateFunctionCode\` and
   \`lambda:UpdateFunctionConfiguration\` on the five functions, \`lambda:CreateFunction\` on
   \`notes-api-delete\` (the API-version suffixes of the event names stripped); \`iam:GetRole\` and
   **\`iam:PassRole\`** on the Lambda role only, with \`iam:PassedToService\` = \`lambda.amazonaws.com\`.
   PassRole is never logged: it comes from the \`role\` parameter of \`CreateFunction\` and
   \`UpdateFunctionConfiguration\`.
3. **${ALICE_ARN}**: \`s3:ListAllMyBuckets\` (on \`*\`), \`s3:ListBucket\` on the attachments bucket
   (prefix \`attachments/\`), \`dynamodb:DescribeTable\`, \`logs:FilterLogEvents\` on the
   \`/aws/lambda/notes-api-get\` log group; \`sts:GetCallerIdentity\` needs no permission. Her three
   refused calls are listed as **denied**, never as permissions. Her access key id is in no output.

The service-made records belong to no principal.

\`leastpriv audit --granted examples/serverless.yml examples/cloudtrail\` should report that the
shared role grants far more than is used: \`DescribeTable\` and \`Scan\` are never used, every table
in the region is granted instead of \`table/${TABLE}\`, \`s3:*\` where three object actions are used,
\`kms:*\` on \`*\` where two actions on one key are used, and each function gets the other four
functions' permissions.

Blind spots to expect: \`logs:PutLogEvents\` (which the Serverless Framework adds to the role by
itself) is never logged by CloudTrail, so these logs cannot prove it; API Gateway's
\`lambda:InvokeFunction\` calls are not in this trail either.
`;
}

main();
