import paired from './data/paired-condition-keys.json' with { type: 'json' };
import { defineCheck } from './define-check.js';
import { conditionKeysOf } from './support/statements.js';

export default defineCheck({
  id: 'missing-paired-condition-keys',
  code: 'MISSING_PAIRED_CONDITION_KEYS',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'Condition key used without the key it must be paired with',
  description:
    'Some keys are only meaningful beside another: a private IP address (`aws:VpcSourceIp`) is only unique inside one VPC, so without `aws:SourceVpc` the condition matches that address in every VPC. Add the companion key.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      const keys = conditionKeysOf(st);
      for (const pair of paired.pairs) {
        if (!keys.has(pair.key.toLowerCase())) continue;
        if (pair.requiresOneOf.some((k) => keys.has(k.toLowerCase()))) continue;
        const use = st.conditions.find((c) => c.key.toLowerCase() === pair.key.toLowerCase());
        if (!use) continue;
        report({
          path: use.keyPath,
          key: true,
          message: `\`${use.key}\` is used without ${pair.requiresOneOf.map((k) => `\`${k}\``).join(' or ')}: ${pair.why}, so the condition matches in any of them. Add the companion key.`,
        });
      }
    }
  },
});
