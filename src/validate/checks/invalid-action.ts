import { defineCheck } from './define-check.js';
import { actionValues } from './support/actions.js';
import { didYouMean } from './support/did-you-mean.js';
import { isStarAction } from './support/statements.js';
import { hasWildcard } from './support/wildcard.js';

export default defineCheck({
  id: 'invalid-action',
  code: 'INVALID_ACTION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'The action does not exist',
  description:
    'The action is not in the service authorization reference for its service, or a wildcard pattern matches none of its actions, so the statement does nothing for it. Correct the name (the message suggests the closest action).',
  check(ctx, report) {
    for (const a of actionValues(ctx)) {
      if (isStarAction(a.value)) continue;
      if (a.service === undefined || a.name === undefined) {
        report({
          path: a.path,
          message: `\`${a.value}\` is not an action; write \`service:ActionName\`, for example \`s3:GetObject\`.`,
        });
        continue;
      }
      if (hasWildcard(a.service) || !ctx.index.hasService(a.service)) continue; // other checks
      if (ctx.index.matchActions(a.value).length > 0) continue;
      const service = a.service.toLowerCase();
      const serviceName = ctx.data.serviceName(service) ?? service;
      if (hasWildcard(a.name)) {
        report({ path: a.path, message: `\`${a.value}\` matches no ${serviceName} action.` });
      } else {
        report({
          path: a.path,
          message: `\`${a.value}\` is not an action of ${serviceName}${didYouMean(ctx.index.suggestAction(service, a.name))}`,
        });
      }
    }
  },
});
