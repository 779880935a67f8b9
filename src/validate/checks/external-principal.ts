import { defineCheck } from './define-check.js';
import { accountOfPrincipal } from './support/principals.js';

export default defineCheck({
  id: 'external-principal',
  code: 'EXTERNAL_PRINCIPAL',
  findingType: 'SECURITY_WARNING',
  origin: 'leastpriv',
  title: 'Access granted to another account',
  description:
    'The resource or trust policy allows a principal of an account that is neither the owning account nor one passed with `--allow-external-principals`. Confirm the account is trusted and add it to `--allow-external-principals`, or remove it.',
  appliesTo: ['RESOURCE_POLICY'],
  check(ctx, report) {
    const trusted = new Set(ctx.options.allowExternalPrincipals);
    if (ctx.options.accountId) trusted.add(ctx.options.accountId);
    for (const st of ctx.statements) {
      if (st.effect !== 'Allow') continue;
      for (const e of st.principal?.entries ?? []) {
        if (e.type !== 'AWS') continue;
        const account = accountOfPrincipal(e.value);
        if (!account || trusted.has(account)) continue;
        report({
          path: e.path,
          message: `\`${e.value}\` is in account ${account}, which is not in \`--allow-external-principals\`; confirm it is trusted and add it there, or remove it.`,
        });
      }
    }
  },
});
