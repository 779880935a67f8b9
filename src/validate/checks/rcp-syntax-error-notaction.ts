import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'rcp-syntax-error-notaction',
  code: 'RCP_SYNTAX_ERROR_NOTACTION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'NotAction in a resource control policy',
  description:
    'Resource control policies do not accept NotAction. List the actions the statement denies with Action.',
  appliesTo: ['RESOURCE_CONTROL_POLICY'],
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (!st.raw || !Object.hasOwn(st.raw, 'NotAction')) continue;
      report({
        path: [...st.path, 'NotAction'],
        key: true,
        message: 'An RCP cannot use `NotAction`; list the denied actions with `Action`.',
      });
    }
  },
});
