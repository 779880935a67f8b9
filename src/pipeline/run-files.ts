/**
 * Runs the per-file pipeline over many files on all cores: a queue of files, one worker thread per core,
 * each worker accumulating its own partial usage; partials merge at the end (per distinct key).
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { mergePartials, type UsagePartial } from '../aggregate/aggregate-usage.js';
import {
  FileProcessor,
  type FileProcessor as FileProcessorType,
  type FileResult,
  type ProcessOptions,
} from './process-files.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

export interface RunOptions extends ProcessOptions {
  /** Worker threads; 1 runs in this thread. Default: one per core, at most one per file. */
  workers?: number;
  onFile?: (result: FileResult) => void;
}

function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  // Under a TypeScript test runner the compiled worker does not exist: run in-process.
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

async function runInProcess(files: string[], options: RunOptions): Promise<UsagePartial> {
  const processor: FileProcessorType = new FileProcessor({ window: options.window, read: options.read });
  for (const file of files) options.onFile?.(await processor.processFile(file));
  return processor.finish();
}

/** The files still to read, largest first, with their sizes; shared by the workers. */
export class FileQueue {
  private next = 0;
  private remaining = 0;

  constructor(private readonly files: readonly { file: string; size: number }[]) {
    for (const f of files) this.remaining += f.size;
  }

  get length(): number {
    return this.files.length - this.next;
  }

  /**
   * The next files one message hands a worker: at least one, then more while they stay within `BATCH_BYTES`
   * and `BATCH_FILES`, and within a share of what is left small enough that the workers still finish together
   * (a trail is mostly small files, and a message per file cost some 5% of a worker's time in messaging and
   * waiting on such a trail).
   */
  take(workers: number): string[] {
    const limit = Math.min(BATCH_BYTES, this.remaining / (4 * workers));
    const batch: string[] = [];
    let bytes = 0;
    while (this.next < this.files.length && batch.length < BATCH_FILES) {
      const f = this.files[this.next] as { file: string; size: number };
      if (batch.length > 0 && bytes + f.size > limit) break;
      batch.push(f.file);
      bytes += f.size;
      this.next++;
    }
    this.remaining -= bytes;
    return batch;
  }
}

/** Input bytes (as stored, compressed or not) one message hands a worker at most, unless one file is larger. */
export const BATCH_BYTES = 1024 * 1024;
/** Files one message hands a worker at most. */
export const BATCH_FILES = 256;

/** Batches handed to a worker ahead of the one it is reading, so that it never waits for the next. */
const AHEAD = 1;

function runWorker(
  script: URL,
  queue: FileQueue,
  workers: number,
  options: RunOptions,
): Promise<UsagePartial> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { window: options.window, read: options.read } });
    let inFlight = 0;
    const feed = () => {
      // Near the end of the queue a batch handed ahead could wait behind another while a worker is idle.
      const ahead = queue.length > workers ? AHEAD : 0;
      while (inFlight <= ahead && queue.length > 0) {
        const message: ToWorker = { kind: 'files', files: queue.take(workers) };
        worker.postMessage(message);
        inFlight++;
      }
      if (inFlight === 0) worker.postMessage({ kind: 'finish' } satisfies ToWorker);
    };
    worker.on('message', (msg: FromWorker) => {
      if (msg.kind === 'files-done') {
        inFlight--;
        for (const result of msg.results) options.onFile?.(result);
        feed();
      } else if (msg.kind === 'partial') {
        resolve(msg.partial);
        void worker.terminate();
      } else {
        for (const result of msg.results) options.onFile?.(result);
        reject(new Error(`while processing ${msg.file}: ${msg.message}`));
        void worker.terminate();
      }
    });
    worker.on('error', reject);
    feed();
  });
}

/** The files by size, largest first (ties and unreadable files keep their order; reading reports those). */
export function largestFirst(files: readonly string[]): { file: string; size: number }[] {
  const sized = files.map((file, index) => {
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      // Reported when the file is read.
    }
    return { file, index, size };
  });
  sized.sort((a, b) => b.size - a.size || a.index - b.index);
  return sized.map(({ file, size }) => ({ file, size }));
}

export async function runFiles(files: string[], options: RunOptions): Promise<UsagePartial> {
  const wanted = Math.max(1, Math.min(options.workers ?? availableParallelism(), files.length));
  const script = workerScript();
  if (wanted === 1 || !script) return runInProcess(files, options);
  // Largest files first, so that the last ones are small and the workers finish together. The output does
  // not depend on the order: partials merge per key and the result is sorted.
  const queue = new FileQueue(largestFirst(files));
  const partials = await Promise.all(
    Array.from({ length: wanted }, () => runWorker(script, queue, wanted, options)),
  );
  return mergePartials(partials);
}
