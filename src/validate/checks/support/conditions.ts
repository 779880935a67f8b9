/** Condition entries of a policy, the key types they compare, and the value shapes of each family. */
import type { CheckContext, Report } from '../define-check.js';
import { memo } from './memo.js';
import type { OperatorFamily } from './operators.js';
import type { ConditionEntry, StatementView } from './policy-view.js';

export interface ConditionUse extends ConditionEntry {
  statement: StatementView;
}

export function conditionUses(ctx: CheckContext): ConditionUse[] {
  return memo(ctx, 'conditionUses', () => _conditionUses(ctx));
}

function _conditionUses(ctx: CheckContext): ConditionUse[] {
  const out: ConditionUse[] = [];
  for (const st of ctx.statements) for (const c of st.conditions) out.push({ ...c, statement: st });
  return out;
}

/** The operator families that can compare a key of this type. */
export function familiesForKeyType(type: string, key: string): OperatorFamily[] {
  const base = type.replace(/^ArrayOf/, '');
  switch (base) {
    case 'String':
      return ['String'];
    case 'ARN':
      return ['Arn', 'String'];
    case 'Numeric':
    case 'Long':
      return ['Numeric'];
    case 'Date':
      return key.toLowerCase() === 'aws:epochtime' ? ['Date', 'Numeric'] : ['Date'];
    case 'Bool':
    case 'Boolean':
      return ['Bool'];
    case 'IPAddress':
      return ['IpAddress'];
    case 'Binary':
      return ['Binary'];
    default:
      return ['String', 'Arn', 'Numeric', 'Date', 'Bool', 'IpAddress', 'Binary'];
  }
}

export const EXAMPLE_OPERATOR: Record<OperatorFamily, string> = {
  String: 'StringEquals',
  Arn: 'ArnLike',
  Numeric: 'NumericLessThanEquals',
  Date: 'DateGreaterThan',
  Bool: 'Bool',
  IpAddress: 'IpAddress',
  Binary: 'BinaryEquals',
  Null: 'Null',
};

/** A scalar condition value as text; undefined for values of other JSON types (data-type-mismatch). */
export function valueText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function isBooleanValue(v: unknown): boolean {
  return typeof v === 'boolean' || (typeof v === 'string' && /^(true|false)$/i.test(v));
}

export function isNumericValue(v: unknown): boolean {
  return (
    (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))
  );
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `valid`: ISO 8601 or epoch seconds; `unusual`: a date IAM may read differently; `not-a-date`. */
export function classifyDate(v: unknown): 'valid' | 'unusual' | 'not-a-date' {
  if (typeof v === 'number') return Number.isFinite(v) ? 'valid' : 'not-a-date';
  if (typeof v !== 'string') return 'not-a-date';
  if (/^\d+$/.test(v)) return 'valid';
  const m = ISO_DATE.exec(v);
  if (m) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    const hour = m[5] === undefined ? 0 : Number(m[5]);
    const minute = m[6] === undefined ? 0 : Number(m[6]);
    const second = m[8] === undefined ? 0 : Number(m[8]);
    const ok = month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60 && second < 60;
    return ok ? 'valid' : 'unusual';
  }
  return /\d/.test(v) && !Number.isNaN(Date.parse(v)) ? 'unusual' : 'not-a-date';
}

export function isBase64(v: string): boolean {
  return v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v);
}

/** The value without its policy variables, to look for wildcards the author typed. */
export function withoutVariables(v: string): string {
  return v.replace(/\$\{[^}]*\}/g, '');
}

/**
 * Reports String-operator values of condition key `key` that are not `<prefix>-` and 8 or 17 lower-case
 * hexadecimal characters (VPC and VPC endpoint IDs): such a value never matches. Wildcards and policy
 * variables are left alone.
 */
export function reportBadIdFormat(ctx: CheckContext, report: Report, key: string, prefix: string): void {
  const format = new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);
  const lower = key.toLowerCase();
  for (const c of conditionUses(ctx)) {
    if (c.op?.family !== 'String' || c.key.toLowerCase() !== lower) continue;
    for (const v of c.values) {
      if (typeof v.value !== 'string' || v.value.includes('${')) continue;
      const text = withoutVariables(v.value);
      if (c.op.wildcards && (text.includes('*') || text.includes('?'))) continue;
      if (format.test(v.value)) continue;
      report({
        path: v.path,
        message: `\`${v.value}\` is not a ${prefix} ID (\`${prefix}-\` and 8 or 17 hexadecimal characters, such as \`${prefix}-1a2b3c4d\`), so it never matches \`${key}\`.`,
      });
    }
  }
}
