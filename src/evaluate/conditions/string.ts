/**
 * String operators. Values are case-sensitive except for the IgnoreCase pair; only the Like pair treats
 * `*` and `?` as wildcards; all six substitute policy variables.
 */
import type { ContextReader } from '../context.js';
import { type CompiledPattern, compileText, MatchTarget, parsePattern, patternMatches } from '../pattern.js';
import type { CompiledValues, CompileValuesOptions, OperatorDefinition, ValueProblem } from './types.js';

/** Compile values as text patterns; exact values go into a set, the rest are tried one by one. */
export function compileTextValues(
  values: readonly string[],
  options: CompileValuesOptions & { wildcards: boolean; fold: boolean; negated: boolean },
): CompiledValues {
  const problems: ValueProblem[] = [];
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const others: CompiledPattern[] = [];
  values.forEach((raw, index) => {
    const parsed = parsePattern(raw, { wildcards: options.wildcards, variables: options.variables });
    for (const message of parsed.errors) problems.push({ index, code: 'invalid-variable', message });
    const p = compileText(parsed.parts, options.fold, !options.negated);
    if (p.kind === 'exact') exact.add(p.text);
    else if (p.kind === 'prefix') prefixes.push(p.prefix);
    else others.push(p);
  });
  const fold = options.fold;
  const matcher = (requestValue: string, context: ContextReader): boolean => {
    const v = fold ? requestValue.toLowerCase() : requestValue;
    if (exact.has(v)) return true;
    for (const p of prefixes) if (v.startsWith(p)) return true;
    if (others.length === 0) return false;
    const target = new MatchTarget(v);
    for (const p of others) if (patternMatches(p, target, context)) return true;
    return false;
  };
  return { matcher, problems };
}

function stringOperator(
  name: string,
  negated: boolean,
  wildcards: boolean,
  fold: boolean,
): OperatorDefinition {
  return {
    kind: 'compare',
    name,
    negated,
    compile: (values, options) => compileTextValues(values, { ...options, wildcards, fold, negated }),
  };
}

export const stringOperators: OperatorDefinition[] = [
  stringOperator('StringEquals', false, false, false),
  stringOperator('StringNotEquals', true, false, false),
  stringOperator('StringEqualsIgnoreCase', false, false, true),
  stringOperator('StringNotEqualsIgnoreCase', true, false, true),
  stringOperator('StringLike', false, true, false),
  stringOperator('StringNotLike', true, true, false),
];
