import type { ServiceData } from '../../mapping/service-data.js';
import { defineCheck } from './define-check.js';
import { actionValues } from './support/actions.js';
import { hasWildcard } from './support/wildcard.js';

/**
 * The services RCPs support, when the service data offers the list (the vendor data has it; our
 * ServiceData interface may expose it as `rcpSupportedServices()`). Without it only `*` is checked.
 */
function rcpServices(data: ServiceData): ReadonlySet<string> | undefined {
  const f = (data as Partial<{ rcpSupportedServices(): string[] }>).rcpSupportedServices;
  return typeof f === 'function' ? new Set(f.call(data).map((s) => s.toLowerCase())) : undefined;
}

export default defineCheck({
  id: 'rcp-syntax-error-action',
  code: 'RCP_SYNTAX_ERROR_ACTION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'RCP action that resource control policies do not accept',
  description:
    'In a resource control policy a Deny names actions of the services RCPs support, each with its service prefix (`s3:*`, `sts:AssumeRole`); `"*"` on its own is only accepted in the AWS-managed RCPFullAWSAccess. Name the services.',
  appliesTo: ['RESOURCE_CONTROL_POLICY'],
  check(ctx, report) {
    const supported = rcpServices(ctx.data);
    for (const a of actionValues(ctx)) {
      if (a.statement.effect !== 'Deny') continue;
      if (a.value === '*') {
        report({
          path: a.path,
          message: 'An RCP cannot deny `"*"`; name the services, for example `s3:*` and `sts:*`.',
        });
        continue;
      }
      if (!supported || a.service === undefined || hasWildcard(a.service)) continue;
      if (!supported.has(a.service.toLowerCase())) {
        report({
          path: a.path,
          message: `\`${a.service}\` is not a service resource control policies apply to, so \`${a.value}\` has no effect here.`,
        });
      }
    }
  },
});
