import { defineCheck } from './define-check.js';
import { sourceIpUses } from './support/source-ip.js';

export default defineCheck({
  id: 'private-ip-address-subset',
  code: 'PRIVATE_IP_ADDRESS_SUBSET',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: '`aws:SourceIp` mixes private and public ranges under IpAddress',
  description:
    '`aws:SourceIp` never holds a private address, so the private ranges in the list never match. Remove them, or express them with `aws:VpcSourceIp` and `aws:SourceVpc` in a statement of their own.',
  check(ctx, report) {
    for (const { privates, publics } of sourceIpUses(ctx, 'IpAddress')) {
      if (publics === 0) continue;
      for (const v of privates) {
        report({
          path: v.path,
          message: `\`${String(v.value)}\` is a private range, which \`aws:SourceIp\` never holds, so it would never match; remove it or use \`aws:VpcSourceIp\`.`,
        });
      }
    }
  },
});
