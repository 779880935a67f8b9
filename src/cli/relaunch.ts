/**
 * `generate` and `audit` run one worker thread per core. V8's parallel and concurrent garbage collection
 * then only takes CPU from the other workers: on the benchmark trail (2 cores, 2 workers) the whole run
 * costs about 12% less CPU and time with `--single-threaded-gc`. V8 flags of that kind cannot be changed
 * once node has started (doing it aborts V8), so these commands start node again with them, once.
 * `LEASTPRIV_NODE_FLAGS=off` keeps the current process (and is how the second process knows it is one).
 */
import { spawn } from 'node:child_process';

/** The V8 flags the activity-reading commands run with (also used by `npm run bench`, to measure the same). */
export const THROUGHPUT_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];

/** Whether this process should start node again with THROUGHPUT_NODE_FLAGS. */
export function shouldRelaunch(): boolean {
  if (process.env.LEASTPRIV_NODE_FLAGS === 'off') return false;
  return !THROUGHPUT_NODE_FLAGS.every((flag) => process.execArgv.includes(flag));
}

/** Runs this command again in a node with THROUGHPUT_NODE_FLAGS; resolves to its exit code. */
export function relaunch(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [...THROUGHPUT_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)],
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
