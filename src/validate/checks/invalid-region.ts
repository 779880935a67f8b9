import { defineCheck } from './define-check.js';
import { isRegionName } from './support/arn.js';
import { conditionUses, withoutVariables } from './support/conditions.js';

/** `aws:RequestedRegion`, and service keys named `Region` (`ec2:Region`, `ssm:Region`, ...). */
function isRegionKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower === 'aws:requestedregion' || (!lower.startsWith('aws:') && lower.endsWith(':region'));
}

export default defineCheck({
  id: 'invalid-region',
  code: 'INVALID_REGION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Condition value is not a Region',
  description:
    'A Region condition key (`aws:RequestedRegion`, `ec2:Region`, ...) holds Region names such as `eu-west-1`; another value never matches. Correct the Region name.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'String' || !isRegionKey(c.key)) continue;
      for (const v of c.values) {
        if (typeof v.value !== 'string' || v.value.includes('${')) continue;
        const text = withoutVariables(v.value);
        if (c.op.wildcards && (text.includes('*') || text.includes('?'))) continue;
        if (isRegionName(v.value)) continue;
        report({
          path: v.path,
          message: `\`${v.value}\` is not a Region name such as \`eu-west-1\`, so it never matches \`${c.key}\`.`,
        });
      }
    }
  },
});
