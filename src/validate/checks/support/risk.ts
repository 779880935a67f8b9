/** The risk classification of a policy's unconstrained grants, computed once per policy for the risk checks. */

import {
  type ActionGrant,
  allowedBy,
  classifyRisk,
  type RiskClassification,
} from '../../risk/classify-risk.js';
import type { PathStep } from '../../types.js';
import type { CheckContext } from '../define-check.js';
import { unconstrainedGrants, whereActionCovered } from './statements.js';

interface PolicyRisk {
  risk: RiskClassification;
  /** Where an allowed action is granted: the first unconstrained statement that covers it. */
  locate(action: string): { path: PathStep[]; label: string } | undefined;
}

const cache = new WeakMap<CheckContext, PolicyRisk>();

/** Policies repeat (one template copied across stacks): classify each distinct set of grants once. */
const byGrants = new WeakMap<object, Map<string, RiskClassification>>();

function cachedClassification(
  ctx: CheckContext,
  grants: ActionGrant[],
  denied: string[],
): RiskClassification {
  let m = byGrants.get(ctx.data);
  if (!m) {
    m = new Map();
    byGrants.set(ctx.data, m);
  }
  const key = JSON.stringify([grants, denied]);
  let hit = m.get(key);
  if (!hit) {
    hit = classifyRisk(grants, { denied, data: ctx.data });
    if (m.size > 10_000) m.clear();
    m.set(key, hit);
  }
  return hit;
}

export function policyRisk(ctx: CheckContext): PolicyRisk {
  let hit = cache.get(ctx);
  if (!hit) {
    const { grants, denied } = unconstrainedGrants(ctx);
    const input = grants.map((g) =>
      g.actions ? { actions: g.actions } : { notActions: g.notActions ?? [] },
    );
    const risk = cachedClassification(ctx, input, denied);
    // one compiled predicate per grant, to find the first grant of an action without re-matching every pattern
    const allows = input.map((g) => allowedBy([g]));
    const where = new Map<string, { path: PathStep[]; label: string } | undefined>();
    hit = {
      risk,
      locate(action) {
        if (where.has(action)) return where.get(action);
        let found: { path: PathStep[]; label: string } | undefined;
        const i = allows.findIndex((allowed) => allowed(action));
        const g = grants[i];
        if (g) {
          const element = whereActionCovered(g.statement, action);
          if (element) found = { path: element.path, label: g.statement.label };
        }
        where.set(action, found);
        return found;
      },
    };
    cache.set(ctx, hit);
  }
  return hit;
}

/** Group actions by the element that grants them, so that `*` gives one finding, not hundreds. */
export function groupByLocation(
  ctx: CheckContext,
  actions: readonly string[],
): { path: PathStep[]; label: string; actions: string[] }[] {
  const { locate } = policyRisk(ctx);
  const groups = new Map<string, { path: PathStep[]; label: string; actions: string[] }>();
  for (const action of actions) {
    const where = locate(action);
    if (!where) continue;
    const key = where.path.join('\u0001');
    const g = groups.get(key) ?? { ...where, actions: [] };
    g.actions.push(action);
    groups.set(key, g);
  }
  return [...groups.values()];
}
