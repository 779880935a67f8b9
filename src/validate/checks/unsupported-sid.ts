import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'unsupported-sid',
  code: 'UNSUPPORTED_SID',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Sid has characters IAM does not accept',
  description:
    'In IAM policies (identity policies, role trust policies, SCPs and RCPs) a Sid may contain only the letters A-Z and a-z and the digits 0-9. Other resource policies accept more. Remove the other characters.',
  check(ctx, report) {
    const iamDocument = ctx.policy.policyType !== 'RESOURCE_POLICY' || ctx.isTrustPolicy;
    if (!iamDocument) return;
    for (const st of ctx.statements) {
      const sid = st.sid;
      if (!sid || sid.value === '' || /^[A-Za-z0-9]+$/.test(sid.value)) continue;
      const fixed = sid.value.replace(/[^A-Za-z0-9]/g, '');
      report({
        path: sid.path,
        message: `Sid \`${sid.value}\` may contain only letters and digits${fixed ? `; for example \`${fixed}\`` : ''}.`,
      });
    }
  },
});
