/**
 * Per-request identifiers folded as they are seen: every observed resource that a generalisation rule
 * (data/generalize.json) applies to joins one usage entry per generalisation group (scope, action, resource
 * type, and the resource with its per-request part marked), instead of one entry per object key, log stream
 * or execution id. Memory and work then grow with the groups, not with the events, whatever the trail holds.
 *
 * The folded entry keeps the smallest `FOLD_KEEP_LIMIT` distinct resources it stands for (for the evidence
 * count and for the replay) and, for `common-prefix` rules, the longest common start of every value seen.
 * Synthesis generalises a folded entry exactly as it would have generalised its resources one by one
 * (generalize-resources.ts): folding changes what is kept, never the policy.
 */
import {
  commonStart,
  type GeneralizationPlan,
  literalHead,
  prefixPattern,
} from '../synthesize/generalize-resources.js';
import type { FoldedResources, UsedPermission } from './usage.js';

/** Distinct resources kept per folded entry; beyond it the evidence says "more than" and replay checks the pattern. */
export const FOLD_KEEP_LIMIT = 64;

/** The `used` map key of the folded entry a resource joins (exact keys start with an action, never U+0001). */
export function foldKey(plan: GeneralizationPlan, action: string, conditionKey: string): string {
  const p = plan.prefix;
  const group = p
    ? `p\u0000${p.rule.service}\u0000${p.rule.resourceType}\u0000${p.base}`
    : `w\u0000${plan.resource}`;
  return `\u0001${conditionKey}\u0000${action}\u0000${group}`;
}

/** The folded state of a new entry for `resource`, and the resource the entry shows. */
export function newFolded(
  plan: GeneralizationPlan,
  resource: string,
): { folded: FoldedResources; shown: string } {
  const folded: FoldedResources = { resources: [resource], more: false };
  const p = plan.prefix;
  if (p) {
    folded.prefix = { base: p.base, separator: p.rule.separator ?? '/', head: literalHead(p.value) };
    return { folded, shown: p.base.split('\u0000').join(p.value) };
  }
  return { folded, shown: plan.resource };
}

/** Insert into a sorted list kept to the smallest `FOLD_KEEP_LIMIT`; false when it did not fit. */
function insertKept(list: string[], value: string): boolean {
  // Past the limit most new values sort after the kept ones: one comparison says so.
  if (list.length === FOLD_KEEP_LIMIT && value > (list[FOLD_KEEP_LIMIT - 1] as string)) return false;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] === value) return true;
  if (list.length < FOLD_KEEP_LIMIT) {
    list.splice(lo, 0, value);
    return true;
  }
  if (lo >= list.length) return false;
  list.splice(lo, 0, value);
  list.pop();
  return false;
}

/** The resource a folded entry shows once it stands for several values: the pattern covering them all. */
function refresh(entry: UsedPermission, folded: FoldedResources): void {
  const p = folded.prefix;
  if (!p || (folded.resources.length === 1 && !folded.more)) return;
  entry.resource = prefixPattern(p.base, p.head, p.separator);
}

/**
 * One more observed resource for a folded entry, with the value of its plan's `common-prefix` rule
 * (undefined when the plan has none).
 */
export function addFoldedResource(entry: UsedPermission, resource: string, value: string | undefined): void {
  const folded = entry.folded as FoldedResources;
  const single = folded.resources.length === 1 && !folded.more;
  if (!insertKept(folded.resources, resource)) folded.more = true;
  let changed = single && (folded.resources.length > 1 || folded.more);
  const p = folded.prefix;
  if (p && value !== undefined) {
    const head = commonStart(p.head, literalHead(value));
    if (head.length !== p.head.length) {
      p.head = head;
      changed = true;
    }
  }
  if (changed) refresh(entry, folded);
}

/** Merge the folded state of `from` into `into` (same key). */
export function mergeFolded(into: UsedPermission, from: FoldedResources): void {
  const folded = into.folded as FoldedResources;
  for (const r of from.resources) if (!insertKept(folded.resources, r)) folded.more = true;
  if (from.more) folded.more = true;
  if (folded.prefix && from.prefix) folded.prefix.head = commonStart(folded.prefix.head, from.prefix.head);
  refresh(into, folded);
}

export function cloneFolded(f: FoldedResources): FoldedResources {
  const out: FoldedResources = { resources: [...f.resources], more: f.more };
  if (f.prefix) out.prefix = { ...f.prefix };
  return out;
}
