import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'unsupported-condition-key-for-service-principal',
  code: 'UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Condition key that service principals do not carry',
  description:
    'When an AWS service principal calls, keys about an IAM caller (`aws:PrincipalArn`, `aws:PrincipalOrgID`, `aws:PrincipalTag/...`, `aws:userid`, ...) are not in the request, so a statement whose only principals are services never matches them. Use `aws:SourceArn` or `aws:SourceAccount`.',
  appliesTo: ['RESOURCE_POLICY'],
  check(ctx, report) {
    for (const st of ctx.statements) {
      const p = st.principal;
      if (!p || p.star || p.entries.length === 0 || p.entries.some((e) => e.type !== 'Service')) continue;
      for (const c of st.conditions) {
        if (c.op?.base === 'Null' || c.op?.ifExists) continue;
        const key = ctx.index.conditionKey(c.key);
        if (!key?.absentForServicePrincipals) continue;
        report({
          path: c.keyPath,
          key: true,
          message: `\`${c.key}\` is not in the request when a service principal calls, so this condition never matches; use \`aws:SourceArn\` or \`aws:SourceAccount\`.`,
        });
      }
    }
  },
});
