/**
 * `Null`: "true" matches when the key is absent from the request (or has no values), "false" when it is
 * present. It reads presence, not values, so it takes no IfExists suffix, set qualifier or variables;
 * `../condition.ts` evaluates it.
 */
import type { OperatorDefinition } from './types.js';

export const nullOperators: OperatorDefinition[] = [{ kind: 'null', name: 'Null' }];

/** The expected "is null" answer of a Null value, or undefined when it is not "true"/"false". */
export function parseNullValue(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}
