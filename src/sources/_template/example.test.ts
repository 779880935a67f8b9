import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../../normalize/activity-record.js';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { openInput } from '../input.js';
import { exampleSource } from './index.js';

describe('the source template', () => {
  it('reads good records and reports a bad one with its index and path', async () => {
    // Given a small hand-written file with one good and one bad record
    const path = fileURLToPath(new URL('./fixtures/example.json', import.meta.url));
    const opened = await openInput(path, 1024 * 1024);
    if (opened.kind !== 'input') throw new Error(`fixture not readable: ${opened.kind}`);
    const records: ActivityRecord[] = [];
    const diagnostics: Diagnostic[] = [];
    // When the source detects and reads it
    expect(exampleSource.detect(opened.input.head)).toBe(true);
    const result = await exampleSource.read(
      opened.input,
      { record: (r) => records.push(r), diagnostic: (d) => diagnostics.push(d) },
      { maxWholeFileBytes: 1024 * 1024 },
    );
    // Then the good record is read and the bad one is a malformed diagnostic naming the field
    expect(result).toMatchObject({ kind: 'read', stats: { records: 1, malformed: 1 } });
    expect(records[0]).toMatchObject({ operation: 'GetObject', evidenceId: 'ex-1' });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'malformed-record', record: 1, path: 'exampleEvents[1].service' }),
    ]);
  });
});
