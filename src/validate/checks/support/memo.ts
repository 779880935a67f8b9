/**
 * Per-policy memory for the helpers that several checks share (actionValues, conditionUses, ...): each is
 * computed once per policy, however many checks ask.
 */
import type { CheckContext } from '../define-check.js';

export function memo<T>(ctx: CheckContext, key: string, compute: () => T): T {
  const hit = ctx.cache.get(key);
  if (hit !== undefined) return hit as T;
  const value = compute();
  ctx.cache.set(key, value);
  return value;
}
