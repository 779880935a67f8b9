/**
 * Tag condition keys (`aws:ResourceTag/...`, `aws:RequestTag/...`, `aws:TagKeys`) in statements whose
 * actions belong to services that do not support them: for those services the key is never present.
 */
import type { CheckContext } from '../define-check.js';
import { memo } from './memo.js';
import type { ConditionEntry, StatementView } from './policy-view.js';
import { tagKeyBase } from './service-index.js';
import { hasWildcard } from './wildcard.js';

export interface TagKeyGap {
  statement: StatementView;
  use: ConditionEntry;
  /** Services of the statement's actions that do not support the key (Action form only). */
  services: string[];
}

export function tagKeyGaps(
  ctx: CheckContext,
  effect: 'Allow' | 'Deny',
  form: 'Action' | 'NotAction',
): TagKeyGap[] {
  return memo(ctx, `tagKeyGaps:${effect}:${form}`, () => computeGaps(ctx, effect, form));
}

function computeGaps(ctx: CheckContext, effect: 'Allow' | 'Deny', form: 'Action' | 'NotAction'): TagKeyGap[] {
  const out: TagKeyGap[] = [];
  for (const st of ctx.statements) {
    if (st.effect !== effect) continue;
    const list = form === 'Action' ? st.actions : st.notActions;
    if (!list) continue;
    for (const use of st.conditions) {
      // A missing key makes negated and IfExists operators true and Null meaningful: they do apply.
      if (!use.op || use.op.negated || use.op.ifExists || use.op.base === 'Null') continue;
      const base = tagKeyBase(use.key);
      if (!base) continue;
      if (form === 'NotAction') {
        out.push({ statement: st, use, services: [] });
        continue;
      }
      const services = new Set<string>();
      for (const a of list) {
        const colon = a.value.indexOf(':');
        if (colon <= 0) continue;
        const service = a.value.slice(0, colon).toLowerCase();
        if (hasWildcard(service) || !ctx.index.hasService(service)) continue;
        if (!ctx.index.serviceTagKeys(service).has(base)) services.add(service);
      }
      if (services.size > 0) out.push({ statement: st, use, services: [...services].sort() });
    }
  }
  return out;
}
