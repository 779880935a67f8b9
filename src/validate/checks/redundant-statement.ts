import { defineCheck } from './define-check.js';
import type { Located, StatementView } from './support/policy-view.js';
import { wildcardCovers } from './support/wildcard.js';

/** JSON with sorted keys and sorted, de-duplicated arrays of strings: equal when IAM reads them the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) {
    const items = v.map((x) => (typeof x === 'string' ? JSON.stringify(x) : canonical(x)));
    return `[${[...new Set(items)].sort().join(',')}]`;
  }
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return typeof v === 'string' ? canonical([v]) : JSON.stringify(v);
}

function covers(
  a: Located<string>[] | undefined,
  b: Located<string>[] | undefined,
  ignoreCase: boolean,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return b.every((x) => a.some((y) => wildcardCovers(y.value, x.value, ignoreCase)));
}

/** Does statement `a` grant (or deny) everything statement `b` does? */
function subsumes(a: StatementView, b: StatementView): boolean {
  if (!a.raw || !b.raw || a.effect === undefined || a.effect !== b.effect) return false;
  if (!a.actions || !b.actions || b.actions.length === 0) return false;
  if (a.notResources || b.notResources) return false;
  if (canonical(a.raw.Principal ?? null) !== canonical(b.raw.Principal ?? null)) return false;
  if (canonical(a.raw.NotPrincipal ?? null) !== canonical(b.raw.NotPrincipal ?? null)) return false;
  if (a.hasCondition && canonical(a.raw.Condition) !== canonical(b.raw.Condition)) return false;
  return covers(a.actions, b.actions, true) && covers(a.resources, b.resources, false);
}

export default defineCheck({
  id: 'redundant-statement',
  code: 'REDUNDANT_STATEMENT',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Statement already covered by another statement',
  description:
    'Another statement with the same effect and principals already covers every action and resource of this one, under the same condition or none. The statement adds nothing; remove it.',
  check(ctx, report) {
    const list = ctx.statements;
    list.forEach((b, j) => {
      const a = list.find((x, i) => i !== j && subsumes(x, b) && !(i > j && subsumes(b, x)));
      if (!a) return;
      report({
        path: b.path,
        message: `The ${b.label} adds nothing: the ${a.label} already covers its actions and resources; remove it.`,
      });
    });
  },
});
