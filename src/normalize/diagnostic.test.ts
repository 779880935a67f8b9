import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, formatDiagnostic } from './diagnostic.js';

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

describe('docs/diagnostics.md', () => {
  it('has one row for every diagnostic code, and none for a code that does not exist', () => {
    // Given the table of codes users read
    const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    // Then it lists exactly the codes sources can report, each once
    expect([...rows].sort()).toEqual([...DIAGNOSTIC_CODES].sort());
  });
});
