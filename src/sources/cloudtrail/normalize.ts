/**
 * One raw CloudTrail event -> one ActivityRecord. Fills what the event says and decides nothing about IAM
 * beyond the outcome (through the reviewed denied-error-codes table).
 *
 * Every record has the same object shape (absent fields are `undefined`), which keeps the later stages'
 * property accesses monomorphic.
 */
import type {
  ActivityRecord,
  Identity,
  IdentityType,
  RecordOrigin,
  RecordResource,
} from '../../normalize/activity-record.js';
import { classifyOutcome, type DeniedErrorTable } from './denied-error-codes.js';
import { isObject } from './detect.js';

/** Why a record could not be normalised. Not an Error: bad input is a value. */
export class RecordProblem {
  constructor(
    /** JSON path inside the record (`eventTime`, `detail.eventName`). */
    readonly path: string,
    readonly message: string,
    readonly eventId: string | undefined,
  ) {}
}

export interface NormalizeContext {
  readonly table: DeniedErrorTable;
  /** A field was wrong but the record is still usable (a resource that is not an object...). */
  warn(origin: RecordOrigin, eventId: string | undefined, path: string, message: string): void;
}

const IDENTITY_TYPES: ReadonlySet<string> = new Set<IdentityType>([
  'IAMUser',
  'AssumedRole',
  'Root',
  'FederatedUser',
  'AWSService',
  'AWSAccount',
  'IdentityCenterUser',
  'WebIdentityUser',
  'SAMLUser',
]);

/**
 * Normalises one event. `pathPrefix` is where the event sits in the value read (`detail.` inside an
 * EventBridge envelope), for the paths in problems.
 */
export function normalizeCloudTrailEvent(
  raw: unknown,
  origin: RecordOrigin,
  context: NormalizeContext,
  pathPrefix = '',
): ActivityRecord | RecordProblem {
  if (!isObject(raw)) {
    return new RecordProblem(
      pathPrefix.slice(0, -1),
      `expected a CloudTrail event object, found ${kindOf(raw)}`,
      undefined,
    );
  }
  const eventId = str(raw.eventID);
  const time = raw.eventTime;
  const eventSource = str(raw.eventSource);
  const operation = str(raw.eventName);
  const timeMs = typeof time === 'string' ? parseEventTime(time) : Number.NaN;
  if (Number.isNaN(timeMs) || eventSource === undefined || operation === undefined) {
    return missingFields(time, !Number.isNaN(timeMs), eventSource, operation, eventId, pathPrefix);
  }

  const resources =
    raw.resources === undefined
      ? undefined
      : normalizeResources(raw.resources, origin, eventId, context, pathPrefix);
  return {
    time: time as string,
    timeMs,
    sourceKind: 'cloudtrail',
    eventSource,
    operation,
    region: str(raw.awsRegion),
    recipientAccountId: str(raw.recipientAccountId),
    identity: normalizeIdentity(raw.userIdentity),
    requestParameters: objectOrNull(raw.requestParameters),
    responseElements: objectOrNull(raw.responseElements),
    resources,
    outcome: classifyOutcome(str(raw.errorCode), str(raw.errorMessage), context.table),
    evidenceId: eventId ?? `${origin.file}#${origin.index}`,
    eventType: str(raw.eventType),
    managementEvent: bool(raw.managementEvent),
    readOnly: bool(raw.readOnly),
    userAgent: str(raw.userAgent),
    sharedEventId: str(raw.sharedEventID),
    workloadHint: undefined,
    origin,
  };
}

function missingFields(
  time: unknown,
  timeOk: boolean,
  eventSource: string | undefined,
  operation: string | undefined,
  eventId: string | undefined,
  prefix: string,
): RecordProblem {
  const missing: string[] = [];
  let badTime: string | undefined;
  if (time === undefined || time === null || time === '') missing.push('eventTime');
  else if (!timeOk) badTime = typeof time === 'string' ? JSON.stringify(time) : kindOf(time);
  if (eventSource === undefined) missing.push('eventSource');
  if (operation === undefined) missing.push('eventName');
  const firstPath = badTime !== undefined ? 'eventTime' : (missing[0] ?? 'eventTime');
  const what = operation === undefined ? 'record' : `${operation} record`;
  let problem = missing.length > 0 ? `${what} has no ${missing.join(', ')}` : what;
  if (badTime !== undefined) {
    const bad = `eventTime ${badTime} is not an ISO 8601 time`;
    problem += missing.length > 0 ? `, and its ${bad}` : `: ${bad}`;
  }
  return new RecordProblem(
    `${prefix}${firstPath}`,
    `${problem}: skipped (a CloudTrail record needs eventTime, eventSource and eventName)`,
    eventId,
  );
}

function normalizeIdentity(raw: unknown): Identity {
  if (!isObject(raw)) return emptyIdentity();
  const sessionContext = isObject(raw.sessionContext) ? raw.sessionContext : undefined;
  const issuer =
    sessionContext !== undefined && isObject(sessionContext.sessionIssuer)
      ? sessionContext.sessionIssuer
      : undefined;
  const webIdentity =
    sessionContext !== undefined && isObject(sessionContext.webIdFederationData)
      ? sessionContext.webIdFederationData
      : undefined;
  const rawType = raw.type;
  const type = (
    typeof rawType === 'string' && IDENTITY_TYPES.has(rawType) ? rawType : 'Unknown'
  ) as IdentityType;
  const arn = str(raw.arn);
  const principalId = str(raw.principalId);
  return {
    type,
    arn,
    accountId: str(raw.accountId),
    principalId,
    userName: str(raw.userName),
    issuerArn: issuer === undefined ? undefined : str(issuer.arn),
    issuerType: issuer === undefined ? undefined : str(issuer.type),
    sessionName: type === 'AssumedRole' ? sessionName(arn, principalId) : undefined,
    sourceIdentity:
      (sessionContext === undefined ? undefined : str(sessionContext.sourceIdentity)) ??
      str(raw.sourceIdentity),
    invokedBy: str(raw.invokedBy),
    accessKeyId: str(raw.accessKeyId),
    identityProvider:
      (webIdentity === undefined ? undefined : str(webIdentity.federatedProvider)) ??
      str(raw.identityProvider),
    onBehalfOf: onBehalfOf(raw.onBehalfOf),
  };
}

function emptyIdentity(): Identity {
  return {
    type: 'Unknown',
    arn: undefined,
    accountId: undefined,
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
}

/** `arn:aws:sts::111122223333:assumed-role/Role/Session` -> `Session`; else the part after `:` of `AROA...:Session`. */
export function sessionName(arn: string | undefined, principalId: string | undefined): string | undefined {
  if (arn !== undefined) {
    const at = arn.indexOf(':assumed-role/');
    if (at !== -1) {
      const slash = arn.indexOf('/', at + 14);
      if (slash !== -1 && slash + 1 < arn.length) return arn.slice(slash + 1);
    }
  }
  if (principalId !== undefined) {
    const colon = principalId.indexOf(':');
    if (colon !== -1 && colon + 1 < principalId.length) return principalId.slice(colon + 1);
  }
  return undefined;
}

function onBehalfOf(raw: unknown): Identity['onBehalfOf'] {
  if (!isObject(raw)) return undefined;
  const userId = str(raw.userId);
  if (userId === undefined) return undefined;
  const identityStoreArn = str(raw.identityStoreArn);
  return identityStoreArn === undefined ? { userId } : { userId, identityStoreArn };
}

function normalizeResources(
  raw: unknown,
  origin: RecordOrigin,
  eventId: string | undefined,
  context: NormalizeContext,
  prefix: string,
): RecordResource[] | undefined {
  if (raw === null) return undefined;
  if (!Array.isArray(raw)) {
    context.warn(
      origin,
      eventId,
      `${prefix}resources`,
      `expected an array of resources, found ${kindOf(raw)}: ignored`,
    );
    return undefined;
  }
  const out: RecordResource[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r: unknown = raw[i];
    if (!isObject(r)) {
      context.warn(
        origin,
        eventId,
        `${prefix}resources[${i}]`,
        `expected a resource object, found ${kindOf(r)}: ignored`,
      );
      continue;
    }
    const resource: RecordResource = {};
    const arn = str(r.ARN) ?? str(r.arn);
    const arnPrefix = str(r.ARNPrefix) ?? str(r.arnPrefix);
    const type = str(r.type);
    const accountId = str(r.accountId);
    if (arn !== undefined) resource.arn = arn;
    if (arnPrefix !== undefined) resource.arnPrefix = arnPrefix;
    if (type !== undefined) resource.type = type;
    if (accountId !== undefined) resource.accountId = accountId;
    out.push(resource);
  }
  return out;
}

/**
 * CloudTrail writes `2024-05-01T12:00:00Z`; CloudTrail Lake and Athena exports write `2024-05-01 12:00:00.000`
 * (UTC, no zone). Both are read as UTC unless an offset is given; anything else is NaN. No `Date.parse`:
 * its handling of zone-less times depends on the machine's time zone.
 */
export function parseEventTime(s: string): number {
  const n = s.length;
  if (n < 19) return Number.NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const sep = s.charCodeAt(10);
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 60 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    s.charCodeAt(4) !== 0x2d ||
    s.charCodeAt(7) !== 0x2d ||
    (sep !== 0x54 && sep !== 0x74 && sep !== 0x20) ||
    s.charCodeAt(13) !== 0x3a ||
    s.charCodeAt(16) !== 0x3a
  )
    return Number.NaN;
  let i = 19;
  let ms = 0;
  const dot = s.charCodeAt(i);
  if (dot === 0x2e || dot === 0x2c) {
    i++;
    const start = i;
    let scale = 100;
    while (i < n) {
      const d = s.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return Number.NaN;
    ms = Math.floor(ms);
  }
  let offsetMinutes = 0;
  if (i < n) {
    const z = s.charCodeAt(i);
    if (z === 0x5a || z === 0x7a) i++;
    else if (z === 0x2b || z === 0x2d) {
      const oh = digits(s, i + 1, 2);
      const colon = s.charCodeAt(i + 3) === 0x3a;
      const om = digits(s, i + (colon ? 4 : 3), 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
      offsetMinutes = (oh * 60 + om) * (z === 0x2d ? -1 : 1);
      i += colon ? 6 : 5;
    } else return Number.NaN;
  }
  if (i !== n) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

/** The number written in `count` ASCII digits at `at`, or -1. */
function digits(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function objectOrNull(value: unknown): Record<string, unknown> | null | undefined {
  if (value === null) return null;
  return isObject(value) ? value : undefined;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return `a ${typeof value}`;
}
