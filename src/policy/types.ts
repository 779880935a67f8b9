/** IAM policy documents as JSON carries them. The parser (parse.ts) turns these into a checked model. */

export type OneOrMany<T> = T | T[];

export type ConditionValue = string | number | boolean;

/** operator -> condition key -> value(s) */
export type PolicyCondition = Record<string, Record<string, OneOrMany<ConditionValue>>>;

export type PolicyPrincipal = '*' | Record<string, OneOrMany<string>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Principal?: PolicyPrincipal;
  NotPrincipal?: PolicyPrincipal;
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: '2012-10-17' | '2008-10-17';
  Id?: string;
  Statement: PolicyStatement[];
}

export function asArray<T>(v: OneOrMany<T> | undefined): T[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
