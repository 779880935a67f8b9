import { defineCheck } from './define-check.js';

const PAIRS = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
] as const;

export default defineCheck({
  id: 'unsupported-element-combination',
  code: 'UNSUPPORTED_ELEMENT_COMBINATION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Statement uses an element together with its Not form',
  description:
    'A statement may have Action or NotAction, Resource or NotResource, Principal or NotPrincipal, never both of a pair. Keep one and move the other into its own statement.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (!st.raw) continue;
      for (const [a, b] of PAIRS) {
        if (Object.hasOwn(st.raw, a) && Object.hasOwn(st.raw, b)) {
          report({
            path: [...st.path, b],
            key: true,
            message: `The ${st.label} has both \`${a}\` and \`${b}\`; keep one, and put the other in a statement of its own.`,
          });
        }
      }
    }
  },
});
