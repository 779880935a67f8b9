/**
 * The one normalised shape every source yields. Sources know formats, not IAM:
 * they fill what the input says and leave IAM decisions to attribution and mapping.
 */

/** Where a record came from, precise enough for a person to open it. */
export interface RecordOrigin {
  /** The file (or live-source URI) the record was read from. */
  file: string;
  /** 0-based index of the record in its file (array index, or line number - 1 for NDJSON). */
  index: number;
  /** 1-based line for line-oriented inputs, when known. */
  line?: number;
}

export type Outcome =
  | { kind: 'success' }
  /** Refused by authorization: AccessDenied and its family. Evidence of a missing permission, never of use. */
  | { kind: 'denied'; errorCode: string; errorMessage?: string }
  /** Any other error: the call passed authorization (NoSuchKey, ResourceNotFoundException, throttling...). */
  | { kind: 'error'; errorCode: string; errorMessage?: string };

export type IdentityType =
  | 'IAMUser'
  | 'AssumedRole'
  | 'Root'
  | 'FederatedUser'
  | 'AWSService'
  | 'AWSAccount'
  | 'IdentityCenterUser'
  | 'WebIdentityUser'
  | 'SAMLUser'
  | 'Unknown';

/** The identity as the source recorded it (CloudTrail userIdentity, trace origin...). */
export interface Identity {
  type: IdentityType;
  /** The identity ARN as recorded: for assumed roles this is the session ARN. */
  arn?: string;
  accountId?: string;
  principalId?: string;
  userName?: string;
  /** For role sessions: the role (or user, for federation) that issued the session. */
  issuerArn?: string;
  issuerType?: string;
  sessionName?: string;
  sourceIdentity?: string;
  /** Service principal that made the call on the identity's behalf (forward access), e.g. `s3.amazonaws.com`. */
  invokedBy?: string;
  /** Only kept to join role chains; never copied into outputs. */
  accessKeyId?: string;
  /** For web identity / SAML sessions: the identity provider. */
  identityProvider?: string;
  /** IAM Identity Center user a call was made on behalf of (CloudTrail `userIdentity.onBehalfOf`). */
  onBehalfOf?: { userId: string; identityStoreArn?: string };
}

export interface RecordResource {
  arn?: string;
  /** S3 and a few others give a prefix, not an ARN (`arn:aws:s3:::bucket/prefix/`). */
  arnPrefix?: string;
  type?: string;
  accountId?: string;
}

export type RecordSourceKind = 'cloudtrail' | 'xray' | 'otel';

export interface ActivityRecord {
  /** Event time, ISO 8601 as recorded. */
  time: string;
  /** Event time in ms since the epoch (NaN never: normalizers reject records without a valid time). */
  timeMs: number;
  sourceKind: RecordSourceKind;
  /** The endpoint host prefix as recorded, e.g. `s3.amazonaws.com`, `monitoring.amazonaws.com`. */
  eventSource: string;
  /** The operation as recorded (CloudTrail eventName, SDK operation). */
  operation: string;
  region?: string;
  /** Account that owns the resources / received the event. */
  recipientAccountId?: string;
  identity: Identity;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  resources?: RecordResource[];
  outcome: Outcome;
  /** Event id, trace id + subsegment id...: how a person finds the raw evidence. */
  evidenceId: string;
  /** CloudTrail eventType: AwsApiCall, AwsServiceEvent, AwsConsoleSignIn, AwsConsoleAction... */
  eventType?: string;
  managementEvent?: boolean;
  readOnly?: boolean;
  userAgent?: string;
  sharedEventId?: string;
  /** Workload hint a source knows directly (trace function ARN); attribution fills the rest. */
  workloadHint?: string;
  origin: RecordOrigin;
}
