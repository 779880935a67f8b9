/**
 * ARN operators: `ArnEquals` and `ArnLike` behave the same (segment-wise, case-sensitive, `*` and `?`
 * within a segment; see `../pattern.ts`), as do their negations. Policy variables are substituted.
 */
import type { ContextReader } from '../context.js';
import { type CompiledPattern, compileArn, MatchTarget, parsePattern, patternMatches } from '../pattern.js';
import type { OperatorDefinition, ValueProblem } from './types.js';

function arnOperator(name: string, negated: boolean): OperatorDefinition {
  return {
    kind: 'compare',
    name,
    negated,
    compile(values, options) {
      const problems: ValueProblem[] = [];
      const exact = new Set<string>();
      const others: CompiledPattern[] = [];
      values.forEach((raw, index) => {
        const parsed = parsePattern(raw, { wildcards: true, variables: options.variables });
        for (const message of parsed.errors) problems.push({ index, code: 'invalid-variable', message });
        const p = compileArn(parsed.parts, !negated);
        if (p.kind === 'exact') exact.add(p.text);
        else others.push(p);
      });
      return {
        problems,
        matcher: (requestValue: string, context: ContextReader) => {
          if (exact.has(requestValue)) return true;
          if (others.length === 0) return false;
          const target = new MatchTarget(requestValue);
          return others.some((p) => patternMatches(p, target, context));
        },
      };
    },
  };
}

export const arnOperators: OperatorDefinition[] = [
  arnOperator('ArnEquals', false),
  arnOperator('ArnLike', false),
  arnOperator('ArnNotEquals', true),
  arnOperator('ArnNotLike', true),
];
