/** Every Resource and NotResource value, and what its ARN says. */
import type { CheckContext } from '../define-check.js';
import { isParsedArn, isVariableField, type ParsedArn, parseArn } from './arn.js';
import { memo } from './memo.js';
import type { Located, StatementView } from './policy-view.js';
import type { ArnFormat } from './service-index.js';

export interface ResourceValue extends Located<string> {
  statement: StatementView;
  element: 'Resource' | 'NotResource';
}

export function resourceValues(ctx: CheckContext): ResourceValue[] {
  return memo(ctx, 'resourceValues', () => _resourceValues(ctx));
}

function _resourceValues(ctx: CheckContext): ResourceValue[] {
  const out: ResourceValue[] = [];
  for (const st of ctx.statements) {
    for (const v of st.resources ?? []) out.push({ ...v, statement: st, element: 'Resource' });
    for (const v of st.notResources ?? []) out.push({ ...v, statement: st, element: 'NotResource' });
  }
  return out;
}

export type ArnAnalysis =
  /** `*`, or a value that is a policy variable as a whole: nothing to check. */
  | { kind: 'any' }
  | { kind: 'not-arn' }
  | { kind: 'missing-fields'; fieldCount: number }
  | { kind: 'arn'; arn: ParsedArn };

const cache = new Map<string, ArnAnalysis>();

export function analyzeResource(value: string): ArnAnalysis {
  let hit = cache.get(value);
  if (hit) return hit;
  // API Gateway resource policies name methods as `execute-api:/stage/METHOD/path`; the service expands it.
  if (value === '*' || value.startsWith('${') || value.startsWith('execute-api:/')) hit = { kind: 'any' };
  else if (!value.startsWith('arn:')) hit = { kind: 'not-arn' };
  else {
    const parsed = parseArn(value);
    hit = isParsedArn(parsed)
      ? { kind: 'arn', arn: parsed }
      : { kind: 'missing-fields', fieldCount: parsed.fieldCount };
  }
  if (cache.size > 50_000) cache.clear();
  cache.set(value, hit);
  return hit;
}

/**
 * The ARN of a Resource value with the formats its resource part can match, when its service is known
 * and has formats; undefined when there is nothing to compare with.
 */
export function arnWithFormats(
  ctx: CheckContext,
  value: string,
): { arn: ParsedArn; formats: readonly ArnFormat[]; all: readonly ArnFormat[] } | undefined {
  const a = analyzeResource(value);
  if (a.kind !== 'arn') return undefined;
  const { arn } = a;
  if (isVariableField(arn.service) || arn.service !== arn.service.toLowerCase()) return undefined;
  const all = ctx.index.arnFormats(arn.service);
  if (all.length === 0) return undefined;
  return { arn, formats: ctx.index.matchingFormats(arn), all };
}
