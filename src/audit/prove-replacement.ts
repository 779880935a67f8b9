/**
 * The replacement policy, proven by the engine against what was granted:
 *
 * 1. containment: every (action, resource) of every statement is allowed by the granted policy set. A concrete
 *    ARN is evaluated as a request (with the statement's own conditions as the request's facts); a pattern must
 *    also be covered whole by an allowing statement of each policy kind (identity, boundary), and touched by no
 *    Deny statement. A generalised resource the grants do not contain is narrowed to the resources observed
 *    under it, each proven on its own; an observed resource the grants do not allow either is left out and
 *    reported. Nothing is ever widened.
 * 2. replay: every observed successful permission is allowed by the result.
 */

import { compilePolicy, evaluate, type RequestContext } from '../evaluate/index.js';
import type { ConditionBlock } from '../mapping/types.js';
import { unescapeIamLiteral } from '../policy/literal.js';
import { parsePolicy } from '../policy/parse.js';
import { asArray, type PolicyDocument, type PolicyStatement } from '../policy/types.js';
import { hasWildcard, patternContains, patternsIntersect } from './arn-pattern.js';
import type { PrincipalPolicies } from './policy-set.js';
import type { GrantSource, ReplacementProof } from './types.js';

/** One observed successful (action, resource), with the condition facts it carried. */
export interface ObservedPermission {
  action: string;
  resource: string;
  condition?: ConditionBlock;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** A statement's conditions, read as facts of the request (as leastpriv emits them: StringEquals of what was seen). */
export function conditionContext(
  condition: PolicyStatement['Condition'] | ConditionBlock | undefined,
): RequestContext | undefined {
  if (!condition) return undefined;
  const context: Record<string, string | string[]> = {};
  for (const keys of Object.values(condition)) {
    for (const [key, values] of Object.entries(keys)) {
      const list = asArray(values as string | string[]).map(String);
      context[key] = list.length === 1 ? list[0]! : list;
    }
  }
  return context;
}

export type PairVerdict = { ok: true; allowedBy: GrantSource[] } | { ok: false; reason: string };

/** Is every request for this action on every resource the pattern names allowed by the granted set? */
export function pairContained(
  policies: PrincipalPolicies,
  action: string,
  resource: string,
  context: RequestContext | undefined,
): PairVerdict {
  const res = policies.evaluate(action, resource, context);
  if (res.decision === 'ExplicitDeny') return { ok: false, reason: 'explicitly denied' };
  if (res.decision === 'ImplicitDeny') {
    const byBoundary =
      res.notAllowedBy.includes('permissions-boundary') && !res.notAllowedBy.includes('identity');
    return { ok: false, reason: byBoundary ? 'the permissions boundary does not allow it' : 'not granted' };
  }
  if (res.dependsOn.length > 0)
    return { ok: false, reason: `granted only depending on ${res.dependsOn.join(', ')}` };
  const allows = res.matched.filter((m) => m.effect === 'Allow');
  const allowedBy: GrantSource[] = [];
  for (const m of allows) {
    const p = policies.policy(m.policy);
    if (p) allowedBy.push(policies.source(p, { path: m.path, sid: m.sid }));
  }
  if (!hasWildcard(resource)) return { ok: true, allowedBy };

  // A pattern: some allowing statement of each kind must cover all of it, and no Deny may touch it.
  const kinds: ('identity' | 'permissions-boundary')[] = policies.boundary
    ? ['identity', 'permissions-boundary']
    : ['identity'];
  for (const kind of kinds) {
    const covered = allows
      .filter((m) => m.policyType === kind)
      .some((m) => {
        const p = policies.policy(m.policy);
        const st = p ? policies.statement(p, m.statementIndex) : undefined;
        if (!st) return false;
        const { negated, patterns } = policies.resources(st);
        return negated
          ? !patterns.some((x) => patternsIntersect(x, resource))
          : patterns.some((x) => patternContains(x, resource));
      });
    if (!covered)
      return {
        ok: false,
        reason: `the ${kind === 'identity' ? 'granted policies allow' : 'permissions boundary allows'} only part of it`,
      };
  }
  for (const { policy, statement } of policies.statementsFor(action)) {
    if (statement.effect !== 'Deny') continue;
    const st = policies.statement(policy, statement.index);
    if (!st) continue;
    const { negated, patterns } = policies.resources(st);
    const touches = negated
      ? !patterns.some((x) => patternContains(x, resource))
      : patterns.some((x) => patternsIntersect(x, resource));
    if (touches) return { ok: false, reason: `${policy.name} ${st.path} denies part of it` };
  }
  return { ok: true, allowedBy };
}

function key(action: string, resource: string): string {
  return `${action.toLowerCase()}\u0000${resource}`;
}

export interface ProveResult {
  policy: PolicyDocument | null;
  proof: ReplacementProof;
}

/** Narrow and prove a candidate policy against the granted set, then replay the observations through it. */
export function proveReplacement(
  candidate: PolicyDocument,
  policies: PrincipalPolicies,
  observed: readonly ObservedPermission[],
): ProveResult {
  const narrowed: ReplacementProof['narrowed'] = [];
  /** Left out, by the candidate's (action, resource) they fall under; `raw` holds the observed pairs. */
  const excluded = new Map<string, { action: string; resource: string; reason: string; observed: number }>();
  const raw = new Set<string>();
  const exclude = (
    action: string,
    candidate: string,
    observedResource: string | undefined,
    reason: string,
  ) => {
    const k = key(action, candidate);
    const e = excluded.get(k) ?? { action, resource: candidate, reason, observed: 0 };
    if (observedResource !== undefined) {
      const rk = key(action, observedResource);
      if (!raw.has(rk)) {
        raw.add(rk);
        e.observed++;
      }
    }
    excluded.set(k, e);
  };
  /** The candidate resource an observed one falls under. */
  const candidateOf = (action: string, resource: string): string => {
    for (const st of candidate.Statement) {
      if (!asArray(st.Action).some((a) => a.toLowerCase() === action.toLowerCase())) continue;
      for (const r of asArray(st.Resource)) if (r === resource || patternContains(r, resource)) return r;
    }
    return resource;
  };
  const observedByAction = new Map<string, ObservedPermission[]>();
  for (const o of observed) {
    const k = o.action.toLowerCase();
    observedByAction.set(k, [...(observedByAction.get(k) ?? []), o]);
  }

  const statements: PolicyStatement[] = [];
  for (const st of candidate.Statement) {
    const actions = asArray(st.Action);
    const resources = asArray(st.Resource);
    if (
      st.Effect !== 'Allow' ||
      actions.length === 0 ||
      resources.length === 0 ||
      st.NotAction ||
      st.NotResource
    ) {
      // leastpriv only generates Allow/Action/Resource statements; anything else cannot be proven here.
      for (const a of actions) exclude(a, resources.join(', '), undefined, 'statement shape not supported');
      continue;
    }
    const context = conditionContext(st.Condition);
    const kept = new Map<string, Set<string>>();
    const keep = (resource: string, action: string) => {
      let set = kept.get(resource);
      if (!set) {
        set = new Set();
        kept.set(resource, set);
      }
      set.add(action);
    };
    let changed = false;
    for (const r of resources) {
      for (const a of actions) {
        const v = pairContained(policies, a, r, context);
        if (v.ok) {
          keep(r, a);
          continue;
        }
        changed = true;
        const under = (observedByAction.get(a.toLowerCase()) ?? []).filter(
          (o) => o.resource === r || patternContains(r, o.resource),
        );
        const to: string[] = [];
        for (const o of under) {
          if (o.resource === r && hasWildcard(r)) {
            exclude(a, r, o.resource, v.reason);
            continue;
          }
          const w = pairContained(policies, a, o.resource, conditionContext(o.condition) ?? context);
          if (w.ok) {
            keep(o.resource, a);
            to.push(o.resource);
          } else exclude(a, r, o.resource, w.reason);
        }
        if (under.length === 0) exclude(a, r, undefined, v.reason);
        else if (to.length > 0) narrowed.push({ action: a, from: r, to: [...new Set(to)].sort() });
      }
    }
    if (!changed) {
      statements.push(st);
      continue;
    }
    // Regroup the kept pairs: resources sharing the same actions form one statement.
    const groups = new Map<string, { actions: string[]; resources: string[] }>();
    for (const [resource, set] of kept) {
      const list = [...set].sort();
      const k = list.join(',');
      const g = groups.get(k) ?? { actions: list, resources: [] };
      g.resources.push(resource);
      groups.set(k, g);
    }
    const ordered = [...groups.values()].sort(
      (a, b) => b.actions.length - a.actions.length || (a.actions[0]! < b.actions[0]! ? -1 : 1),
    );
    ordered.forEach((g, i) => {
      const out: PolicyStatement = {
        Effect: 'Allow',
        Action: g.actions.length === 1 ? g.actions[0]! : g.actions,
        Resource: g.resources.length === 1 ? g.resources[0]! : g.resources.sort(),
      };
      if (st.Sid) out.Sid = i === 0 ? st.Sid : `${st.Sid}${i + 1}`;
      if (st.Condition) out.Condition = st.Condition;
      statements.push(out.Sid ? { Sid: out.Sid, ...out } : out);
    });
  }

  const policy: PolicyDocument | null =
    statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : null;

  // The proof, checked again on the final document rather than trusted from the construction above.
  const failures: ReplacementProof['failures'] = [];
  let checkedPairs = 0;
  for (const st of policy?.Statement ?? []) {
    const context = conditionContext(st.Condition);
    for (const r of asArray(st.Resource)) {
      for (const a of asArray(st.Action)) {
        checkedPairs++;
        const v = pairContained(policies, a, r, context);
        if (!v.ok)
          failures.push({
            action: a,
            resource: r,
            reason: `not contained in the granted policies: ${v.reason}`,
          });
      }
    }
  }
  let observedChecked = 0;
  if (policy) {
    const compiled = compilePolicy(parsePolicy(policy, { source: 'replacement' }).policy, 'identity');
    for (const o of observed) {
      observedChecked++;
      if (raw.has(key(o.action, o.resource))) continue;
      const ctx = conditionContext(o.condition);
      const res = evaluate(
        {
          principal: policies.principal.arn,
          action: o.action,
          resource: unescapeIamLiteral(o.resource),
          context: policies.context(ctx),
        },
        { identity: [compiled] },
      );
      if (res.decision !== 'Allowed' || res.dependsOn.length > 0) {
        // Observed but neither contained nor narrowed: the grants do not allow it either.
        const g = pairContained(policies, o.action, o.resource, ctx);
        if (!g.ok) exclude(o.action, candidateOf(o.action, o.resource), o.resource, g.reason);
        else
          failures.push({
            action: o.action,
            resource: o.resource,
            reason: 'the replacement denies an observed call',
          });
      }
    }
  } else {
    for (const o of observed) {
      observedChecked++;
      if (!raw.has(key(o.action, o.resource))) {
        const g = pairContained(policies, o.action, o.resource, conditionContext(o.condition));
        exclude(o.action, candidateOf(o.action, o.resource), o.resource, g.ok ? 'no statement' : g.reason);
      }
    }
  }
  const excludedList = [...excluded.values()].sort((a, b) =>
    a.action + a.resource < b.action + b.resource ? -1 : 1,
  );
  return {
    policy,
    proof: {
      contained: failures.every((f) => !f.reason.startsWith('not contained')),
      allowsObserved:
        excludedList.length === 0 && failures.every((f) => f.reason.startsWith('not contained')),
      checkedPairs,
      observedChecked,
      narrowed,
      excluded: excludedList,
      failures,
    },
  };
}
