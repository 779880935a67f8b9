/** Removes the run's temporary folder (vitest.config.ts) once every test file has run. */
import { rmSync } from 'node:fs';

export default function setup(): () => void {
  return () => {
    const dir = process.env.LEASTPRIV_TEST_TMP;
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
