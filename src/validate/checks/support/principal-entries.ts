/** Every principal value of a policy, with the statement and element it is in. */
import type { CheckContext } from '../define-check.js';
import { memo } from './memo.js';
import type { PrincipalEntry, StatementView } from './policy-view.js';

export interface PrincipalValue extends PrincipalEntry {
  statement: StatementView;
  element: 'Principal' | 'NotPrincipal';
}

export function principalValues(ctx: CheckContext): PrincipalValue[] {
  return memo(ctx, 'principalValues', () => _principalValues(ctx));
}

function _principalValues(ctx: CheckContext): PrincipalValue[] {
  const out: PrincipalValue[] = [];
  for (const st of ctx.statements) {
    for (const e of st.principal?.entries ?? []) out.push({ ...e, statement: st, element: 'Principal' });
    for (const e of st.notPrincipal?.entries ?? [])
      out.push({ ...e, statement: st, element: 'NotPrincipal' });
  }
  return out;
}
