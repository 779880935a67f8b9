#!/usr/bin/env node
// How fast `leastpriv validate` is: every template and policy in ../shared/samples (CloudFormation, SAM,
// serverless.yml, Terraform plans and policy files under policies/ and apps/, plus parliament's test policies and
// the IAM user guide's example policies), read and checked through the built library. Reading (files, parsing,
// finding policies, intrinsics) and checking (every check on every policy) are measured apart, after the
// service data is loaded (reported on its own). Target: >= 1,000 policies/s end to end. Missing the target is
// reported, never fatal.
//
//   node scripts/bench-validate.mjs [--runs N] [--samples DIR] [--json]
//
// Uses dist/ (LEASTPRIV_DIST picks another build folder); build first with `npm run build`.
// `benchValidate(options)` is exported for scripts/bench.mjs; it returns the figures and prints through `log`.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TARGET_POLICIES_PER_SECOND = 1000;

/** The fenced blocks with a Statement in the user guide's pages, as (name, text). */
function userGuideBlocks(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const page of readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const markdown = readFileSync(join(dir, page), 'utf8');
    for (const m of markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)) {
      const text = m[1] ?? '';
      if (!text.includes('"Statement"') || !text.trimStart().startsWith('{')) continue;
      out.push({ name: `${page}:${markdown.slice(0, m.index).split('\n').length + 1}`, text });
    }
  }
  return out;
}

/** parliament's test policies, one JSON text per line of its jsonl. */
function parliamentPolicies(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => ({ name: `parliament:${i + 1}`, text: JSON.parse(l).policy }));
}

const ms = (a, b) => b - a;
const rate = (n, t) => (t > 0 ? Math.round((n / t) * 1000) : 0);

/**
 * Runs the benchmark. Options: `samples` (default ../shared/samples), `dist` (default LEASTPRIV_DIST or dist),
 * `runs` (best of N, default 3), `log` (a line printer; default console.log; null for silence).
 */
export async function benchValidate(options = {}) {
  const log = options.log === undefined ? (line) => console.log(line) : (options.log ?? (() => {}));
  const samples = resolve(options.samples ?? join(ROOT, '..', 'shared', 'samples'));
  const dist = join(ROOT, options.dist ?? process.env.LEASTPRIV_DIST ?? 'dist');
  const runs = options.runs ?? 3;
  const readersModule = join(dist, 'validate', 'readers', 'index.js');
  if (!existsSync(readersModule)) {
    return { problem: `no build in ${dist}: run npm run build first` };
  }
  if (!existsSync(samples)) return { problem: `no samples in ${samples}` };
  const dirs = ['policies', 'apps'].map((d) => join(samples, d)).filter((d) => existsSync(d));
  const texts = [
    ...parliamentPolicies(
      join(samples, 'policies', 'parliament', '_derived', 'parliament_test_policies.jsonl'),
    ),
    ...userGuideBlocks(join(samples, 'policies', 'iam-user-guide', 'doc_source')),
  ];

  // Loading the modules and the service data once: a fixed start-up cost, not per policy.
  const t0 = performance.now();
  const readers = await import(pathToFileURL(readersModule).href);
  const validate = await import(pathToFileURL(join(dist, 'validate', 'validate-policy.js')).href);
  const { serviceData } = await import(pathToFileURL(join(dist, 'mapping', 'service-data.js')).href);
  serviceData();
  validate.validatePolicies([]);
  const startupMs = ms(t0, performance.now());

  const results = [];
  for (let run = 0; run < runs; run++) {
    const c0 = process.cpuUsage();
    const r0 = performance.now();
    const read = await readers.readPolicyFiles(dirs);
    const policies = [...read.policies];
    for (const t of texts) policies.push(...readers.readPolicies(t.name, t.text).policies);
    const r1 = performance.now();
    const c1 = process.cpuUsage();
    const result = validate.validatePolicies(policies, { accountId: '123456789012' });
    const r2 = performance.now();
    const c2 = process.cpuUsage();
    const cpuMs = (a, b) => (b.user - a.user + b.system - a.system) / 1000;
    results.push({
      files: read.files.length + texts.length,
      policies: policies.length,
      findings: result.findings.length,
      diagnostics: read.diagnostics.length,
      readMs: ms(r0, r1),
      checkMs: ms(r1, r2),
      readCpuMs: cpuMs(c0, c1),
      checkCpuMs: cpuMs(c1, c2),
    });
  }
  // Where reading goes (warm): the same files read synchronously, then parsed from memory.
  const files = (await readers.readPolicyFiles(dirs)).files.map((f) => f.file);
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const b0 = performance.now();
  const k0 = cpuNow();
  const loaded = files.map((f) => [f, readFileSync(f, 'utf8')]);
  const b1 = performance.now();
  const k1 = cpuNow();
  for (const [f, text] of loaded) readers.readPolicies(f, text);
  const b2 = performance.now();
  const k2 = cpuNow();
  const breakdown = {
    files: files.length,
    syncFileReadMs: Math.round(ms(b0, b1)),
    syncFileReadCpuMs: Math.round(k1 - k0),
    parseFromMemoryMs: Math.round(ms(b1, b2)),
    parseFromMemoryCpuMs: Math.round(k2 - k1),
  };

  const first = results[0];
  const best = results.reduce((a, b) => (a.readMs + a.checkMs <= b.readMs + b.checkMs ? a : b));
  const figures = (r) => ({
    readMs: Math.round(r.readMs),
    checkMs: Math.round(r.checkMs),
    readPoliciesPerSecond: rate(r.policies, r.readMs),
    checkPoliciesPerSecond: rate(r.policies, r.checkMs),
    policiesPerSecond: rate(r.policies, r.readMs + r.checkMs),
    // CPU time (user + system) of this process: what the figures would be on an idle machine.
    readCpuMs: Math.round(r.readCpuMs),
    checkCpuMs: Math.round(r.checkCpuMs),
    policiesPerCpuSecond: rate(r.policies, r.readCpuMs + r.checkCpuMs),
  });
  const report = {
    samples,
    files: best.files,
    policies: best.policies,
    findings: best.findings,
    startupMs: Math.round(startupMs),
    cold: figures(first),
    best: figures(best),
    runs,
    cpus: `${availableParallelism()} x ${cpus()[0]?.model ?? 'unknown'}`,
    readingBreakdown: breakdown,
    target: TARGET_POLICIES_PER_SECOND,
  };
  report.met = report.best.policiesPerSecond >= TARGET_POLICIES_PER_SECOND;

  const line = (name, f) =>
    `${name.padEnd(10)} read ${String(f.readMs).padStart(6)} ms (${f.readPoliciesPerSecond} policies/s)  ` +
    `check ${String(f.checkMs).padStart(6)} ms (${f.checkPoliciesPerSecond} policies/s)  ` +
    `total ${f.policiesPerSecond} policies/s  (CPU: read ${f.readCpuMs} ms, check ${f.checkCpuMs} ms, ${f.policiesPerCpuSecond} policies per CPU-second)`;
  log(
    `validate   ${report.policies} policies in ${report.files} files and texts of ${samples}; ${report.findings} findings`,
  );
  log(`startup    ${report.startupMs} ms (modules and service data, once per process)`);
  log(line('first run', report.cold));
  log(line(`best of ${runs}`, report.best));
  log(
    `reading    of the ${breakdown.files} files (warm): ${breakdown.syncFileReadMs} ms (CPU ${breakdown.syncFileReadCpuMs}) ` +
      `to read them with readFileSync, ${breakdown.parseFromMemoryMs} ms (CPU ${breakdown.parseFromMemoryCpuMs}) to parse ` +
      `them and find the policies from memory; the rest of the read time is readPolicyFiles' walking and asynchronous reads`,
  );
  log(
    `target     >= ${TARGET_POLICIES_PER_SECOND} policies/s: ${report.best.policiesPerSecond}  ${report.met ? 'met' : 'MISSED'}  (${report.cpus}; one thread; load average ${loadavg()[0]?.toFixed(1)})`,
  );
  return report;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, samples: { type: 'string' }, json: { type: 'boolean' } },
  });
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) {
    process.stderr.write(`bench-validate: --runs ${values.runs}: expected a whole number of at least 1\n`);
    process.exit(1);
  }
  const report = await benchValidate({ runs, samples: values.samples, log: values.json ? null : undefined });
  if (report.problem) process.stderr.write(`bench-validate: ${report.problem}\n`);
  else if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
