import restricting from './data/public-access-restricting-keys.json' with { type: 'json' };
import { defineCheck } from './define-check.js';
import type { StatementView } from './support/policy-view.js';

const KEYS = new Set(restricting.keys.map((k) => k.toLowerCase()));

/** A positive comparison of a restricting key against values that are not all `*`. */
function restricts(st: StatementView): boolean {
  return st.conditions.some(
    (c) =>
      c.op !== undefined &&
      !c.op.negated &&
      !c.op.ifExists &&
      c.op.base !== 'Null' &&
      c.op.qualifier !== 'ForAllValues' &&
      KEYS.has(c.key.toLowerCase()) &&
      c.values.length > 0 &&
      c.values.every((v) => typeof v.value === 'string' && v.value !== '*' && v.value !== ''),
  );
}

export default defineCheck({
  id: 'public-access',
  code: 'PUBLIC_ACCESS',
  findingType: 'SECURITY_WARNING',
  origin: 'leastpriv',
  title: 'Access granted to everyone',
  description:
    'The statement allows the principal `*` (anyone, including anonymous users and every AWS account) without a condition that narrows it to your accounts, organization, network or resources (`aws:PrincipalOrgID`, `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceVpce`, ...). Name the principals, or add such a condition.',
  appliesTo: ['RESOURCE_POLICY'],
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (st.effect !== 'Allow' || !st.principal || restricts(st)) continue;
      const paths = st.principal.star
        ? [st.principal.path]
        : st.principal.entries.filter((e) => e.value === '*').map((e) => e.path);
      for (const path of paths) {
        report({
          path,
          message: `The ${st.label} allows anyone (\`*\`) without a condition such as \`aws:PrincipalOrgID\` or \`aws:SourceAccount\`; name the principals or add such a condition.`,
        });
      }
    }
  },
});
