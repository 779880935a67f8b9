/**
 * The orders app (test/traces/orders-app.mjs): five functions on one table, one bucket, one topic, one queue,
 * traced. Each function's policy must hold exactly its own actions on its own resources, with the real
 * account, whichever way the traces arrive: BatchGetTraces files, raw daemon documents, the X-Ray API
 * (`generate xray:` against a local endpoint), `xray-privilege-scan`, or an OTLP JSON export; and the function
 * CloudTrail also shows is one entry with both sources.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedPolicy, type GenerateResult, generate } from '../../src/pipeline/generate.js';
import { type FakeXray, fakeAwsEnv, startFakeXray } from '../../src/sources/live/test-helpers.js';
import { cliAsync, grants } from './helpers.js';
import {
  ACCOUNT,
  batchGetTracesResponse,
  expectedPolicies,
  FIXTURES,
  fixtureFiles,
  fn,
  invocations,
  ROLE,
  traceSummaries,
} from './orders-app.mjs';

const XRAY_FILES = join(FIXTURES, 'xray');
const DAEMON = join(FIXTURES, 'daemon');
const OTEL = join(FIXTURES, 'otel');
const CLOUDTRAIL = join(FIXTURES, 'cloudtrail');
const SUMMARIES = join(FIXTURES, 'summaries');
const WINDOW = ['--since', '2026-11-02T09:59:00Z', '--until', '2026-11-02T10:05:00Z'];

const functionNames = Object.keys(expectedPolicies).sort();
const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
/** The shared role's inline policy: what the five functions together might need, and more. */
const ROLE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'dynamodb:*',
      Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders*`,
    },
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: 'arn:aws:s3:::example-bucket/*',
    },
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example-bucket' },
    {
      Effect: 'Allow',
      Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
      Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-queue`,
    },
    { Effect: 'Allow', Action: 'sns:Publish', Resource: `arn:aws:sns:us-east-1:${ACCOUNT}:orders-topic` },
  ],
};

/** function name -> its policy's grants, for the functions only traces show. */
function perFunction(policies: GeneratedPolicy[]): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const p of policies) {
    if (p.workload === null) continue;
    out[p.workload.slice(p.workload.lastIndexOf(':') + 1)] = grants(p.policy);
  }
  return out;
}

function policyOf(result: GenerateResult, name: string): GeneratedPolicy {
  const p = result.policies.find((x) => x.workload === fn(name));
  if (!p) throw new Error(`no policy for ${name}`);
  return p;
}

function expectTheOrdersPolicies(result: GenerateResult, source: 'xray' | 'otel') {
  // Each function: exactly its own actions and resources
  expect(perFunction(result.policies)).toEqual(expectedPolicies);
  // Real account ids everywhere, never a wildcard account
  const resources = result.policies.flatMap((p) => Object.values(grants(p.policy)).flat());
  for (const r of resources) expect(r).not.toMatch(/^arn:aws:[a-z0-9-]+:[a-z0-9-]*:\*:/);
  expect(
    resources.filter((r) => !r.startsWith('arn:aws:s3:::')).every((r) => r.includes(`:${ACCOUNT}:`)),
  ).toBe(true);
  // Traces name no IAM identity: no principal, and the notes say the evidence is sampled
  for (const p of result.policies) {
    expect(p.principal).toBeNull();
    expect(p.sources).toEqual([source]);
    expect(p.notes.some((n) => n.startsWith('traces are sampled'))).toBe(true);
    expect(p.replay.failures).toEqual([]);
  }
  // The fault passed authorization, the refused call is kept out of the policy and reported
  const archive = policyOf(result, 'orders-archive');
  expect(archive.denied).toEqual([
    expect.objectContaining({
      operation: 'DeleteObject',
      errorCode: 'AccessDenied',
      actions: ['s3:DeleteObject'],
    }),
  ]);
  expect(result.summary).toMatchObject({
    records: 19,
    used: 18,
    denied: 1,
    unmapped: 0,
    malformed: 0,
    errorsAfterAuthorization: 1,
  });
}

describe('the orders app from trace files', () => {
  it('keeps its fixtures in step with the app description', () => {
    // Given the app rendered by orders-app.mjs, Then the committed fixtures are exactly that
    for (const [name, text] of Object.entries(fixtureFiles())) {
      expect(readFileSync(join(FIXTURES, name), 'utf8'), name).toBe(text);
    }
  });

  it('gives each function exactly its own policy from BatchGetTraces files', async () => {
    // Given two BatchGetTraces responses of the app
    const result = await generate({ sources: [XRAY_FILES], workers: 1 });
    // Then each function's policy is its own, with real accounts; the fault counts, the refusal does not
    expectTheOrdersPolicies(result, 'xray');
    // And the traces behind each policy are counted: the in-progress trace of orders-notify included
    expect(policyOf(result, 'orders-notify').traces).toEqual({
      count: 2,
      firstSeen: '2026-11-02T10:00:04.020Z',
      lastSeen: '2026-11-02T10:01:04.080Z',
    });
    expect(policyOf(result, 'orders-list').traces?.count).toBe(1);
    // And two object keys became their common folder, said so
    expect(policyOf(result, 'orders-get').notes).toContain(
      '2 object keys under arn:aws:s3:::example-bucket/receipts/2026/11/ generalised to arn:aws:s3:::example-bucket/receipts/2026/11/* (s3:GetObject)',
    );
  });

  it('reads a folder named xray as a folder: a bare xray is the X-Ray API only where no such folder is', async () => {
    // Given the BatchGetTraces files in a folder named xray, and no AWS endpoint or credentials
    const dir = mkdtempSync(join(tmpdir(), 'leastpriv-xray-folder-'));
    cpSync(XRAY_FILES, join(dir, 'xray'), { recursive: true });
    const run = await cliAsync(['generate', 'xray', '--json'], { cwd: dir });
    // Then the folder is read, as `generate ./xray` would
    expect(run.status).toBe(0);
    expectTheOrdersPolicies(JSON.parse(run.stdout) as GenerateResult, 'xray');
  });

  it('gives the same policies from the raw segment documents the daemon received', async () => {
    // Given the same traffic as daemon lines, the in-progress invocation's calls as independent subsegments
    const result = await generate({ sources: [DAEMON], workers: 1 });
    // Then the policies are the same
    expectTheOrdersPolicies(result, 'xray');
  });

  it('gives the same policies from the same app exported as OTLP JSON', async () => {
    // Given the app's spans, client spans and server spans in separate export batches
    const fromOtel = await generate({ sources: [OTEL], workers: 1 });
    const fromXray = await generate({ sources: [XRAY_FILES], workers: 1 });
    // Then each function's policy document is the one X-Ray gives
    expectTheOrdersPolicies(fromOtel, 'otel');
    for (const name of functionNames) {
      expect(policyOf(fromOtel, name).policy, name).toEqual(policyOf(fromXray, name).policy);
    }
  });

  it('joins the function CloudTrail shows to its role: one entry, its evidence naming both sources', async () => {
    // Given orders-get's role session in CloudTrail, and the traces
    const result = await generate({ sources: [CLOUDTRAIL, XRAY_FILES], workers: 1 });
    // Then orders-get is one workload entry under its role, with what either source saw
    const get = result.policies.filter((p) => p.workload === fn('orders-get'));
    expect(get).toHaveLength(1);
    expect(get[0]).toMatchObject({ principal: ROLE, kind: 'workload', sources: ['cloudtrail', 'xray'] });
    expect(grants(get[0]!.policy)).toEqual({
      ...expectedPolicies['orders-get'],
      'ssm:GetParameter': [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/orders/config`],
    });
    const table = get[0]!.evidence.find((e) => e.actions.includes('dynamodb:GetItem'));
    expect(table?.sources).toEqual(['cloudtrail', 'xray']);
    // And the role's own entry needs what its function's traces show
    const role = result.policies.find((p) => p.principal === ROLE && p.workload === null);
    expect(grants(role!.policy)['s3:GetObject']).toEqual(expectedPolicies['orders-get']['s3:GetObject']);
    // And the other functions stay trace-only entries
    expect(result.policies.filter((p) => p.principal === null).map((p) => p.workload)).toEqual(
      ['orders-archive', 'orders-create', 'orders-list', 'orders-notify'].map(fn),
    );
  });

  it('reads trace summaries for what they are, and says they cannot make a policy', async () => {
    const result = await generate({ sources: [SUMMARIES], workers: 1, onDiagnostic: () => {} });
    expect(result.policies).toEqual([]);
    expect(result.summary.records).toBe(0);
  });
});

describe('what traces do not record', () => {
  it('uses the narrowest honest resource and names the parameter a trace left out', async () => {
    // Given a function whose X-Ray SDK recorded the bucket but not the key, and no queue at all
    const dir = mkdtempSync(join(tmpdir(), 'leastpriv-gaps-'));
    const doc = {
      id: '6000000000000001',
      trace_id: '1-6ae85f20-dddddddddddddddddddddddd',
      name: 'orders-export',
      start_time: 1793613600,
      end_time: 1793613601,
      aws: { function_arn: fn('orders-export') },
      subsegments: [
        {
          id: '6000000000000002',
          name: 'S3',
          namespace: 'aws',
          start_time: 1793613600.1,
          end_time: 1793613600.2,
          aws: { operation: 'GetObject', bucket_name: 'example-bucket' },
        },
        {
          id: '6000000000000003',
          name: 'SQS',
          namespace: 'aws',
          start_time: 1793613600.3,
          end_time: 1793613600.4,
          aws: { operation: 'SendMessage' },
        },
      ],
    };
    writeFileSync(join(dir, 'segment.json'), JSON.stringify(doc));
    // When a policy is generated
    const result = await generate({ sources: [dir], workers: 1 });
    const p = policyOf(result, 'orders-export');
    // Then the resources are as narrow as the trace allows, in the function's account, and the notes say why
    expect(grants(p.policy)).toEqual({
      's3:GetObject': ['arn:aws:s3:::example-bucket/*'],
      'sqs:SendMessage': [`arn:aws:sqs:us-east-1:${ACCOUNT}:*`],
    });
    expect(p.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^key not recorded; used arn:aws:s3:::example-bucket\/\*/),
        expect.stringMatching(/^queueUrl or queueName not recorded/),
        expect.stringMatching(/^traces are sampled: this rests on 1 trace from/),
      ]),
    );
  });
});

describe('the orders app from the X-Ray API', () => {
  let fake: FakeXray;
  let env: Record<string, string>;
  beforeAll(async () => {
    // A local X-Ray endpoint holding the app's traces, throttling the first requests
    const response = batchGetTracesResponse(invocations);
    fake = await startFakeXray({
      summaries: traceSummaries(invocations),
      traces: response.Traces,
      throttleFirst: { '/Traces': 1 },
      // For -c: every function runs as the one shared role, granted broadly.
      functions: Object.fromEntries(functionNames.map((name) => [fn(name), ROLE])),
      iam: {
        roles: {
          'orders-api-role': {
            arn: ROLE,
            trust: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            },
            inline: { 'orders-api': ROLE_POLICY },
            attached: [BASIC_EXECUTION],
          },
        },
        managed: {
          [BASIC_EXECUTION]: {
            name: 'AWSLambdaBasicExecutionRole',
            document: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
                  Resource: '*',
                },
              ],
            },
          },
        },
      },
    });
    env = fakeAwsEnv(fake.url);
  });
  afterAll(async () => {
    await fake.close();
  });

  it('generate xray: gives each function exactly its own policy', async () => {
    // When generate reads xray: over the window, from the built CLI
    const run = await cliAsync(['generate', 'xray:', ...WINDOW, '--json'], { env });
    // Then it succeeds with the same policies as the files
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as GenerateResult;
    expectTheOrdersPolicies(result, 'xray');
    // And X-Ray was asked for that window, the traces five at a time
    const summaries = fake.requests.filter((r) => r.path === '/TraceSummaries' && r.status === 200);
    expect(summaries[0]!.body).toMatchObject({
      StartTime: Date.parse('2026-11-02T09:59:00Z') / 1000,
      EndTime: Date.parse('2026-11-02T10:05:00Z') / 1000,
    });
    const batches = fake.requests.filter(
      (r) => r.path === '/Traces' && r.status === 200 && r.body.NextToken === undefined,
    );
    expect(batches.map((r) => (r.body.TraceIds as string[]).length).sort()).toEqual([3, 5]);
    expect(fake.requests.some((r) => r.status === 429)).toBe(true);
  });

  it('xray-privilege-scan writes one <md5>.policy.json per function and prints exactly which is whose', async () => {
    // Given an empty working directory
    const cwd = mkdtempSync(join(tmpdir(), 'leastpriv-scan-'));
    // When the scan runs over the window
    const run = await cliAsync(
      ['-s', '2026-11-02T09:59:00Z', '-r', '6', '-f', 'service("orders-api/prod")'],
      {
        cwd,
        env,
        bin: 'xray-privilege-scan.js',
      },
    );
    // Then it prints the original tool's lines, one per function
    expect(run.status).toBe(0);
    const file = (name: string) => `${createHash('md5').update(fn(name)).digest('hex')}.policy.json`;
    expect(run.stdout).toBe(
      [
        'Completed running xray scan.',
        'Generated IAM policies based upon xray scan:',
        ...functionNames.map((name) => `${fn(name)} - ${file(name)}`),
        '',
      ].join('\n'),
    );
    // And each file is the function's policy with a Description naming it
    expect(readdirSync(cwd).sort()).toEqual(functionNames.map(file).sort());
    for (const name of functionNames) {
      const doc = JSON.parse(readFileSync(join(cwd, file(name)), 'utf8'));
      expect(Object.keys(doc)).toEqual(['Version', 'Description', 'Statement']);
      expect(doc.Description).toContain(fn(name));
      expect(grants(doc)).toEqual(expectedPolicies[name as keyof typeof expectedPolicies]);
    }
    // And the filter expression reached X-Ray
    expect(fake.requests.some((r) => r.body.FilterExpression === 'service("orders-api/prod")')).toBe(true);
  });

  it('xray-privilege-scan says in one line which policy file it cannot write (exit 1)', async () => {
    // Given a working directory where a folder stands in the way of the first function's policy file
    const cwd = mkdtempSync(join(tmpdir(), 'leastpriv-scan-'));
    const blocked = `${createHash('md5')
      .update(fn(functionNames[0] as string))
      .digest('hex')}.policy.json`;
    mkdirSync(join(cwd, blocked));
    const run = await cliAsync(['-s', '2026-11-02T09:59:00Z', '-r', '6'], {
      cwd,
      env,
      bin: 'xray-privilege-scan.js',
    });
    // Then one line names the file and why, with the command's own name once, and no stack
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`xray-privilege-scan: cannot write ${join(cwd, blocked)}: is a directory\n`);
  });

  it('xray-privilege-scan --no-description writes IAM-ready files', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'leastpriv-scan-'));
    const run = await cliAsync(
      ['--start-time', '2026-11-02T09:59:00Z', '--time-range', '6', '--no-description', '-v'],
      {
        cwd,
        env,
        bin: 'xray-privilege-scan.js',
      },
    );
    expect(run.status).toBe(0);
    // (-v: progress and the notes behind each policy go to stderr, stdout stays the same)
    expect(run.stderr).toContain('BatchGetTraces: 8 traces in 2 requests');
    expect(run.stderr).toContain(
      `${fn('orders-archive')}: refused s3.amazonaws.com DeleteObject (AccessDenied) ×1: not granted`,
    );
    expect(run.stdout.split('\n')[0]).toBe('Completed running xray scan.');
    for (const f of readdirSync(cwd)) {
      expect(Object.keys(JSON.parse(readFileSync(join(cwd, f), 'utf8')))).toEqual(['Version', 'Statement']);
    }
  });

  it("xray-privilege-scan -c writes what each function's role grants beyond the function's policy", async () => {
    // Given the five functions' shared role, granted dynamodb:* on the table and more, and the basic execution policy
    const cwd = mkdtempSync(join(tmpdir(), 'leastpriv-scan-'));
    // When the scan compares
    const run = await cliAsync(['-s', '2026-11-02T09:59:00Z', '-r', '6', '-c'], {
      cwd,
      env,
      bin: 'xray-privilege-scan.js',
    });
    // Then the policies are written as before, and the comparison beside them
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'Completed running xray scan.',
      'Generated IAM policies based upon xray scan:',
    ]);
    expect(run.stdout).toContain(
      "Compared each function's role with its policy: excessive_permissions.json\n",
    );
    const report = JSON.parse(readFileSync(join(cwd, 'excessive_permissions.json'), 'utf8'));
    expect(report.functions.map((f: { function: string }) => f.function)).toEqual(functionNames.map(fn));
    const get = report.functions.find((f: { function: string }) => f.function === fn('orders-get'));
    // The role and the policies it was read with
    expect(get).toMatchObject({
      role: ROLE,
      policyFile: `${createHash('md5').update(fn('orders-get')).digest('hex')}.policy.json`,
    });
    expect(get.grantedPolicies).toEqual([
      { name: 'orders-api', kind: 'inline' },
      { name: 'AWSLambdaBasicExecutionRole', kind: 'managed', arn: BASIC_EXECUTION },
    ]);
    // What orders-get never did is beyond its policy (traces alone cannot call it unused: they are sampled)
    const beyond = (action: string) => get.excessive.filter((e: { action: string }) => e.action === action);
    expect(beyond('dynamodb:PutItem')).toEqual([
      expect.objectContaining({
        resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders*`,
        reason: 'sampled-traces',
        grantedBy: [{ policy: 'orders-api', path: 'Statement[0]' }],
      }),
    ]);
    // (a service it never used is one entry, its actions listed together)
    expect(get.excessive.filter((e: { action: string }) => e.action.includes('sqs:SendMessage'))).toEqual([
      expect.objectContaining({
        action: 'sqs:DeleteMessage, sqs:ReceiveMessage, sqs:SendMessage',
        actions: 3,
      }),
    ]);
    expect(beyond('dynamodb:GetItem')).toEqual([]);
    expect(beyond('s3:GetObject')).toEqual([]);
    // And what it used is granted far wider than used: the table pattern, the whole bucket
    expect(get.overbroad).toEqual([
      expect.objectContaining({
        actions: ['dynamodb:GetItem'],
        resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders*`,
        used: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`],
      }),
      expect.objectContaining({
        actions: ['s3:GetObject'],
        resource: 'arn:aws:s3:::example-bucket/*',
        used: ['arn:aws:s3:::example-bucket/receipts/2026/11/*'],
      }),
    ]);
    expect(get.notes).toContain(
      'traces are sampled: a grant not seen in them may still be needed by requests that were not sampled',
    );
    // And the role was read through Lambda and IAM, signed for each service
    const lambda = fake.requests.filter((r) => r.path.startsWith('/2015-03-31/functions/'));
    expect(lambda).toHaveLength(5);
    const actions = new Set(fake.requests.map((r) => r.body.Action).filter(Boolean));
    for (const a of [
      'GetRole',
      'ListRolePolicies',
      'GetRolePolicy',
      'ListAttachedRolePolicies',
      'GetPolicy',
      'GetPolicyVersion',
    ]) {
      expect(actions.has(a), a).toBe(true);
    }
    expect(fake.requests.every((r) => r.signed)).toBe(true);
  });

  it('xray-privilege-scan -h prints its flags, and a bad flag is a one-line usage error', async () => {
    const help = await cliAsync(['-h'], { bin: 'xray-privilege-scan.js' });
    expect(help.status).toBe(0);
    for (const flag of [
      '--start-time',
      '--time-range',
      '--filter',
      '--compare',
      '--verbose',
      '--no-description',
    ]) {
      expect(help.stdout).toContain(flag);
    }
    const bad = await cliAsync(['-r', 'soon'], { bin: 'xray-privilege-scan.js', env });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      'xray-privilege-scan: --time-range soon: expected a number of minutes greater than 0\n',
    );
  });
});
