import { defineCheck } from './define-check.js';
import { variablesOutsideSupportedElements } from './support/variable-sites.js';

export default defineCheck({
  id: 'variable-unsupported-in-element',
  code: 'VARIABLE_UNSUPPORTED_IN_ELEMENT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Policy variable where IAM does not expand it',
  description:
    'Policy variables are expanded only in Resource, NotResource and condition values. In Action or Principal the text `${...}` is taken literally and matches nothing. Name the actions and principals explicitly.',
  check(ctx, report) {
    for (const v of variablesOutsideSupportedElements(ctx)) {
      report({
        path: v.path,
        message: `\`${v.value}\`: policy variables are not expanded in ${v.element}, only in Resource and condition values; write the value out.`,
      });
    }
  },
});
