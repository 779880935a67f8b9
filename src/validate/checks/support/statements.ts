/** Small questions checks ask about statements, answered the same way everywhere. */
import type { CheckContext, Report } from '../define-check.js';
import { memo } from './memo.js';
import type { ConditionEntry, Located, StatementView } from './policy-view.js';
import { wildcardMatch } from './wildcard.js';

export const TOP_LEVEL_ELEMENTS = ['Version', 'Id', 'Statement'] as const;
export const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;
export const PRINCIPAL_TYPES = ['AWS', 'CanonicalUser', 'Federated', 'Service'] as const;

/** `*` or `*:*`: every action of every service. */
export function isStarAction(value: string): boolean {
  return value === '*' || value === '*:*';
}

/** Does an Action pattern name the action (case-insensitive, wildcards)? */
export function actionPatternCovers(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

/** Does the statement's Action or NotAction take in this action? */
export function statementCoversAction(st: StatementView, action: string): boolean {
  if (st.actions) return st.actions.some((a) => actionPatternCovers(a.value, action));
  if (st.notActions) return !st.notActions.some((a) => actionPatternCovers(a.value, action));
  return false;
}

/** The element value that takes in the action: an Action entry, or the NotAction element. */
export function whereActionCovered(st: StatementView, action: string): Located<string> | undefined {
  if (st.actions) return st.actions.find((a) => actionPatternCovers(a.value, action));
  if (st.notActions && !st.notActions.some((a) => actionPatternCovers(a.value, action))) {
    return { value: 'NotAction', path: [...st.path, 'NotAction'] };
  }
  return undefined;
}

export function hasStarResource(st: StatementView): boolean {
  return st.resources?.some((r) => r.value === '*') ?? false;
}

/** Lower-cased condition keys used anywhere in the statement. */
export function conditionKeysOf(st: StatementView): Set<string> {
  return new Set(st.conditions.map((c) => c.key.toLowerCase()));
}

/** Is there a key of this name (any case) in the object, other than the exact spelling? */
export function hasOtherCase(obj: Record<string, unknown> | undefined, name: string): boolean {
  if (!obj) return false;
  const lower = name.toLowerCase();
  return Object.keys(obj).some((k) => k !== name && k.toLowerCase() === lower);
}

/**
 * Statements that grant without resource or condition constraints (Allow, `Resource: "*"` or NotResource,
 * no Condition), and the patterns denied everywhere: the input of the risk classifier.
 */
export function unconstrainedGrants(ctx: CheckContext): {
  grants: { statement: StatementView; actions?: string[]; notActions?: string[] }[];
  denied: string[];
} {
  const grants: { statement: StatementView; actions?: string[]; notActions?: string[] }[] = [];
  const denied: string[] = [];
  for (const st of ctx.statements) {
    const unconstrained = !st.hasCondition && (hasStarResource(st) || st.notResources !== undefined);
    if (!unconstrained) continue;
    if (st.effect === 'Allow') {
      if (st.actions) grants.push({ statement: st, actions: st.actions.map((a) => a.value) });
      else if (st.notActions) grants.push({ statement: st, notActions: st.notActions.map((a) => a.value) });
    } else if (st.effect === 'Deny' && hasStarResource(st) && st.actions) {
      denied.push(...st.actions.map((a) => a.value));
    }
  }
  return { grants, denied };
}

/** `a`, `a and b`, `a, b and 3 more` with backticks: never the whole list. */
export function listSome(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).map((i) => `\`${i}\``);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export interface EmptyConditionArray {
  entry: ConditionEntry;
  kind: 'ForAllValues' | 'ForAnyValue' | 'IfExists' | 'plain';
}

/** Condition keys whose value is an empty array, with the variant that decides what that means. */
export function emptyConditionArrays(ctx: CheckContext): EmptyConditionArray[] {
  return memo(ctx, 'emptyConditionArrays', () => {
    const out: EmptyConditionArray[] = [];
    for (const st of ctx.statements) {
      for (const c of st.conditions) {
        if (!Array.isArray(c.raw) || c.raw.length > 0 || !c.op) continue;
        out.push({ entry: c, kind: c.op.qualifier ?? (c.op.ifExists ? 'IfExists' : 'plain') });
      }
    }
    return out;
  });
}

/** Reports every statement whose Sid an earlier statement of the policy already has. */
export function reportDuplicateSids(ctx: CheckContext, report: Report): void {
  const seen = new Map<string, string>();
  for (const st of ctx.statements) {
    const sid = st.sid;
    if (!sid || sid.value === '') continue;
    const first = seen.get(sid.value);
    if (first === undefined) {
      seen.set(
        sid.value,
        st.index === undefined ? 'the statement' : `the statement at Statement[${st.index}]`,
      );
      continue;
    }
    report({
      path: sid.path,
      message: `Sid \`${sid.value}\` is also used by ${first}; give each statement its own Sid.`,
    });
  }
}
