/**
 * Date operators. Values are W3C ISO 8601 profiles (`2020`, `2020-01`, `2020-01-01`,
 * `2020-01-01T12:00Z`, `2020-01-01T12:00:00.5+02:00`) or epoch seconds (digits only, so `2020` is read
 * as epoch seconds, not a year). A date-time without a zone is taken as UTC. No wildcards, no variables.
 */
import { orderedOperators } from './ordered.js';
import type { OperatorDefinition } from './types.js';

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

export const dateOperators: OperatorDefinition[] = orderedOperators(
  'Date',
  parseDate,
  'an ISO 8601 date or epoch seconds',
);
