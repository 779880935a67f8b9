/**
 * Is this file CloudTrail? A cheap look at the start of the text (`detectCloudTrail`), then, once values
 * are parsed, what each value is (`eventShape`, `isDigest`).
 */
import { HEAD_BYTES } from '../input.js';

/** Keys whose presence near the start of a JSON file makes it worth reading as CloudTrail. */
const HEAD_MARKERS = [
  '"Records"',
  '"eventVersion"',
  '"eventName"',
  '"eventSource"',
  '"eventTime"',
  '"userIdentity"',
  '"detail-type"',
  '"digestStartTime"',
  '"CloudTrailEvent"',
];

/** JSON (object or array) with a CloudTrail key in its first 64 KiB. `read` has the last word. */
export function detectCloudTrail(head: string): boolean {
  const first = firstNonBlank(head);
  if (first !== '{' && first !== '[') return false;
  const start = head.length > HEAD_BYTES ? head.slice(0, HEAD_BYTES) : head;
  for (const marker of HEAD_MARKERS) if (start.includes(marker)) return true;
  return false;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a parsed value is, as far as CloudTrail goes. */
export type EventShape =
  /** A CloudTrail event (maybe malformed: normalisation says). */
  | 'event'
  /** An EventBridge / CloudWatch Events envelope whose `detail` is a CloudTrail event. */
  | 'envelope'
  /** A CloudTrail Insights event (unusual API rates, not a call), bare or in an envelope. */
  | 'insight'
  /** An EventBridge event that does not come from CloudTrail (`detail` is not an event). */
  | 'eventbridge-other'
  /** A record of an AWS Lambda event (S3 notification, SQS, SNS, DynamoDB stream...): `eventSource: aws:...`. */
  | 'lambda-event'
  /** Anything else. */
  | 'other';

const EVENT_KEYS = [
  'eventVersion',
  'eventTime',
  'eventSource',
  'eventName',
  'userIdentity',
  'eventID',
  'eventType',
];

export function eventShape(value: unknown): EventShape {
  if (!isObject(value)) return 'other';
  const detail = value.detail;
  if (isObject(detail) && (typeof value['detail-type'] === 'string' || typeof value.source === 'string')) {
    if (!looksLikeEvent(detail)) return 'eventbridge-other';
    return isInsight(detail) ? 'insight' : 'envelope';
  }
  if (isLambdaEventRecord(value)) return 'lambda-event';
  if (isInsight(value)) return 'insight';
  return looksLikeEvent(value) ? 'event' : 'other';
}

/** Has any CloudTrail event key. Used to decide what a file is, not whether a record is valid. */
export function looksLikeEvent(value: JsonObject): boolean {
  if (isLambdaEventRecord(value)) return false;
  for (const key of EVENT_KEYS) if (key in value) return true;
  return false;
}

function isInsight(value: JsonObject): boolean {
  return value.eventType === 'AwsCloudTrailInsight' || value.eventCategory === 'Insight';
}

/** Lambda event records name their source `aws:s3`, `aws:sqs`...; CloudTrail names endpoints `s3.amazonaws.com`. */
function isLambdaEventRecord(value: JsonObject): boolean {
  const source = value.eventSource ?? value.EventSource;
  return typeof source === 'string' && source.startsWith('aws:');
}

/** A CloudTrail digest file (`digestStartTime`, `logFiles`, ...): integrity data, no events. */
export function isDigest(value: JsonObject): boolean {
  return 'digestStartTime' in value || ('digestEndTime' in value && 'logFiles' in value);
}

/** An entry of `aws cloudtrail lookup-events` output: the event is a JSON string in `CloudTrailEvent`. */
export function isLookupEntry(value: unknown): value is JsonObject & { CloudTrailEvent: string } {
  return isObject(value) && typeof value.CloudTrailEvent === 'string';
}

/** The first character that is not whitespace (or a BOM), or `''`. */
export function firstNonBlank(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) return text[i] ?? '';
  }
  return '';
}
