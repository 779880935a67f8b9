/** Trust statements that let an OIDC provider assume a role, with the provider's condition keys. */
import type { CheckContext } from '../define-check.js';
import { memo } from './memo.js';
import type { PrincipalEntry, StatementView } from './policy-view.js';
import { isSamlProvider, oidcProviderOf } from './principals.js';

export interface OidcTrust {
  statement: StatementView;
  entry: PrincipalEntry;
  /** `token.actions.githubusercontent.com`, lower case. */
  provider: string;
  /** Lower-cased condition keys of this provider in the statement. */
  keys: Set<string>;
}

export function oidcTrusts(ctx: CheckContext): OidcTrust[] {
  return memo(ctx, 'oidcTrusts', () => computeTrusts(ctx));
}

function computeTrusts(ctx: CheckContext): OidcTrust[] {
  const out: OidcTrust[] = [];
  for (const st of ctx.statements) {
    if (st.effect !== 'Allow') continue;
    for (const entry of st.principal?.entries ?? []) {
      if (entry.type !== 'Federated' || isSamlProvider(entry.value)) continue;
      const provider = oidcProviderOf(entry.value)?.toLowerCase();
      if (!provider) continue;
      const keys = new Set(
        st.conditions.map((c) => c.key.toLowerCase()).filter((k) => k.startsWith(`${provider}:`)),
      );
      out.push({ statement: st, entry, provider, keys });
    }
  }
  return out;
}
