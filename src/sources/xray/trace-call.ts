/**
 * One AWS SDK call seen in a trace (an X-Ray `aws` subsegment or an OpenTelemetry `rpc.system=aws-api`
 * span) -> the ActivityRecord CloudTrail would have written for it: the eventSource host, the CloudTrail
 * eventName, CloudTrail-named requestParameters (data/trace-*.json), the region and resource account from
 * the call or else its workload, and the outcome. Traces carry no IAM identity: the workload (the function
 * ARN) goes in `workloadHint`, and attribution groups the call by it.
 */
import type { ActivityRecord, Identity, Outcome, RecordOrigin } from '../../normalize/activity-record.js';
import { classifyOutcome, type DeniedErrorTable } from '../cloudtrail/denied-error-codes.js';
import {
  eventNameFor,
  eventSourceFor,
  requestParametersFor,
  type TraceFormat,
  type TraceTables,
  traceTables,
} from './trace-tables.js';
import type { TraceWorkload } from './workload.js';

export interface TraceCall {
  format: TraceFormat;
  /** The service as recorded: X-Ray subsegment `name`, OTel `rpc.service`. */
  service: string;
  /** The operation as recorded: X-Ray `aws.operation`, OTel `rpc.method`. */
  operation: string;
  /** The recorded value of a field (X-Ray `aws` block key, OTel attribute key). */
  recorded: (field: string) => unknown;
  startMs: number;
  /** Region the call went to, when recorded with it. */
  region: string | undefined;
  /** Account owning the resource, when recorded with the call. */
  accountId: string | undefined;
  workload: TraceWorkload | undefined;
  outcome: Outcome;
  traceId: string;
  /** Subsegment or span id. */
  callId: string;
  origin: RecordOrigin;
}

/** `traceId/callId`: the trace a person opens in the console, and the call in it. */
export function traceEvidenceId(traceId: string, callId: string): string {
  return `${traceId}/${callId}`;
}

export function traceCallToRecord(call: TraceCall, tables: TraceTables = traceTables()): ActivityRecord {
  const eventSource = eventSourceFor(call.service, tables) ?? '';
  const operation = call.operation.trim() === '' ? '' : eventNameFor(eventSource, call.operation, tables);
  const requestParameters = requestParametersFor(call.format, eventSource, operation, call.recorded, tables);
  const w = call.workload;
  const identity: Identity = {
    type: 'Unknown',
    arn: undefined,
    accountId: w?.accountId,
    principalId: undefined,
    userName: undefined,
    issuerArn: undefined,
    issuerType: undefined,
    sessionName: undefined,
    sourceIdentity: undefined,
    invokedBy: undefined,
    accessKeyId: undefined,
    identityProvider: undefined,
    onBehalfOf: undefined,
  };
  return {
    time: new Date(call.startMs).toISOString(),
    timeMs: call.startMs,
    sourceKind: call.format,
    eventSource,
    operation,
    region: call.region ?? w?.region,
    recipientAccountId: call.accountId ?? w?.accountId,
    identity,
    requestParameters,
    responseElements: undefined,
    resources: undefined,
    outcome: call.outcome,
    evidenceId: traceEvidenceId(call.traceId, call.callId),
    eventType: undefined,
    managementEvent: undefined,
    readOnly: undefined,
    userAgent: undefined,
    sharedEventId: undefined,
    workloadHint: w?.arn,
    origin: call.origin,
  };
}

/** What a trace says about a call's failure. */
export interface TraceFailure {
  /** X-Ray `error`/`fault`/`throttle`, or OTel span status ERROR. */
  flagged: boolean;
  throttled?: boolean;
  httpStatus?: number;
  /** Exception types as recorded: `dynamodb.ResourceNotFoundException`, `AccessDeniedException`, `ClientError`. */
  types: string[];
  messages: string[];
}

// Error codes SDKs write into their exception messages:
//   Java  "... (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: ...)"
//   boto  "An error occurred (AccessDeniedException) when calling the GetItem operation: ..."
//   Go v2 "... api error AccessDeniedException: ..."
const MESSAGE_CODES = [
  /Error Code: ?([A-Za-z][\w.]*)/,
  /An error occurred \(([A-Za-z][\w.]*)\)/,
  /api error ([A-Za-z][\w.]*):/,
];

// Exception class names that say only "the service returned an error", not which.
const GENERIC_TYPE =
  /^(?:Amazon\w*Exception|Aws\w*Exception|\w*ServiceException|SdkClientException|ClientError|Error|Exception)$/;

/** The error code of a failure: from a message (most precise), else the exception type without its package. */
export function errorCodeOf(failure: TraceFailure): string | undefined {
  for (const message of failure.messages) {
    for (const pattern of MESSAGE_CODES) {
      const m = pattern.exec(message);
      if (m?.[1]) return m[1];
    }
  }
  for (const type of failure.types) {
    const bare = type.slice(type.lastIndexOf('.') + 1).trim();
    if (bare !== '' && !GENERIC_TYPE.test(bare)) return bare;
  }
  return undefined;
}

/**
 * The outcome of a traced call. The code goes through the same reviewed table as CloudTrail's errorCode
 * (data/denied-error-codes.json), messages through its markers. An HTTP 403 with no code the table knows as
 * an authentication failure is a refusal too: that is what AWS answers for a denied request. Anything else
 * that failed passed authorization (NoSuchKey, ResourceNotFound, throttling, 5xx).
 */
export function traceOutcome(failure: TraceFailure, table: DeniedErrorTable): Outcome {
  const status = failure.httpStatus;
  const failed = failure.flagged || failure.types.length > 0 || (status !== undefined && status >= 400);
  if (!failed) return { kind: 'success' };
  const message = failure.messages.find((m) => m.trim() !== '');
  const code =
    errorCodeOf(failure) ??
    (failure.throttled ? 'Throttling' : status !== undefined && status >= 400 ? `HTTP ${status}` : 'Fault');
  const outcome = classifyOutcome(code, message, table);
  if (outcome.kind === 'error' && status === 403 && !table.notDenied.has(code)) {
    return message === undefined
      ? { kind: 'denied', errorCode: code }
      : { kind: 'denied', errorCode: code, errorMessage: message };
  }
  return outcome;
}
