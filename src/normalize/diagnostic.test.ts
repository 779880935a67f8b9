import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './diagnostic.js';

describe('formatDiagnostic', () => {
  it('names the file, the record and the event, then the problem', () => {
    expect(
      formatDiagnostic({
        code: 'malformed-record',
        severity: 'error',
        message: 'no eventName: skipped',
        file: 'logs/a.json.gz',
        record: 3,
        eventId: 'e-1',
        malformed: true,
      }),
    ).toBe('error: logs/a.json.gz record 3 (eventID e-1): no eventName: skipped');
  });

  it('does not double the colon of a live source named without a region', () => {
    const d = {
      code: 'partial-source',
      severity: 'notice',
      message: 'management events only',
      malformed: false,
    } as const;
    expect(formatDiagnostic({ ...d, file: 'cloudtrail:' })).toBe(
      'notice: cloudtrail: management events only',
    );
    expect(formatDiagnostic({ ...d, file: 'cloudtrail:eu-west-1' })).toBe(
      'notice: cloudtrail:eu-west-1: management events only',
    );
  });
});
