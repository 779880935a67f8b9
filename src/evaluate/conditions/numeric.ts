/** Numeric operators: integers and decimals. No policy variables (IAM does not substitute them here). */
import { orderedOperators } from './ordered.js';
import type { OperatorDefinition } from './types.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number from policy or request text, or undefined when the text is not one. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

export const numericOperators: OperatorDefinition[] = orderedOperators('Numeric', parseNumber, 'a number');
