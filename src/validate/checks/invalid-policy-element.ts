import { defineCheck } from './define-check.js';
import { closest, didYouMean } from './support/did-you-mean.js';
import { STATEMENT_ELEMENTS, TOP_LEVEL_ELEMENTS } from './support/statements.js';

export default defineCheck({
  id: 'invalid-policy-element',
  code: 'INVALID_POLICY_ELEMENT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Unknown policy element',
  description:
    'A policy has only Version, Id and Statement at the top, and a statement only Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition, spelt exactly so. IAM rejects other elements. Rename or remove the element.',
  check(ctx, report) {
    const root = ctx.view.root;
    if (!root) return;
    for (const key of Object.keys(root)) {
      if ((TOP_LEVEL_ELEMENTS as readonly string[]).includes(key)) continue;
      report({
        path: [key],
        key: true,
        message: `\`${key}\` is not a policy element${didYouMean(closest(key, TOP_LEVEL_ELEMENTS))}`,
      });
    }
    for (const st of ctx.statements) {
      if (!st.raw) continue;
      for (const key of Object.keys(st.raw)) {
        if ((STATEMENT_ELEMENTS as readonly string[]).includes(key)) continue;
        report({
          path: [...st.path, key],
          key: true,
          message: `\`${key}\` is not a statement element${didYouMean(closest(key, STATEMENT_ELEMENTS))}`,
        });
      }
    }
  },
});
