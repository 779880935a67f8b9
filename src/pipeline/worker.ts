/** Worker thread: processes the files the main thread hands it, then returns its partial usage. */
import { parentPort, workerData } from 'node:worker_threads';
import { FileProcessor, type FileResult, type ProcessOptions } from './process-files.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

if (!parentPort) throw new Error('worker.ts must run as a worker thread');
const port = parentPort;
const processor = new FileProcessor(workerData as ProcessOptions);

// Files arrive ahead of time; they are read one after the other, in the order they came.
let chain: Promise<void> = Promise.resolve();

port.on('message', (msg: ToWorker) => {
  chain = chain.then(() => handle(msg));
});

function send(msg: FromWorker): void {
  port.postMessage(msg);
}

async function handle(msg: ToWorker): Promise<void> {
  if (msg.kind === 'finish') {
    send({ kind: 'partial', partial: processor.finish() });
    return;
  }
  const results: FileResult[] = [];
  for (const file of msg.files) {
    try {
      results.push(await processor.processFile(file));
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      send({ kind: 'error', file, message, results });
      return;
    }
  }
  send({ kind: 'files-done', results });
}
