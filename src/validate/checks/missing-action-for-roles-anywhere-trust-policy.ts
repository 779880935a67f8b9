import { defineCheck, TRUST_POLICY } from './define-check.js';
import { statementCoversAction } from './support/statements.js';

const NEEDED = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

export default defineCheck({
  id: 'missing-action-for-roles-anywhere-trust-policy',
  code: 'MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'IAM Roles Anywhere cannot assume the role',
  description:
    'IAM Roles Anywhere assumes a role with `sts:AssumeRole`, `sts:SetSourceIdentity` and `sts:TagSession` together; a trust statement for `rolesanywhere.amazonaws.com` without all three fails. Add the missing actions.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (st.effect !== 'Allow') continue;
      const entry = st.principal?.entries.find(
        (e) => e.type === 'Service' && e.value === 'rolesanywhere.amazonaws.com',
      );
      if (!entry) continue;
      const missing = NEEDED.filter((a) => !statementCoversAction(st, a));
      if (missing.length === 0) continue;
      report({
        path: st.actions ? [...st.path, 'Action'] : st.path,
        message: `IAM Roles Anywhere also needs ${missing.map((a) => `\`${a}\``).join(' and ')} to assume the role; add them.`,
      });
    }
  },
});
