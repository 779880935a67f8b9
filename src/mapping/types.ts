import type { ActivityRecord } from '../normalize/activity-record.js';

/** Why a permission is needed. */
export type PermissionReason =
  /** The call itself needs it. */
  | 'call'
  /** A service calls another with the caller's authority (forward access session), e.g. KMS under S3. */
  | 'forward-access'
  /** `iam:PassRole` for a role named in the request. */
  | 'pass-role'
  /** An extra action the call needs because of what the request carried (tags, ACL header, copy source). */
  | 'dependent';

/** IAM condition block in policy form: operator -> key -> values. */
export type ConditionBlock = Record<string, Record<string, string[]>>;

/** One (action, resource) pair a call needed. */
export interface Permission {
  /** Canonical action from the service data, e.g. `s3:GetObject`. */
  action: string;
  /**
   * An IAM resource pattern: a concrete ARN, an ARN with `*` where a part could not be recovered, or `*` for
   * actions that accept only `*`. What the record named is literal in it: a `*`, `?` or `${` the record gave
   * is written `${*}`, `${?}`, `${$}{` (policy/literal.ts), so the pattern never grants more than was used.
   */
  resource: string;
  condition?: ConditionBlock;
  reason: PermissionReason;
  /** Human note for the evidence: `copy source`, `role passed to lambda.amazonaws.com`. */
  note?: string;
}

/**
 * An operation resolved to IAM actions, before resources are filled in.
 * `resourceFrom` names which part of the request identifies the resource when it is not the default
 * one (e.g. the copy source of `CopyObject`).
 */
export interface ActionCall {
  action: string;
  reason: PermissionReason;
  resourceFrom?: string;
  condition?: ConditionBlock;
  note?: string;
}

export type ActionResolution =
  | { kind: 'actions'; calls: ActionCall[] }
  | { kind: 'permissionless'; reason: string }
  | { kind: 'unmapped'; reason: string };

export interface ResourceResolution {
  /** One or more resources for the action; `*` only when the action accepts nothing else. */
  resources: string[];
  /** What could not be recovered, stated for the evidence: `key not recorded; used arn:aws:s3:::b/*`. */
  gaps: string[];
}

export type MappingResult =
  | { kind: 'mapped'; permissions: Permission[]; gaps: string[] }
  | { kind: 'permissionless'; reason: string }
  | { kind: 'unmapped'; reason: string };

export type ResolveActions = (record: ActivityRecord) => ActionResolution;
export type ResolveResources = (record: ActivityRecord, call: ActionCall) => ResourceResolution;
