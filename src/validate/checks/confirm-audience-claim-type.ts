import { defineCheck, TRUST_POLICY } from './define-check.js';
import { conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'confirm-audience-claim-type',
  code: 'CONFIRM_AUDIENCE_CLAIM_TYPE',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Set qualifier on an OIDC audience claim',
  description:
    'Most identity providers send one audience (`aud`) per token; some send several. ForAllValues also matches tokens without the claim, ForAnyValue is only needed for several. Confirm what your provider sends: for a single audience use `StringEquals` without a qualifier.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      const lower = c.key.toLowerCase();
      if (!c.op?.qualifier || lower.startsWith('aws:') || !/:(aud|oaud)$/.test(lower)) continue;
      report({
        path: c.operatorPath,
        key: true,
        message: `\`${c.operator}\` on \`${c.key}\`: confirm your provider sends several audiences; if it sends one, use \`${c.op.base}\` without \`${c.op.qualifier}\`.`,
      });
    }
  },
});
