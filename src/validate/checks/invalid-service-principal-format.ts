import { defineCheck } from './define-check.js';
import { principalValues } from './support/principal-entries.js';

const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

export default defineCheck({
  id: 'invalid-service-principal-format',
  code: 'INVALID_SERVICE_PRINCIPAL_FORMAT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Service principal is not a service name',
  description:
    "A Service principal is the service's principal name in lower case, such as `lambda.amazonaws.com` or `logs.eu-west-1.amazonaws.com`, not an ARN or a bare prefix. Correct the name.",
  check(ctx, report) {
    for (const p of principalValues(ctx)) {
      if (p.type !== 'Service' || p.value.includes('*') || SERVICE_PRINCIPAL.test(p.value)) continue;
      const lower = p.value.toLowerCase();
      const hint =
        lower !== p.value && SERVICE_PRINCIPAL.test(lower)
          ? `; write \`${lower}\``
          : /^[a-z0-9-]+$/.test(lower)
            ? `; write \`${lower}.amazonaws.com\``
            : '';
      report({
        path: p.path,
        message: `\`${p.value}\` is not a service principal such as \`lambda.amazonaws.com\`${hint}.`,
      });
    }
  },
});
