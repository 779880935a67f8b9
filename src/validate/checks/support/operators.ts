/**
 * Condition operators: `[ForAllValues:|ForAnyValue:]Base[IfExists]`. The IAM grammar, not service data,
 * so the table lives here (reference_policies_elements_condition_operators).
 */

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

export interface ParsedOperator {
  /** The operator as written. */
  text: string;
  qualifier?: 'ForAllValues' | 'ForAnyValue';
  /** Canonical base name: `StringLike`. */
  base: string;
  family: OperatorFamily;
  ifExists: boolean;
  /** StringNotEquals, NotIpAddress, ArnNotLike, ... */
  negated: boolean;
  /** Matches with `*` and `?`: StringLike, StringNotLike, ArnLike, ArnNotLike, ArnEquals, ArnNotEquals. */
  wildcards: boolean;
}

const BASES: Record<string, { family: OperatorFamily; negated?: boolean; wildcards?: boolean }> = {
  StringEquals: { family: 'String' },
  StringNotEquals: { family: 'String', negated: true },
  StringEqualsIgnoreCase: { family: 'String' },
  StringNotEqualsIgnoreCase: { family: 'String', negated: true },
  StringLike: { family: 'String', wildcards: true },
  StringNotLike: { family: 'String', negated: true, wildcards: true },
  NumericEquals: { family: 'Numeric' },
  NumericNotEquals: { family: 'Numeric', negated: true },
  NumericLessThan: { family: 'Numeric' },
  NumericLessThanEquals: { family: 'Numeric' },
  NumericGreaterThan: { family: 'Numeric' },
  NumericGreaterThanEquals: { family: 'Numeric' },
  DateEquals: { family: 'Date' },
  DateNotEquals: { family: 'Date', negated: true },
  DateLessThan: { family: 'Date' },
  DateLessThanEquals: { family: 'Date' },
  DateGreaterThan: { family: 'Date' },
  DateGreaterThanEquals: { family: 'Date' },
  Bool: { family: 'Bool' },
  BinaryEquals: { family: 'Binary' },
  IpAddress: { family: 'IpAddress' },
  NotIpAddress: { family: 'IpAddress', negated: true },
  ArnEquals: { family: 'Arn', wildcards: true },
  ArnLike: { family: 'Arn', wildcards: true },
  ArnNotEquals: { family: 'Arn', negated: true, wildcards: true },
  ArnNotLike: { family: 'Arn', negated: true, wildcards: true },
  Null: { family: 'Null' },
};

const BY_LOWER = new Map(Object.keys(BASES).map((name) => [name.toLowerCase(), name]));

/** Every base operator name, for "did you mean". */
export const OPERATOR_NAMES: readonly string[] = Object.keys(BASES);

const cache = new Map<string, ParsedOperator | null>();

/** Parse an operator; undefined when it is not one IAM knows. Case-insensitive, like IAM. */
export function parseOperator(text: string): ParsedOperator | undefined {
  const hit = cache.get(text);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = parse(text);
  cache.set(text, parsed ?? null);
  return parsed;
}

function parse(text: string): ParsedOperator | undefined {
  let rest = text;
  let qualifier: ParsedOperator['qualifier'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'forallvalues') qualifier = 'ForAllValues';
    else if (q === 'foranyvalue') qualifier = 'ForAnyValue';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  if (!base) return undefined;
  const info = BASES[base] as (typeof BASES)[string];
  const parsed: ParsedOperator = {
    text,
    base,
    family: info.family,
    ifExists,
    negated: info.negated ?? false,
    wildcards: info.wildcards ?? false,
  };
  if (qualifier) parsed.qualifier = qualifier;
  return parsed;
}
