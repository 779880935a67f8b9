/**
 * Every condition operator IAM knows, by family, and how an operator name as written in a policy
 * (`ForAnyValue:StringLikeIfExists`) resolves to a family definition plus its set qualifier and IfExists.
 * Adding an operator: add it to its family file; this index picks it up.
 */
import { arnOperators } from './arn.js';
import { binaryOperators } from './binary.js';
import { boolOperators } from './bool.js';
import { dateOperators } from './date.js';
import { ipAddressOperators } from './ip-address.js';
import { nullOperators } from './null.js';
import { numericOperators } from './numeric.js';
import { stringOperators } from './string.js';
import type { OperatorDefinition } from './types.js';

export type { CompiledValues, OperatorDefinition, ValueMatcher, ValueProblem } from './types.js';

export const operatorFamilies = {
  string: stringOperators,
  numeric: numericOperators,
  date: dateOperators,
  bool: boolOperators,
  binary: binaryOperators,
  'ip-address': ipAddressOperators,
  arn: arnOperators,
  null: nullOperators,
} as const satisfies Record<string, readonly OperatorDefinition[]>;

const byName = new Map<string, OperatorDefinition>(
  Object.values(operatorFamilies).flatMap((family) => family.map((d) => [d.name.toLowerCase(), d] as const)),
);

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export type OperatorResolution =
  | {
      kind: 'operator';
      definition: OperatorDefinition;
      qualifier: SetQualifier | undefined;
      ifExists: boolean;
      /** The canonical spelling of the whole name. */
      canonical: string;
    }
  | { kind: 'unknown'; message: string }
  | { kind: 'invalid'; message: string };

const QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];
const IF_EXISTS = 'ifexists';

/** Resolve an operator name; names are matched case-insensitively (the caller warns about odd casing). */
export function resolveOperator(name: string): OperatorResolution {
  let rest = name;
  let qualifier: SetQualifier | undefined;
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const q = name.slice(0, colon);
    qualifier = QUALIFIERS.find((x) => x.toLowerCase() === q.toLowerCase());
    if (!qualifier) {
      return { kind: 'unknown', message: `"${q}" is not a set qualifier; use ForAllValues or ForAnyValue` };
    }
    rest = name.slice(colon + 1);
  }
  let base = rest.toLowerCase();
  let ifExists = false;
  let definition = byName.get(base);
  if (!definition && base.endsWith(IF_EXISTS)) {
    base = base.slice(0, -IF_EXISTS.length);
    definition = byName.get(base);
    ifExists = definition !== undefined;
  }
  if (!definition) {
    const hint = closest(rest);
    return {
      kind: 'unknown',
      message: `"${name}" is not a condition operator${hint ? `; did you mean "${hint}"?` : ''}`,
    };
  }
  if (definition.kind === 'null' && (ifExists || qualifier)) {
    return {
      kind: 'invalid',
      message: `"${name}": Null tests whether a key exists, so it takes no ${ifExists ? 'IfExists' : 'set qualifier'}`,
    };
  }
  const canonical = `${qualifier ? `${qualifier}:` : ''}${definition.name}${ifExists ? 'IfExists' : ''}`;
  return { kind: 'operator', definition, qualifier, ifExists, canonical };
}

function closest(name: string): string | undefined {
  const target = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 4;
  for (const d of byName.values()) {
    const dist = distance(target, d.name.toLowerCase());
    if (dist < bestDistance) {
      bestDistance = dist;
      best = d.name;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
