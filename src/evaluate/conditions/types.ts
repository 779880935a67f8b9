/**
 * The contract between the generic condition engine (`../condition.ts`: IfExists, set qualifiers,
 * missing keys, negation) and one family of operators (one file each). A family only says how one
 * request value compares with the policy's values.
 */
import type { ContextReader } from '../context.js';

/** True when one request value matches at least one of the policy's values (before any negation). */
export type ValueMatcher = (requestValue: string, context: ContextReader) => boolean;

export interface ValueProblem {
  /** Index of the offending policy value. */
  index: number;
  /** `invalid-condition-value` makes the statement unusable; `invalid-variable` keeps the text literally. */
  code: 'invalid-condition-value' | 'invalid-variable';
  message: string;
}

export interface CompileValuesOptions {
  /** Policy variables are substituted (Version 2012-10-17). */
  variables: boolean;
}

export interface CompiledValues {
  matcher: ValueMatcher;
  problems: ValueProblem[];
}

export type OperatorDefinition =
  | {
      kind: 'compare';
      /** Canonical spelling, e.g. `StringEquals`. */
      name: string;
      /** `StringNotEquals`, `NotIpAddress`...: true when the key does not match any value. */
      negated: boolean;
      compile(values: readonly string[], options: CompileValuesOptions): CompiledValues;
    }
  | { kind: 'null'; name: 'Null' };
