/**
 * The checked policy model: what `parsePolicy` returns. Every node knows the JSON path it came from, so
 * any finding or evaluation result can point at the exact place in the author's document.
 *
 * The model keeps what was written (after normalising one-or-many to lists and condition values to
 * strings) and leaves out what could not be read; the diagnostics say what was left out and why.
 */

export type Effect = 'Allow' | 'Deny';

/** A value and the JSON path it was read from. */
export interface Located<T> {
  value: T;
  path: string;
}

export interface ParsedPolicy {
  /** The caller's label, e.g. a file name. */
  source?: string;
  /** As written; `undefined` when absent (AWS then applies 2008-10-17 rules: no policy variables). */
  version?: Located<string>;
  id?: Located<string>;
  /** How `Statement` was written: an array, a single object, or not at all (or unusable). */
  statementShape: 'array' | 'object' | 'missing';
  statements: ParsedStatement[];
}

export interface ParsedStatement {
  /** 0-based position in the policy. */
  index: number;
  /** `Statement[1]`, or `Statement` when the policy has a single statement object. */
  path: string;
  sid?: Located<string>;
  /** `undefined` when missing or not exactly `Allow`/`Deny`. */
  effect?: Located<Effect>;
  /** `undefined` when neither Action nor NotAction could be read. */
  action?: ParsedList<'Action' | 'NotAction'>;
  /** `undefined` when neither Resource nor NotResource could be read. */
  resource?: ParsedList<'Resource' | 'NotResource'>;
  principal?: ParsedPrincipalBlock;
  conditions: ParsedCondition[];
}

/** Action/NotAction or Resource/NotResource: which element was used, and its strings in order. */
export interface ParsedList<K extends string> {
  element: K;
  path: string;
  values: Located<string>[];
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface ParsedPrincipalBlock {
  element: 'Principal' | 'NotPrincipal';
  path: string;
  principal: ParsedPrincipal;
}

/** `"*"` is `{kind: 'any'}`; `{"AWS": "*"}` stays a map (it means the same, and compile treats it so). */
export type ParsedPrincipal =
  | { kind: 'any' }
  | { kind: 'map'; entries: { type: PrincipalType; path: string; values: Located<string>[] }[] };

/** One `operator -> key -> values` entry of a Condition block. */
export interface ParsedCondition {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** `Statement[0].Condition.StringEquals` */
  operatorPath: string;
  /** As written; keys are case-insensitive, the evaluator folds them. */
  key: string;
  /** `Statement[0].Condition.StringEquals.aws:username` */
  path: string;
  /** Numbers and booleans are turned into their JSON text (`10`, `true`). */
  values: Located<string>[];
}
