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
   * The account that owns the resource, when its ARN does not say (S3 buckets and objects). When it and
   * the principal's account are known and differ, cross-account rules apply: the identity side and the
   * resource policy must both allow.
   */
  resourceAccount?: string;
  /**
   * Condition keys (any case) to values. A key that is not given is treated as absent and reported in
   * `dependsOn` when it mattered; give `null` for a key known to be absent.
   */
  context?: RequestContext;
}

/**
 * The policies that apply to one request. Identity policies are required; each other kind, when given
 * (a non-empty list), must also allow. An explicit deny anywhere wins; SCPs, RCPs, permissions
 * boundaries and session policies each must allow; within one account identity OR resource policies
 * grant, across accounts identity AND resource policies must.
 */
export interface PolicySet {
  identity: readonly CompiledPolicy[];
  /**
   * The resource's policies. Given (even empty), they are known: a KMS key or role whose key or trust
   * policy does not allow is denied, and so is a cross-account request they do not allow. Not given, the
   * resource side is unknown: it grants nothing, and only the principal's side is evaluated.
   */
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
