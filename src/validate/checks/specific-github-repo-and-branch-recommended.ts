import { defineCheck, TRUST_POLICY } from './define-check.js';
import { conditionUses, withoutVariables } from './support/conditions.js';
import { GITHUB_OIDC } from './support/principals.js';

export default defineCheck({
  id: 'specific-github-repo-and-branch-recommended',
  code: 'SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Wildcard in the GitHub subject condition',
  description:
    'A wildcard in `token.actions.githubusercontent.com:sub` (`repo:example-org/*`) lets every matching repository, branch or pull request assume the role. Name the repository and the branch or environment.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.statement.effect !== 'Allow' || c.key.toLowerCase() !== `${GITHUB_OIDC}:sub`) continue;
      if (!c.op?.wildcards || c.op.negated) continue;
      for (const v of c.values) {
        if (typeof v.value !== 'string') continue;
        const text = withoutVariables(v.value);
        if (!text.includes('*') && !text.includes('?')) continue;
        report({
          path: v.path,
          message: `\`${v.value}\` lets every matching repository or branch assume the role; name one, such as \`repo:example-org/example-repo:ref:refs/heads/main\`.`,
        });
      }
    }
  },
});
