/** Worker thread: processes the files the main thread hands it, then returns its partial usage. */
import { parentPort, workerData } from 'node:worker_threads';
import { FileProcessor, type ProcessOptions } from './process-files.js';

export type ToWorker = { kind: 'file'; file: string } | { kind: 'finish' };

if (!parentPort) throw new Error('worker.ts must run as a worker thread');
const port = parentPort;
const processor = new FileProcessor(workerData as ProcessOptions);

// Files arrive ahead of time; they are read one after the other, in the order they came.
let chain: Promise<void> = Promise.resolve();

port.on('message', (msg: ToWorker) => {
  chain = chain.then(() => handle(msg));
});

async function handle(msg: ToWorker): Promise<void> {
  if (msg.kind === 'finish') {
    port.postMessage({ kind: 'partial', partial: processor.finish() });
    return;
  }
  try {
    port.postMessage({ kind: 'file-done', result: await processor.processFile(msg.file) });
  } catch (error) {
    port.postMessage({
      kind: 'error',
      file: msg.file,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
}
