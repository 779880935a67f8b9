import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'unique-sids-recommended',
  code: 'UNIQUE_SIDS_RECOMMENDED',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Two statements share a Sid',
  description:
    'Sids identify statements; a duplicate makes findings, diffs and audit trails ambiguous. Give each statement its own Sid.',
  appliesTo: ['IDENTITY_POLICY', 'RESOURCE_POLICY'],
  check(ctx, report) {
    const seen = new Map<string, string>();
    for (const st of ctx.statements) {
      const sid = st.sid;
      if (!sid || sid.value === '') continue;
      const first = seen.get(sid.value);
      if (first === undefined) {
        seen.set(
          sid.value,
          st.index === undefined ? 'the statement' : `the statement at Statement[${st.index}]`,
        );
        continue;
      }
      report({
        path: sid.path,
        message: `Sid \`${sid.value}\` is also used by ${first}; give each statement its own Sid.`,
      });
    }
  },
});
