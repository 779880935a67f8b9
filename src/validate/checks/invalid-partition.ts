import partitions from './data/partitions.json' with { type: 'json' };
import { defineCheck } from './define-check.js';
import { isVariableField } from './support/arn.js';
import { closest, didYouMean } from './support/did-you-mean.js';
import { analyzeResource, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'invalid-partition',
  code: 'INVALID_PARTITION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'The partition of an ARN does not exist',
  description:
    'The second field of an ARN is the partition: `aws`, `aws-cn`, `aws-us-gov` and the isolated partitions. In templates use `${AWS::Partition}`. Correct the partition.',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const a = analyzeResource(r.value);
      if (a.kind !== 'arn' || isVariableField(a.arn.partition)) continue;
      if (partitions.partitions.includes(a.arn.partition)) continue;
      report({
        path: r.path,
        message: `\`${a.arn.partition}\` in \`${r.value}\` is not an AWS partition${didYouMean(closest(a.arn.partition, partitions.partitions))}`,
      });
    }
  },
});
