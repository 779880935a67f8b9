#!/usr/bin/env node
// One timed `generate` run over a trail, in its own process so that its peak RSS is its own.
// Run by scripts/bench.mjs and scripts/bench-ab.mjs; prints one JSON line: { ms, records, maxRssBytes, cpuMs },
// where cpuMs is the CPU time of the whole process (all threads), which a busy machine does not inflate as much.
//
//   node scripts/bench-run.mjs [--workers N] [--build DIR] SOURCE...
//
// --build DIR: the compiled library to run (default dist/, beside this folder).

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { workers: { type: 'string' }, build: { type: 'string' } },
  allowPositionals: true,
});
if (positionals.length === 0) {
  process.stderr.write('usage: node scripts/bench-run.mjs [--workers N] [--build DIR] SOURCE...\n');
  process.exit(1);
}

const entry =
  values.build === undefined
    ? new URL('../dist/index.js', import.meta.url)
    : pathToFileURL(resolve(values.build, 'index.js'));
const lib = await import(entry.href);
if (typeof lib.generate !== 'function') {
  process.stderr.write(`bench-run: ${entry.pathname} does not export generate(); build the library first\n`);
  process.exit(2);
}

const workers = values.workers === undefined ? undefined : Number(values.workers);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const result = await lib.generate({ sources: positionals, workers });
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${JSON.stringify({
    ms,
    records: result.summary.records,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
  })}\n`,
);
