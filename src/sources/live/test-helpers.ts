/**
 * A local stand-in for the X-Ray API on 127.0.0.1 (random port), speaking its REST/JSON wire format
 * (`POST /TraceSummaries`, `POST /Traces`) to the real AWS SDK client, for tests. It pages summaries and
 * traces with NextToken, can answer 429 ThrottlingException, leave ids unprocessed once, and records every
 * request body it got.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';

export interface FakeTrace {
  Id: string;
  Duration?: number;
  Segments: { Id: string; Document: string }[];
}

export interface FakeSummary {
  Id: string;
  /** Epoch seconds: the server only returns summaries whose StartTime is in the requested window. */
  StartTime: number;
  [key: string]: unknown;
}

export interface FakeXrayOptions {
  summaries: FakeSummary[];
  traces: FakeTrace[];
  /** Summaries per GetTraceSummaries page (default 3). */
  summaryPageSize?: number;
  /** Answer the first N requests to each path with 429 (default 0). */
  throttleFirst?: { '/TraceSummaries'?: number; '/Traces'?: number };
  /** Error type of the 429 (default ThrottlingException). */
  throttleType?: string;
  /** Split each BatchGetTraces answer in two pages (default true). */
  pageTraces?: boolean;
  /** Trace ids answered as unprocessed the first time they are asked for. */
  unprocessedOnce?: string[];
  /** Delay before each /Traces answer, ms (default 15), so requests overlap. */
  delayMs?: number;
  /** Lambda GetFunctionConfiguration: function ARN -> its role ARN. */
  functions?: Record<string, string>;
  /** IAM: roles by name, and managed policies by ARN. */
  iam?: {
    roles: Record<
      string,
      { arn: string; trust?: unknown; inline?: Record<string, unknown>; attached?: string[] }
    >;
    managed?: Record<string, { name: string; document: unknown }>;
  };
}

export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  /** The request was signed (an Authorization header with a SigV4 credential scope for xray). */
  signed: boolean;
  status: number;
}

export interface FakeXray {
  url: string;
  requests: RecordedRequest[];
  /** Most /Traces requests in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': 'fake-request-id',
  };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}

export async function startFakeXray(options: FakeXrayOptions): Promise<FakeXray> {
  const requests: RecordedRequest[] = [];
  const seen: Record<string, number> = {};
  const unprocessedLeft = new Set(options.unprocessedOnce ?? []);
  const pageSize = options.summaryPageSize ?? 3;
  let inFlight = 0;
  const state = { maxInFlight: 0 };

  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const text = await readBody(req);
    let body: Record<string, unknown> = {};
    const form = (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
    try {
      body = form
        ? Object.fromEntries(new URLSearchParams(text))
        : (JSON.parse(text || '{}') as Record<string, unknown>);
    } catch {
      // recorded as empty
    }
    const auth = req.headers.authorization ?? '';
    const service = path.startsWith('/2015-03-31/') ? 'lambda' : form ? 'iam' : 'xray';
    const signed = new RegExp(
      `^AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/[a-z0-9-]+/${service}/aws4_request`,
    ).test(auth);
    const record = (status: number) => requests.push({ path, body, signed, status });
    seen[path] = (seen[path] ?? 0) + 1;
    const throttle = options.throttleFirst?.[path as '/TraceSummaries' | '/Traces'] ?? 0;
    if (req.method === 'POST' && (seen[path] ?? 0) <= throttle) {
      record(429);
      send(res, 429, { message: 'Rate exceeded' }, options.throttleType ?? 'ThrottlingException');
      return;
    }
    if (req.method === 'POST' && path === '/TraceSummaries') {
      if (body.FilterExpression === 'bad(') {
        record(400);
        send(res, 400, { message: 'Invalid filter expression' }, 'InvalidRequestException');
        return;
      }
      record(200);
      const start = Number(body.StartTime);
      const end = Number(body.EndTime);
      const matching = options.summaries.filter((s) => s.StartTime >= start && s.StartTime < end);
      const offset = typeof body.NextToken === 'string' ? Number(body.NextToken.replace('page-', '')) : 0;
      const page = matching.slice(offset, offset + pageSize);
      const out: Record<string, unknown> = {
        TraceSummaries: page,
        ApproximateTime: end,
        TracesProcessedCount: page.length,
      };
      if (offset + pageSize < matching.length) out.NextToken = `page-${offset + pageSize}`;
      send(res, 200, out);
      return;
    }
    if (req.method === 'POST' && path === '/Traces') {
      record(200);
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, options.delayMs ?? 15));
      inFlight--;
      const ids = Array.isArray(body.TraceIds) ? (body.TraceIds as string[]) : [];
      if (ids.length > 5) {
        send(res, 400, { message: 'at most 5 trace ids' }, 'InvalidRequestException');
        return;
      }
      const unprocessed = ids.filter((id) => unprocessedLeft.has(id));
      for (const id of unprocessed) unprocessedLeft.delete(id);
      const found = options.traces.filter((t) => ids.includes(t.Id) && !unprocessed.includes(t.Id));
      // Two pages: the first trace, then the rest (the way X-Ray pages large traces).
      const split = options.pageTraces !== false && found.length > 1;
      const second = body.NextToken === 'traces-2';
      const page = !split ? found : second ? found.slice(1) : found.slice(0, 1);
      const out: Record<string, unknown> = { Traces: page, UnprocessedTraceIds: second ? [] : unprocessed };
      if (split && !second) out.NextToken = 'traces-2';
      send(res, 200, out);
      return;
    }
    const fnMatch = /^\/2015-03-31\/functions\/([^/]+)\/configuration$/.exec(path);
    if (req.method === 'GET' && fnMatch) {
      const name = decodeURIComponent(fnMatch[1] as string);
      const role = options.functions?.[name];
      if (!role) {
        record(404);
        send(res, 404, { message: `Function not found: ${name}` }, 'ResourceNotFoundException');
        return;
      }
      record(200);
      send(res, 200, {
        FunctionName: name.slice(name.lastIndexOf(':') + 1),
        FunctionArn: name,
        Role: role,
        Runtime: 'nodejs20.x',
      });
      return;
    }
    if (req.method === 'POST' && form && typeof body.Action === 'string') {
      const answer = iamAnswer(body as Record<string, string>, options.iam);
      record(answer.status);
      res.writeHead(answer.status, { 'content-type': 'text/xml' });
      res.end(answer.xml);
      return;
    }
    record(404);
    send(res, 404, { message: `no route ${req.method} ${path}` }, 'UnknownOperationException');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The environment that points the real SDK at the fake: endpoint, region, fake credentials, no shared files. */
export function fakeAwsEnv(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_XRAY: url,
    AWS_ENDPOINT_URL_LAMBDA: url,
    AWS_ENDPOINT_URL_IAM: url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/leastpriv-test-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/leastpriv-test-credentials',
  };
}

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Policy documents as IAM returns them: URL-encoded JSON. */
function encoded(document: unknown): string {
  return xmlEscape(encodeURIComponent(JSON.stringify(document)));
}

/** IAM's Query-protocol answer (XML) to one action of the fake account. */
function iamAnswer(
  params: Record<string, string>,
  iam: FakeXrayOptions['iam'],
): { status: number; xml: string } {
  const action = params.Action ?? '';
  const ok = (result: string) => ({
    status: 200,
    xml: `<${action}Response xmlns="${IAM_NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`,
  });
  const error = (status: number, code: string, message: string) => ({
    status,
    xml: `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
  });
  const role = params.RoleName ? iam?.roles[params.RoleName] : undefined;
  switch (action) {
    case 'GetRole':
      if (!role) return error(404, 'NoSuchEntity', `The role with name ${params.RoleName} cannot be found.`);
      return ok(
        `<Role><Path>/</Path><RoleName>${params.RoleName}</RoleName><RoleId>AROAEXAMPLEROLEID0001</RoleId><Arn>${role.arn}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate>${role.trust ? `<AssumeRolePolicyDocument>${encoded(role.trust)}</AssumeRolePolicyDocument>` : ''}</Role>`,
      );
    case 'ListRolePolicies':
      if (!role) return error(404, 'NoSuchEntity', `The role with name ${params.RoleName} cannot be found.`);
      return ok(
        `<PolicyNames>${Object.keys(role.inline ?? {})
          .map((n) => `<member>${n}</member>`)
          .join('')}</PolicyNames><IsTruncated>false</IsTruncated>`,
      );
    case 'GetRolePolicy': {
      const document = role?.inline?.[params.PolicyName ?? ''];
      if (!role || document === undefined)
        return error(404, 'NoSuchEntity', 'The role policy cannot be found.');
      return ok(
        `<RoleName>${params.RoleName}</RoleName><PolicyName>${params.PolicyName}</PolicyName><PolicyDocument>${encoded(document)}</PolicyDocument>`,
      );
    }
    case 'ListAttachedRolePolicies':
      if (!role) return error(404, 'NoSuchEntity', `The role with name ${params.RoleName} cannot be found.`);
      return ok(
        `<AttachedPolicies>${(role.attached ?? [])
          .map(
            (arn) =>
              `<member><PolicyName>${arn.slice(arn.lastIndexOf('/') + 1)}</PolicyName><PolicyArn>${arn}</PolicyArn></member>`,
          )
          .join('')}</AttachedPolicies><IsTruncated>false</IsTruncated>`,
      );
    case 'GetPolicy': {
      const policy = iam?.managed?.[params.PolicyArn ?? ''];
      if (!policy) return error(404, 'NoSuchEntity', `Policy ${params.PolicyArn} was not found.`);
      return ok(
        `<Policy><PolicyName>${policy.name}</PolicyName><Arn>${params.PolicyArn}</Arn><DefaultVersionId>v1</DefaultVersionId><AttachmentCount>1</AttachmentCount><IsAttachable>true</IsAttachable></Policy>`,
      );
    }
    case 'GetPolicyVersion': {
      const policy = iam?.managed?.[params.PolicyArn ?? ''];
      if (!policy || params.VersionId !== 'v1')
        return error(404, 'NoSuchEntity', 'Policy version not found.');
      return ok(
        `<PolicyVersion><Document>${encoded(policy.document)}</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>2026-01-01T00:00:00Z</CreateDate></PolicyVersion>`,
      );
    }
    default:
      return error(400, 'InvalidAction', `Could not find operation ${action}`);
  }
}

/** One LookupEvents event as the fake serves it: the event, and when it happened (epoch seconds). */
export interface FakeLookupEvent {
  EventId: string;
  EventTime: number;
  /** The event's JSON text, as CloudTrail returns it in `CloudTrailEvent`. */
  CloudTrailEvent: string;
}

export interface FakeCloudTrail {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A local stand-in for CloudTrail's LookupEvents on 127.0.0.1 (random port), speaking its JSON 1.1 wire
 * format (`POST /` with `X-Amz-Target: CloudTrail_20131101.LookupEvents`, epoch-second times, NextToken
 * pages, `__type` errors), newest first as CloudTrail answers. It can throttle the first requests.
 */
export async function startFakeCloudTrail(options: {
  events: FakeLookupEvent[];
  /** Answer the first N requests with ThrottlingException (default 0). */
  throttleFirst?: number;
}): Promise<FakeCloudTrail> {
  const requests: RecordedRequest[] = [];
  let count = 0;
  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text || '{}') as Record<string, unknown>;
    } catch {
      // recorded as empty
    }
    const signed = /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/cloudtrail\/aws4_request/.test(
      req.headers.authorization ?? '',
    );
    const reply = (status: number, out: unknown) => {
      requests.push({ path: String(req.headers['x-amz-target'] ?? ''), body, signed, status });
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'fake' });
      res.end(JSON.stringify(out));
    };
    if (req.headers['x-amz-target'] !== 'CloudTrail_20131101.LookupEvents') {
      reply(400, { __type: 'UnknownOperationException', message: 'unknown operation' });
      return;
    }
    if (++count <= (options.throttleFirst ?? 0)) {
      reply(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
      return;
    }
    const start = Number(body.StartTime);
    const end = Number(body.EndTime);
    const size = Math.min(50, Number(body.MaxResults ?? 50));
    // LookupAttributes: one attribute, as the API allows; the fake knows those read from the event itself.
    const attributes = (body.LookupAttributes ?? []) as { AttributeKey?: string; AttributeValue?: string }[];
    const attribute = attributes[0];
    const field = { EventName: 'eventName', EventSource: 'eventSource', EventId: 'eventID' }[
      String(attribute?.AttributeKey)
    ];
    if (attributes.length > 1 || (attribute && !field)) {
      reply(400, { __type: 'InvalidLookupAttributesException', message: 'not an attribute the fake knows' });
      return;
    }
    const selected = (e: FakeLookupEvent) => {
      if (!attribute || !field) return true;
      try {
        return (JSON.parse(e.CloudTrailEvent) as Record<string, unknown>)[field] === attribute.AttributeValue;
      } catch {
        return false;
      }
    };
    const matching = options.events
      .filter((e) => e.EventTime >= start && e.EventTime <= end && selected(e))
      .sort((a, b) => b.EventTime - a.EventTime);
    const offset = typeof body.NextToken === 'string' ? Number(body.NextToken.replace('token-', '')) : 0;
    const page = matching.slice(offset, offset + size);
    reply(200, {
      Events: page,
      ...(offset + size < matching.length ? { NextToken: `token-${offset + size}` } : {}),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface LocalS3 {
  url: string;
  /** An SDK client for the test's own uploads (path-style, no request checksums: s3rver predates them). */
  client: S3Client;
  /** The environment that points leastpriv's S3 client at it. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A real S3-compatible server (s3rver) on 127.0.0.1, random port, with the given buckets, in a temp folder.
 * It runs in a node of its own, started with `--openssl-legacy-provider`: s3rver makes its listing
 * continuation tokens with DES, which OpenSSL 3 offers only there (without it, any listing of more than a
 * page fails with InternalError).
 */
export async function startLocalS3(buckets: string[]): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'leastpriv-s3-'));
  const module = pathToFileURL(createRequire(import.meta.url).resolve('s3rver')).href;
  const code = `
    const { default: S3rver } = await import(${JSON.stringify(module)});
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true,
      directory: ${JSON.stringify(directory)},
      configureBuckets: ${JSON.stringify(buckets.map((name) => ({ name, configs: [] })))} });
    const { port } = await server.run();
    process.stdout.write(JSON.stringify({ port }) + '\\n');
    process.stdin.on('end', () => server.close().then(() => process.exit(0)));
    process.stdin.resume();`;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--input-type=module', '-e', code], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n')[0] ?? '';
      if (out.includes('\n')) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.on('error', reject);
    child.on('exit', (c) => reject(new Error(`s3rver exited (${c}) before it listened`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({
    endpoint: url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return {
    url,
    client,
    env: {
      AWS_ENDPOINT_URL_S3: url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/leastpriv-test-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/leastpriv-test-credentials',
    },
    async close() {
      client.destroy();
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      child.stdin.end();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export const TRAIL_ACCOUNT = '111122223333';

/** The identity of a role session, as CloudTrail logs it. */
export function roleSession(role: string, session: string): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEROLEID0001:${session}`,
    arn: `arn:aws:sts::${TRAIL_ACCOUNT}:assumed-role/${role}/${session}`,
    accountId: TRAIL_ACCOUNT,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEROLEID0001',
        arn: `arn:aws:iam::${TRAIL_ACCOUNT}:role/${role}`,
        accountId: TRAIL_ACCOUNT,
        userName: role,
      },
    },
  };
}

/** The identity of an IAM user. */
export function iamUser(name: string): Record<string, unknown> {
  return {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEUSERID001',
    arn: `arn:aws:iam::${TRAIL_ACCOUNT}:user/${name}`,
    accountId: TRAIL_ACCOUNT,
    userName: name,
  };
}

/** A small CloudTrail event: who, when (ISO), which call with which parameters; `n` makes its ids. */
export function trailEvent(
  identity: Record<string, unknown>,
  time: string,
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  n: number,
): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: identity,
    eventTime: time,
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '192.0.2.10',
    userAgent: 'aws-sdk-js/3.0.0',
    requestParameters,
    responseElements: null,
    requestID: `REQUEST${n}`,
    eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    recipientAccountId: TRAIL_ACCOUNT,
  };
}
