import { defineCheck } from './define-check.js';
import { sourceIpUses } from './support/source-ip.js';

export default defineCheck({
  id: 'private-ip-address',
  code: 'PRIVATE_IP_ADDRESS',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: '`aws:SourceIp` with only private ranges under IpAddress',
  description:
    '`aws:SourceIp` holds the public address a request comes from; requests through a VPC endpoint carry no `aws:SourceIp` at all. A condition that lists only private ranges therefore never matches. Use `aws:VpcSourceIp` together with `aws:SourceVpc` for addresses inside a VPC.',
  check(ctx, report) {
    for (const { use, publics } of sourceIpUses(ctx, 'IpAddress')) {
      if (publics > 0) continue;
      report({
        path: use.keyPath,
        message: `\`aws:SourceIp\` lists only private ranges, which it never holds, so this condition never matches; use \`aws:VpcSourceIp\` with \`aws:SourceVpc\`.`,
      });
    }
  },
});
