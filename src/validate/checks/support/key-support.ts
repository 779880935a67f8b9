/**
 * Which actions of a statement a service condition key applies to: the key is only in the request
 * context of actions whose data lists it (on the action or on its resource types).
 */
import type { ActionInfo } from '../../../mapping/service-data.js';
import type { CheckContext } from '../define-check.js';
import { type ConditionUse, conditionUses } from './conditions.js';
import { memo } from './memo.js';
import { isFederationKeyPrefix } from './service-index.js';

export interface KeySupport {
  use: ConditionUse;
  /** Action values of the statement the key applies to / does not apply to. */
  supported: string[];
  unsupported: string[];
  /** Actions of the key's service that do take it, for the message. */
  examples: string[];
}

const examplesCache = new WeakMap<object, Map<string, string[]>>();

function examplesFor(ctx: CheckContext, key: string, owner: string): string[] {
  let byKey = examplesCache.get(ctx.index);
  if (!byKey) {
    byKey = new Map();
    examplesCache.set(ctx.index, byKey);
  }
  const lower = key.toLowerCase();
  let list = byKey.get(lower);
  if (!list) {
    list = ctx.data
      .actions(owner)
      .filter((a) => ctx.index.actionSupportsKey(a, key))
      .map((a) => a.action)
      .sort();
    byKey.set(lower, list);
  }
  return list;
}

/**
 * For each service-specific key in a statement with an Action list (IfExists aside: the author expects it
 * to be absent), which of the statement's actions take it. Keys no action of their service takes are left
 * out: the data does not say where they apply.
 */
export function keySupport(ctx: CheckContext): KeySupport[] {
  return memo(ctx, 'keySupport', () => computeKeySupport(ctx));
}

function computeKeySupport(ctx: CheckContext): KeySupport[] {
  const out: KeySupport[] = [];
  for (const use of conditionUses(ctx)) {
    const st = use.statement;
    if (!st.actions || st.actions.length === 0 || !use.op || use.op.ifExists) continue;
    const colon = use.key.indexOf(':');
    if (colon <= 0) continue;
    const prefix = use.key.slice(0, colon).toLowerCase();
    if (prefix === 'aws') continue;
    if (!ctx.index.conditionKey(use.key)) continue;
    const owner = isFederationKeyPrefix(prefix) ? 'sts' : prefix;
    const examples = examplesFor(ctx, use.key, owner);
    if (examples.length === 0) continue;
    const supported: string[] = [];
    const unsupported: string[] = [];
    for (const a of st.actions) {
      const matched: readonly ActionInfo[] = ctx.index.matchActions(a.value);
      if (matched.length === 0) continue;
      if (matched.some((m) => ctx.index.actionSupportsKey(m, use.key))) supported.push(a.value);
      else unsupported.push(a.value);
    }
    if (unsupported.length > 0) out.push({ use, supported, unsupported, examples });
  }
  return out;
}
