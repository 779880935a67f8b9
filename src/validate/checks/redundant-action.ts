import { defineCheck } from './define-check.js';
import { wildcardCovers } from './support/wildcard.js';

export default defineCheck({
  id: 'redundant-action',
  code: 'REDUNDANT_ACTION',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Action already covered by another action of the statement',
  description:
    'An action listed twice, or covered by a wildcard in the same list (`s3:GetObject` beside `s3:Get*`), adds nothing. Remove it to keep the policy short and readable.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      for (const list of [st.actions, st.notActions]) {
        if (!list || list.length < 2) continue;
        list.forEach((a, i) => {
          const cover = list.find(
            (b, j) =>
              j !== i &&
              wildcardCovers(b.value, a.value, true) &&
              // identical twins: report the later one only
              !(j > i && b.value.toLowerCase() === a.value.toLowerCase()),
          );
          if (!cover) return;
          const same = cover.value.toLowerCase() === a.value.toLowerCase();
          report({
            path: a.path,
            message: same
              ? `\`${a.value}\` is listed twice in the ${st.label}; remove one.`
              : `\`${a.value}\` is already covered by \`${cover.value}\` in the ${st.label}; remove it.`,
          });
        });
      }
    }
  },
});
