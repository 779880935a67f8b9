import { defineCheck } from './define-check.js';
import { hasStarResource } from './support/statements.js';

export default defineCheck({
  id: 'service-wildcard',
  code: 'SERVICE_WILDCARD',
  findingType: 'WARNING',
  origin: 'leastpriv',
  title: 'Every action of a service allowed without a condition',
  description:
    '`service:*` (or `*`) allows every action of the service, including those it will add, at every access level: reading, writing and changing permissions. Grant the actions the workload uses.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (st.effect !== 'Allow' || st.hasCondition || !st.actions) continue;
      for (const a of st.actions) {
        const all = a.value === '*' || a.value === '*:*';
        if (all && hasStarResource(st)) continue; // full-admin-access
        if (!all && !/^[^:*?]+:\*$/.test(a.value)) continue;
        report({
          path: a.path,
          message: all
            ? `\`${a.value}\` allows every action of every service on these resources; grant the actions the workload uses.`
            : `\`${a.value}\` allows every action of ${ctx.data.serviceName(a.value.split(':')[0] ?? '') ?? a.value.split(':')[0]}, now and in future; grant the actions the workload uses.`,
        });
      }
    }
  },
});
