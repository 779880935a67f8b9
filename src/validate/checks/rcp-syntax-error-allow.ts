import { defineCheck } from './define-check.js';

/** The AWS-managed RCPFullAWSAccess: the only Allow an RCP may have. */
function isFullAccess(raw: Record<string, unknown>): boolean {
  const keys = Object.keys(raw).filter((k) => k !== 'Sid');
  const ok = (v: unknown) => v === '*' || (Array.isArray(v) && v.length === 1 && v[0] === '*');
  return (
    keys.length === 4 && raw.Effect === 'Allow' && raw.Principal === '*' && ok(raw.Action) && ok(raw.Resource)
  );
}

export default defineCheck({
  id: 'rcp-syntax-error-allow',
  code: 'RCP_SYNTAX_ERROR_ALLOW',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Allow statement in a resource control policy',
  description:
    'Resource control policies only restrict: their statements deny. The only Allow is the AWS-managed RCPFullAWSAccess (`*` on `*` for `*`). Write the statement as a Deny with the opposite condition.',
  appliesTo: ['RESOURCE_CONTROL_POLICY'],
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (st.effect !== 'Allow' || !st.raw || isFullAccess(st.raw)) continue;
      report({
        path: [...st.path, 'Effect'],
        message: `The ${st.label} allows, but an RCP can only deny; write it as a Deny with the opposite condition.`,
      });
    }
  },
});
