import { defineCheck } from './define-check.js';
import { keySupport } from './support/key-support.js';
import { listSome } from './support/statements.js';

export default defineCheck({
  id: 'missing-action-for-condition-key',
  code: 'MISSING_ACTION_FOR_CONDITION_KEY',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'No action of the statement takes the condition key',
  description:
    "The service condition key is only in the request context of certain actions, and none of them is in the statement, so the condition never sees the key. Add the action the key belongs to, or use a key the statement's actions support.",
  check(ctx, report) {
    for (const s of keySupport(ctx)) {
      if (s.supported.length > 0) continue;
      report({
        path: s.use.keyPath,
        key: true,
        message: `\`${s.use.key}\` applies only to actions such as ${listSome(s.examples, 2)}, none of which the statement names; add the action it belongs to.`,
      });
    }
  },
});
