/**
 * Walking X-Ray segment documents: which workload each segment tree belongs to, and every AWS SDK call in it.
 *
 * - A segment's workload: `aws.function_arn` (the function segment Lambda writes), a Lambda `resource_arn`
 *   (`AWS::Lambda` / `AWS::Lambda::Function` origins), an ECS task or container-instance ARN, an EKS cluster,
 *   an EC2 instance (`aws.ec2.instance_id`, region from its availability zone, account from `aws.account_id`).
 *   A function segment without its ARN takes the one of the Lambda service segment it hangs under.
 * - An AWS SDK call is a subsegment with `namespace: "aws"`, at any depth (nested under custom subsegments).
 *   Independent subsegments (`type: "subsegment"`, sent on their own with `parent_id`) belong to the workload
 *   of the segment their parent chain leads to, wherever that segment is in the input.
 * - In-progress documents (`in_progress: true`) count: the call was made. When the same id is seen both in
 *   progress and complete, the complete one wins.
 * - Inferred segments (`inferred: true`, X-Ray's own view of a downstream service) repeat a subsegment and
 *   are skipped.
 * Account and region of a call: the subsegment's `aws.account_id` / `aws.region`, else the workload's.
 */
import type { RecordOrigin } from '../../normalize/activity-record.js';
import type { DeniedErrorTable } from '../cloudtrail/denied-error-codes.js';
import { type TraceCall, type TraceFailure, traceOutcome } from './trace-call.js';
import {
  containerWorkload,
  ec2Workload,
  eksClusterWorkload,
  isAccountId,
  isRegion,
  lambdaWorkload,
  regionOfZone,
  type TraceWorkload,
} from './workload.js';

type Json = Record<string, unknown>;

/** One segment document as read, with where it came from. */
export interface SegmentDocument {
  doc: Json;
  origin: RecordOrigin;
}

/** Calls found, and what could not be attributed. */
export interface WalkResult {
  calls: TraceCall[];
  /** Inferred segments skipped. */
  inferred: number;
  /** Calls whose segment names no workload, by why (`segment "DDB" names no workload`), with counts. */
  noWorkload: Map<string, number>;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** A segment or subsegment: has an id and a start time. */
export function isSegmentLike(value: unknown): value is Json {
  return isObject(value) && typeof value.id === 'string' && num(value.start_time) !== undefined;
}

function isComplete(doc: Json): boolean {
  return doc.in_progress !== true && num(doc.end_time) !== undefined;
}

interface Node {
  node: Json;
  /** The top-level document the node sits in. */
  top: Json;
  /** The id of the node's parent inside the document, undefined for the document itself. */
  parentInDoc: string | undefined;
}

/** Why a segment yields no workload, for the notice; undefined when it has one. */
interface SegmentWorkload {
  workload?: TraceWorkload;
  missing?: string;
  /** The region the segment shows (availability zone, log group) when it names no whole workload. */
  region?: string;
}

function segmentName(doc: Json): string {
  return JSON.stringify(str(doc.name) ?? str(doc.id) ?? '?');
}

/** The workload a segment names itself (not through its parent). */
export function segmentWorkload(doc: Json): SegmentWorkload {
  const aws = isObject(doc.aws) ? doc.aws : {};
  const fn = lambdaWorkload(aws.function_arn) ?? lambdaWorkload(doc.resource_arn);
  if (fn) return { workload: fn };
  const ecs = isObject(aws.ecs) ? aws.ecs : undefined;
  const task = containerWorkload(ecs?.task_arn) ?? containerWorkload(ecs?.container_arn);
  if (task) return { workload: task };
  const account = str(aws.account_id) ?? accountOfLogGroups(aws.cloudwatch_logs) ?? undefined;
  const ec2 = isObject(aws.ec2) ? aws.ec2 : undefined;
  const region = regionOfZone(ec2?.availability_zone) ?? regionOfLogGroups(aws.cloudwatch_logs);
  const eks = isObject(aws.eks) ? aws.eks : undefined;
  const cluster = str(eks?.cluster_name);
  const partial = (missing: string): SegmentWorkload =>
    isRegion(region) ? { missing, region } : { missing };
  if (cluster) {
    if (isAccountId(account) && isRegion(region))
      return { workload: eksClusterWorkload(cluster, region, account) };
    return partial(`EKS cluster ${cluster} without ${missingParts(account, region)}`);
  }
  const instance = str(ec2?.instance_id);
  if (instance) {
    if (isAccountId(account) && isRegion(region)) return { workload: ec2Workload(instance, region, account) };
    return partial(`EC2 instance ${instance} without ${missingParts(account, region)}`);
  }
  return partial(
    `segment ${segmentName(doc)} names no workload (no Lambda function ARN, ECS task, EKS cluster or EC2 instance)`,
  );
}

function missingParts(account: string | undefined, region: string | undefined): string {
  const parts: string[] = [];
  if (!isAccountId(account)) parts.push('aws.account_id');
  if (!isRegion(region)) parts.push('a region (aws.ec2.availability_zone)');
  return parts.join(' or ');
}

function logGroupArns(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((g) => (isObject(g) && typeof g.arn === 'string' ? [g.arn] : []));
}

function accountOfLogGroups(value: unknown): string | undefined {
  return logGroupArns(value)
    .map((a) => a.split(':')[4])
    .find(isAccountId);
}

function regionOfLogGroups(value: unknown): string | undefined {
  return logGroupArns(value)
    .map((a) => a.split(':')[3])
    .find(isRegion);
}

/** Walks the segment documents of one input; documents of several traces may be mixed. */
export function walkSegmentDocuments(documents: SegmentDocument[], table: DeniedErrorTable): WalkResult {
  const result: WalkResult = { calls: [], inferred: 0, noWorkload: new Map() };
  const byTrace = new Map<string, SegmentDocument[]>();
  for (const d of documents) {
    const traceId = str(d.doc.trace_id) ?? `${d.origin.file}#${d.origin.index}`;
    const list = byTrace.get(traceId);
    if (list) list.push(d);
    else byTrace.set(traceId, [d]);
  }
  for (const [traceId, docs] of byTrace) walkTrace(traceId, docs, table, result);
  return result;
}

function walkTrace(
  traceId: string,
  documents: SegmentDocument[],
  table: DeniedErrorTable,
  out: WalkResult,
): void {
  // One document per id: a complete one replaces an in-progress one; otherwise the last seen wins.
  const docs = new Map<string, SegmentDocument>();
  for (const d of documents) {
    if (d.doc.inferred === true) {
      out.inferred++;
      continue;
    }
    const id = d.doc.id as string;
    const seen = docs.get(id);
    if (!seen || isComplete(d.doc) || !isComplete(seen.doc)) docs.set(id, d);
  }
  const nodes = new Map<string, Node>();
  for (const { doc } of docs.values()) indexNodes(doc, doc, undefined, nodes);

  const resolved = new Map<Json, SegmentWorkload>();
  const workloadOf = (top: Json, depth: number): SegmentWorkload => {
    const known = resolved.get(top);
    if (known) return known;
    let found: SegmentWorkload;
    const own = top.type === 'subsegment' ? undefined : segmentWorkload(top);
    if (own?.workload) found = own;
    else {
      // Independent subsegments belong to their parent's segment; a function segment without its ARN to the
      // Lambda service segment it hangs under. Other segments are other services: never inherited.
      const parentId = str(top.parent_id);
      const mayInherit = top.type === 'subsegment' || str(top.origin) === 'AWS::Lambda::Function';
      const parent = mayInherit && parentId !== undefined && depth < 64 ? nodes.get(parentId) : undefined;
      if (parent && parent.top !== top) {
        const inherited = workloadOf(parent.top, depth + 1);
        found = inherited.workload ? inherited : (own ?? inherited);
      } else if (own) found = own;
      else
        found = {
          missing:
            parentId === undefined
              ? `subsegment ${segmentName(top)} has no parent_id`
              : `the parent ${parentId} of subsegment ${segmentName(top)} is not in the input`,
        };
    }
    resolved.set(top, found);
    return found;
  };

  const calls = new Map<string, { call: TraceCall; complete: boolean; missing: string | undefined }>();
  for (const d of docs.values()) {
    const w = workloadOf(d.doc, 0);
    visit(d.doc, (node) => {
      if (node.namespace !== 'aws') return;
      const call = toCall(traceId, node, w.workload, d.origin, table, w.region);
      if (!call) return;
      const complete = isComplete(node);
      if (calls.get(call.callId)?.complete === true && !complete) return;
      calls.set(call.callId, { call, complete, missing: w.workload ? undefined : w.missing });
    });
  }
  for (const { call, missing } of calls.values()) {
    out.calls.push(call);
    if (missing !== undefined) out.noWorkload.set(missing, (out.noWorkload.get(missing) ?? 0) + 1);
  }
}

function indexNodes(node: Json, top: Json, parent: string | undefined, nodes: Map<string, Node>): void {
  const id = str(node.id);
  if (id !== undefined && (!nodes.has(id) || node === top)) nodes.set(id, { node, top, parentInDoc: parent });
  const subs = node.subsegments;
  if (!Array.isArray(subs)) return;
  for (const s of subs) if (isObject(s)) indexNodes(s, top, id, nodes);
}

/** Depth-first over a document and its nested subsegments (bounded, in case of absurd nesting). */
function visit(node: Json, each: (node: Json) => void, depth = 0): void {
  each(node);
  if (depth > 256) return;
  const subs = node.subsegments;
  if (!Array.isArray(subs)) return;
  for (const s of subs) if (isObject(s)) visit(s, each, depth + 1);
}

function toCall(
  traceId: string,
  node: Json,
  workload: TraceWorkload | undefined,
  origin: RecordOrigin,
  table: DeniedErrorTable,
  segmentRegion: string | undefined,
): TraceCall | undefined {
  const id = str(node.id);
  const start = num(node.start_time);
  if (id === undefined || start === undefined) return undefined;
  const aws = isObject(node.aws) ? node.aws : {};
  const region = str(aws.region);
  const account = str(aws.account_id);
  return {
    format: 'xray',
    service: str(node.name) ?? '',
    operation: str(aws.operation) ?? '',
    recorded: (field) => aws[field],
    startMs: Math.round(start * 1000),
    region: isRegion(region) ? region : segmentRegion,
    accountId: isAccountId(account) ? account : undefined,
    workload,
    outcome: traceOutcome(failureOf(node), table),
    traceId,
    callId: id,
    origin,
  };
}

/** What an X-Ray (sub)segment says about a failure: flags, HTTP status, `cause.exceptions[]`. */
export function failureOf(node: Json): TraceFailure {
  const http = isObject(node.http) ? node.http : undefined;
  const response = http && isObject(http.response) ? http.response : undefined;
  const aws = isObject(node.aws) ? node.aws : undefined;
  const status = num(response?.status) ?? num(aws?.status_code);
  const types: string[] = [];
  const messages: string[] = [];
  const cause = node.cause;
  if (isObject(cause) && Array.isArray(cause.exceptions)) {
    // Remote exceptions (errors the service returned) first: they carry the service's error code.
    const exceptions = cause.exceptions.filter(isObject);
    exceptions.sort((a, b) => Number(b.remote === true) - Number(a.remote === true));
    for (const e of exceptions) {
      const type = str(e.type);
      const message = str(e.message);
      if (type) types.push(type);
      if (message) messages.push(message);
    }
  }
  const failure: TraceFailure = {
    flagged: node.error === true || node.fault === true || node.throttle === true || cause !== undefined,
    types,
    messages,
  };
  if (node.throttle === true) failure.throttled = true;
  if (status !== undefined) failure.httpStatus = status;
  return failure;
}
