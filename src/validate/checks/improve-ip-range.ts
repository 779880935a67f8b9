import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';
import { hasHostBits, networkOf, parseCidr } from './support/ip.js';

export default defineCheck({
  id: 'improve-ip-range',
  code: 'IMPROVE_IP_RANGE',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'CIDR range with host bits set',
  description:
    'In `10.0.0.1/24` the bits after the prefix are ignored, so the range is `10.0.0.0/24`; writing it so shows what is really allowed. Write the network address.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'IpAddress') continue;
      for (const v of c.values) {
        if (typeof v.value !== 'string' || !v.value.includes('/')) continue;
        const cidr = parseCidr(v.value);
        if (!cidr || !hasHostBits(cidr)) continue;
        report({
          path: v.path,
          message: `\`${v.value}\` has address bits beyond its prefix; the range it covers is \`${networkOf(cidr)}\`, write that.`,
        });
      }
    }
  },
});
