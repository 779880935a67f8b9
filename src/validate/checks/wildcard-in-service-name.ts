import { defineCheck } from './define-check.js';
import { actionValues } from './support/actions.js';
import { isStarAction } from './support/statements.js';
import { hasWildcard } from './support/wildcard.js';

export default defineCheck({
  id: 'wildcard-in-service-name',
  code: 'WILDCARD_IN_SERVICE_NAME',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Wildcard in the service prefix of an action',
  description:
    'A wildcard in the service prefix (`s3*:Get*`, `*:Describe*`) matches services nobody reviewed, today and when AWS adds new ones. Name the services explicitly.',
  check(ctx, report) {
    for (const a of actionValues(ctx)) {
      if (isStarAction(a.value) || a.service === undefined || !hasWildcard(a.service)) continue;
      const matched = ctx.index.matchActions(a.value);
      const services = new Set(matched.map((m) => m.service));
      report({
        path: a.path,
        message: `The service prefix of \`${a.value}\` has a wildcard, so it matches ${matched.length} actions in ${services.size} services; name the services explicitly.`,
      });
    }
  },
});
