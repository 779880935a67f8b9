import { defineCheck } from './define-check.js';
import { conditionKeysOf } from './support/statements.js';

/** Keys that tie a service's request to your resource or account (confused-deputy protection). */
const SOURCE_KEYS = [
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourceowner',
];

export default defineCheck({
  id: 'restrict-access-to-service-principal',
  code: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'Service principal granted access without a source condition',
  description:
    'A service principal acts for every customer of the service. Without `aws:SourceArn`, `aws:SourceAccount` (or `aws:SourceOrgID`/`aws:SourceOrgPaths`) another account could make the service use your resource on its behalf (the confused deputy problem). Add the condition that names your resource or account.',
  appliesTo: ['RESOURCE_POLICY'],
  check(ctx, report) {
    if (ctx.isTrustPolicy) return;
    for (const st of ctx.statements) {
      if (st.effect !== 'Allow') continue;
      const services = st.principal?.entries.filter((e) => e.type === 'Service') ?? [];
      if (services.length === 0) continue;
      const keys = conditionKeysOf(st);
      if (SOURCE_KEYS.some((k) => keys.has(k))) continue;
      for (const e of services) {
        report({
          path: e.path,
          message: `\`${e.value}\` may act here for any account; add an \`aws:SourceArn\` or \`aws:SourceAccount\` condition naming your resource or account.`,
        });
      }
    }
  },
});
