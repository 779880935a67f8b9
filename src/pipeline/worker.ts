/** Worker thread: processes the files the main thread hands it, then returns its partial usage. */
import { parentPort, workerData } from 'node:worker_threads';
import { FileProcessor, type ProcessOptions } from './process-files.js';

export type ToWorker = { kind: 'file'; file: string } | { kind: 'finish' };

if (!parentPort) throw new Error('worker.ts must run as a worker thread');
const port = parentPort;
const processor = new FileProcessor(workerData as ProcessOptions);

port.on('message', (msg: ToWorker) => {
  if (msg.kind === 'file') {
    processor.processFile(msg.file).then(
      (result) => port.postMessage({ kind: 'file-done', result }),
      (error: unknown) =>
        port.postMessage({
          kind: 'error',
          file: msg.file,
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  } else {
    port.postMessage({ kind: 'partial', partial: processor.finish() });
  }
});
