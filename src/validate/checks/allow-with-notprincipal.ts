import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'allow-with-notprincipal',
  code: 'ALLOW_WITH_NOTPRINCIPAL',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'Allow with NotPrincipal',
  description:
    'Allow with NotPrincipal grants access to every principal except those listed, including anonymous users and other accounts. Name the principals to allow with Principal instead.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (st.effect !== 'Allow' || !st.raw || !Object.hasOwn(st.raw, 'NotPrincipal')) continue;
      report({
        path: [...st.path, 'NotPrincipal'],
        key: true,
        message: `The ${st.label} allows everyone except the listed principals, anonymous users included; name the principals to allow with \`Principal\`.`,
      });
    }
  },
});
