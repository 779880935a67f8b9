/**
 * The contract between `sources/index.ts` (which opens a file and picks a source) and each source folder
 * (which reads the file and yields records). Re-exported from `sources/index.ts`, the public entry point.
 */
import type { ActivityRecord } from '../normalize/activity-record.js';
import type { Diagnostic } from '../normalize/diagnostic.js';
import type { FileInput } from './input.js';

/** Where a source sends what it reads. Called synchronously, in file order. */
export interface ReadSink {
  record(r: ActivityRecord): void;
  diagnostic(d: Diagnostic): void;
}

export interface ReadOptions {
  /** Files whose decompressed size exceeds this are split record by record instead of JSON.parse'd whole (default 256 MiB). */
  maxWholeFileBytes?: number;
}

/** What happened to one file, for the run summary. */
export interface FileReadStats {
  file: string;
  /**
   * `cloudtrail-records` (`{"Records":[...]}`), `cloudtrail-array`, `cloudtrail-ndjson`, `cloudtrail-event`
   * (one event), `cloudtrail-lookup` (`aws cloudtrail lookup-events` output), `eventbridge` (events in
   * EventBridge envelopes, single, array or NDJSON), `cloudtrail-digest` (skipped), `xray-batch-get-traces`,
   * `xray-segments` (raw segment documents), `xray-put-trace-segments`, `xray-trace-summaries` (no calls in
   * them), `otlp-json`, `unknown` (damaged beyond recognition), `skipped` (not an input leastpriv reads).
   */
  format: string;
  /** Records passed to the sink. */
  records: number;
  /** Diagnostics with `malformed: true`: records or stretches of the file that could not be read. */
  malformed: number;
  /** True when the file was not read at all (not CloudTrail, digest, empty, unreadable). */
  skipped: boolean;
  /** The file was gzip-compressed. */
  gzip: boolean;
  /** The file was split record by record (above `maxWholeFileBytes`) instead of parsed whole. */
  streamed: boolean;
}

/** Options with their defaults applied. */
export interface ReadLimits {
  maxWholeFileBytes: number;
}

export type SourceReadResult =
  | { kind: 'read'; stats: FileReadStats }
  /** Not this source's file after all; `looksLike` says what it is, for the notice (`a JSON array of ...`). */
  | { kind: 'declined'; looksLike: string };

/** One input format. A folder under `sources/` exports one of these; `sources/index.ts` lists them. */
export interface FileSource {
  /** Stable id, e.g. `cloudtrail`. */
  readonly id: string;
  /**
   * Cheap first look at the start of the decompressed text: could this file be mine? A `true` may still be
   * declined by `read` once the content is parsed; a `false` is final.
   */
  detect(head: string): boolean;
  /** Reads the file into the sink. Never throws for bad input: problems become diagnostics. */
  read(input: FileInput, sink: ReadSink, limits: ReadLimits): Promise<SourceReadResult>;
}
