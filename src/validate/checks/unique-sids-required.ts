import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'unique-sids-required',
  code: 'UNIQUE_SIDS_REQUIRED',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Two statements share a Sid in a policy type that requires unique Sids',
  description:
    'Service control and resource control policies reject duplicate Sids. Give each statement its own Sid.',
  appliesTo: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
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
