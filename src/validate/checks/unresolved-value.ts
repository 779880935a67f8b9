import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'unresolved-value',
  code: 'UNRESOLVED_VALUE',
  findingType: 'WARNING',
  origin: 'leastpriv',
  title: 'A template value could not be resolved, so it was not checked',
  description:
    'The value comes from something the reader cannot resolve offline (`Fn::ImportValue`, an SSM parameter, an unknown intrinsic, a parameter without default). Only that value is skipped; the rest of the policy is checked. Pass `--parameters`, `--region` or `--account` to resolve more.',
  check(ctx, report) {
    for (const u of ctx.policy.unresolved) {
      report({ path: u.path, message: `Not checked: ${u.message}` });
    }
  },
});
