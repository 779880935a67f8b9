/**
 * Problems with the input, returned as values. Library code never prints; cli/ decides what to show and
 * which exit code follows.
 */
/** Every code a source's diagnostic may have; docs/diagnostics.md says what each means (a test holds it to this list). */
export const DIAGNOSTIC_CODES = [
  'invalid-json',
  'truncated-gzip',
  'not-cloudtrail',
  'digest-file',
  'empty-input',
  'unreadable',
  'malformed-record',
  'unsupported-record',
  /** A source that by its nature shows only part of the activity (LookupEvents: management events, 90 days). */
  'partial-source',
  /** leastpriv itself failed on a record or file (a bug): it was skipped and the rest read. */
  'internal-error',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export type DiagnosticSeverity = 'error' | 'warning' | 'notice';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: DiagnosticSeverity;
  /** One line a person can act on. */
  message: string;
  file: string;
  /** 0-based record index in the file, when the problem is one record. */
  record?: number;
  /** 1-based line, when known. */
  line?: number;
  /** JSON path inside the record, e.g. `userIdentity.type`. */
  path?: string;
  /** Event id, when the record has one. */
  eventId?: string;
  /** True when the problem counts in `summary.malformed`. */
  malformed: boolean;
}

/** `file`, `file record 12 (eventID …)`, `file:34`: the location as a person reads it. */
export function formatLocation(d: Pick<Diagnostic, 'file' | 'record' | 'line' | 'eventId' | 'path'>): string {
  let where = d.file;
  if (d.line !== undefined) where += `:${d.line}`;
  else if (d.record !== undefined) where += ` record ${d.record}`;
  if (d.eventId) where += ` (eventID ${d.eventId})`;
  if (d.path) where += ` at ${d.path}`;
  return where;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d);
  // A live source is named with its colon already (`xray:`, `cloudtrail:`): not `cloudtrail::`.
  return `${d.severity}: ${where}${where.endsWith(':') ? '' : ':'} ${d.message}`;
}

/** A user error with a one-line message: cli/ prints it without a stack and exits 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}
