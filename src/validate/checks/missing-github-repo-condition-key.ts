import { defineCheck, TRUST_POLICY } from './define-check.js';
import { oidcTrusts } from './support/oidc.js';
import { GITHUB_OIDC } from './support/principals.js';

export default defineCheck({
  id: 'missing-github-repo-condition-key',
  code: 'MISSING_GITHUB_REPO_CONDITION_KEY',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'GitHub Actions trusted without a repository condition',
  description:
    'Without a condition on `token.actions.githubusercontent.com:sub`, a workflow in any GitHub repository, of any owner, can assume the role. Add a `StringEquals` (or `StringLike`) condition naming your repository and branch or environment.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const t of oidcTrusts(ctx)) {
      if (t.provider !== GITHUB_OIDC || t.keys.has(`${GITHUB_OIDC}:sub`)) continue;
      report({
        path: t.entry.path,
        message: `Any GitHub repository can assume this role: add a condition on \`${GITHUB_OIDC}:sub\`, such as \`repo:example-org/example-repo:ref:refs/heads/main\`.`,
      });
    }
  },
});
