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

/** Files handed to a worker ahead of the one it is reading, so that it never waits for the next. */
const AHEAD = 1;

function runWorker(
  script: URL,
  queue: string[],
  workers: number,
  options: RunOptions,
): Promise<UsagePartial> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { window: options.window, read: options.read } });
    let inFlight = 0;
    const feed = () => {
      // Near the end of the queue a file handed ahead could wait behind another while a worker is idle.
      const ahead = queue.length > workers ? AHEAD : 0;
      while (inFlight <= ahead && queue.length > 0) {
        worker.postMessage({ kind: 'file', file: queue.shift() as string });
        inFlight++;
      }
      if (inFlight === 0) worker.postMessage({ kind: 'finish' });
    };
    worker.on(
      'message',
      (msg: {
        kind: string;
        result?: FileResult;
        partial?: UsagePartial;
        file?: string;
        message?: string;
      }) => {
        if (msg.kind === 'file-done' && msg.result) {
          inFlight--;
          options.onFile?.(msg.result);
          feed();
        } else if (msg.kind === 'partial' && msg.partial) {
          resolve(msg.partial);
          void worker.terminate();
        } else if (msg.kind === 'error') {
          reject(new Error(`while processing ${msg.file}: ${msg.message}`));
          void worker.terminate();
        }
      },
    );
    worker.on('error', reject);
    feed();
  });
}

/** The files by size, largest first (ties and unreadable files keep their order; reading reports those). */
function largestFirst(files: readonly string[]): string[] {
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
  return sized.map((s) => s.file);
}

export async function runFiles(files: string[], options: RunOptions): Promise<UsagePartial> {
  const wanted = Math.max(1, Math.min(options.workers ?? availableParallelism(), files.length));
  const script = workerScript();
  if (wanted === 1 || !script) return runInProcess(files, options);
  // Largest files first, so that the last ones are small and the workers finish together. The output does
  // not depend on the order: partials merge per key and the result is sorted.
  const queue = largestFirst(files);
  const partials = await Promise.all(
    Array.from({ length: wanted }, () => runWorker(script, queue, wanted, options)),
  );
  return mergePartials(partials);
}
