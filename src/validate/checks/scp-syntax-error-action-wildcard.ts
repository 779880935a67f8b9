import { defineCheck } from './define-check.js';
import { actionValues } from './support/actions.js';

export default defineCheck({
  id: 'scp-syntax-error-action-wildcard',
  code: 'SCP_SYNTAX_ERROR_ACTION_WILDCARD',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'SCP action with a wildcard that is not at the end',
  description:
    'In a service control policy a wildcard may only end an action (`s3:Get*`, `ec2:*`), never start it or sit inside it (`s3:*Object`, `*:Get*`), and `?` is not accepted. List the actions, or end the pattern with `*`.',
  appliesTo: ['SERVICE_CONTROL_POLICY'],
  check(ctx, report) {
    for (const a of actionValues(ctx)) {
      if (a.value === '*') continue;
      const body = a.value.endsWith('*') ? a.value.slice(0, -1) : a.value;
      if (!body.includes('*') && !body.includes('?')) continue;
      report({
        path: a.path,
        message: `\`${a.value}\`: an SCP accepts a wildcard only at the end of an action (\`s3:Get*\`); list the actions instead.`,
      });
    }
  },
});
