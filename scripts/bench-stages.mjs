#!/usr/bin/env node
// `npm run bench:stages`: where one worker's time goes, stage by stage, against the raw cost of reading.
//
// Each stage runs alone in a fresh node process (the node flags the CLI gives generate), on one thread, over
// the bench trail's files; the first files warm the JIT and are not counted. Stages add up:
//   raw        gunzip + JSON.parse of each whole file (what the floor of `npm run bench:generate` does)
//   read       leastpriv's CloudTrail reader: records read and normalised, nothing else
//   map        + attribution and mapping (the memo of mapOperation)
//   aggregate  + aggregation: the whole per-file pipeline a worker runs (FileProcessor)
// Figures are µs per record, wall and CPU; a stage's cost is its difference from the one before. The GC
// columns are the pauses V8 reports in that time (scavenges; mark-compact pauses), per record: they are part
// of the wall figure, and tell how much of a stage's cost is memory traffic rather than its own work.
//
// A second table gives the same steps in isolation, on records already read and held in memory, apart for
// the two kinds of records: those whose mapping the memo hands out again (hits) and those computed per
// request (an S3 object key, a log stream: misses). Each step is timed on the records' first pass, as in a
// run (fresh strings, state the CPU caches no longer hold), and again at its best of 5 passes over the same
// records (everything hot). The gap between the two is memory traffic, not work.
//
//   node scripts/bench-stages.mjs [--events N (200000)] [--warm N (3)] [--seed N] [--json]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { generateTrail } from './bench-data.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SCRIPT), '..');
const DIST = join(ROOT, 'dist');
const STAGES = ['raw', 'read', 'map', 'aggregate'];
/** Files read into memory for the isolated table, after the warm-up ones (some 10,000 records each). */
const ISOLATED_FILES = 6;

/** One stage over the files, in this process: prints { records, wallMs, cpuMs } of the counted files. */
async function runStage(stage, files, warm) {
  const lib = (path) => import(pathToFileURL(join(DIST, path)).href);
  const { readInputFile } = await lib('sources/index.js');
  const { attributeRecord } = await lib('attribute/attribute-record.js');
  const { mapOperation } = await lib('mapping/map-operation.js');
  const { FileProcessor } = await lib('pipeline/process-files.js');
  const processor = new FileProcessor({ window: {} });
  const sink = {
    record(r) {
      if (stage === 'map') {
        attributeRecord(r);
        mapOperation(r);
      }
    },
    diagnostic() {},
  };
  let records = 0;
  // Set when the first counted file starts; until then nothing is counted (GC entries arrive late, and during
  // the warm-up files' awaits).
  let started = Number.POSITIVE_INFINITY;
  let cpu = process.cpuUsage();
  // GC pauses, as V8 reports them (scavenges and the pauses of mark-compact; not incremental marking steps).
  const pauses = { minor: 0, major: 0 };
  const observer = new PerformanceObserver((list) => countPauses(list.getEntries()));
  const countPauses = (entries) => {
    for (const e of entries) {
      if (e.startTime < started) continue;
      if (e.detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) pauses.minor += e.duration;
      else pauses.major += e.duration;
    }
  };
  observer.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < files.length; i++) {
    if (i === warm) {
      started = performance.now();
      cpu = process.cpuUsage();
      records = 0;
    }
    const file = files[i];
    if (stage === 'raw')
      records += JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')).Records.length;
    else if (stage === 'aggregate') records += (await processor.processFile(file)).stats.records;
    else records += (await readInputFile(file, sink)).records;
  }
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - started;
  await new Promise((resolve) => setImmediate(resolve));
  countPauses(observer.takeRecords());
  observer.disconnect();
  return {
    records,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    gcMinorMs: pauses.minor,
    gcMajorMs: pauses.major,
  };
}

/**
 * Attribution, mapping and aggregation alone, per kind of record, over records held in memory: on their first
 * pass (after the warm-up files went through the whole pipeline), then at the best of 5 passes.
 */
async function runIsolated(files, warm) {
  const lib = (path) => import(pathToFileURL(join(DIST, path)).href);
  const { readInputFile } = await lib('sources/index.js');
  const { attributeRecord } = await lib('attribute/attribute-record.js');
  const { mapOperation, mayRecur } = await lib('mapping/map-operation.js');
  const { UsageAccumulator } = await lib('aggregate/aggregate-usage.js');
  const acc = new UsageAccumulator();
  const through = { record: (r) => acc.add(r, attributeRecord(r), mapOperation(r)), diagnostic() {} };
  for (const file of files.slice(0, warm)) await readInputFile(file, through);
  const records = [];
  const sink = { record: (r) => records.push(r), diagnostic() {} };
  for (const file of files.slice(warm)) await readInputFile(file, sink);
  // First pass, each step timed per record (performance.now() itself costs some 0.05 µs a call).
  const first = {};
  const groups = { hit: [], miss: [] };
  for (const kind of Object.keys(groups)) first[kind] = { attribute: 0, map: 0, aggregate: 0 };
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const t0 = performance.now();
    const a = attributeRecord(r);
    const t1 = performance.now();
    const m = mapOperation(r);
    const t2 = performance.now();
    acc.add(r, a, m);
    const t3 = performance.now();
    const kind = mayRecur(m) ? 'hit' : 'miss';
    groups[kind].push([r, a, m]);
    const f = first[kind];
    f.attribute += t1 - t0;
    f.map += t2 - t1;
    f.aggregate += t3 - t2;
  }
  const best = (list, fn) => {
    let ms = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      for (let i = 0; i < list.length; i++) fn(list[i]);
      ms = Math.min(ms, performance.now() - t);
    }
    return (ms * 1000) / Math.max(1, list.length);
  };
  const out = {};
  for (const [kind, list] of Object.entries(groups)) {
    const n = Math.max(1, list.length);
    const f = first[kind];
    const add = ([r, a, m]) => acc.add(r, a, m);
    out[kind] = {
      records: list.length,
      first: {
        attribute: (f.attribute * 1000) / n,
        map: (f.map * 1000) / n,
        aggregate: (f.aggregate * 1000) / n,
      },
      hot: {
        attribute: best(list, ([r]) => attributeRecord(r)),
        map: best(list, ([r]) => mapOperation(r)),
        aggregate: best(list, add),
      },
    };
  }
  return out;
}

async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '200000' },
      warm: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const int = (name, text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${text}`);
    return n;
  };
  if (!existsSync(join(DIST, 'index.js'))) throw new Error('no dist/ to measure: run npm run build first');
  const events = int('events', values.events);
  const warm = int('warm', values.warm);
  const log = (line) => process.stderr.write(`${line}\n`);
  const trail = await generateTrail({ events, seed: int('seed', values.seed), log });
  if (trail.files.length <= warm)
    throw new Error(`--warm ${warm}: the trail has only ${trail.files.length} files`);
  const { THROUGHPUT_NODE_FLAGS } = await import(pathToFileURL(join(DIST, 'cli/relaunch.js')).href);

  const dir = mkdtempSync(join(tmpdir(), 'leastpriv-stages-'));
  const list = join(dir, 'files.json');
  writeFileSync(list, JSON.stringify(trail.files));
  const results = {};
  try {
    for (const stage of STAGES) {
      log(`bench-stages: ${stage}`);
      const child = spawnSync(
        process.execPath,
        [...THROUGHPUT_NODE_FLAGS, SCRIPT, '--child', stage, list, String(warm)],
        { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      );
      const line = (child.stdout ?? '').trim().split('\n').pop() ?? '';
      if (child.status !== 0 || !line.startsWith('{')) {
        throw new Error(`stage ${stage} failed (exit code ${child.status}):\n${(child.stderr ?? '').trim()}`);
      }
      results[stage] = JSON.parse(line);
    }
    log('bench-stages: isolated');
    const child = spawnSync(
      process.execPath,
      [...THROUGHPUT_NODE_FLAGS, SCRIPT, '--child', 'isolated', list, String(warm)],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    const line = (child.stdout ?? '').trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      throw new Error(`isolated run failed (exit code ${child.status}):\n${(child.stderr ?? '').trim()}`);
    }
    results.isolated = JSON.parse(line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const per = (r, key) => (r[key] * 1000) / r.records;
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ events, warm, flags: THROUGHPUT_NODE_FLAGS, results }, null, 2)}\n`,
    );
    return;
  }
  const raw = results.raw;
  const lines = [
    `leastpriv bench-stages: one thread, node ${THROUGHPUT_NODE_FLAGS.join(' ')}, ${trail.files.length - warm} files ` +
      `of the ${events.toLocaleString('en-US')}-event trail counted (${warm} to warm up)`,
    'stage       µs/record wall   µs/record CPU   CPU vs raw   the stage alone (CPU)   GC pauses: scavenge   mark-compact',
  ];
  let before;
  for (const stage of STAGES) {
    const r = results[stage];
    const cpu = per(r, 'cpuMs');
    const alone = before === undefined ? '' : `${(cpu - before).toFixed(2)}`;
    lines.push(
      `${stage.padEnd(10)}  ${per(r, 'wallMs').toFixed(2).padStart(15)}   ${cpu.toFixed(2).padStart(13)}   ` +
        `${(cpu / per(raw, 'cpuMs')).toFixed(2).padStart(9)}x   ${alone.padStart(21)}   ` +
        `${per(r, 'gcMinorMs').toFixed(2).padStart(19)}   ${per(r, 'gcMajorMs').toFixed(2).padStart(12)}`,
    );
    before = stage === 'raw' ? 0 : cpu;
  }
  const iso = results.isolated;
  const total = iso.hit.records + iso.miss.records;
  const cells = (t) =>
    `${t.attribute.toFixed(2).padStart(11)}   ${t.map.toFixed(2).padStart(7)}   ${t.aggregate.toFixed(2).padStart(11)}   ` +
    `${(t.attribute + t.map + t.aggregate).toFixed(2).padStart(8)}`;
  lines.push(
    '',
    `isolated: records of ${ISOLATED_FILES} files held in memory, each step alone (wall µs/record)`,
    `${''.padEnd(33)} first pass, as in a run                         again, best of 5 (hot)`,
    'records                   share   attribution   mapping   aggregation   together   attribution   mapping   aggregation   together',
  );
  const mixed = { first: {}, hot: {} };
  for (const pass of ['first', 'hot']) {
    for (const k of ['attribute', 'map', 'aggregate']) {
      mixed[pass][k] = (iso.hit[pass][k] * iso.hit.records + iso.miss[pass][k] * iso.miss.records) / total;
    }
  }
  for (const [label, r, share] of [
    ['mapping from the memo', iso.hit, iso.hit.records / total],
    ['computed per request', iso.miss, iso.miss.records / total],
    ['all, weighted', mixed, 1],
  ]) {
    lines.push(
      `${label.padEnd(23)} ${`${(100 * share).toFixed(0)}%`.padStart(6)}   ${cells(r.first)}   ${cells(r.hot)}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[2] === '--child') {
  const [, , , stage, list, warm] = process.argv;
  const files = JSON.parse(readFileSync(list, 'utf8'));
  const run =
    stage === 'isolated'
      ? runIsolated(files.slice(0, Number(warm) + ISOLATED_FILES), Number(warm))
      : runStage(stage, files, Number(warm));
  run.then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
} else {
  main().catch((error) => {
    process.stderr.write(`bench-stages: ${error.message}\n`);
    process.exitCode = 1;
  });
}
