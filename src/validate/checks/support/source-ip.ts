/** aws:SourceIp values split into private and public ranges, for the private-address checks. */
import type { CheckContext } from '../define-check.js';
import { type ConditionUse, conditionUses } from './conditions.js';
import { isPrivateRange, parseCidr } from './ip.js';
import { memo } from './memo.js';
import type { Located } from './policy-view.js';

export interface SourceIpUse {
  use: ConditionUse;
  privates: Located<unknown>[];
  publics: number;
}

export function sourceIpUses(ctx: CheckContext, base: 'IpAddress' | 'NotIpAddress'): SourceIpUse[] {
  return memo(ctx, `sourceIpUses:${base}`, () => computeUses(ctx, base));
}

function computeUses(ctx: CheckContext, base: 'IpAddress' | 'NotIpAddress'): SourceIpUse[] {
  const out: SourceIpUse[] = [];
  for (const c of conditionUses(ctx)) {
    if (c.op?.base !== base || c.key.toLowerCase() !== 'aws:sourceip') continue;
    const privates: Located<unknown>[] = [];
    let publics = 0;
    for (const v of c.values) {
      const cidr = typeof v.value === 'string' ? parseCidr(v.value) : undefined;
      if (!cidr) continue;
      if (isPrivateRange(cidr)) privates.push(v);
      else publics++;
    }
    if (privates.length > 0) out.push({ use: c, privates, publics });
  }
  return out;
}
