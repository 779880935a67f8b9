import { defineCheck } from './define-check.js';
import { groupByLocation, policyRisk } from './support/risk.js';
import { listSome } from './support/statements.js';

export default defineCheck({
  id: 'data-exfiltration',
  code: 'DATA_EXFILTRATION',
  findingType: 'WARNING',
  origin: 'leastpriv',
  title: 'Actions that read stored data, on all resources',
  description:
    'The policy allows, without resource or condition constraints, actions that could be limited to resources and return stored data itself (`s3:GetObject`, `ssm:GetParameter`, `secretsmanager:GetSecretValue`): every object, parameter or secret of the account can be read. The list is reviewed data in `src/validate/risk/data/risk-data-exfiltration.json`. Name the buckets, parameters or secrets.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of groupByLocation(ctx, policyRisk(ctx).risk.dataExfiltration)) {
      report({
        path: g.path,
        message: `The ${g.label} allows ${listSome(g.actions)} on all resources, so every object, parameter or secret of that kind in the account can be read; name the resources.`,
      });
    }
  },
});
