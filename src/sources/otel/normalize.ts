/**
 * OpenTelemetry spans -> traced AWS SDK calls, by the semantic conventions for AWS SDK spans
 * (https://opentelemetry.io/docs/specs/semconv/cloud-providers/aws-sdk/): a call is a span with
 * `rpc.system = "aws-api"`, its service `rpc.service`, its operation `rpc.method`; the resource it named is
 * in service-specific attributes (`aws.dynamodb.table_names`, `aws.s3.bucket`, `aws.sqs.queue_url`, ...,
 * renamed by data/trace-parameters.json). The workload is found, most precise first, on the span's ancestors
 * in the same process (the Lambda server span: `aws.lambda.invoked_arn`, `cloud.resource_id`,
 * `cloud.account.id`), then on the resource (`cloud.resource_id`, `faas.name` with `cloud.region` and
 * `cloud.account.id`, `aws.ecs.task.arn`, `aws.eks.cluster.arn`, `host.id` on EC2). A failed call is a span
 * with status ERROR, its code from the `exception` event or `error.type`, its HTTP status from
 * `http.response.status_code` (`http.status_code`).
 */
import type { RecordOrigin } from '../../normalize/activity-record.js';
import type { DeniedErrorTable } from '../cloudtrail/denied-error-codes.js';
import { type TraceCall, type TraceFailure, traceOutcome } from '../xray/trace-call.js';
import {
  containerWorkload,
  ec2Workload,
  eksClusterWorkload,
  isAccountId,
  isRegion,
  lambdaWorkload,
  lambdaWorkloadFromName,
  type TraceWorkload,
} from '../xray/workload.js';

export interface OtelResource {
  attributes: Record<string, unknown>;
  /** What tells one process from another: spans are only linked to ancestors of the same process. */
  signature: string;
}

export interface OtelSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  startMs: number;
  attributes: Record<string, unknown>;
  statusCode: number;
  statusMessage: string | undefined;
  events: { name: string; attributes: Record<string, unknown> }[];
  resource: OtelResource;
  origin: RecordOrigin;
}

export interface SpanWalk {
  calls: TraceCall[];
  /** Spans read. */
  spans: number;
  /** AWS SDK calls without a workload, by why. */
  noWorkload: Map<string, number>;
}

const SIGNATURE_KEYS = [
  'service.name',
  'service.instance.id',
  'faas.name',
  'cloud.resource_id',
  'host.id',
  'aws.ecs.task.arn',
  'k8s.pod.uid',
];

export function resourceSignature(attributes: Record<string, unknown>): string {
  return JSON.stringify(SIGNATURE_KEYS.map((k) => attributes[k] ?? null));
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The workload a span of a Lambda invocation names (the server span the Lambda instrumentation writes). */
function spanWorkload(a: Record<string, unknown>): TraceWorkload | undefined {
  return lambdaWorkload(a['aws.lambda.invoked_arn']) ?? lambdaWorkload(a['cloud.resource_id']);
}

interface ResourceWorkload {
  workload?: TraceWorkload;
  missing?: string;
}

/** The workload a resource (process) names. */
export function resourceWorkload(a: Record<string, unknown>): ResourceWorkload {
  const direct =
    lambdaWorkload(a['cloud.resource_id']) ??
    lambdaWorkload(a['aws.lambda.invoked_arn']) ??
    containerWorkload(a['cloud.resource_id']) ??
    containerWorkload(a['aws.ecs.task.arn']) ??
    containerWorkload(a['aws.ecs.container.arn']) ??
    containerWorkload(a['aws.eks.cluster.arn']);
  if (direct) return { workload: direct };
  const region = str(a['cloud.region']);
  const account = str(a['cloud.account.id']);
  const placed = isRegion(region) && isAccountId(account);
  const fn = str(a['faas.name']);
  if (fn) {
    const w = placed ? lambdaWorkloadFromName(fn, region, account) : undefined;
    return w ? { workload: w } : { missing: `Lambda function ${fn} without ${missing(account, region)}` };
  }
  const platform = str(a['cloud.platform']);
  const cluster = str(a['k8s.cluster.name']);
  if (platform === 'aws_eks' && cluster) {
    return placed
      ? { workload: eksClusterWorkload(cluster, region, account) }
      : { missing: `EKS cluster ${cluster} without ${missing(account, region)}` };
  }
  const host = str(a['host.id']);
  if (platform === 'aws_ec2' && host) {
    return placed
      ? { workload: ec2Workload(host, region, account) }
      : { missing: `EC2 instance ${host} without ${missing(account, region)}` };
  }
  const service = str(a['service.name']);
  return {
    missing: `${service ? `service ${JSON.stringify(service)}` : 'a resource'} names no workload (no cloud.resource_id, faas.name with cloud.account.id, aws.ecs.task.arn or EC2 host.id)`,
  };
}

function missing(account: string | undefined, region: string | undefined): string {
  const parts: string[] = [];
  if (!isAccountId(account)) parts.push('cloud.account.id');
  if (!isRegion(region)) parts.push('cloud.region');
  return parts.join(' or ');
}

/** An exception type or `error.type` that names an error, not an HTTP status or `_OTHER`. */
function errorType(value: unknown): string | undefined {
  const s = str(value);
  return s && s !== '_OTHER' && !/^\d+$/.test(s) ? s : undefined;
}

function failureOf(span: OtelSpan): TraceFailure {
  const a = span.attributes;
  const types: string[] = [];
  const messages: string[] = [];
  for (const e of span.events) {
    if (e.name !== 'exception') continue;
    const type = errorType(e.attributes['exception.type']);
    const message = str(e.attributes['exception.message']);
    if (type) types.push(type);
    if (message) messages.push(message);
  }
  const declared = errorType(a['error.type']);
  if (declared && !types.includes(declared)) types.push(declared);
  if (span.statusMessage) messages.push(span.statusMessage);
  const status = a['http.response.status_code'] ?? a['http.status_code'];
  const failure: TraceFailure = {
    flagged: span.statusCode === 2,
    types: span.statusCode === 2 ? types : [],
    messages,
  };
  const code = typeof status === 'number' ? status : typeof status === 'string' ? Number(status) : Number.NaN;
  if (Number.isFinite(code)) failure.httpStatus = code;
  if (code === 429) failure.throttled = true;
  return failure;
}

/** `DynamoDB.GetItem`, `S3/PutObject`: the service and method of a span named by the convention. */
function fromName(name: string): [string, string] | undefined {
  const m = /^([A-Za-z0-9 ._-]+?)[./]([A-Za-z0-9]+)$/.exec(name.trim());
  return m ? [m[1] as string, m[2] as string] : undefined;
}

/** The traced AWS SDK calls among the spans of one input. */
export function spansToCalls(spans: OtelSpan[], table: DeniedErrorTable): SpanWalk {
  const out: SpanWalk = { calls: [], spans: spans.length, noWorkload: new Map() };
  // A span exported twice (an exporter's retry) is one span: the first copy is kept.
  const byId = new Map<string, OtelSpan>();
  for (const s of spans) if (!byId.has(`${s.traceId}/${s.spanId}`)) byId.set(`${s.traceId}/${s.spanId}`, s);
  const resourceWorkloads = new Map<OtelResource, ResourceWorkload>();

  for (const span of byId.values()) {
    const a = span.attributes;
    if (a['rpc.system'] !== 'aws-api') continue;
    const named = fromName(span.name);
    const service = str(a['rpc.service']) ?? named?.[0] ?? '';
    const operation = str(a['rpc.method']) ?? named?.[1] ?? '';

    // The nearest ancestor in the same process that names the function, else the process itself.
    let workload: TraceWorkload | undefined;
    let parentId = span.parentSpanId;
    for (let hops = 0; parentId && hops < 64 && !workload; hops++) {
      const parent = byId.get(`${span.traceId}/${parentId}`);
      if (!parent || parent.resource.signature !== span.resource.signature) break;
      workload = spanWorkload(parent.attributes);
      parentId = parent.parentSpanId;
    }
    let why: string | undefined;
    if (!workload) {
      let r = resourceWorkloads.get(span.resource);
      if (!r) {
        r = resourceWorkload(span.resource.attributes);
        resourceWorkloads.set(span.resource, r);
      }
      workload = r.workload;
      why = r.missing;
    }
    const regions = [
      a['aws.region'],
      a['cloud.region'],
      a['faas.invoked_region'],
      span.resource.attributes['cloud.region'],
    ];
    const region = regions.find(isRegion);
    out.calls.push({
      format: 'otel',
      service,
      operation,
      recorded: (field) => a[field],
      startMs: span.startMs,
      region,
      accountId: undefined,
      workload,
      outcome: traceOutcome(failureOf(span), table),
      traceId: span.traceId,
      callId: span.spanId,
      origin: span.origin,
    });
    if (!workload && why) out.noWorkload.set(why, (out.noWorkload.get(why) ?? 0) + 1);
  }
  return out;
}
