/**
 * A run stopped by Ctrl-C (or `kill`) while `s3://` or `cloudtrail:` logs sit in the spool leaves nothing of
 * them in the temporary folder. Runs the build's Spool in a node of its own and signals it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';

interface SpoolChild {
  child: ChildProcess;
  /** The spool's directory, as the child printed it. */
  dir: string;
  /** The signal the child ended by (null when it exited by itself). */
  exited: Promise<NodeJS.Signals | null>;
}

/** Starts a node that makes a spool with one file in it, once it has said where. */
function spoolInAChild(): Promise<SpoolChild> {
  const spool = pathToFileURL(
    join(REPO, process.env.LEASTPRIV_DIST ?? 'dist', 'sources', 'live', 'spool.js'),
  );
  const script = `
    import { writeFileSync } from 'node:fs';
    const { Spool } = await import(${JSON.stringify(spool.href)});
    const spool = await Spool.create();
    writeFileSync(spool.reserve('AWSLogs/x.json.gz', 's3://bucket/x.json.gz'), 'logs');
    console.log(spool.dir);
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => {
    child.on('exit', (_code, signal) => resolve(signal));
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ child, dir: out.trim(), exited });
    });
    void exited.then(() => reject(new Error(`the child ended before making its spool: ${out}`)));
  });
}

describe('a spool when the run is stopped', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`is removed on ${signal}, and the process still ends by that signal`, async () => {
      const { child, dir, exited } = await spoolInAChild();
      expect(existsSync(dir)).toBe(true);
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(existsSync(dir)).toBe(false);
    });
  }
});
