/**
 * Reads a file of the format into the sink. Template: rename `example`; see
 * `src/sources/cloudtrail/read.ts` for streaming with `JsonSplitter`, NDJSON and recovery from broken JSON.
 */
import type { FileInput } from '../input.js';
import type { ReadSink, SourceReadResult } from '../types.js';
import { normalizeExampleRecord } from './normalize.js';

export async function readExample(input: FileInput, sink: ReadSink): Promise<SourceReadResult> {
  let records = 0;
  let malformed = 0;
  if (input.text === undefined) {
    // Above maxWholeFileBytes: stream `input.chunks()` through a JsonSplitter instead (not shown here).
    return { kind: 'declined', looksLike: 'an example file too large for the template reader' };
  }
  let value: unknown;
  try {
    value = JSON.parse(input.text);
  } catch (error) {
    sink.diagnostic({
      code: 'invalid-json',
      severity: 'error',
      message: `invalid JSON (${error instanceof Error ? error.message : String(error)})`,
      file: input.file,
      malformed: true,
    });
    return { kind: 'read', stats: stats(input, 0, 1) };
  }
  const events = (value as { exampleEvents?: unknown }).exampleEvents;
  // Not ours after all: decline, and the user gets one notice saying what the file looks like.
  if (!Array.isArray(events)) return { kind: 'declined', looksLike: 'a JSON object without exampleEvents' };
  for (let index = 0; index < events.length; index++) {
    const result = normalizeExampleRecord(events[index], { file: input.file, index });
    if ('path' in result) {
      malformed++;
      sink.diagnostic({
        code: 'malformed-record',
        severity: 'error',
        message: result.message,
        file: input.file,
        record: index,
        path: `exampleEvents[${index}].${result.path}`,
        malformed: true,
      });
    } else {
      records++;
      sink.record(result);
    }
  }
  return { kind: 'read', stats: stats(input, records, malformed) };
}

function stats(input: FileInput, records: number, malformed: number) {
  return {
    file: input.file,
    format: 'example',
    records,
    malformed,
    skipped: false,
    gzip: input.gzip,
    streamed: false,
  };
}
