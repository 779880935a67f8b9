/**
 * How many worker threads a list of files is worth by default (`runFiles`), and so whether the command is
 * worth starting again in a node tuned for worker threads (cli/relaunch.ts). Kept apart from run-files.ts so
 * that the CLI can ask before it loads the pipeline.
 */

/**
 * Work one worker is worth starting for, in bytes of JSON (gzipped files count `GZIP_RATIO` times their
 * size), on a machine of 2 cores or fewer. Each worker pays its own warm-up (the JIT compiling the pipeline,
 * about 1 s of CPU on V8's background threads and 0.5 s of wall, and its tables and caches filled from cold),
 * and on 2 cores the second worker's compiling takes CPU from the first; one thread, for its part, has the
 * second core for its garbage collector and compiler. Whole `generate` runs on this project's 2-core machine
 * (node 20, the bench's synthetic trails, November 2026; one thread without `--single-threaded-gc`, two
 * workers with it, as the CLI runs them; three alternated runs each): one thread took 0.40-0.57 s on the
 * bundled example against 0.59-0.67, 2.7-3.1 s on 20,000 events (4 MiB gzipped) against 3.5-4.4, 4.6-4.9 s
 * on 100,000 (21 MiB) against 5.9-6.9, and 7.2-8.6 s on 200,000 (42 MiB) against 8.1-8.5; at 1M two workers
 * take 20 s and one thread 34. So two workers start from 200,000 events: one per 160 MiB of JSON, about
 * 21 MiB of gzipped CloudTrail or 100,000 events. Measured again after session 13's changes (the CLI,
 * `--workers 1` against `--workers 2`, three alternated runs each, November 2026): the bundled example
 * 0.50-0.56 s against 0.60-0.67; 20,000 events 2.4-3.9 s against 2.9-3.7; 100,000 events 4.7-5.7 s
 * against 4.9-5.4; 200,000 events 7.7-8.3 s against 6.6-7.3. The line still falls between 100,000 and
 * 200,000 events.
 */
export const MIN_WORK_PER_WORKER = 160 * 1024 * 1024;
/**
 * The same on more than 2 cores, where a worker's compiling runs on a core the others do not use: a worker
 * pays when it takes over at least the work of its 0.5 s of warm-up, some 14,000 events at the 35 µs an
 * event costs one thread, 22 MiB of JSON. Estimated from those figures, not measured: this project's
 * machine has 2 cores. `--workers` sets the count either way.
 */
export const MIN_WORK_PER_WORKER_MANY_CORES = 24 * 1024 * 1024;
/** JSON bytes per gzipped byte, as CloudTrail logs compress (the bench's trail: 1,519 MiB in 199 MiB). */
export const GZIP_RATIO = 7.5;

/** The work a file holds, in bytes of JSON: a gzipped file (by its name) counts `GZIP_RATIO` times its size. */
export function workOf(file: string, size: number): number {
  return file.endsWith('.gz') ? size * GZIP_RATIO : size;
}

/** How many workers `files` files holding `work` bytes of JSON are worth on `cores` cores (at least 1). */
export function workersForWork(work: number, files: number, cores: number): number {
  const perWorker = cores <= 2 ? MIN_WORK_PER_WORKER : MIN_WORK_PER_WORKER_MANY_CORES;
  return Math.max(1, Math.min(cores, files, Math.floor(work / perWorker)));
}

/** How many workers a list of files is worth on `cores` cores: at least 1, at most one per core and per file. */
export function workersFor(files: readonly { file: string; size: number }[], cores: number): number {
  let work = 0;
  for (const f of files) work += workOf(f.file, f.size);
  return workersForWork(work, files.length, cores);
}
