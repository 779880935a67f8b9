/**
 * Sources: bytes in, ActivityRecords out. `readInputFile` is called once per file, possibly in a worker
 * thread; it keeps no state between calls.
 *
 * To add a file format, start from `sources/_template/` and add one line to `fileSources` below.
 */
import type { Diagnostic } from '../normalize/diagnostic.js';
import { cloudTrailSource } from './cloudtrail/index.js';
import { describeJsonValue, describeText } from './describe.js';
import { type FileInput, openInput, releaseBytes } from './input.js';
import { otelSource } from './otel/index.js';
import type { FileReadStats, FileSource, ReadLimits, ReadOptions, ReadSink } from './types.js';
import { xraySource } from './xray/index.js';

export { listInputFiles } from './files.js';
export type { FileReadStats, FileSource, ReadOptions, ReadSink, SourceReadResult } from './types.js';

/** Every file source, asked in this order; the first whose `detect` says yes and whose `read` keeps the file wins. */
export const fileSources: readonly FileSource[] = [cloudTrailSource, xraySource, otelSource];

export const DEFAULT_MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Reads one input file into `sink`. Never throws for bad input (missing, unreadable, not CloudTrail,
 * broken JSON, truncated gzip): each problem is a diagnostic naming the file, and the rest of the file is
 * read where possible. Throws only for bugs.
 */
export async function readInputFile(
  path: string,
  sink: ReadSink,
  options: ReadOptions = {},
): Promise<FileReadStats> {
  const limits: ReadLimits = { maxWholeFileBytes: options.maxWholeFileBytes ?? DEFAULT_MAX_WHOLE_FILE_BYTES };
  const opened = await openInput(path, limits.maxWholeFileBytes);
  switch (opened.kind) {
    case 'unreadable':
      sink.diagnostic(fileDiagnostic(path, 'unreadable', 'error', `cannot read: ${opened.message}`));
      return skippedStats(path, false);
    case 'empty':
      sink.diagnostic(fileDiagnostic(path, 'empty-input', 'notice', 'empty file: nothing to read'));
      return skippedStats(path, opened.gzip);
    case 'binary':
      sink.diagnostic(notRead(path, opened.looksLike));
      return skippedStats(path, opened.gzip);
    case 'input':
      try {
        return await readWithSources(opened.input, sink, limits);
      } finally {
        // Read: its bytes are given back now (see releaseBytes).
        releaseBytes(opened.input.bytes);
      }
  }
}

async function readWithSources(input: FileInput, sink: ReadSink, limits: ReadLimits): Promise<FileReadStats> {
  let looksLike: string | undefined;
  for (const source of fileSources) {
    if (!source.detect(input.head)) continue;
    const result = await source.read(input, sink, limits);
    if (result.kind === 'read') return result.stats;
    looksLike ??= result.looksLike;
  }
  if (looksLike === undefined && input.gzipError !== undefined) {
    // Too damaged to tell what it is: an error, not a notice, since it may well be a trail file.
    sink.diagnostic({
      ...fileDiagnostic(
        input.file,
        'truncated-gzip',
        'error',
        `gzip data is truncated or damaged (${input.gzipError.message}): nothing could be read`,
      ),
      malformed: true,
    });
    return {
      file: input.file,
      format: 'unknown',
      records: 0,
      malformed: 1,
      skipped: false,
      gzip: true,
      streamed: false,
    };
  }
  sink.diagnostic(notRead(input.file, looksLike ?? describeHead(input)));
  return skippedStats(input.file, input.gzip);
}

function describeHead(input: FileInput): string {
  if (input.text !== undefined) {
    const c = input.text.trimStart()[0];
    if (c === '{' || c === '[') {
      try {
        return describeJsonValue(JSON.parse(input.text));
      } catch {
        return `invalid JSON: ${describeText(input.head)}`;
      }
    }
  }
  return describeText(input.head);
}

function notRead(file: string, looksLike: string): Diagnostic {
  return fileDiagnostic(
    file,
    'not-cloudtrail',
    'notice',
    `not a CloudTrail log or trace: ${looksLike}; skipped (leastpriv reads CloudTrail JSON, NDJSON and EventBridge files, X-Ray traces and OTLP JSON traces, plain or gzip)`,
  );
}

function fileDiagnostic(
  file: string,
  code: Diagnostic['code'],
  severity: Diagnostic['severity'],
  message: string,
): Diagnostic {
  return { code, severity, message, file, malformed: false };
}

function skippedStats(file: string, gzip: boolean): FileReadStats {
  return { file, format: 'skipped', records: 0, malformed: 0, skipped: true, gzip, streamed: false };
}
