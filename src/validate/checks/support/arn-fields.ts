/**
 * Region and account fields of an ARN against the formats its resource part can match: required by all of
 * them, forbidden by all of them, or of the wrong shape.
 */
import { isAccountId, isRegionName, isVariableField, type ParsedArn } from './arn.js';
import type { ArnFormat } from './service-index.js';

export type FieldProblem = 'missing' | 'not-allowed' | 'invalid';

function problem(
  value: string,
  kinds: ArnFormat['region'][],
  valid: (v: string) => boolean,
): FieldProblem | undefined {
  if (kinds.length === 0 || isVariableField(value)) return undefined;
  if (value === '') return kinds.every((k) => k !== 'empty') ? 'missing' : undefined;
  if (kinds.every((k) => k === 'empty')) return 'not-allowed';
  if (valid(value)) return undefined;
  if (kinds.some((k) => typeof k === 'object' && k.literal === value)) return undefined;
  return 'invalid';
}

export function regionProblem(arn: ParsedArn, formats: readonly ArnFormat[]): FieldProblem | undefined {
  return problem(
    arn.region,
    formats.map((f) => f.region),
    isRegionName,
  );
}

export function accountProblem(arn: ParsedArn, formats: readonly ArnFormat[]): FieldProblem | undefined {
  return problem(
    arn.account,
    formats.map((f) => f.account),
    // `aws` owns AWS managed policies and other AWS-provided resources
    (v) => isAccountId(v) || v === 'aws',
  );
}

/** Example formats for a message: the resource types, at most three. */
export function exampleFormats(formats: readonly ArnFormat[]): string {
  const names = [...new Set(formats.map((f) => f.resourceType))];
  const shown = names.slice(0, 3).map((n) => `\`${n}\``);
  return names.length > 3 ? `${shown.join(', ')}, ...` : shown.join(', ');
}
