import { defineCheck } from './define-check.js';
import { policyRisk } from './support/risk.js';
import { listSome } from './support/statements.js';

function documentOrder(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

export default defineCheck({
  id: 'privilege-escalation',
  code: 'PRIVILEGE_ESCALATION',
  findingType: 'SECURITY_WARNING',
  origin: 'leastpriv',
  title: 'Actions that together allow privilege escalation',
  description:
    'The policy allows, without resource or condition constraints, a set of actions known to let a principal gain permissions it was not given (for example `iam:PassRole` with `lambda:CreateFunction` and `lambda:InvokeFunction`, or `iam:PutRolePolicy`). The methods are reviewed data in `src/validate/risk/data/risk-privilege-escalation.json`. Restrict the resources (which roles, users, policies) or remove the actions.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    const { risk, locate } = policyRisk(ctx);
    const groups = new Map<
      string,
      { path: (string | number)[]; label: string; methods: typeof risk.privilegeEscalation }
    >();
    for (const m of risk.privilegeEscalation) {
      // the grant that comes first in the document, so that a method spread over statements is reported once
      const where = m.actions
        .map((a) => locate(a))
        .filter((w) => w !== undefined)
        .sort((a, b) => documentOrder(a.path, b.path))[0];
      if (!where) continue;
      const key = JSON.stringify(where.path);
      const g = groups.get(key) ?? { ...where, methods: [] };
      g.methods.push(m);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const [first] = g.methods;
      if (!first) continue;
      const more = g.methods.length > 1 ? ` (and ${g.methods.length - 1} more escalation methods)` : '';
      report({
        path: g.path,
        message: `Allows ${listSome(first.actions, 4)} on all resources: a principal can ${first.description}${more}; restrict the resources or remove the actions.`,
      });
    }
  },
});
