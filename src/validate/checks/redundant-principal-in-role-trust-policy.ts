import { defineCheck, TRUST_POLICY } from './define-check.js';

const ROLE = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const ASSUMED = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

export default defineCheck({
  id: 'redundant-principal-in-role-trust-policy',
  code: 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Assumed-role session listed beside its role',
  description:
    'Trusting a role already trusts every session of that role, so an assumed-role principal of the same role adds nothing. Remove the session principal.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const st of ctx.statements) {
      const entries = st.principal?.entries.filter((e) => e.type === 'AWS') ?? [];
      const roles = new Set<string>();
      for (const e of entries) {
        const m = ROLE.exec(e.value);
        if (m) roles.add(`${m[1]}:${m[2]}:${m[3]}`);
      }
      for (const e of entries) {
        const m = ASSUMED.exec(e.value);
        if (!m || !roles.has(`${m[1]}:${m[2]}:${m[3]}`)) continue;
        report({
          path: e.path,
          message: `\`${e.value}\` is a session of role \`${m[3]}\`, which the ${st.label} already trusts; remove it.`,
        });
      }
    }
  },
});
