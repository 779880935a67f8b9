import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'missing-tag-key-in-condition',
  code: 'MISSING_TAG_KEY_IN_CONDITION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Tag condition key without the tag key',
  description:
    'Keys such as `aws:ResourceTag/${TagKey}`, `aws:RequestTag/${TagKey}` and `aws:PrincipalTag/${TagKey}` need the name of the tag after the slash (`aws:ResourceTag/team`). Without it the key is never in the request. Add the tag key.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (ctx.index.conditionKey(c.key)) continue;
      const pattern = ctx.index.patternMissingSuffix(c.key);
      if (!pattern) continue;
      const base = c.key.replace(/\/$/, '');
      report({
        path: c.keyPath,
        key: true,
        message: `\`${c.key}\` needs the tag key after the slash (\`${pattern}\`), for example \`${base}/team\`.`,
      });
    }
  },
});
