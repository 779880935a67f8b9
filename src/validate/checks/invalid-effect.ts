import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'invalid-effect',
  code: 'INVALID_EFFECT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Effect is neither Allow nor Deny',
  description: 'Effect takes exactly `Allow` or `Deny`, with that capitalisation. Correct the value.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      const v = st.raw?.Effect;
      if (typeof v !== 'string' || v === 'Allow' || v === 'Deny') continue;
      const hint =
        v.toLowerCase() === 'allow' ? '; write `Allow`' : v.toLowerCase() === 'deny' ? '; write `Deny`' : '';
      report({
        path: [...st.path, 'Effect'],
        message: `Effect \`${v}\` is not \`Allow\` or \`Deny\`${hint}.`,
      });
    }
  },
});
