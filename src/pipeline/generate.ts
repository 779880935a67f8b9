/**
 * `generate`: sources -> records -> attribution -> mapping -> usage -> synthesis -> replay.
 * Returns values; the CLI prints them.
 */
import { existsSync } from 'node:fs';
import {
  type AggregateCounts,
  aggregateUsage,
  mergePartials,
  UsageAccumulator,
  type UsagePartial,
} from '../aggregate/aggregate-usage.js';
import type { PrincipalKind, PrincipalUsage } from '../aggregate/usage.js';
import { attributeRecord } from '../attribute/attribute-record.js';
import { mapOperation } from '../mapping/map-operation.js';
import type { ActivityRecord, RecordSourceKind } from '../normalize/activity-record.js';
import type { Diagnostic } from '../normalize/diagnostic.js';
import { UsageError } from '../normalize/diagnostic.js';
import type { PolicyDocument } from '../policy/types.js';
import { listInputFiles, type ReadOptions } from '../sources/index.js';
import {
  fetchSpooledSource,
  isSpooled,
  type LiveSource,
  type LookupAttribute,
  parseLiveSource,
  readLiveSource,
  type SpooledSource,
} from '../sources/live/index.js';
import { Spool } from '../sources/live/spool.js';
import { type StatementEvidence, synthesizePolicy } from '../synthesize/index.js';
import { globToRegExp, matchesAnyGlob } from '../util/glob.js';
import { inWindow, parseTimeBound, type TimeWindow } from '../util/time-window.js';
import { ReplayCache, type ReplayReport, replayEvidence } from '../verify/replay-evidence.js';
import { FileQueue, largestFirst, runFiles } from './run-files.js';

export interface GenerateOptions {
  /** Files and directories. */
  sources: string[];
  workers?: number;
  /** ISO time or a duration before now (`90m`, `7d`). */
  since?: string;
  until?: string;
  /** ARN globs of the principals (or Lambda functions) to keep. */
  principals?: string[];
  /**
   * Called when `principals` matched none of the principals and workloads the input shows, with their ARNs
   * (each list sorted), so that the caller can say which there were.
   */
  onNoPrincipalMatched?: (seen: { principals: string[]; workloads: string[] }) => void;
  strict?: boolean;
  /** Split policies above this size (IAM counts characters without whitespace). Default 6144. */
  maxPolicySize?: number;
  /** Called for each input problem as soon as it is found. */
  onDiagnostic?: (d: Diagnostic) => void;
  read?: ReadOptions;
  /** For tests: the clock `--since 7d` counts back from. */
  now?: number;
  /** Also return the raw usage behind each policy (`usages`), e.g. for audit to narrow to observed resources. */
  keepUsage?: boolean;
  /** Live `xray:` sources: an X-Ray filter expression for GetTraceSummaries. */
  filter?: string;
  /** Live `cloudtrail:` sources: the one attribute LookupEvents selects events by (`--lookup`). */
  lookup?: LookupAttribute;
  /** Live sources: requests in flight (default 4). */
  liveConcurrency?: number;
  /** Bytes of fetched, not yet read files the spool may hold (default SPOOL_LIMIT_BYTES); for tests. */
  spoolLimitBytes?: number;
  /** Progress lines (files read, pages fetched, retries), for --verbose. */
  onProgress?: (message: string) => void;
}

/** Without --since, live sources read the last hour. */
export const DEFAULT_LIVE_WINDOW_MS = 60 * 60 * 1000;

export interface DeniedSummary {
  eventSource: string;
  operation: string;
  errorCode: string;
  actions: string[];
  resources: string[];
  count: number;
  firstSeen: string;
  lastSeen: string;
  samples: string[];
}

export interface UnmappedSummary {
  eventSource: string;
  operation: string;
  reason: string;
  count: number;
  samples: string[];
}

export interface GeneratedPolicy {
  principal: string | null;
  workload: string | null;
  kind: PrincipalKind;
  /** The whole least-privilege policy. */
  policy: PolicyDocument;
  /** When `policy` exceeds --max-policy-size: the same statements split into documents within it. */
  parts?: PolicyDocument[];
  evidence: StatementEvidence[];
  denied: DeniedSummary[];
  unmapped: UnmappedSummary[];
  /** Calls that need no permission, by operation. */
  permissionless: { operation: string; count: number }[];
  /** Resources that could not be fully recovered and generalisations made. */
  notes: string[];
  /** For a role used by several Lambda functions: the functions. */
  sharedBy?: string[];
  records: number;
  firstSeen: string;
  lastSeen: string;
  sourceIdentities?: string[];
  /** Where the evidence came from: `cloudtrail`, `xray`, `otel`. */
  sources: RecordSourceKind[];
  /**
   * When traces are part of the evidence: how many distinct traces and over what time. Traces are sampled,
   * so this is how much the policy rests on, not how much the workload did.
   */
  traces?: { count: number; firstSeen: string; lastSeen: string };
  replay: ReplayReport;
}

export interface GenerateSummary extends AggregateCounts {
  files: number;
  skippedFiles: number;
  malformed: number;
  principals: number;
  workloads: number;
  replayFailures: number;
}

export interface GenerateResult {
  schemaVersion: 1;
  policies: GeneratedPolicy[];
  summary: GenerateSummary;
  /** Why records belong to no principal, with counts. */
  unattributed: { reason: string; count: number }[];
  /** Calls AWS services made with their own identity, by service. */
  serviceCalls: { service: string; count: number }[];
  /** With `keepUsage`: the usage behind `policies[i]`, same order. Maps: not part of the JSON output. */
  usages?: PrincipalUsage[];
}

function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

const SOURCE_ORDER: readonly RecordSourceKind[] = ['cloudtrail', 'xray', 'otel'];

/** Every source any evidence of the usage came from, in a fixed order. */
function sourcesOf(usage: PrincipalUsage): RecordSourceKind[] {
  const seen = new Set<RecordSourceKind>();
  for (const map of [usage.used, usage.denied, usage.unmapped] as const) {
    for (const o of map.values()) for (const s of o.sources) seen.add(s);
  }
  return SOURCE_ORDER.filter((s) => seen.has(s));
}

function toGenerated(usage: PrincipalUsage, options: GenerateOptions, replays: ReplayCache): GeneratedPolicy {
  const synthesis = synthesizePolicy(usage, { maxPolicySize: options.maxPolicySize ?? 6144 });
  const policy = synthesis.policy;
  const replay = replayEvidence(usage, policy, replays);
  const denied: DeniedSummary[] = [...usage.denied.values()]
    .map((d) => ({
      eventSource: d.eventSource,
      operation: d.operation,
      errorCode: d.errorCode,
      actions: [...d.actions].sort(),
      resources: [...d.resources].sort(),
      count: d.count,
      firstSeen: d.firstSeen,
      lastSeen: d.lastSeen,
      samples: d.samples,
    }))
    .sort(byKey((d) => `${d.eventSource}:${d.operation}:${d.errorCode}`));
  const unmapped: UnmappedSummary[] = [...usage.unmapped.values()]
    .map((u) => ({
      eventSource: u.eventSource,
      operation: u.operation,
      reason: u.reason,
      count: u.count,
      samples: u.samples,
    }))
    .sort(byKey((u) => `${u.eventSource}:${u.operation}`));
  const notes = [
    ...[...usage.gaps.values()].sort(byKey((g) => g.message)).map((g) => `${g.message} (${g.count}×)`),
    ...synthesis.generalizations,
    ...synthesis.warnings,
  ];
  const out: GeneratedPolicy = {
    principal: usage.principal,
    workload: usage.workload,
    kind: usage.kind,
    policy,
    evidence: synthesis.statements,
    denied,
    unmapped,
    permissionless: [...usage.permissionless.entries()]
      .map(([operation, count]) => ({ operation, count }))
      .sort(byKey((p) => p.operation)),
    notes,
    records: usage.records,
    sources: sourcesOf(usage),
    firstSeen: usage.firstSeen,
    lastSeen: usage.lastSeen,
    replay,
  };
  if (synthesis.policies.length > 1) out.parts = synthesis.policies;
  if (usage.workload === null && usage.workloads.length > 1) out.sharedBy = [...usage.workloads];
  if (usage.sourceIdentities.length > 0) out.sourceIdentities = [...usage.sourceIdentities].sort();
  if (usage.traces) {
    const t = usage.traces;
    out.traces = { count: t.ids.size, firstSeen: t.firstSeen, lastSeen: t.lastSeen };
    out.notes.push(
      `traces are sampled: this rests on ${t.ids.size} trace${t.ids.size === 1 ? '' : 's'} from ${t.firstSeen} to ${t.lastSeen}; calls made only in requests that were not sampled are not in it`,
    );
  }
  return out;
}

/** Progress lines about files read, at most one per PROGRESS_INTERVAL_MS, and one at the end. */
class ReadProgress {
  private files = 0;
  private records = 0;
  private last = Date.now();

  constructor(
    private readonly onProgress: ((message: string) => void) | undefined,
    /** Files to read, when known from the start (not for sources that fetch while they are read). */
    private readonly total: number | undefined,
  ) {}

  file(records: number): void {
    this.files++;
    this.records += records;
    if (!this.onProgress || Date.now() - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = Date.now();
    this.onProgress(this.line());
  }

  done(): void {
    this.onProgress?.(this.line());
  }

  private line(): string {
    const files = this.total === undefined ? `${this.files}` : `${this.files} of ${this.total}`;
    return `read ${files} file${this.files === 1 && this.total === undefined ? '' : 's'}, ${this.records.toLocaleString('en-US')} records`;
  }
}

/** How often `--verbose` says how far reading got. */
const PROGRESS_INTERVAL_MS = 2000;

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  if (options.sources.length === 0)
    throw new UsageError(
      'generate needs at least one SOURCE (a file or directory of CloudTrail logs or traces, s3://BUCKET/PREFIX, cloudtrail: or xray:)',
    );
  const window: TimeWindow = {};
  if (options.since) window.since = parseTimeBound('--since', options.since, options.now);
  if (options.until) window.until = parseTimeBound('--until', options.until, options.now);
  if (window.since !== undefined && window.until !== undefined && window.since > window.until) {
    throw new UsageError(
      `--since ${options.since} is after --until ${options.until}: no record can be in that window`,
    );
  }
  const globs = (options.principals ?? []).map(globToRegExp);

  let malformed = 0;
  let skippedFiles = 0;
  let fileCount = 0;
  let partial: UsagePartial;
  const report = (d: Diagnostic) => {
    if (d.malformed) malformed++;
    options.onDiagnostic?.(d);
  };
  const live: (LiveSource & { kind: 'xray' })[] = [];
  const spooled: SpooledSource[] = [];
  const paths: string[] = [];
  for (const source of options.sources) {
    // A bare `xray` is the X-Ray API (as `xray:`), unless a file or folder of that name is there to read.
    const l = source === 'xray' && existsSync(source) ? undefined : parseLiveSource(source);
    if (!l) paths.push(source);
    else if (isSpooled(l)) spooled.push(l);
    else live.push(l);
  }
  if (options.lookup && !spooled.some((l) => l.kind === 'cloudtrail')) {
    throw new UsageError(
      '--lookup selects the events LookupEvents returns: it needs a cloudtrail: or cloudtrail:REGION source',
    );
  }
  const now = options.now ?? Date.now();
  const liveWindow = {
    since: window.since ?? now - DEFAULT_LIVE_WINDOW_MS,
    until: window.until ?? now,
  };
  const listed = paths.length > 0 ? await listInputFiles(paths) : { files: [], diagnostics: [] };
  for (const d of listed.diagnostics) report(d);

  // Sources that deliver files (a trail's bucket, LookupEvents) fetch them into a spool, from which the
  // same workers read them with the local files while the rest is fetched; a file read is removed.
  // Diagnostics name what was fetched, not the spool's paths.
  const queue = spooled.length > 0 ? FileQueue.open(largestFirst(listed.files)) : undefined;
  const spool = queue
    ? await Spool.create({
        onAdd: (file, bytes) => queue.push(file, bytes),
        ...(options.spoolLimitBytes ? { limitBytes: options.spoolLimitBytes } : {}),
      })
    : undefined;
  const progress = new ReadProgress(options.onProgress, queue ? undefined : listed.files.length);
  const named = (d: Diagnostic): Diagnostic => {
    const label = spool?.labelOf(d.file);
    return label === undefined ? d : { ...d, file: label };
  };
  try {
    // With a trail's bucket or LookupEvents in the run, the window they were fetched for (by default the
    // last hour) bounds every record read, so that a file delivered late does not widen it.
    const reading = runFiles(queue ?? listed.files, {
      window: spool ? liveWindow : window,
      read: options.read,
      workers: options.workers,
      onThreads(threads, workers) {
        options.onProgress?.(
          workers
            ? `reading on ${threads} worker thread${threads === 1 ? '' : 's'}`
            : 'reading in one thread',
        );
      },
      onFile(result) {
        if (result.stats.skipped) skippedFiles++;
        for (const d of result.diagnostics) report(named(d));
        progress.file(result.stats.records);
      },
      ...(spool ? { onRead: (files: string[]) => void spool.release(files) } : {}),
    });
    // A failed worker abandons the run: fetching stops (SpoolCancelled) and the worker's error is thrown.
    reading.catch(() => spool?.cancel());
    try {
      for (const source of spooled) {
        await fetchSpooledSource(source, spool as Spool, report, {
          ...liveWindow,
          now,
          ...(options.lookup ? { lookup: options.lookup } : {}),
          ...(options.liveConcurrency ? { concurrency: options.liveConcurrency } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
      }
    } catch (error) {
      // A bucket that cannot be listed: nothing more is read.
      queue?.cancel();
      await reading;
      throw error;
    }
    queue?.close();
    partial = await reading;
    progress.done();
    fileCount = listed.files.length + (spool?.files.length ?? 0);
  } finally {
    await spool?.remove();
  }

  if (live.length > 0) {
    // Live sources run here, in the main thread: records go through the same attribution and mapping.
    const acc = new UsageAccumulator();
    const sink = {
      record(r: ActivityRecord) {
        if (!inWindow(window, r.timeMs)) acc.filtered();
        else acc.add(r, attributeRecord(r), mapOperation);
      },
      diagnostic: report,
    };
    for (const source of live) {
      await readLiveSource(source, sink, {
        ...liveWindow,
        ...(options.filter ? { filter: options.filter } : {}),
        ...(options.liveConcurrency ? { concurrency: options.liveConcurrency } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    }
    partial = mergePartials([partial, acc.partial]);
  }

  const all = aggregateUsage(partial);
  const usages = all.filter(
    (u) =>
      globs.length === 0 ||
      matchesAnyGlob(u.principal ?? '', globs) ||
      (u.workload !== null && matchesAnyGlob(u.workload, globs)),
  );
  if (globs.length > 0 && usages.length === 0 && all.length > 0) {
    const sorted = (list: (string | null)[]) =>
      [...new Set(list.filter((x): x is string => x !== null))].sort();
    options.onNoPrincipalMatched?.({
      principals: sorted(all.filter((u) => u.workload === null).map((u) => u.principal)),
      workloads: sorted(all.map((u) => u.workload)),
    });
  }
  const replays = new ReplayCache();
  const policies = usages.map((u) => toGenerated(u, options, replays));

  const result: GenerateResult = {
    schemaVersion: 1,
    policies,
    summary: {
      ...partial.counts,
      files: fileCount,
      skippedFiles,
      malformed,
      principals: policies.filter((p) => p.workload === null).length,
      workloads: policies.filter((p) => p.workload !== null).length,
      replayFailures: policies.reduce((n, p) => n + p.replay.failures.length, 0),
    },
    unattributed: [...partial.unattributedReasons.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort(byKey((u) => u.reason)),
    serviceCalls: [...partial.serviceCalls.entries()]
      .map(([service, count]) => ({ service, count }))
      .sort(byKey((s) => s.service)),
  };
  if (options.keepUsage) result.usages = usages;
  return result;
}
