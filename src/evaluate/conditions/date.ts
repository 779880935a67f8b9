/**
 * Date operators. Values are W3C ISO 8601 profiles (`2020`, `2020-01`, `2020-01-01`,
 * `2020-01-01T12:00Z`, `2020-01-01T12:00:00.5+02:00`) or epoch seconds (digits only, so `2020` is read
 * as epoch seconds, not a year). A date-time without a zone is taken as UTC. No wildcards, no variables.
 */
import type { OperatorDefinition, ValueProblem } from './types.js';

const W3C =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const EPOCH = /^-?\d+(?:\.\d+)?$/;

/** Milliseconds since the epoch, or undefined when the text is not a date IAM accepts. */
export function parseDate(text: string): number | undefined {
  const t = text.trim();
  if (EPOCH.test(t)) return Number(t) * 1000;
  const m = W3C.exec(t);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h, mi, s = '00', frac = '', zone] = m;
  const iso =
    h === undefined ? `${y}-${mo}-${d}T00:00:00Z` : `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${zone ?? 'Z'}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

type Compare = (request: number, policy: number) => boolean;

function dateOperator(name: string, negated: boolean, compare: Compare): OperatorDefinition {
  return {
    kind: 'compare',
    name,
    negated,
    compile(values) {
      const problems: ValueProblem[] = [];
      const dates: number[] = [];
      values.forEach((raw, index) => {
        const ms = parseDate(raw);
        if (ms === undefined) {
          problems.push({
            index,
            code: 'invalid-condition-value',
            message: `${name} needs an ISO 8601 date or epoch seconds, found "${raw}"`,
          });
        } else {
          dates.push(ms);
        }
      });
      return {
        problems,
        matcher: (requestValue) => {
          const r = parseDate(requestValue);
          return r !== undefined && dates.some((p) => compare(r, p));
        },
      };
    },
  };
}

export const dateOperators: OperatorDefinition[] = [
  dateOperator('DateEquals', false, (r, p) => r === p),
  dateOperator('DateNotEquals', true, (r, p) => r === p),
  dateOperator('DateLessThan', false, (r, p) => r < p),
  dateOperator('DateLessThanEquals', false, (r, p) => r <= p),
  dateOperator('DateGreaterThan', false, (r, p) => r > p),
  dateOperator('DateGreaterThanEquals', false, (r, p) => r >= p),
];
