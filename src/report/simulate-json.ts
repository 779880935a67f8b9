/**
 * The result of `leastpriv simulate` as one JSON document (`--json`), and the shape the text report reads.
 * `schemaVersion` changes only with incompatible changes.
 */
import type { Decision, PolicyType } from '../evaluate/index.js';
import type { PolicyDiagnostic } from '../policy/index.js';

export interface SimulatedPolicy {
  file: string;
  type: PolicyType;
  /** Statements that will be evaluated (statements with errors are not). */
  statements: number;
}

export interface SimulatedContextKey {
  /** Values as the engine compares them; empty list: a known-absent key (`--absent`). */
  values: string[];
  absent: boolean;
  /** The key's type from the service data (`String`, `ArrayOfString`, `IPAddress`...), if known. */
  type: string | null;
  /** `given` with --context/--absent, `principal` when derived from --principal. */
  source: 'given' | 'principal';
}

export interface SimulatedStatement {
  file: string;
  policyType: PolicyType;
  statementIndex: number;
  sid: string | null;
  effect: 'Allow' | 'Deny';
  /** JSON path of the statement in its file. */
  path: string;
}

export interface SimulatedRequest {
  action: string;
  resource: string;
  principal: string | null;
  decision: Decision;
  /** False when the decision depends on context keys that were not given (see `dependsOn`). */
  certain: boolean;
  /** Deny statements that applied (ExplicitDeny), or the Allow statements that applied. */
  statements: SimulatedStatement[];
  /** ImplicitDeny: the kinds of policy that would each need an Allow. */
  notAllowedBy: PolicyType[];
  /** Condition keys the policies read that the context did not give; the decision assumed them absent. */
  dependsOn: string[];
  /** Things the reader must know about this answer. */
  notes: string[];
}

export interface SimulateReport {
  schemaVersion: 1;
  /** Assumptions that hold for every result. */
  notes: string[];
  policies: SimulatedPolicy[];
  diagnostics: PolicyDiagnostic[];
  context: Record<string, SimulatedContextKey>;
  results: SimulatedRequest[];
  summary: {
    requests: number;
    allowed: number;
    explicitDeny: number;
    implicitDeny: number;
    /** Requests whose decision depends on context that was not given. */
    uncertain: number;
  };
}

export function formatSimulateJson(report: SimulateReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
