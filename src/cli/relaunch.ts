/**
 * `generate` and `audit` run one worker thread per core. V8's parallel and concurrent garbage collection
 * then only takes CPU from the other workers: on the benchmark trail (2 cores, 2 workers) the whole run
 * cost about 12% less CPU and time with `--single-threaded-gc` when it was chosen. Since garbage collection's
 * share fell (session 13, docs/performance.md), any gain is within the machine's noise: 1M events took
 * 17.7-20.8 s without it and 18.4-20.4 s with it (three alternated runs each); in sixteen alternated pairs
 * (two compile threads, session 18) runs without it were slower in 10, median 1.037 times as long, which
 * chance gives 23% of the time. It is kept: nothing shows that dropping it pays, and the memory figures at
 * 5M were measured with it. `--v8-pool-size` keeps V8's compile threads from
 * crowding the workers' cores (`v8PoolSize`). One more flag bounds the heap on node 24 (MEMORY_NODE_FLAGS).
 * V8 flags of that kind cannot be changed once node has started (doing it aborts V8), so these commands
 * start node again with them, once.
 * `LEASTPRIV_NODE_FLAGS=off` keeps the current process (and is how the second process knows it is one).
 *
 * Only where it pays:
 * - Starting node again costs about 0.15 s. With two workers on a small input `--single-threaded-gc`
 *   gains nothing (20,000 events, 4 MB gzipped: the same time with and without it; 100,000 events, 21 MB:
 *   0.3 to 0.5 s less with it), and heaps stay small without the memory flags: so not below
 *   RELAUNCH_MIN_BYTES of input.
 * - When one thread reads (a small list of files by default, see pipeline/worker-count.ts, or
 *   `--workers 1`), parallel GC runs on a core no worker uses, and the flag only slows the run: in one
 *   thread, 20,000 events in 3,978 files took 2.7-3.1 s without it and 3.3-3.6 s with it, 100,000 events in
 *   10 files 4.6-4.9 s against 5.5-6.0 (three alternated runs each, 2 cores). So not then either.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { workersForWork, workOf } from '../pipeline/worker-count.js';

/**
 * How many background threads V8 gets (node's `--v8-pool-size`, 4 by default) when a worker runs on every
 * core: one per core, up to node's 4. They compile the workers' hot functions (with `--single-threaded-gc`
 * they do little else). With two workers on two cores (the bench trail, 1M events, alternated pairs):
 * - four of them only crowd the cores: one instead made the runs some 4 to 5% shorter (the single thread
 *   faster in 18 of 27 pairs, means 17.0 s against 17.9; at 200,000 events 7 of 8 pairs), its compile threads
 *   taking 3.3 s of CPU instead of 3.9 to 4.3 (November 2026, session 16);
 * - two, one per worker, beat one: faster in 21 of 28 pairs (medians of B/A 0.939 and 0.970 in two sets of
 *   16 and 12 pairs; that many wins by chance: 0.6%; session 18). Why is not known: the first file of each
 *   worker, where most compiling happens, was not shorter with two (three runs each).
 * On 4 cores or more this is node's default: not measured there.
 */
export function v8PoolSize(cores: number): number {
  return Math.max(1, Math.min(4, cores));
}

/** The flags for throughput on worker threads (see above); `npm run bench` gives them to the floor too. */
export const THROUGHPUT_NODE_FLAGS: readonly string[] = [
  '--single-threaded-gc',
  `--v8-pool-size=${v8PoolSize(availableParallelism())}`,
];

/**
 * The V8 flag that keeps memory where the target is (peak RSS under 1 GiB at 5M events) on every supported
 * node. Node 24's V8 makes each semi-space 64 MB where node 20 and 22 make it 16: on node 24 the 5M bench
 * peaked at 1,072 MiB with `--single-threaded-gc` alone, 959 MiB with this flag too. On node 20 and 22, 16 MB
 * is the default already. It slows the floor's whole-file parse on node 24, so the bench does not give it to
 * the floor.
 *
 * `--heap-growing-percent=50` was here too, until the files' bytes stopped waiting in the old generation for
 * a full collection (releaseBytes in sources/input.ts). Since then it only makes full collections more
 * frequent: without it, the 5M bench took 42 s instead of 56 on node 24 and peaked at 631 MiB instead of 687,
 * and on node 20 took 47 s instead of 54 at 579 MiB instead of 561 (one run each).
 */
export const MEMORY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16'];

/** The flags the activity-reading commands run with (and `npm run bench` runs generate with). */
export const RELAUNCH_NODE_FLAGS: readonly string[] = [...THROUGHPUT_NODE_FLAGS, ...MEMORY_NODE_FLAGS];

/** Input (bytes on disk, gzipped or not) from which starting node again pays, for two workers or more. */
export const RELAUNCH_MIN_BYTES = 8 * 1024 * 1024;

/** Directory entries `inputReaches` looks at before it takes the input for a large one. */
const MAX_ENTRIES_LOOKED_AT = 10_000;

/** What the input holds so far, as `inputReaches` walks it. */
export interface InputSoFar {
  files: number;
  /** Bytes on disk. */
  bytes: number;
  /** Bytes of JSON, gzipped files weighed as the default worker count weighs them (`workOf`). */
  work: number;
}

/**
 * Whether the files and directories among `args` (recursively) are large enough by `enough`, asked after
 * each file. Every argument that names an existing path counts, flag values included (`--out DIR`): at worst
 * node is started again for an input that did not need it. Stops as soon as it knows; an input of more than
 * MAX_ENTRIES_LOOKED_AT entries counts as large. Paths it cannot read count for nothing (reading them
 * reports them).
 */
export function inputReaches(args: readonly string[], enough: (input: InputSoFar) => boolean): boolean {
  const input: InputSoFar = { files: 0, bytes: 0, work: 0 };
  let looked = 0;
  const pending: string[] = args.filter((a) => !a.startsWith('-'));
  const seen = new Set<string>();
  while (pending.length > 0) {
    const path = pending.pop() as string;
    if (++looked > MAX_ENTRIES_LOOKED_AT) return true;
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (stat.isFile()) {
      input.files++;
      input.bytes += stat.size;
      input.work += workOf(path, stat.size);
      if (enough(input)) return true;
    } else if (stat.isDirectory()) {
      // A directory reached twice (through a link) is looked into once.
      const id = `${stat.dev}:${stat.ino}`;
      if (seen.has(id)) continue;
      seen.add(id);
      let names: string[];
      try {
        names = readdirSync(path);
      } catch {
        continue;
      }
      for (const name of names) pending.push(join(path, name));
    }
  }
  return false;
}

/** The value of `--workers N` or `--workers=N` among `args`, when it is a whole number. */
function workersArgument(args: readonly string[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = a === '--workers' ? args[i + 1] : a.startsWith('--workers=') ? a.slice(10) : undefined;
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  return undefined;
}

/**
 * Whether this process should start node again with RELAUNCH_NODE_FLAGS to run a command with these
 * arguments: unless told not to, or it runs with them already, or one thread will read, or the input is
 * small (see above). A trail's bucket (`s3://`) counts as large: its size is not known before it is
 * listed, it is read by a worker per core, and a second start costs little beside fetching it.
 */
export function shouldRelaunch(args: readonly string[], cores = availableParallelism()): boolean {
  if (process.env.LEASTPRIV_NODE_FLAGS === 'off') return false;
  if (RELAUNCH_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) return false;
  const workers = workersArgument(args);
  if ((workers ?? cores) < 2) return false;
  if (args.some((a) => a.startsWith('s3://'))) return true;
  return inputReaches(
    args,
    (input) =>
      input.bytes >= RELAUNCH_MIN_BYTES &&
      (workers === undefined
        ? workersForWork(input.work, input.files, cores)
        : Math.min(workers, input.files)) >= 2,
  );
}

/** Runs this command again in a node with RELAUNCH_NODE_FLAGS; resolves to its exit code. */
export function relaunch(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [...RELAUNCH_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)],
      { stdio: 'inherit', env: { ...process.env, LEASTPRIV_NODE_FLAGS: 'off' } },
    );
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', (error) => {
      process.stderr.write(
        `leastpriv: could not start node again (${error.message}); running in this process\n`,
      );
      resolve(-1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}
