/** Strings of a policy that may carry policy variables (Resource, NotResource, condition values), and those that may not. */
import type { CheckContext } from '../define-check.js';
import { memo } from './memo.js';
import type { Located } from './policy-view.js';
import { scanVariables, type VariableUse } from './variables.js';

export interface VariableSite extends Located<string> {
  variables: VariableUse[];
}

export function variableSites(ctx: CheckContext): VariableSite[] {
  return memo(ctx, 'variableSites', () => _variableSites(ctx));
}

function _variableSites(ctx: CheckContext): VariableSite[] {
  const out: VariableSite[] = [];
  const add = (v: Located<string>) => {
    if (!v.value.includes('${')) return;
    out.push({ ...v, variables: scanVariables(v.value) });
  };
  for (const st of ctx.statements) {
    for (const r of st.resources ?? []) add(r);
    for (const r of st.notResources ?? []) add(r);
    for (const c of st.conditions) {
      for (const v of c.values) if (typeof v.value === 'string') add({ value: v.value, path: v.path });
    }
  }
  return out;
}

/** Values in elements where IAM never expands variables. */
export function variablesOutsideSupportedElements(
  ctx: CheckContext,
): (Located<string> & { element: string })[] {
  return memo(ctx, 'variablesOutside', () => outside(ctx));
}

function outside(ctx: CheckContext): (Located<string> & { element: string })[] {
  const out: (Located<string> & { element: string })[] = [];
  for (const st of ctx.statements) {
    for (const [element, list] of [
      ['Action', st.actions],
      ['NotAction', st.notActions],
    ] as const) {
      for (const v of list ?? []) if (v.value.includes('${')) out.push({ ...v, element });
    }
    for (const [element, p] of [
      ['Principal', st.principal],
      ['NotPrincipal', st.notPrincipal],
    ] as const) {
      for (const e of p?.entries ?? [])
        if (e.value.includes('${')) out.push({ value: e.value, path: e.path, element });
    }
  }
  return out;
}
