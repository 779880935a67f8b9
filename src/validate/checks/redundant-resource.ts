import { defineCheck } from './define-check.js';
import { wildcardCovers } from './support/wildcard.js';

export default defineCheck({
  id: 'redundant-resource',
  code: 'REDUNDANT_RESOURCE',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Resource already covered by another resource of the statement',
  description:
    'A resource listed twice, or covered by a wildcard in the same list (`arn:aws:s3:::b/a.txt` beside `arn:aws:s3:::b/*`), adds nothing. Remove it.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      for (const list of [st.resources, st.notResources]) {
        if (!list || list.length < 2) continue;
        list.forEach((a, i) => {
          const cover = list.find(
            (b, j) => j !== i && wildcardCovers(b.value, a.value) && !(j > i && b.value === a.value),
          );
          if (!cover) return;
          report({
            path: a.path,
            message:
              cover.value === a.value
                ? `\`${a.value}\` is listed twice in the ${st.label}; remove one.`
                : `\`${a.value}\` is already covered by \`${cover.value}\` in the ${st.label}; remove it.`,
          });
        });
      }
    }
  },
});
