/** The messages between the main thread and a worker (run-files.ts, worker.ts). */
import type { UsagePartial } from '../aggregate/aggregate-usage.js';
import type { FileResult } from './process-files.js';

export type ToWorker = { kind: 'files'; files: string[] } | { kind: 'finish' };

export type FromWorker =
  /** Every file of one `files` message, in its order. */
  | { kind: 'files-done'; results: FileResult[] }
  | { kind: 'partial'; partial: UsagePartial }
  /** A file failed (a bug, not bad input: bad input is a diagnostic); `results` are the batch's files before it. */
  | { kind: 'error'; file: string; message: string; results: FileResult[] };
