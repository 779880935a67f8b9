/**
 * Resources that need the same set of actions become one statement. A condition (e.g. `iam:PassRole`
 * with `iam:PassedToService`) is part of the grouping key: conditioned permissions are grouped only with
 * the same condition and never merged into an unconditioned statement, which would widen them.
 */
import type { ConditionBlock } from '../mapping/types.js';
import {
  type Contribution,
  compareText,
  type DraftStatement,
  normalizeCondition,
  sortedUnique,
} from './statement.js';

const SEP = '\u0000';

interface ResourceUse {
  resource: string;
  conditionKey: string;
  condition: ConditionBlock | undefined;
  actions: Set<string>;
  contributions: Contribution[];
}

/** Group contributions into statements: one per (condition, identical action set). Deterministic order. */
export function groupStatements(contributions: readonly Contribution[]): DraftStatement[] {
  const byResource = new Map<string, ResourceUse>();
  for (const c of contributions) {
    const key = c.conditionKey + SEP + c.resource;
    let use = byResource.get(key);
    if (!use) {
      use = {
        resource: c.resource,
        conditionKey: c.conditionKey,
        condition: c.condition,
        actions: new Set(),
        contributions: [],
      };
      byResource.set(key, use);
    }
    use.actions.add(c.action);
    use.contributions.push(c);
  }

  const byActions = new Map<string, DraftStatement>();
  for (const use of byResource.values()) {
    const actions = sortedUnique(use.actions);
    const key = use.conditionKey + SEP + actions.join('\n');
    let statement = byActions.get(key);
    if (!statement) {
      statement = { actions, resources: [], conditionKey: use.conditionKey, contributions: [] };
      if (use.condition && use.conditionKey !== '') statement.condition = normalizeCondition(use.condition);
      byActions.set(key, statement);
    }
    statement.resources.push(use.resource);
    statement.contributions.push(...use.contributions);
  }

  const statements = [...byActions.values()];
  for (const s of statements) s.resources.sort(compareText);
  return statements.sort(
    (a, b) =>
      compareText(a.conditionKey, b.conditionKey) ||
      compareText(a.actions.join('\n'), b.actions.join('\n')) ||
      compareText(a.resources.join('\n'), b.resources.join('\n')),
  );
}
