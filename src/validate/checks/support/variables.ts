/**
 * Policy variables in values: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, and the escapes
 * `${*}`, `${?}`, `${$}`.
 */

export type VariableProblem = 'missing-brace' | 'empty' | 'space' | 'quote' | 'symbol';

export interface VariableUse {
  /** The variable as written, `${aws:username}` (to the end of the value when the brace is missing). */
  text: string;
  problem?: VariableProblem;
}

const NAME = /^[A-Za-z0-9:/_.\-@+=]+$/;

export function scanVariables(value: string): VariableUse[] {
  const out: VariableUse[] = [];
  let at = value.indexOf('${');
  while (at >= 0) {
    const end = value.indexOf('}', at + 2);
    const nextOpen = value.indexOf('${', at + 2);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
      out.push({ text: value.slice(at, nextOpen >= 0 ? nextOpen : value.length), problem: 'missing-brace' });
      at = nextOpen;
      continue;
    }
    const text = value.slice(at, end + 1);
    const content = value.slice(at + 2, end);
    const use: VariableUse = { text };
    if (content === '') use.problem = 'empty';
    else if (content !== '*' && content !== '?' && content !== '$') {
      const comma = content.indexOf(',');
      const name = comma < 0 ? content : content.slice(0, comma);
      const fallback = comma < 0 ? undefined : content.slice(comma + 1).trim();
      if (/\s/.test(name)) use.problem = 'space';
      else if (
        fallback !== undefined &&
        !(fallback.length >= 2 && fallback.startsWith("'") && fallback.endsWith("'"))
      ) {
        use.problem = 'quote';
      } else if (!NAME.test(name)) use.problem = 'symbol';
    }
    out.push(use);
    at = value.indexOf('${', end + 1);
  }
  return out;
}

/** Does the value use a policy variable (well-formed or not)? */
export function hasVariable(value: string): boolean {
  return value.includes('${');
}
