#!/usr/bin/env node
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${key}, like template placeholders
// Request evaluation speed: evaluations per second for a 20-statement identity policy with conditions,
// ours (the compiled engine from dist/) against @cloud-copilot/iam-simulate (a devDependency, AGPL: used
// here and in test/differential/ only), on the same requests in the same run. Target: ours >= 20x theirs.
//
//   node scripts/bench-evaluate.mjs [--quick] [--json]
//
// As a library (scripts/bench.mjs): `const figures = await benchEvaluate({ quick })`.
//
// Ours compiles the policy once and evaluates many requests, which is how leastpriv uses it. iam-simulate
// takes the policies with every request: its fastest entry point (runUnsafeSimulation, no input
// validation) and its usual one (runSimulation, validated) are both measured; the ratio is against the
// faster. Both engines' decisions on the request set are compared first, so the speed is for equal work.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_RATIO = 20;
const ACCOUNT = '111122223333';
const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:user/alice`;

/** The 20-statement identity policy: several services, wildcards, NotAction, Deny, every kind of condition. */
export function benchPolicy() {
  const a = ACCOUNT;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadReports',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: 'arn:aws:s3:::example-bucket/reports/*',
        Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
      },
      {
        Sid: 'OwnHome',
        Effect: 'Allow',
        Action: 's3:*Object',
        Resource: 'arn:aws:s3:::example-bucket/home/${aws:username}/*',
      },
      {
        Sid: 'ListHome',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::example-bucket',
        Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*', 'reports/*'] } },
      },
      {
        Sid: 'NoPlainHttp',
        Effect: 'Deny',
        Action: 's3:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'OrdersTable',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
        Resource: [
          `arn:aws:dynamodb:us-east-1:${a}:table/Orders`,
          `arn:aws:dynamodb:us-east-1:${a}:table/Orders/index/*`,
        ],
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:username}', 'shared'] } },
      },
      {
        Sid: 'ReadUsers',
        Effect: 'Allow',
        Action: 'dynamodb:Get*',
        Resource: `arn:aws:dynamodb:*:${a}:table/Users`,
      },
      {
        Sid: 'Queues',
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
        Resource: `arn:aws:sqs:us-east-1:${a}:orders*`,
      },
      {
        Sid: 'Invoke',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: `arn:aws:lambda:us-east-1:${a}:function:resize*`,
        Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      },
      {
        Sid: 'Logs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:aws:logs:us-east-1:${a}:log-group:/aws/lambda/*:*`,
      },
      {
        Sid: 'Decrypt',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: `arn:aws:kms:us-east-1:${a}:key/*`,
        Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
      },
      {
        Sid: 'Secrets',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: `arn:aws:secretsmanager:us-east-1:${a}:secret:app/*`,
        Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
      },
      {
        Sid: 'Publish',
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: `arn:aws:sns:us-east-1:${a}:alerts`,
        Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
      },
      {
        Sid: 'Describe',
        Effect: 'Allow',
        Action: ['ec2:Describe*', 'cloudwatch:GetMetricData'],
        Resource: '*',
      },
      {
        Sid: 'MfaForIam',
        Effect: 'Allow',
        Action: 'iam:Get*',
        Resource: `arn:aws:iam::${a}:user/\${aws:username}`,
        Condition: { NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' } },
      },
      {
        Sid: 'PassAppRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: `arn:aws:iam::${a}:role/app-*`,
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      },
      {
        Sid: 'TagOnlyTeamKeys',
        Effect: 'Allow',
        Action: 's3:PutObjectTagging',
        Resource: 'arn:aws:s3:::example-bucket/*',
        Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['team', 'env*'] } },
      },
      {
        Sid: 'NoIamWrites',
        Effect: 'Deny',
        NotAction: ['iam:Get*', 'iam:List*', 'iam:PassRole'],
        Resource: `arn:aws:iam::${a}:*`,
      },
      { Sid: 'NoDeleteTables', Effect: 'Deny', Action: 'dynamodb:Delete*', Resource: '*' },
      {
        Sid: 'OutsideRegions',
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*', 's3:*'],
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      },
      { Sid: 'Assume', Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' },
    ],
  };
}

/** The requests: every action the policy names on matching and non-matching resources, with varied context. */
export function benchRequests() {
  const a = ACCOUNT;
  const targets = [
    ['s3:GetObject', 'arn:aws:s3:::example-bucket/reports/2024.csv'],
    ['s3:GetObject', 'arn:aws:s3:::example-bucket/home/alice/notes.txt'],
    ['s3:GetObject', 'arn:aws:s3:::example-bucket/home/bob/notes.txt'],
    ['s3:PutObject', 'arn:aws:s3:::example-bucket/home/alice/new.txt'],
    ['s3:DeleteObject', 'arn:aws:s3:::example-bucket/home/alice/old.txt'],
    ['s3:ListBucket', 'arn:aws:s3:::example-bucket'],
    ['s3:PutObjectTagging', 'arn:aws:s3:::example-bucket/home/alice/new.txt'],
    ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${a}:table/Orders`],
    ['dynamodb:Query', `arn:aws:dynamodb:us-east-1:${a}:table/Orders/index/ByDate`],
    ['dynamodb:DeleteTable', `arn:aws:dynamodb:us-east-1:${a}:table/Orders`],
    ['dynamodb:GetItem', `arn:aws:dynamodb:eu-west-1:${a}:table/Users`],
    ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${a}:orders`],
    ['sqs:SendMessage', `arn:aws:sqs:eu-west-1:${a}:orders`],
    ['lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${a}:function:resize`],
    ['logs:PutLogEvents', `arn:aws:logs:us-east-1:${a}:log-group:/aws/lambda/resize:log-stream:2024/01/01`],
    ['kms:Decrypt', `arn:aws:kms:us-east-1:${a}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${a}:secret:app/db-AbCdEf`],
    ['sns:Publish', `arn:aws:sns:us-east-1:${a}:alerts`],
    ['ec2:DescribeInstances', '*'],
    ['iam:GetUser', `arn:aws:iam::${a}:user/alice`],
    ['iam:CreateUser', `arn:aws:iam::${a}:user/mallory`],
    ['iam:PassRole', `arn:aws:iam::${a}:role/app-worker`],
    ['sts:GetCallerIdentity', '*'],
  ];
  const contexts = [
    {
      'aws:SourceIp': '203.0.113.7',
      'aws:SecureTransport': 'true',
      'aws:username': 'alice',
      'aws:RequestedRegion': 'us-east-1',
      'aws:CurrentTime': '2025-06-15T12:30:00Z',
      'aws:MultiFactorAuthAge': '300',
      'aws:PrincipalTag/team': 'blue',
    },
    {
      'aws:SourceIp': '192.0.2.10',
      'aws:SecureTransport': 'false',
      'aws:username': 'alice',
      'aws:RequestedRegion': 'eu-west-1',
      'aws:CurrentTime': '2031-01-01T00:00:00Z',
    },
    {
      'aws:SourceIp': '2001:db8::1',
      'aws:SecureTransport': 'true',
      'aws:username': 'bob',
      'aws:RequestedRegion': 'ap-southeast-2',
      'aws:MultiFactorAuthAge': '7200',
      'aws:TagKeys': ['team', 'cost'],
    },
  ];
  const extra = {
    's3:ListBucket': { 's3:prefix': 'home/alice/' },
    'dynamodb:GetItem': { 'dynamodb:LeadingKeys': ['alice'] },
    'dynamodb:Query': { 'dynamodb:LeadingKeys': ['alice', 'shared'] },
    'kms:Decrypt': { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
    'iam:PassRole': { 'iam:PassedToService': 'lambda.amazonaws.com' },
    'secretsmanager:GetSecretValue': { 'aws:ResourceTag/team': 'blue' },
    's3:PutObjectTagging': { 'aws:TagKeys': ['team', 'env'] },
  };
  const requests = [];
  for (const context of contexts) {
    for (const [action, resource] of targets) {
      requests.push({
        principal: PRINCIPAL,
        action,
        resource,
        context: { ...context, ...(extra[action] ?? {}) },
      });
    }
  }
  return requests;
}

/** Runs `fn` over the requests in a loop until `ms` milliseconds have passed; evaluations per second. */
async function measure(fn, requests, ms) {
  // Warm up: every request once.
  for (const r of requests) await fn(r);
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const r of requests) await fn(r);
    count += requests.length;
    elapsed = performance.now() - started;
  }
  return { evaluations: count, ms: elapsed, evaluationsPerSecond: (count / elapsed) * 1000 };
}

function measureSync(fn, requests, ms) {
  for (const r of requests) fn(r);
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const r of requests) fn(r);
    count += requests.length;
    elapsed = performance.now() - started;
  }
  return { evaluations: count, ms: elapsed, evaluationsPerSecond: (count / elapsed) * 1000 };
}

const THEIR_DECISION = {
  Allowed: 'Allowed',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

/**
 * Measures both engines. `quick` shortens the timed loops (about 2 s in all instead of about 8 s).
 * Returns the figures; prints nothing.
 */
export async function benchEvaluate({ quick = false } = {}) {
  const distEvaluate = join(ROOT, 'dist', 'evaluate', 'index.js');
  const distPolicy = join(ROOT, 'dist', 'policy', 'index.js');
  if (!existsSync(distEvaluate) || !existsSync(distPolicy)) {
    throw new Error('dist/ is missing the evaluation engine: run `npm run build` first');
  }
  const { compilePolicy, evaluate } = await import(pathToFileURL(distEvaluate).href);
  const { parsePolicy } = await import(pathToFileURL(distPolicy).href);
  const { runSimulation, runUnsafeSimulation } = await import('@cloud-copilot/iam-simulate');

  const document = benchPolicy();
  const requests = benchRequests();

  // Ours: compile once (timed apart), then evaluate.
  const compileStarted = performance.now();
  const parsed = parsePolicy(document, { source: 'bench-policy.json' });
  const compiled = compilePolicy(parsed.policy, 'identity');
  const compileMs = performance.now() - compileStarted;
  const errors = [...parsed.diagnostics, ...compiled.diagnostics].filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the bench policy does not compile: ${JSON.stringify(errors)}`);
  // No resource policy, known: a KMS key without a key policy that allows is then denied, as iam-simulate does.
  const set = { identity: [compiled], resource: [] };
  const ours = (r) =>
    evaluate({ principal: r.principal, action: r.action, resource: r.resource, context: r.context }, set);

  // Theirs: the same policy and request, as its API takes them.
  const simulation = (r) => ({
    request: {
      principal: r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: ACCOUNT },
      contextVariables: r.context,
    },
    identityPolicies: [{ name: 'bench-policy.json', policy: document }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
  const theirsValidated = (r) => runSimulation(simulation(r), {});
  const theirsUnsafe = (r) => runUnsafeSimulation(simulation(r), {});

  // Same work: compare the decisions on every request first.
  const decisions = { Allowed: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  const disagreements = [];
  for (const r of requests) {
    const mine = ours(r).decision;
    const result = await theirsValidated(r);
    if (result.resultType === 'error')
      throw new Error(`iam-simulate rejected ${r.action} ${r.resource}: ${JSON.stringify(result.errors)}`);
    const theirs = THEIR_DECISION[result.overallResult];
    decisions[mine]++;
    if (mine !== theirs) disagreements.push({ action: r.action, resource: r.resource, ours: mine, theirs });
  }

  const budget = quick ? { ours: 400, theirs: 700 } : { ours: 2000, theirs: 3000 };
  const oursRun = measureSync(ours, requests, budget.ours);
  const unsafeRun = measureSync(theirsUnsafe, requests, budget.theirs);
  const validatedRun = await measure(theirsValidated, requests, budget.theirs);
  const fastestTheirs = Math.max(unsafeRun.evaluationsPerSecond, validatedRun.evaluationsPerSecond);
  const ratio = oursRun.evaluationsPerSecond / fastestTheirs;
  return {
    policy: { statements: document.Statement.length, compileMs },
    requests: { distinct: requests.length, decisions, disagreements },
    ours: oursRun,
    theirs: { runUnsafeSimulation: unsafeRun, runSimulation: validatedRun },
    ratio,
    target: TARGET_RATIO,
    met: ratio >= TARGET_RATIO,
  };
}

function fmt(n) {
  return Math.round(n).toLocaleString('en-US');
}

/** The figures as a few readable lines. */
export function formatBenchEvaluate(f) {
  const lines = [
    `Request evaluation: ${f.policy.statements}-statement identity policy with conditions, ${f.requests.distinct} distinct requests ` +
      `(${f.requests.decisions.Allowed} allowed, ${f.requests.decisions.ExplicitDeny} explicitly denied, ${f.requests.decisions.ImplicitDeny} implicitly denied)`,
    `  ours (compiled once in ${f.policy.compileMs.toFixed(2)} ms):  ${fmt(f.ours.evaluationsPerSecond)} evaluations/s`,
    `  iam-simulate runUnsafeSimulation:   ${fmt(f.theirs.runUnsafeSimulation.evaluationsPerSecond)} evaluations/s`,
    `  iam-simulate runSimulation:         ${fmt(f.theirs.runSimulation.evaluationsPerSecond)} evaluations/s`,
    `  ratio ours / fastest iam-simulate:  ${f.ratio.toFixed(1)}x (target >= ${f.target}x: ${f.met ? 'met' : 'NOT met'})`,
  ];
  if (f.requests.disagreements.length > 0) {
    lines.push(
      `  decisions differ on ${f.requests.disagreements.length} requests (see test/differential/known-differences.json):`,
    );
    for (const d of f.requests.disagreements)
      lines.push(`    ${d.action} ${d.resource}: ours ${d.ours}, iam-simulate ${d.theirs}`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const figures = await benchEvaluate({ quick: values.quick });
  process.stdout.write(values.json ? `${JSON.stringify(figures, null, 2)}\n` : formatBenchEvaluate(figures));
}
