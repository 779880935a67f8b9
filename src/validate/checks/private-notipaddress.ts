import { defineCheck } from './define-check.js';
import { sourceIpUses } from './support/source-ip.js';

export default defineCheck({
  id: 'private-notipaddress',
  code: 'PRIVATE_NOTIPADDRESS',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: '`aws:SourceIp` with only private ranges under NotIpAddress',
  description:
    '`aws:SourceIp` never holds a private address, so NotIpAddress with only private ranges matches every request and excludes nothing. Use `aws:VpcSourceIp` together with `aws:SourceVpc` for addresses inside a VPC.',
  check(ctx, report) {
    for (const { use, publics } of sourceIpUses(ctx, 'NotIpAddress')) {
      if (publics > 0) continue;
      report({
        path: use.keyPath,
        message: `\`aws:SourceIp\` lists only private ranges, which it never holds, so \`NotIpAddress\` matches every request; use \`aws:VpcSourceIp\` with \`aws:SourceVpc\`.`,
      });
    }
  },
});
