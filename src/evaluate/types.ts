/** Public types of the evaluation engine. */
import type { Effect } from '../policy/model.js';
import type { CompiledPolicy } from './compile.js';
import type { RequestContext } from './context.js';

export type { ContextScalar, ContextValue, RequestContext } from './context.js';

/** Which kind of policy a compiled policy is; decides type-specific checks at compile time. */
export type PolicyType = 'identity' | 'resource' | 'permissions-boundary' | 'scp' | 'rcp' | 'session';

/** One request: who does what to which resource, with the condition keys known about it. */
export interface EvaluationRequest {
  /**
   * The principal's ARN (`arn:aws:iam::111122223333:role/app`), an account id, or a service principal
   * (`lambda.amazonaws.com`). Needed only to match Principal/NotPrincipal in resource policies, SCPs and
   * RCPs; without it those statements depend on `aws:PrincipalArn`.
   */
  principal?: string;
  /** `service:Action`, any case. */
  action: string;
  /** The resource ARN the service authorizes, or `*` for actions that accept only `*`. */
  resource: string;
  /**
   * Condition keys (any case) to values. A key that is not given is treated as absent and reported in
   * `dependsOn` when it mattered; give `null` for a key known to be absent.
   */
  context?: RequestContext;
}

/**
 * The policies that apply to one request. Identity policies are required; each other kind, when given
 * (a non-empty list), must also allow. Same-account logic: an explicit deny anywhere wins; SCPs, RCPs,
 * permissions boundaries and session policies each must allow; identity OR resource policies grant.
 */
export interface PolicySet {
  identity: readonly CompiledPolicy[];
  resource?: readonly CompiledPolicy[];
  permissionBoundaries?: readonly CompiledPolicy[];
  /** All SCPs that apply, as one set: an Allow in any of them counts (OU levels are not modelled apart). */
  scps?: readonly CompiledPolicy[];
  rcps?: readonly CompiledPolicy[];
  session?: readonly CompiledPolicy[];
}

export type Decision = 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';

/** A statement that applied to the request. */
export interface MatchedStatement {
  /** The compiled policy's name. */
  policy: string;
  policyType: PolicyType;
  statementIndex: number;
  sid?: string;
  effect: Effect;
  /** JSON path of the statement: `Statement[2]`. */
  path: string;
}

/**
 * The decision, the statements behind it, and `dependsOn`: condition keys the request context did not
 * give that could change the decision. The decision is computed as if those keys were absent; when
 * `dependsOn` is not empty, the answer is provisional.
 */
export type EvaluationResult =
  | { decision: 'Allowed'; matched: MatchedStatement[]; dependsOn: string[] }
  | { decision: 'ExplicitDeny'; matched: MatchedStatement[]; dependsOn: string[] }
  | {
      decision: 'ImplicitDeny';
      /** Allow statements that applied in some policies, though not enough of them. */
      matched: MatchedStatement[];
      /** The policy kinds that did not allow: each would need an Allow. */
      notAllowedBy: PolicyType[];
      dependsOn: string[];
    };
