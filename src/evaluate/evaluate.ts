/**
 * The decision for one request against a set of compiled policies, following the AWS evaluation logic
 * for requests within one account and across accounts:
 *
 * 1. An applicable Deny statement in any policy: ExplicitDeny.
 * 2. SCPs, when given, must have an applicable Allow. RCPs only deny: AWS supports Allow only in
 *    RCPFullAWSAccess, which it attaches everywhere and which cannot be detached.
 * 3. The request is granted by
 *    - identity policies, when the permissions boundary and session policies (if given) also allow; or
 *    - a resource policy naming the principal (or `*`): directly for an IAM user, a role session, a
 *      federated user or a service (not limited by identity policies, boundaries or session policies),
 *      and for an IAM role (or a role session through its role's ARN) still limited by the role's
 *      boundary and session policies. A resource policy that
 *      names only the principal's account delegates to the account's identity policies and grants
 *      nothing by itself. The account root user needs no identity policy.
 * 4. An IAM federated user session (`sts:…:federated-user/…`) needs a session policy that allows: without
 *    one its identity policies grant nothing (resource policies naming it directly still do).
 * 5. Across accounts (the principal's account and the resource's differ, see `isCrossAccount`), the
 *    principal's side (identity policies within its boundary and session policies) and the resource
 *    policy (naming the principal, its role or its whole account) must both allow. This needs the
 *    resource's policies (`PolicySet.resource`, possibly empty); without them only the principal's side
 *    is evaluated.
 * 6. A KMS key or a role's trust policy must itself allow (see resource-policy-required.ts) when the
 *    resource policies are given (`PolicySet.resource`, possibly empty); naming the account delegates to
 *    the identity policies.
 * 7. Otherwise: ImplicitDeny, with the policy kinds that did not allow.
 *
 * A statement applies when its action, principal, resource and every condition match. Each of these is
 * known, or depends on context keys the request did not give. Those keys are evaluated as absent, and the
 * result lists in `dependsOn` every such key that could change the decision: the keys read by applicable
 * statements that the decision rests on, and by statements that did not apply but would change the
 * decision if they did.
 */
import type { CompiledPolicy, CompiledStatement, ResourceMatcher } from './compile.js';
import { conditionHolds } from './condition.js';
import { ContextReader } from './context.js';
import { MatchTarget, patternMatches } from './pattern.js';
import {
  arnAccount,
  matchPrincipal,
  type PrincipalKind,
  type PrincipalMatch,
  principalAccount,
  principalKind,
  sparedByNotPrincipal,
} from './principal.js';
import { needsResourcePolicy } from './resource-policy-required.js';
import type {
  EvaluationRequest,
  EvaluationResult,
  MatchedStatement,
  PolicySet,
  PolicyType,
} from './types.js';

/** The context key a statement depends on when it names principals and the request names none. */
const PRINCIPAL_KEY = 'aws:PrincipalArn';
const NONE: string[] = [];

interface Request {
  action: string;
  principal: string | undefined;
  target: MatchTarget;
  context: ContextReader;
}

/** A statement that applied, or might have. */
interface Outcome {
  applies: boolean;
  /** Keys read but not given; empty when the outcome is certain. */
  missing: string[];
  principal: PrincipalMatch | undefined;
}

interface Applied {
  policy: CompiledPolicy;
  type: PolicyType;
  statement: CompiledStatement;
  outcome: Outcome;
}

/** The statements of one kind of policy (identity, SCP...) that applied or could have. */
interface Layer {
  type: PolicyType;
  /** Applicable Allow statements. */
  allows: Applied[];
  /** Keys that could make a non-applicable Allow apply. */
  couldAllow: string[];
}

interface Denies {
  applied: Applied[];
  /** Keys that could make a non-applicable Deny apply. */
  could: string[];
}

function hasCertain(list: readonly Applied[]): boolean {
  for (const a of list) if (a.outcome.missing.length === 0) return true;
  return false;
}

function uncertainKeys(layer: Layer | undefined, out: string[]): void {
  if (layer) for (const a of layer.allows) out.push(...a.outcome.missing);
}

/** Collect what the policies of one kind say about the request; undefined when none are given. */
function runLayer(
  type: PolicyType,
  list: readonly CompiledPolicy[] | undefined,
  req: Request,
  denies: Denies,
): Layer | undefined {
  if (!list || list.length === 0) return undefined;
  const layer: Layer = { type, allows: [], couldAllow: [] };
  for (const policy of list) {
    for (const statement of policy.statementsFor(req.action)) {
      const outcome = statementOutcome(statement, req);
      if (!outcome) continue;
      if (outcome.applies) {
        const applied: Applied = { policy, type, statement, outcome };
        if (statement.effect === 'Deny') denies.applied.push(applied);
        else layer.allows.push(applied);
      } else if (statement.effect === 'Deny') {
        denies.could.push(...outcome.missing);
      } else {
        layer.couldAllow.push(...outcome.missing);
      }
    }
  }
  return layer;
}

/** Evaluate one request. */
export function evaluate(request: EvaluationRequest, policies: PolicySet): EvaluationResult {
  const req: Request = {
    action: request.action.toLowerCase(),
    principal: request.principal,
    target: new MatchTarget(request.resource),
    context: new ContextReader(request.context),
  };

  const denies: Denies = { applied: [], could: [] };
  const scp = runLayer('scp', policies.scps, req, denies);
  const rcp = runLayer('rcp', policies.rcps, req, denies);
  const resource = runLayer('resource', policies.resource, req, denies);
  const identity = runLayer('identity', policies.identity, req, denies) ?? {
    type: 'identity',
    allows: [],
    couldAllow: [],
  };
  const boundary = runLayer('permissions-boundary', policies.permissionBoundaries, req, denies);
  const session = runLayer('session', policies.session, req, denies);

  if (denies.applied.length > 0) {
    const dependsOn: string[] = [];
    if (!hasCertain(denies.applied)) for (const d of denies.applied) dependsOn.push(...d.outcome.missing);
    return { decision: 'ExplicitDeny', matched: denies.applied.map(toMatched), dependsOn: keys(dependsOn) };
  }

  // A kind of policy that is present must allow; one that is absent does not limit.
  const scpOk = !scp || scp.allows.length > 0;
  const kind = principalKind(request.principal);
  // An IAM federated user session (GetFederationToken) has no permissions from the user's identity
  // policies unless a session policy allows them too; a role session without one keeps its role's.
  const sessionOk = session ? session.allows.length > 0 : kind !== 'federated-user';
  const boundaryOk = !boundary || boundary.allows.length > 0;
  const limitsOk = boundaryOk && sessionOk;
  const limitsCertain =
    (!boundary || hasCertain(boundary.allows)) && (!session || hasCertain(session.allows));
  const identityAllows = identity.allows.length > 0 || kind === 'root';
  const identityCertain = hasCertain(identity.allows) || kind === 'root';
  const layers = [scp, rcp, resource, identity, boundary, session];
  const matched: MatchedStatement[] = [];
  for (const l of layers) if (l) for (const a of l.allows) matched.push(toMatched(a));

  let allowed: boolean;
  let pathCertain: boolean;
  const notAllowedBy: PolicyType[] = [];
  if (!scpOk) notAllowedBy.push('scp');
  if (policies.resource !== undefined && isCrossAccount(request)) {
    // Cross-account: the principal's account (identity side) and the resource's account (its resource
    // policy) must each allow; a resource policy naming the whole account counts as its allow.
    const resourceAllows = resource !== undefined && resource.allows.length > 0;
    allowed = scpOk && identityAllows && limitsOk && resourceAllows;
    pathCertain = identityCertain && limitsCertain && resource !== undefined && hasCertain(resource.allows);
    if (!identityAllows) notAllowedBy.push('identity');
    if (!boundaryOk) notAllowedBy.push('permissions-boundary');
    if (!sessionOk) notAllowedBy.push('session');
    if (!resourceAllows) notAllowedBy.push('resource');
  } else {
    // Same account: resource policy grants (an account principal only delegates) and how they combine.
    const grants = resource ? resource.allows.filter((a) => a.outcome.principal !== 'account') : [];
    // Grants to a role (or to the role of the calling session) stay limited by boundaries and session policies.
    const directGrants = grantsDirectly(kind) ? grants.filter((a) => a.outcome.principal !== 'role') : [];
    const roleGrants = grants.filter((a) => !directGrants.includes(a));
    const direct = directGrants.length > 0;
    const viaRole = roleGrants.length > 0;
    // KMS keys and role trust: identity policies count only where the key or trust policy names the account.
    const required = policies.resource !== undefined && needsResourcePolicy(req.action, request.resource);
    const delegations =
      required && resource ? resource.allows.filter((a) => a.outcome.principal === 'account') : [];
    const delegated = !required || delegations.length > 0;
    allowed = scpOk && ((identityAllows && limitsOk && delegated) || direct || (viaRole && limitsOk));
    pathCertain =
      (identityCertain && limitsCertain && (!required || hasCertain(delegations))) ||
      hasCertain(directGrants) ||
      (hasCertain(roleGrants) && limitsCertain);
    if (!identityAllows && grants.length === 0) {
      notAllowedBy.push('identity');
      if (resource) notAllowedBy.push('resource');
    } else if (!delegated && grants.length === 0) {
      notAllowedBy.push('resource');
    }
    if (!direct && !boundaryOk) notAllowedBy.push('permissions-boundary');
    if (!direct && !sessionOk) notAllowedBy.push('session');
  }

  if (allowed) {
    const depends = denies.could;
    if (scp && !hasCertain(scp.allows)) uncertainKeys(scp, depends);
    if (!pathCertain) for (const l of [resource, identity, boundary, session]) uncertainKeys(l, depends);
    return { decision: 'Allowed', matched, dependsOn: keys(depends) };
  }

  const depends = denies.could;
  for (const l of layers) if (l) depends.push(...l.couldAllow);
  return { decision: 'ImplicitDeny', matched, notAllowedBy, dependsOn: keys(depends) };
}

/**
 * Whether the principal's account differs from the resource's: `resourceAccount` when given, else the
 * account field of the resource ARN. Unknown on either side (an S3 ARN without `resourceAccount`, a
 * service principal, no principal): same account.
 */
function isCrossAccount(request: EvaluationRequest): boolean {
  if (request.principal === undefined) return false;
  const principal = principalAccount(request.principal);
  if (principal === undefined) return false;
  const resource = request.resourceAccount ?? arnAccount(request.resource);
  return resource !== undefined && resource !== principal;
}

/** Same account: a resource policy naming these principals grants without identity policies or limits. */
function grantsDirectly(kind: PrincipalKind): boolean {
  switch (kind) {
    case 'user':
    case 'role-session':
    case 'federated-user':
    case 'service':
    case 'root':
      return true;
    case 'role':
    case 'unknown':
      return false;
  }
}

function toMatched(a: Applied): MatchedStatement {
  const m: MatchedStatement = {
    policy: a.policy.name,
    policyType: a.type,
    statementIndex: a.statement.index,
    effect: a.statement.effect,
    path: a.statement.path,
  };
  if (a.statement.sid !== undefined) m.sid = a.statement.sid;
  return m;
}

/** Distinct keys (case-insensitive, first spelling kept), sorted. */
function keys(list: readonly string[]): string[] {
  if (list.length === 0) return [];
  const seen = new Map<string, string>();
  for (const k of list) {
    const lower = k.toLowerCase();
    if (!seen.has(lower)) seen.set(lower, k);
  }
  return [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, k]) => k);
}

/**
 * Whether a statement (whose action already matched) applies. Undefined when it certainly does not,
 * so the common case allocates nothing.
 */
function statementOutcome(s: CompiledStatement, req: Request): Outcome | undefined {
  const ctx = req.context;
  ctx.missing.length = 0;
  let falseIfMissing = false;

  let principal: PrincipalMatch | undefined;
  if (s.principal) {
    let ok = false;
    if (req.principal === undefined) ctx.missing.push(PRINCIPAL_KEY);
    else if (s.principal.negated) ok = !sparedByNotPrincipal(s.principal.matcher, req.principal);
    else {
      principal = matchPrincipal(s.principal.matcher, req.principal);
      ok = principal !== undefined;
    }
    if (!ok) {
      if (ctx.missing.length === 0) return undefined;
      falseIfMissing = true;
    }
    if (s.principal.negated) principal = 'any';
  }

  if (s.resource) {
    const mark = ctx.missing.length;
    if (!resourceMatches(s.resource, req)) {
      if (ctx.missing.length === mark) return undefined;
      falseIfMissing = true;
    }
  }

  for (const c of s.conditions) {
    const mark = ctx.missing.length;
    if (!conditionHolds(c, ctx)) {
      if (ctx.missing.length === mark) return undefined;
      falseIfMissing = true;
    }
  }
  return {
    applies: !falseIfMissing,
    missing: ctx.missing.length > 0 ? ctx.missing.slice() : NONE,
    principal,
  };
}

function resourceMatches(m: ResourceMatcher, req: Request): boolean {
  const value = req.target.value;
  let hit = m.exact.has(value);
  if (!hit) {
    for (const p of m.prefixes) {
      if (value.startsWith(p)) {
        hit = true;
        break;
      }
    }
  }
  const ctx = req.context;
  ctx.unresolved = false;
  if (!hit && m.others.length > 0) {
    const start = ctx.missing.length;
    for (const p of m.others) {
      const mark = ctx.missing.length;
      if (patternMatches(p, req.target, ctx)) {
        hit = true;
        // A match that needed no missing key settles it; forget keys read by patterns tried before.
        if (ctx.missing.length === mark) {
          ctx.missing.length = start;
          break;
        }
      }
    }
  }
  // NotResource with a variable that cannot be resolved: the statement cannot apply.
  if (m.negated && !hit && ctx.unresolved) return false;
  return hit !== m.negated;
}
