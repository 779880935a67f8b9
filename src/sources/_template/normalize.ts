/**
 * One raw record of the format -> one ActivityRecord, or a problem naming the bad field. Template: rename
 * `example` and map your format's fields; see `src/sources/cloudtrail/normalize.ts` for a full one.
 */
import type { ActivityRecord, RecordOrigin, RecordSourceKind } from '../../normalize/activity-record.js';

/** Your source's kind (add it to `RecordSourceKind` if it is new). */
const SOURCE_KIND: RecordSourceKind = 'otel';

export interface ExampleProblem {
  /** JSON path inside the record: `time`, `call.service`. */
  path: string;
  message: string;
}

export function normalizeExampleRecord(raw: unknown, origin: RecordOrigin): ActivityRecord | ExampleProblem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { path: '', message: 'expected a record object: skipped' };
  }
  const r = raw as Record<string, unknown>;
  const time = typeof r.time === 'string' ? r.time : undefined;
  // Date.parse is fine for times with a zone; for zone-less times use cloudtrail/normalize's parseEventTime.
  const timeMs = time === undefined ? Number.NaN : Date.parse(time);
  if (time === undefined || Number.isNaN(timeMs)) return { path: 'time', message: 'no valid time: skipped' };
  if (typeof r.service !== 'string') return { path: 'service', message: 'no service: skipped' };
  if (typeof r.operation !== 'string') return { path: 'operation', message: 'no operation: skipped' };
  const principal = typeof r.principal === 'string' ? r.principal : undefined;
  return {
    time,
    timeMs,
    sourceKind: SOURCE_KIND,
    eventSource: r.service,
    operation: r.operation,
    identity: { type: principal === undefined ? 'Unknown' : 'AssumedRole', arn: principal },
    outcome: { kind: 'success' },
    // Something a person can search for to find the raw record.
    evidenceId: typeof r.id === 'string' ? r.id : `${origin.file}#${origin.index}`,
    origin,
  };
}
