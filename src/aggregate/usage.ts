import type { ConditionBlock, PermissionReason } from '../mapping/types.js';
import type { RecordSourceKind } from '../normalize/activity-record.js';

/** How many sample evidence ids are kept per key. */
export const SAMPLE_EVIDENCE_LIMIT = 3;

/** What was seen for one key: counts and time span, never every event. */
export interface Observation {
  count: number;
  /** ISO times. */
  firstSeen: string;
  lastSeen: string;
  /** Up to SAMPLE_EVIDENCE_LIMIT evidence ids (event ids, trace ids), smallest first for determinism. */
  samples: string[];
  sources: RecordSourceKind[];
}

/** One used (action, resource) pair with its evidence. */
export interface UsedPermission extends Observation {
  action: string;
  resource: string;
  reasons: PermissionReason[];
  condition?: ConditionBlock;
  /** Operations that needed it, e.g. `s3.amazonaws.com:CopyObject`. */
  operations: string[];
  notes: string[];
  /**
   * Set when the entry stands for per-request resources folded together (aggregate/fold-resources.ts):
   * `resource` is then the observed resource while there is one, else the pattern covering them all.
   */
  folded?: FoldedResources;
}

/** The resources a folded usage entry stands for. */
export interface FoldedResources {
  /** The smallest distinct observed resources, sorted, at most FOLD_KEEP_LIMIT. */
  resources: string[];
  /** Whether more distinct resources were observed than `resources` keeps (all match the entry's pattern). */
  more: boolean;
  /**
   * For `common-prefix` rules (object keys): the resource with the per-request part marked (U+0000), the
   * separator the prefix is cut at, and the longest common start of every value's literal part.
   */
  prefix?: { base: string; separator: string; head: string };
}

/** A call that was refused: evidence of a missing permission, never of use. */
export interface DeniedCall extends Observation {
  eventSource: string;
  operation: string;
  errorCode: string;
  /** Actions it would have needed, when mapping knows. */
  actions: string[];
  resources: string[];
}

/** A call the mapping could not turn into actions: reported with counts, never guessed. */
export interface UnmappedCall extends Observation {
  eventSource: string;
  operation: string;
  reason: string;
}

/** A resource that could not be fully recovered, or a generalisation made. */
export interface Gap {
  message: string;
  count: number;
}

export type PrincipalKind = 'role' | 'user' | 'root' | 'federated-user' | 'workload' | 'unknown';

/** Everything one principal (or one workload inside a role) did. */
export interface PrincipalUsage {
  /** `principal` alone, or `principal|workload`. */
  key: string;
  /** IAM role or user ARN; null when the calls belong to no principal. */
  principal: string | null;
  /** The workload inside the principal, e.g. the Lambda function ARN; null for the principal as a whole. */
  workload: string | null;
  kind: PrincipalKind;
  records: number;
  firstSeen: string;
  lastSeen: string;
  /** `${action}\u0000${resource}` -> used permission. */
  used: Map<string, UsedPermission>;
  /** `${eventSource}:${operation}:${errorCode}` -> denied call. */
  denied: Map<string, DeniedCall>;
  /** `${eventSource}:${operation}` -> unmapped call. */
  unmapped: Map<string, UnmappedCall>;
  /** Calls that need no permission, counted by operation. */
  permissionless: Map<string, number>;
  gaps: Map<string, Gap>;
  /** For roles: the workloads (e.g. Lambda function ARNs) seen using it. */
  workloads: string[];
  sourceIdentities: string[];
  /** The traces (X-Ray, OpenTelemetry) behind this usage, when any: traces are sampled, so this says how much was seen. */
  traces?: TraceObservation;
}

/** Distinct traces seen and their time span. */
export interface TraceObservation {
  /** Trace ids (the part of a trace record's evidence id before `/`). */
  ids: Set<string>;
  /** ISO times of the earliest and latest traced call. */
  firstSeen: string;
  lastSeen: string;
}
