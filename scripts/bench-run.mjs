#!/usr/bin/env node
// One timed `generate` run over a trail, in its own process so that its peak RSS is its own.
// Run by scripts/bench.mjs; prints one JSON line: { ms, records, maxRssBytes, cpuMs }, where cpuMs
// is the CPU time of the whole process (all threads), which a busy machine does not inflate as much.
//
//   node scripts/bench-run.mjs [--workers N] SOURCE...

import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { workers: { type: 'string' } },
  allowPositionals: true,
});
if (positionals.length === 0) {
  process.stderr.write('usage: node scripts/bench-run.mjs [--workers N] SOURCE...\n');
  process.exit(1);
}

const lib = await import('../dist/index.js');
if (typeof lib.generate !== 'function') {
  process.stderr.write('bench-run: dist/index.js does not export generate(); build the library first\n');
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
