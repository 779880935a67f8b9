/**
 * The audit's result: per principal (and per workload inside a shared role), what was granted beyond what was
 * used, what is dangerous, what the logs could not see, and a replacement policy proven against the grants.
 * JSON-serialisable: `--json` prints it as is.
 */
import type { PolicyCondition, PolicyDocument } from '../policy/types.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export type RiskCategory =
  | 'admin'
  | 'privilege-escalation'
  | 'assumable-by-any-principal'
  | 'credentials-exposure'
  | 'resource-exposure'
  | 'data-exfiltration'
  | 'service-wildcard'
  | 'assumable-cross-account'
  | 'unknown-policy'
  | 'infrastructure-modification'
  | 'assumable-by-compute-service'
  | 'user-attached-policy';

/** Where a grant comes from: the policy (name and where it was read) and the statement. */
export interface GrantSource {
  policy: string;
  source: string;
  /** `Statement[2]` */
  path: string;
  sid?: string;
}

export interface RiskFinding {
  category: RiskCategory;
  severity: Severity;
  /** Machine code, stable: `PRIVILEGE_ESCALATION`. */
  code: string;
  title: string;
  /** What is wrong and what to do, one or two sentences. */
  message: string;
  /** The actions behind it (canonical), sorted; may be abbreviated with `more`. */
  actions: string[];
  /** How many actions in all, when `actions` was cut short. */
  more?: number;
  /** Privilege escalation: the method's id. */
  method?: string;
  /**
   * `none`: granted on every resource without conditions; `condition`: only when conditions hold (the keys in
   * `conditionKeys`), which lowers the severity one step.
   */
  constraint: 'none' | 'condition';
  conditionKeys?: string[];
  /** Whether any of the actions was used in the window (for the principal, or the workload). */
  used: boolean;
  grantedBy: GrantSource[];
}

/** A grant never used in the window. */
export interface UnusedGrant {
  /** A concrete action, or a pattern standing for a whole unused service (`ec2:*`, `ec2:Describe*`). */
  action: string;
  resource: string;
  service: string;
  /** For a whole service: how many actions the entry stands for. */
  actions?: number;
  grantedBy: GrantSource[];
  /** Condition keys the grant depends on, when it is conditional. */
  conditionKeys?: string[];
}

/** A grant used on far fewer resources than it names, or broader than the use only through conditions. */
export interface OverbroadGrant {
  kind: 'resource' | 'condition';
  actions: string[];
  /** The granted resource pattern. */
  resource: string;
  /** The resources used (as the replacement policy names them). */
  used: string[];
  /** `condition`: the condition the use always satisfied that the grant does not require. */
  condition?: PolicyCondition;
  message: string;
  grantedBy: GrantSource[];
}

export type UnprovableReason =
  /** No activity source was given: nothing can be called unused. */
  | 'no-activity'
  /** A data event type the input holds none of on this resource. */
  | 'data-events-not-logged'
  /** An action CloudTrail never records. */
  | 'not-logged'
  /** The activity comes only from sampled traces: a call missing from them may still have happened. */
  | 'sampled-traces';

export interface UnprovableGrant {
  action: string;
  resource: string;
  service: string;
  actions?: number;
  reason: UnprovableReason;
  /** For data events: CloudTrail's resources.type whose selector would close the gap. */
  dataEventType?: string;
  message: string;
  grantedBy: GrantSource[];
}

/** A refused call: evidence of a permission the principal lacks, judged against the granted policies. */
export interface DeniedFinding {
  operation: string;
  errorCode: string;
  actions: string[];
  resources: string[];
  count: number;
  lastSeen: string;
  /**
   * `missing-permission`: the granted policies do not allow it; `explicit-deny`: a Deny statement refuses it;
   * `denied-elsewhere`: the granted policies allow it, so an SCP, resource policy, boundary or session policy
   * not in the input refused it; `unknown`: the mapping did not say which action.
   */
  verdict: 'missing-permission' | 'explicit-deny' | 'denied-elsewhere' | 'unknown';
  message: string;
  statements?: GrantSource[];
}

/** A permission used successfully that the granted policies do not allow: the input misses a policy. */
export interface NotGrantedUse {
  action: string;
  /** As the generated policy names it (observed resources under it are counted in `resources`). */
  resource: string;
  /** Distinct observed resources. */
  resources: number;
  /** Calls. */
  count: number;
  message: string;
}

/** The replacement policy's proof against the engine. */
export interface ReplacementProof {
  /** Every (action, resource) of every statement is allowed by the granted policies. */
  contained: boolean;
  /** Every observed successful call is allowed by the replacement. */
  allowsObserved: boolean;
  /** Distinct (action, resource) pairs of the replacement checked against the grants. */
  checkedPairs: number;
  /** Distinct observed permissions replayed against the replacement. */
  observedChecked: number;
  /** Generalised resources the grants do not contain, narrowed to the observed resources. */
  narrowed: { action: string; from: string; to: string[] }[];
  /**
   * Observed permissions left out because the granted policies do not allow them either, by the generated
   * (action, resource) they fall under; `observed`: how many distinct observed resources.
   */
  excluded: { action: string; resource: string; reason: string; observed: number }[];
  /** Pairs not contained, or observed calls the replacement denies: leastpriv bugs when not empty. */
  failures: { action: string; resource: string; reason: string }[];
}

export interface PrincipalAudit {
  principal: string;
  /** The workload inside a shared role (a Lambda function ARN), or null for the principal itself. */
  workload: string | null;
  kind: 'role' | 'user' | 'workload';
  /** Rank among the principals by risk, 1 = most dangerous (workloads share their role's). */
  rank: number;
  /** The highest risk severity, or `none`. */
  severity: Severity | 'none';
  /** Seen in the activity input; null when no activity source was given. */
  seen: boolean | null;
  records: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Functions sharing this role. */
  sharedBy?: string[];
  granted: {
    policies: { name: string; kind: string; source: string; group?: string; arn?: string }[];
    boundary?: string;
    trustPolicy?: string;
    /** Distinct actions granted (effectively, after denies and the boundary). */
    actions: number;
    services: string[];
  };
  used: {
    /** Distinct actions used. */
    actions: number;
    services: string[];
    /** Per used permission, for the timeline: action, resource (as the replacement names it), span and count. */
    permissions: { action: string; resource: string; count: number; firstSeen: string; lastSeen: string }[];
  };
  unused: UnusedGrant[];
  /** Granted services of which nothing was used. */
  unusedServices: string[];
  overbroad: OverbroadGrant[];
  risks: RiskFinding[];
  unprovable: UnprovableGrant[];
  denied: DeniedFinding[];
  notGranted: NotGrantedUse[];
  unknownPolicies: { arn: string; attachedAs: string; group?: string; awsManaged: boolean; source: string }[];
  recommendedPolicy: PolicyDocument | null;
  proof: ReplacementProof | null;
  notes: string[];
}

export interface AuditSummary {
  principals: number;
  workloads: number;
  seen: number;
  notSeen: number;
  /** Unused (action, resource) grants, counting whole services by their actions. */
  unusedActions: number;
  overbroad: number;
  unprovable: number;
  denied: number;
  risks: Record<Severity, number>;
  unknownPolicies: number;
  replacement: { proven: number; notProven: number };
  /** Activity input: records read, the window they cover, data event types seen. */
  activity: {
    given: boolean;
    records: number;
    firstSeen: string | null;
    lastSeen: string | null;
    dataEventTypes: string[];
  };
}

export interface AuditResult {
  schemaVersion: 1;
  principals: PrincipalAudit[];
  summary: AuditSummary;
}
