#!/usr/bin/env node
// Is build B faster than build A? Whole `generate` runs of each on the bench trail, alternated in pairs
// (A B, then B A, and so on, so that a machine whose speed drifts favours neither), each in its own process
// with that build's own node flags (its cli/relaunch.js), as `npm run bench` runs generate.
//
// This machine's speed moves by 20% or more between runs of one build (docs/performance.md), so a single
// pair says nothing: the answer is how many pairs B won, the median of B's time over A's, and the chance of
// winning that many pairs or more by luck alone (a sign test).
//
//   node scripts/bench-ab.mjs [--pairs N] [--events N] [--file-events N] [--workers N] [--seed N] A B
//
// A and B are compiled builds: folders holding index.js, such as dist/ and a scratch build made beside it
// with `npx tsc -p tsconfig.build.json --outDir .mydist` (a build reads data/ from the folder above it, so
// keep it in the project's root; .mydist/ and .lp-dist/ are git-ignored). Defaults: 6 pairs, 1,000,000
// events in files of 10,000, 2 workers.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { positiveWholeNumber, runGenerateChild } from './bench-child.mjs';
import { generateTrail } from './bench-data.mjs';

const USAGE =
  'usage: node scripts/bench-ab.mjs [--pairs N] [--events N] [--file-events N] [--workers N] [--seed N] A B';

function positiveInt(value, name, fallback) {
  if (value === undefined) return fallback;
  const n = positiveWholeNumber(value);
  if (n === undefined) {
    process.stderr.write(`bench-ab: --${name} must be a positive whole number, got ${value}\n${USAGE}\n`);
    process.exit(1);
  }
  return n;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      pairs: { type: 'string' },
      events: { type: 'string' },
      'file-events': { type: 'string' },
      workers: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
} catch (error) {
  process.stderr.write(`bench-ab: ${error.message}\n${USAGE}\n`);
  process.exit(1);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length !== 2) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(1);
}
const pairs = positiveInt(values.pairs, 'pairs', 6);
const events = positiveInt(values.events, 'events', 1_000_000);
const filesEvents = positiveInt(values['file-events'], 'file-events', 10_000);
const workers = positiveInt(values.workers, 'workers', 2);
const seed = positiveInt(values.seed, 'seed', 1);

const builds = positionals.map((dir, i) => {
  const path = resolve(dir);
  if (!existsSync(join(path, 'index.js'))) {
    process.stderr.write(`bench-ab: ${dir} holds no index.js: not a build of leastpriv\n`);
    process.exit(1);
  }
  return { label: i === 0 ? 'A' : 'B', dir, path };
});

/** The node flags a build's CLI runs generate with (none for a build older than them). */
async function nodeFlags(build) {
  const relaunch = join(build.path, 'cli/relaunch.js');
  if (!existsSync(relaunch)) return [];
  const { RELAUNCH_NODE_FLAGS } = await import(pathToFileURL(relaunch).href);
  return [...(RELAUNCH_NODE_FLAGS ?? [])];
}
for (const b of builds) b.flags = await nodeFlags(b);

function run(build, source) {
  const got = runGenerateChild({ source, workers, nodeFlags: build.flags, build: build.path });
  if (!got.ok) {
    process.stderr.write(`bench-ab: build ${build.label} (${build.dir}): ${got.error}\n`);
    process.exit(2);
  }
  return got;
}

/** P(at least `wins` of `n` fair coin flips): the chance of B winning so many pairs if it were no faster. */
function signTest(wins, n) {
  let p = 0;
  let c = 1; // n choose k, built up from k = 0
  for (let k = 0; k <= n; k++) {
    if (k >= wins) p += c / 2 ** n;
    c = (c * (n - k)) / (k + 1);
  }
  return p;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const log = (text) => process.stderr.write(`${text}\n`);

const trail = await generateTrail({ events, filesEvents, seed, log });
for (const b of builds) log(`${b.label}: ${b.dir} (node ${b.flags.join(' ') || 'without flags'})`);
log(`warm-up: one run of A (page cache)`);
run(builds[0], trail.source);

const ratios = [];
let wins = 0;
for (let i = 0; i < pairs; i++) {
  const order = i % 2 === 0 ? builds : [builds[1], builds[0]];
  const got = {};
  for (const b of order) got[b.label] = run(b, trail.source);
  const ratio = got.B.ms / got.A.ms;
  ratios.push(ratio);
  if (ratio < 1) wins++;
  process.stdout.write(
    `pair ${i + 1}: A ${secs(got.A.ms)} (${secs(got.A.cpuMs)} CPU), B ${secs(got.B.ms)} (${secs(got.B.cpuMs)} CPU), B/A ${ratio.toFixed(3)}\n`,
  );
}
process.stdout.write(
  `B faster in ${wins} of ${pairs} pairs; median B/A ${median(ratios).toFixed(3)}; ` +
    `chance of ${wins} or more wins if B were no faster: ${signTest(wins, pairs).toFixed(3)}\n`,
);
