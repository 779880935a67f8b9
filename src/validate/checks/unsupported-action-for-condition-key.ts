import { defineCheck } from './define-check.js';
import { keySupport } from './support/key-support.js';
import { listSome } from './support/statements.js';

export default defineCheck({
  id: 'unsupported-action-for-condition-key',
  code: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Some actions of the statement do not take the condition key',
  description:
    'A service condition key is only in the request context of the actions that support it. For the other actions of the statement the key is missing, so an Allow grants them nothing and a Deny does not apply to them (or applies to all, for negated operators). Move those actions into a statement of their own.',
  check(ctx, report) {
    for (const s of keySupport(ctx)) {
      if (s.supported.length === 0) continue;
      report({
        path: s.use.keyPath,
        key: true,
        message: `\`${s.use.key}\` is not in the request context of ${listSome(s.unsupported)}, so this condition does not work for them; move them into a statement of their own.`,
      });
    }
  },
});
