#!/usr/bin/env node
// `npm run bench`: how fast `generate` is compared with the floor, and how much memory it needs.
//
// The floor is what reading the same files costs at the least: gunzip + JSON.parse of every file, on
// as many worker threads as the machine has cores. Both the floor and `generate` (scripts/bench-run.mjs)
// run in child processes, generate with the node flags the CLI gives it and the floor with the throughput
// flag among them (not the memory ones, which slow the floor on node 24), and their timed runs alternate, so
// that both see the same machine. Targets: generate's throughput at
// least 0.7 of the floor's, peak RSS under 1 GB at 5M events. Missing a target is reported, never fatal:
// the exit code is 0 unless the flags are wrong.
//
//   node scripts/bench.mjs [--events N] [--rss-events N] [--quick] [--workers N] [--runs N]
//                          [--file-events N] [--seed N] [--skip-rss] [--skip-build] [--json]
//
// --runs N (default 2): best of N timed runs for the floor and for generate, taken in turns after one
// warm-up read.
// --file-events N (default 10000): about how many events each file holds. A real trail is mostly small
// files (one per Region every 5 minutes), so `--events 200000 --file-events 50` measures the cost per file.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, platform, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { errorExcerpt, positiveWholeNumber, runGenerateChild } from './bench-child.mjs';
import { generateTrail } from './bench-data.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SCRIPT), '..');
const TARGET_RATIO = 0.7;
const TARGET_RSS_BYTES = 1024 ** 3;

// ---------------------------------------------------------------------------------------------
// The floor: gunzip + JSON.parse on N threads
// ---------------------------------------------------------------------------------------------

function floorWorker() {
  const { files, counter } = workerData;
  const next = new Int32Array(counter);
  let records = 0;
  let gzBytes = 0;
  let jsonBytes = 0;
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    if (i >= files.length) break;
    const gz = readFileSync(files[i]);
    const text = gunzipSync(gz).toString('utf8');
    const doc = JSON.parse(text);
    records += doc.Records.length;
    gzBytes += gz.length;
    jsonBytes += text.length;
  }
  parentPort.postMessage({ records, gzBytes, jsonBytes });
}

/** Reads every file once on `threads` threads; files are handed out one at a time, biggest first. */
async function measureFloor(files, threads) {
  const ordered = [...files].sort((a, b) => statSync(b).size - statSync(a).size);
  const counter = new SharedArrayBuffer(4);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const parts = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise((resolvePart, reject) => {
          const worker = new Worker(SCRIPT, { workerData: { role: 'bench-floor', files: ordered, counter } });
          worker.once('message', resolvePart);
          worker.once('error', reject);
        }),
    ),
  );
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const sum = (key) => parts.reduce((total, part) => total + part[key], 0);
  return {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    records: sum('records'),
    gzBytes: sum('gzBytes'),
    jsonBytes: sum('jsonBytes'),
  };
}

// ---------------------------------------------------------------------------------------------
// generate, in a child process
// ---------------------------------------------------------------------------------------------

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than src/. Returns a problem to report, or null. */
function ensureBuild(log) {
  const entry = join(ROOT, 'dist/index.js');
  const fresh = existsSync(entry) && statSync(entry).mtimeMs >= newestSource(join(ROOT, 'src'));
  if (fresh) return null;
  log(existsSync(entry) ? 'bench: dist/ is older than src/, building' : 'bench: no dist/, building');
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status === 0) return null;
  const output = `${build.stdout ?? ''}${build.stderr ?? ''}`.trim().split('\n');
  const shown =
    output.slice(0, 12).join('\n') + (output.length > 12 ? `\n... ${output.length - 12} more lines` : '');
  return `the build (tsc -p tsconfig.build.json) reported errors; dist/ may be stale or incomplete\n${shown}`;
}

/** The node flags `leastpriv generate` runs with (src/cli/relaunch.ts), so that the bench measures the same. */
let NODE_FLAGS = [];
/**
 * The floor's: the throughput flags only. The memory flags bound generate's heaps; they slow the floor's
 * whole-file parse on node 24 (6.1 to 8.1 s at 1M), which would flatter the ratio.
 */
let FLOOR_NODE_FLAGS = [];

async function loadNodeFlags() {
  const relaunch = join(ROOT, 'dist/cli/relaunch.js');
  if (!existsSync(relaunch)) return;
  const { THROUGHPUT_NODE_FLAGS, RELAUNCH_NODE_FLAGS } = await import(relaunch);
  NODE_FLAGS = [...RELAUNCH_NODE_FLAGS];
  FLOOR_NODE_FLAGS = [...THROUGHPUT_NODE_FLAGS];
}

function runGenerate(source, workers) {
  return runGenerateChild({ source, workers, nodeFlags: NODE_FLAGS });
}

/**
 * One floor pass in a child process with generate's throughput flag (V8's single-threaded GC, which also makes
 * the floor itself a little faster), not with its memory flags.
 */
function runFloor(listFile, threads) {
  const child = spawnSync(
    process.execPath,
    [...FLOOR_NODE_FLAGS, SCRIPT, '--floor-child', String(threads), listFile],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const line = (child.stdout ?? '').trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(
      `the floor's child process failed (exit code ${child.status})\n${errorExcerpt(child.stderr ?? '')}`,
    );
  }
  return JSON.parse(line);
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const mb = (bytes) => `${fmt(bytes / 1024 ** 2)} MiB`;
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (met) => (met === null ? 'NOT MEASURED' : met ? 'MET' : 'MISSED');
const indent = (text) => text.replace(/^/gm, '    ');

const USAGE =
  'usage: node scripts/bench.mjs [--events N (1000000)] [--rss-events N (5000000)] [--quick]\n' +
  '                              [--workers N] [--runs N] [--file-events N (10000)] [--seed N]\n' +
  '                              [--skip-rss] [--skip-build] [--json]\n';

/** A wrong command line: said in one line, with the usage, and exit 1. */
class UsageError extends Error {}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        events: { type: 'string' },
        'rss-events': { type: 'string' },
        quick: { type: 'boolean', default: false },
        workers: { type: 'string' },
        runs: { type: 'string', default: '2' },
        'file-events': { type: 'string', default: '10000' },
        seed: { type: 'string', default: '1' },
        'skip-rss': { type: 'boolean', default: false },
        'skip-build': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // parseArgs' own errors (an unknown option, a value missing) are the user's.
    if (String(error?.code).startsWith('ERR_PARSE_ARGS_')) throw new UsageError(error.message);
    throw error;
  }
}

async function main() {
  const { values } = parseOptions();
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const int = (name, text) => {
    const n = positiveWholeNumber(text);
    if (n === undefined) throw new UsageError(`--${name} must be a positive whole number, got ${text}`);
    return n;
  };
  const events = int('events', values.events ?? (values.quick ? 100_000 : 1_000_000));
  const rssEvents = int('rss-events', values['rss-events'] ?? (values.quick ? 200_000 : 5_000_000));
  const workers = values.workers ? int('workers', values.workers) : availableParallelism();
  const runs = int('runs', values.runs);
  const filesEvents = int('file-events', values['file-events']);
  const seed = int('seed', values.seed);
  const log = (line) => process.stderr.write(`${line}\n`);

  const loadBefore = loadavg()[0];
  const report = {
    node: process.version,
    machine: `${platform()} ${arch()}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${mb(totalmem())}`,
    workers,
    events,
    rssEvents: values['skip-rss'] ? null : rssEvents,
    targets: { ratio: TARGET_RATIO, rssBytes: TARGET_RSS_BYTES },
    problems: [],
  };

  // 1. the library
  const buildProblem = values['skip-build'] ? null : ensureBuild(log);
  if (buildProblem) report.problems.push(buildProblem);
  await loadNodeFlags();
  const canGenerate = existsSync(join(ROOT, 'dist/index.js'));
  if (!canGenerate && !buildProblem) report.problems.push('there is no dist/index.js to measure');

  // 2. the data (cached in .bench/)
  const trail = await generateTrail({ events, filesEvents, seed, log });
  report.data = {
    dir: relative(ROOT, trail.dir) || '.',
    files: trail.files.length,
    gzBytes: trail.bytes,
    jsonBytes: trail.rawBytes,
    cached: trail.cached,
  };

  // 3. the floor and generate, in turns (a machine whose speed drifts then moves both alike), after a
  // first untimed floor pass that warms the page cache for both. Best of `runs` each.
  const listFile = join(mkdtempSync(join(tmpdir(), 'leastpriv-bench-')), 'files.json');
  writeFileSync(listFile, JSON.stringify(trail.files));
  let floor = null;
  let best = null;
  let peak = 0;
  let generateFailed = false;
  try {
    log(`bench: floor, ${workers} threads (warm-up)`);
    runFloor(listFile, workers);
    for (let r = 0; r < runs; r++) {
      log(`bench: floor, ${workers} threads (run ${r + 1}/${runs})`);
      const run = runFloor(listFile, workers);
      log(`bench: floor run ${r + 1}: ${secs(run.ms)} (${secs(run.cpuMs)} CPU)`);
      if (!floor || run.ms < floor.ms) floor = run;
      if (!canGenerate || generateFailed) continue;
      log(`bench: generate over ${fmt(events)} events, ${workers} workers (run ${r + 1}/${runs})`);
      const gen = runGenerate(trail.source, workers);
      if (!gen.ok) {
        report.problems.push(gen.error);
        best = null;
        generateFailed = true;
        continue;
      }
      log(`bench: generate run ${r + 1}: ${secs(gen.ms)} (${secs(gen.cpuMs)} CPU)`);
      peak = Math.max(peak, gen.maxRssBytes);
      if (!best || gen.ms < best.ms) best = gen;
    }
  } finally {
    rmSync(dirname(listFile), { recursive: true, force: true });
  }
  report.floor = {
    ...floor,
    eventsPerSecond: (floor.records / floor.ms) * 1000,
    eventsPerCpuSecond: (floor.records / floor.cpuMs) * 1000,
  };

  // 4. generate's figures
  if (best) {
    report.generate = {
      ms: best.ms,
      records: best.records,
      eventsPerSecond: (events / best.ms) * 1000,
      eventsPerCpuSecond: best.cpuMs ? (events / best.cpuMs) * 1000 : undefined,
      maxRssBytes: peak,
    };
    report.ratio = report.generate.eventsPerSecond / report.floor.eventsPerSecond;
    if (report.generate.eventsPerCpuSecond) {
      report.cpuRatio = report.generate.eventsPerCpuSecond / report.floor.eventsPerCpuSecond;
    }
    if (best.records !== events) {
      report.problems.push(`generate counted ${fmt(best.records)} records; the trail has ${fmt(events)}`);
    }
  }

  // 5. memory at scale
  if (canGenerate && !values['skip-rss'] && report.generate) {
    const big =
      rssEvents === events ? trail : await generateTrail({ events: rssEvents, filesEvents, seed, log });
    log(`bench: generate over ${fmt(rssEvents)} events, ${workers} workers (memory)`);
    const run = runGenerate(big.source, workers);
    if (run.ok) {
      report.rss = {
        events: rssEvents,
        ms: run.ms,
        records: run.records,
        eventsPerSecond: (rssEvents / run.ms) * 1000,
        maxRssBytes: run.maxRssBytes,
      };
      if (run.records !== rssEvents) {
        report.problems.push(`generate counted ${fmt(run.records)} records; the trail has ${fmt(rssEvents)}`);
      }
    } else {
      report.problems.push(run.error);
    }
  }

  // Other processes competing for the cores make every figure pessimistic: say so.
  report.loadAverage = { before: loadBefore, after: loadavg()[0] };
  if (Math.max(loadBefore, report.loadAverage.after) > availableParallelism() * 0.5) {
    report.problems.push(
      `the machine was busy (1-minute load average ${loadBefore.toFixed(1)} before, ` +
        `${report.loadAverage.after.toFixed(1)} after, ${availableParallelism()} cores): the figures are pessimistic`,
    );
  }

  report.met = {
    ratio: report.ratio === undefined ? null : report.ratio >= TARGET_RATIO,
    rss: report.rss ? report.rss.maxRssBytes < TARGET_RSS_BYTES : null,
  };

  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const out = [];
  out.push(`leastpriv bench: Node ${report.node}, ${report.machine}`);
  out.push(
    `data       ${fmt(events)} events in ${report.data.files} files, ${mb(report.data.gzBytes)} gzipped, ` +
      `${mb(report.data.jsonBytes)} JSON (${report.data.dir}${trail.cached ? ', cached' : ''})`,
  );
  out.push(
    `floor      gunzip + JSON.parse, ${workers} threads${FLOOR_NODE_FLAGS.length ? ` (node ${FLOOR_NODE_FLAGS.join(' ')})` : ''}: ${secs(floor.ms)}, ` +
      `${fmt(report.floor.eventsPerSecond)} events/s, ${mb((floor.jsonBytes / floor.ms) * 1000)}/s of JSON, ` +
      `${fmt(report.floor.eventsPerCpuSecond)} events per CPU-second`,
  );
  if (report.generate) {
    out.push(
      `generate   ${workers} workers${NODE_FLAGS.length ? ` (node ${NODE_FLAGS.join(' ')}, as the CLI runs it)` : ''}: ${secs(report.generate.ms)}, ${fmt(report.generate.eventsPerSecond)} events/s, ` +
        `peak RSS ${mb(report.generate.maxRssBytes)}` +
        (report.generate.eventsPerCpuSecond
          ? `, ${fmt(report.generate.eventsPerCpuSecond)} events per CPU-second`
          : ''),
    );
  } else {
    out.push('generate   not measured (see below)');
  }
  if (report.rss) {
    out.push(
      `generate   ${fmt(report.rss.events)} events: ${secs(report.rss.ms)}, ${fmt(report.rss.eventsPerSecond)} events/s, ` +
        `peak RSS ${mb(report.rss.maxRssBytes)}`,
    );
  }
  out.push('');
  out.push(
    `target     throughput generate/floor >= ${TARGET_RATIO}: ` +
      `${report.ratio === undefined ? 'n/a' : report.ratio.toFixed(2)}  ${verdict(report.met.ratio)}` +
      (report.cpuRatio ? `  (per CPU-second: ${report.cpuRatio.toFixed(2)})` : ''),
  );
  out.push(
    `target     peak RSS at ${fmt(rssEvents)} events < ${mb(TARGET_RSS_BYTES)}: ` +
      `${report.rss ? mb(report.rss.maxRssBytes) : 'n/a'}  ${verdict(report.met.rss)}`,
  );
  for (const problem of report.problems) out.push('', `problem:\n${indent(problem)}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

if (!isMainThread && workerData?.role === 'bench-floor') {
  floorWorker();
} else if (isMainThread && process.argv[2] === '--floor-child') {
  // One timed floor pass in this process (started with generate's node flags): prints one JSON line.
  const [, , , threads, listFile] = process.argv;
  const files = JSON.parse(readFileSync(listFile, 'utf8'));
  measureFloor(files, Number(threads)).then((run) => process.stdout.write(`${JSON.stringify(run)}\n`));
} else if (isMainThread) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      // A wrong command line exits 1; anything else is reported but does not fail the build.
      const usage = error instanceof UsageError;
      process.stderr.write(usage ? `bench: ${error.message}\n${USAGE}` : `bench: failed: ${error.stack}\n`);
      process.exitCode = usage ? 1 : 0;
    },
  );
}
