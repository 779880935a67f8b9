import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';
import { parseCidr } from './support/ip.js';

export default defineCheck({
  id: 'type-mismatch-ip-range',
  code: 'TYPE_MISMATCH_IP_RANGE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'IP address condition value is not an address or CIDR range',
  description:
    'IpAddress and NotIpAddress take IPv4 or IPv6 addresses and CIDR ranges (`203.0.113.0/24`, `2001:db8::/32`); another value is an error. Correct the range.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'IpAddress') continue;
      for (const v of c.values) {
        if (typeof v.value === 'string' && v.value.includes('${')) continue; // invalid-variable-for-operator
        if (
          v.value === null ||
          typeof v.value === 'object' ||
          (typeof v.value === 'string' && parseCidr(v.value) !== undefined)
        )
          continue;
        report({
          path: v.path,
          message: `\`${String(v.value)}\` is not an IP address or CIDR range such as \`203.0.113.0/24\`.`,
        });
      }
    }
  },
});
