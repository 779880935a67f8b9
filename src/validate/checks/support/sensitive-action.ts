/**
 * How an Allow statement reaches a sensitive action (iam:PassRole, iam:CreateServiceLinkedRole) on every
 * resource: through the action named (or a wildcard), `*`, or NotAction; on `Resource: "*"` or NotResource.
 * The six combinations are six Access Analyzer codes per action.
 */
import type { PathStep } from '../../types.js';
import type { CheckContext } from '../define-check.js';
import { memo } from './memo.js';
import type { StatementView } from './policy-view.js';
import { actionPatternCovers, conditionKeysOf, hasStarResource, isStarAction } from './statements.js';

export type Variant =
  | 'star-in-resource'
  | 'star-in-action-and-resource'
  | 'notresource'
  | 'star-in-action-and-notresource'
  | 'notaction-and-notresource'
  | 'star-in-resource-and-notaction';

export interface SensitiveGrant {
  statement: StatementView;
  variant: Variant;
  path: PathStep[];
  /** The Action value that reaches it (or `NotAction`). */
  via: string;
}

export function sensitiveGrants(
  ctx: CheckContext,
  action: string,
  exemptKeys: readonly string[],
): SensitiveGrant[] {
  return memo(ctx, `sensitiveGrants:${action}`, () => computeGrants(ctx, action, exemptKeys));
}

function computeGrants(ctx: CheckContext, action: string, exemptKeys: readonly string[]): SensitiveGrant[] {
  const out: SensitiveGrant[] = [];
  for (const st of ctx.statements) {
    if (st.effect !== 'Allow') continue;
    const keys = conditionKeysOf(st);
    if (exemptKeys.some((k) => keys.has(k.toLowerCase()))) continue;
    let actionKind: 'star' | 'named' | 'notaction' | undefined;
    let path: PathStep[] = [];
    let via = '';
    const star = st.actions?.find((a) => isStarAction(a.value));
    const named = st.actions?.find((a) => !isStarAction(a.value) && actionPatternCovers(a.value, action));
    if (star) [actionKind, path, via] = ['star', star.path, star.value];
    else if (named) [actionKind, path, via] = ['named', named.path, named.value];
    else if (st.notActions && !st.notActions.some((a) => actionPatternCovers(a.value, action))) {
      [actionKind, path, via] = ['notaction', [...st.path, 'NotAction'], 'NotAction'];
    }
    if (!actionKind) continue;
    let resourceKind: 'star' | 'notresource' | undefined;
    if (hasStarResource(st)) resourceKind = 'star';
    else if (st.notResources && !st.notResources.some((r) => r.value === '*')) resourceKind = 'notresource';
    if (!resourceKind) continue;
    const variant: Variant =
      actionKind === 'named'
        ? resourceKind === 'star'
          ? 'star-in-resource'
          : 'notresource'
        : actionKind === 'star'
          ? resourceKind === 'star'
            ? 'star-in-action-and-resource'
            : 'star-in-action-and-notresource'
          : resourceKind === 'star'
            ? 'star-in-resource-and-notaction'
            : 'notaction-and-notresource';
    out.push({ statement: st, variant, path, via });
  }
  return out;
}
