/**
 * Runs the per-file pipeline over many files on all cores: a queue of files, one worker thread per core,
 * each worker accumulating its own partial usage; partials merge at the end (per distinct key).
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { mergePartials, type UsagePartial } from '../aggregate/aggregate-usage.js';
import { Waiters } from '../util/waiters.js';
import {
  FileProcessor,
  type FileProcessor as FileProcessorType,
  type FileResult,
  type ProcessOptions,
} from './process-files.js';
import { workersFor } from './worker-count.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

export interface RunOptions extends ProcessOptions {
  /**
   * Worker threads; 1 runs in this thread. Default: one per core, at most one per file and, for a list of
   * files, fewer when the input is small (`workersFor`).
   */
  workers?: number;
  onFile?: (result: FileResult) => void;
  /**
   * How many threads read: called once with 1 and `false` when this thread reads, else each time a worker
   * thread starts, with the count so far and `true` (workers start as files come).
   */
  onThreads?: (threads: number, workers: boolean) => void;
  /** Files whose results were all handed to `onFile`: they are not opened again (a spool may remove them). */
  onRead?: (files: string[]) => void;
}

function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  // Under a TypeScript test runner the compiled worker does not exist: run in-process.
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

async function runInProcess(queue: FileQueue, options: RunOptions): Promise<UsagePartial> {
  const processor: FileProcessorType = new FileProcessor({ window: options.window, read: options.read });
  for (;;) {
    if (queue.length === 0) {
      if (queue.done) break;
      await queue.whenMore();
      continue;
    }
    const batch = queue.take(1);
    for (const file of batch) {
      // (Not `onFile?.(await ...)`: an optional call skips its arguments, and the file, when there is no onFile.)
      const result = await processor.processFile(file);
      options.onFile?.(result);
    }
    options.onRead?.(batch);
  }
  return processor.finish();
}

/**
 * The files still to read, shared by the workers. A queue made from a list is closed: it holds every file
 * from the start (largest first, see `largestFirst`). An open queue (`FileQueue.open`) is fed while it is
 * read, by sources that fetch files (a trail's bucket, LookupEvents), and read until it is closed.
 */
export class FileQueue {
  private readonly files: { file: string; size: number }[];
  private next = 0;
  private remaining = 0;
  private closed: boolean;
  private cancelled = false;
  private readonly waiters = new Waiters();

  constructor(files: readonly { file: string; size: number }[], open = false) {
    this.files = [...files];
    for (const f of files) this.remaining += f.size;
    this.closed = !open;
  }

  /** A queue that takes more files (`push`) until `close`. */
  static open(files: readonly { file: string; size: number }[] = []): FileQueue {
    return new FileQueue(files, true);
  }

  /** Files waiting to be taken. */
  get length(): number {
    return this.files.length - this.next;
  }

  /** Closed and empty: no file will come. */
  get done(): boolean {
    return this.closed && this.length === 0;
  }

  /** One more file to read (an open queue only; ignored once the run is abandoned). */
  push(file: string, size: number): void {
    if (this.cancelled) return;
    if (this.closed) throw new Error(`FileQueue: ${file} pushed after the queue was closed`);
    this.files.push({ file, size });
    this.remaining += size;
    this.waiters.wakeAll();
  }

  /** No more files will be pushed; those waiting are still read. */
  close(): void {
    this.closed = true;
    this.waiters.wakeAll();
  }

  /** No more files will be pushed, and those waiting are dropped (the run is being abandoned). */
  cancel(): void {
    this.cancelled = true;
    this.next = this.files.length;
    this.remaining = 0;
    this.close();
  }

  /** Resolves when a file is pushed or the queue is closed. */
  whenMore(): Promise<void> {
    if (this.length > 0 || this.closed) return Promise.resolve();
    return this.waiters.wait();
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
    // The batches handed to this worker and not yet reported, oldest first (it reads them in that order).
    const inFlight: string[][] = [];
    let waiting = false;
    const feed = () => {
      // Near the end of the queue a batch handed ahead could wait behind another while a worker is idle.
      const ahead = queue.length > workers ? AHEAD : 0;
      while (inFlight.length <= ahead && queue.length > 0) {
        const message: ToWorker = { kind: 'files', files: queue.take(workers) };
        worker.postMessage(message);
        inFlight.push(message.files);
      }
      if (inFlight.length > 0) return;
      if (queue.done) worker.postMessage({ kind: 'finish' } satisfies ToWorker);
      else if (!waiting) {
        // An open queue, empty for now: this worker idles until a file comes or the queue closes.
        waiting = true;
        void queue.whenMore().then(() => {
          waiting = false;
          feed();
        });
      }
    };
    worker.on('message', (msg: FromWorker) => {
      if (msg.kind === 'files-done') {
        const batch = inFlight.shift() as string[];
        for (const result of msg.results) options.onFile?.(result);
        options.onRead?.(batch);
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

/**
 * Reads `input` (a list of files, or an open queue fed while it is read) on up to `workers` worker threads
 * (default: one per core, fewer for a small list: `workersFor`), and merges their partial usage. A single
 * file, or a list too small for two workers, is read in this thread. Workers start as files come, so a
 * queue that never holds more than one file at a time keeps one worker.
 */
export async function runFiles(input: string[] | FileQueue, options: RunOptions): Promise<UsagePartial> {
  const cores = Math.max(1, options.workers ?? availableParallelism());
  const script = workerScript();
  // Largest files first, so that the last ones are small and the workers finish together. The output does
  // not depend on the order: partials merge per key and the result is sorted.
  const sized = Array.isArray(input) ? largestFirst(input) : undefined;
  const queue = sized ? new FileQueue(sized) : (input as FileQueue);
  const wanted = !sized
    ? cores
    : options.workers === undefined
      ? workersFor(sized, cores)
      : Math.min(cores, sized.length);
  if (wanted <= 1 || !script) {
    options.onThreads?.(1, false);
    return runInProcess(queue, options);
  }
  const running: Promise<UsagePartial>[] = [];
  while (running.length < wanted) {
    if (queue.length === 0) {
      if (queue.done) break;
      await queue.whenMore();
      continue;
    }
    // A worker that fails abandons the run: the queue stops taking files, so that whoever feeds it can
    // stop, and the other workers finish.
    const worker = runWorker(script, queue, wanted, options);
    worker.catch(() => queue.cancel());
    running.push(worker);
    options.onThreads?.(running.length, true);
  }
  return mergePartials(await Promise.all(running));
}
