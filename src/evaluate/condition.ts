/**
 * One `operator -> key -> values` condition, compiled, and the rules that are the same for every
 * operator family:
 * - a key absent from the request matches nothing, so positive operators are false and negated ones
 *   (`StringNotEquals`, `NotIpAddress`...) are true;
 * - `...IfExists` is true when the key is absent;
 * - `Null` tests presence only;
 * - several policy values are OR-ed; a negated operator is true when no value matches;
 * - without a set qualifier, a multi-valued key matches when any of its values matches;
 * - `ForAnyValue:` is true when at least one request value satisfies the operator (false for an absent
 *   key or empty set), `ForAllValues:` when every request value does (true for an absent key or empty set);
 * - a policy variable that cannot be resolved never makes a condition hold.
 */
import type { ParsedCondition } from '../policy/model.js';
import {
  resolveOperator,
  type SetQualifier,
  type ValueMatcher,
  type ValueProblem,
} from './conditions/index.js';
import { parseNullValue } from './conditions/null.js';
import type { ContextReader } from './context.js';

export type CompiledCondition = {
  /** Canonical operator name, e.g. `ForAnyValue:StringLike`. */
  operator: string;
  /** Key as written. */
  key: string;
  lower: string;
  path: string;
} & (
  | { kind: 'null'; expectNull: boolean[] }
  | {
      kind: 'compare';
      negated: boolean;
      qualifier: SetQualifier | undefined;
      ifExists: boolean;
      matcher: ValueMatcher;
    }
);

export type ConditionProblem =
  | { kind: 'operator'; code: 'unknown-condition-operator' | 'invalid-condition-qualifier'; message: string }
  | { kind: 'case'; canonical: string }
  | { kind: 'value'; problem: ValueProblem }
  | { kind: 'no-values' };

export interface ConditionCompileResult {
  /** Undefined when the condition cannot be evaluated (see problems). */
  condition: CompiledCondition | undefined;
  problems: ConditionProblem[];
}

export function compileCondition(parsed: ParsedCondition, variables: boolean): ConditionCompileResult {
  const problems: ConditionProblem[] = [];
  const op = resolveOperator(parsed.operator);
  if (op.kind !== 'operator') {
    const code = op.kind === 'unknown' ? 'unknown-condition-operator' : 'invalid-condition-qualifier';
    return { condition: undefined, problems: [{ kind: 'operator', code, message: op.message }] };
  }
  if (op.canonical !== parsed.operator) problems.push({ kind: 'case', canonical: op.canonical });
  if (parsed.values.length === 0)
    return { condition: undefined, problems: [...problems, { kind: 'no-values' }] };
  const base = {
    operator: op.canonical,
    key: parsed.key,
    lower: parsed.key.toLowerCase(),
    path: parsed.path,
  };
  const raw = parsed.values.map((v) => v.value);

  if (op.definition.kind === 'null') {
    const expectNull: boolean[] = [];
    raw.forEach((text, index) => {
      const b = parseNullValue(text);
      if (b === undefined) {
        problems.push({
          kind: 'value',
          problem: {
            index,
            code: 'invalid-condition-value',
            message: `Null needs "true" or "false", found "${text}"`,
          },
        });
      } else {
        expectNull.push(b);
      }
    });
    const broken = problems.some((p) => p.kind === 'value');
    return { condition: broken ? undefined : { ...base, kind: 'null', expectNull }, problems };
  }

  const compiled = op.definition.compile(raw, { variables });
  for (const problem of compiled.problems) problems.push({ kind: 'value', problem });
  const broken = compiled.problems.some((p) => p.code === 'invalid-condition-value');
  const condition: CompiledCondition = {
    ...base,
    kind: 'compare',
    negated: op.definition.negated,
    qualifier: op.qualifier,
    ifExists: op.ifExists,
    matcher: compiled.matcher,
  };
  return { condition: broken ? undefined : condition, problems };
}

/** Does the condition hold for the request? Absent keys that were not declared absent are recorded in `context.missing`. */
export function conditionHolds(c: CompiledCondition, context: ContextReader): boolean {
  const values = context.values(c.lower, c.key);
  if (c.kind === 'null') {
    const isNull = values === null || values.length === 0;
    return c.expectNull.includes(isNull);
  }
  if (values === null) {
    if (c.ifExists) return true;
    switch (c.qualifier) {
      case 'ForAllValues':
        return true;
      case 'ForAnyValue':
        return false;
      case undefined:
        return c.negated;
    }
  }
  const negated = c.negated;
  switch (c.qualifier) {
    case undefined: {
      const any = values.some((v) => valueMatches(c, v, context));
      return negated ? !any : any;
    }
    case 'ForAnyValue':
      return values.some((v) => valueMatches(c, v, context) !== negated);
    case 'ForAllValues':
      return values.every((v) => valueMatches(c, v, context) !== negated);
  }
}

/**
 * Does one request value match one of the policy's values? A value whose policy variable cannot be
 * resolved matches nothing, and for a negated operator counts as a match: an unresolvable variable
 * never makes a condition hold (`StringNotEquals: ${aws:username}` without a user name is false).
 */
function valueMatches(
  c: CompiledCondition & { kind: 'compare' },
  value: string,
  context: ContextReader,
): boolean {
  if (!c.negated) return c.matcher(value, context);
  context.unresolved = false;
  return c.matcher(value, context) || context.unresolved;
}
