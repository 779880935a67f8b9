/** `Bool`: "true" or "false", compared case-insensitively. Policy variables are substituted. */
import { hasVariables, parsePattern, resolveParts } from '../pattern.js';
import type { OperatorDefinition, ValueProblem } from './types.js';

function asBool(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

export const boolOperators: OperatorDefinition[] = [
  {
    kind: 'compare',
    name: 'Bool',
    negated: false,
    compile(values, options) {
      const problems: ValueProblem[] = [];
      const fixed = new Set<boolean>();
      const dynamic: ReturnType<typeof parsePattern>['parts'][] = [];
      values.forEach((raw, index) => {
        const parsed = parsePattern(raw, { wildcards: false, variables: options.variables });
        for (const message of parsed.errors) problems.push({ index, code: 'invalid-variable', message });
        if (hasVariables(parsed.parts)) {
          dynamic.push(parsed.parts);
          return;
        }
        const b = asBool(raw);
        if (b === undefined) {
          problems.push({
            index,
            code: 'invalid-condition-value',
            message: `Bool needs "true" or "false", found "${raw}"`,
          });
        } else {
          fixed.add(b);
        }
      });
      return {
        problems,
        matcher: (requestValue, context) => {
          const r = asBool(requestValue);
          if (r === undefined) return false;
          if (fixed.has(r)) return true;
          for (const parts of dynamic) {
            const resolved = resolveParts(parts, context);
            if (resolved && asBool(resolved.join('')) === r) return true;
          }
          return false;
        },
      };
    },
  },
];
