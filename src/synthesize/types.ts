import type { ServiceData } from '../mapping/service-data.js';
import type { ConditionBlock, PermissionReason } from '../mapping/types.js';
import type { RecordSourceKind } from '../normalize/activity-record.js';
import type { PolicyDocument } from '../policy/types.js';
import type { GeneralizeRule } from './generalize-resources.js';

export interface SynthesizeOptions {
  /**
   * Largest document, in characters as IAM counts them (`policySize`). Default 6,144, the managed
   * policy limit; 10,240 is the limit for all inline policies of a role together. Larger policies are
   * split into several documents.
   */
  maxPolicySize?: number;
  /** Service authorization data; the packaged data by default. Tests inject a tiny table. */
  serviceData?: ServiceData;
  /** Generalisation rules; the reviewed `data/generalize.json` by default. */
  generalizeRules?: readonly GeneralizeRule[];
}

/** Why one emitted statement exists: everything observed that it grants, summed. JSON-serialisable. */
export interface StatementEvidence {
  sid: string;
  /** Index in `SynthesisResult.policies` of the document that carries the statement. */
  policyIndex: number;
  /** The service the statement is sorted and split by (the prefix of its first action). */
  service: string;
  actions: string[];
  resources: string[];
  condition?: ConditionBlock;
  /** Observations of the (action, resource) pairs the statement grants, summed: permissions, not calls. */
  count: number;
  /** ISO times. */
  firstSeen: string;
  lastSeen: string;
  /** Smallest sample evidence ids (event ids, trace ids), at most `SAMPLE_EVIDENCE_LIMIT`. */
  samples: string[];
  sources: RecordSourceKind[];
  /** Operations that needed it, e.g. `s3.amazonaws.com:PutObject`. */
  operations: string[];
  reasons: PermissionReason[];
  notes: string[];
  /** Sentences for each generalisation behind the statement's resources. */
  generalizations: string[];
}

export interface SynthesisResult {
  /**
   * Every statement in one document: the union of `policies`, with the same Sids. For the evidence
   * replay and for exports that apply their own limits; it may exceed `maxPolicySize`.
   */
  policy: PolicyDocument;
  /** Usually one document; several when the policy exceeds `maxPolicySize`. Empty when nothing was used. */
  policies: PolicyDocument[];
  /** One per emitted statement, in document order. */
  statements: StatementEvidence[];
  /** Every generalisation made, once, sorted. */
  generalizations: string[];
  /** What the user must know before applying the policies: sizes IAM will refuse, unknown actions. */
  warnings: string[];
}
