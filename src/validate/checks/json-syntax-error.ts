import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'json-syntax-error',
  code: 'JSON_SYNTAX_ERROR',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'The policy is not valid JSON',
  description:
    'A policy given as a string (for example a JSON string inside a template) could not be parsed, so none of its statements can be checked. Fix the JSON at the position named in the message.',
  check(ctx, report) {
    const doc = ctx.view.document;
    if (typeof doc !== 'string') return;
    try {
      JSON.parse(doc);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      report({ path: [], message: `The policy is not valid JSON: ${reason}.` });
    }
  },
});
