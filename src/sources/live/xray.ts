/**
 * `xray:` — traces straight from the X-Ray API: `GetTraceSummaries` over the window (paginated, in slices of
 * at most six hours, with the filter expression if given), then `BatchGetTraces` five ids at a time, a few
 * requests in flight, each paginated, backing off when X-Ray throttles. Every trace comes back whole, so it is
 * walked and normalised batch by batch, like a BatchGetTraces file (src/sources/xray/).
 *
 * The client is the AWS SDK v3 X-Ray client with the standard configuration: region, profile and credentials
 * chain from the environment, `AWS_ENDPOINT_URL_XRAY` / `AWS_ENDPOINT_URL` for another endpoint. The SDK's own
 * retries are off: throttling and 5xx are retried here, with exponential backoff and full jitter, so the
 * policy is one place and testable.
 */
import {
  BatchGetTracesCommand,
  type BatchGetTracesCommandOutput,
  GetTraceSummariesCommand,
  type GetTraceSummariesCommandOutput,
  XRayClient,
} from '@aws-sdk/client-xray';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { UsageError } from '../../normalize/diagnostic.js';
import { plural } from '../../util/words.js';
import { deniedErrorTable } from '../cloudtrail/denied-error-codes.js';
import type { ReadSink } from '../types.js';
import { traceCallToRecord } from '../xray/trace-call.js';
import { isSegmentLike, type SegmentDocument, walkSegmentDocuments } from '../xray/walk-trace.js';
import { type BackoffOptions, callAws, explain, messagePrefix, type ServiceLabel } from './aws-calls.js';

/** How much of X-Ray to ask for and how. */
export interface XrayLiveOptions extends BackoffOptions {
  /** Window, ms since the epoch. */
  since: number;
  until: number;
  /** An X-Ray filter expression (`service("orders-api")`, `annotation.tenant = "a"`). */
  filter?: string;
  /** Region, when the source names one (`xray:us-west-2`); else the SDK's configuration decides. */
  region?: string;
  /** BatchGetTraces requests in flight (default 4). */
  concurrency?: number;
  /** For tests: a client. */
  client?: Pick<XRayClient, 'send'>;
  /** The name records and diagnostics carry as their file (`xray:`). */
  label?: string;
}

export interface XrayLiveStats {
  summaries: number;
  traces: number;
  records: number;
  /** Trace ids X-Ray did not return even on a second request. */
  unprocessed: string[];
  /** Requests retried after throttling or a server error. */
  retries: number;
  malformed: number;
}

/** The longest GetTraceSummaries window asked for at once. */
export const SUMMARY_SLICE_MS = 6 * 60 * 60 * 1000;
/** BatchGetTraces takes at most five trace ids. */
export const TRACE_IDS_PER_BATCH = 5;

/** How messages name the source: as written (`xray:`, `xray:us-west-2:`). */
function xrayLabel(options: XrayLiveOptions): ServiceLabel {
  return {
    prefix: messagePrefix(options.label ?? 'xray:'),
    service: 'X-Ray',
    regionExample: 'xray:us-east-1',
  };
}

/** The trace ids of the window, in the order X-Ray returned them, without repeats. */
async function traceIds(
  client: Pick<XRayClient, 'send'>,
  options: XrayLiveOptions,
  stats: XrayLiveStats,
): Promise<string[]> {
  const ids = new Set<string>();
  for (let start = options.since; start < options.until; start += SUMMARY_SLICE_MS) {
    const end = Math.min(options.until, start + SUMMARY_SLICE_MS);
    let token: string | undefined;
    const seenTokens = new Set<string>();
    do {
      const input = {
        StartTime: new Date(start),
        EndTime: new Date(end),
        ...(options.filter ? { FilterExpression: options.filter } : {}),
        ...(token ? { NextToken: token } : {}),
      };
      const page: GetTraceSummariesCommandOutput = await callAws(
        'GetTraceSummaries',
        () => client.send(new GetTraceSummariesCommand(input)),
        options,
        () => stats.retries++,
        xrayLabel(options),
      );
      for (const s of page.TraceSummaries ?? []) {
        if (s.Id) ids.add(s.Id);
        stats.summaries++;
      }
      token = page.NextToken;
      if (token !== undefined) {
        if (seenTokens.has(token)) break; // a service that hands the same token back would loop forever
        seenTokens.add(token);
      }
    } while (token);
    options.onProgress?.(
      `GetTraceSummaries ${new Date(start).toISOString()} to ${new Date(end).toISOString()}: ${plural(ids.size, 'trace')} so far`,
    );
  }
  return [...ids];
}

/** One BatchGetTraces request for up to five ids, following NextToken. */
async function fetchTraces(
  client: Pick<XRayClient, 'send'>,
  ids: string[],
  options: XrayLiveOptions,
  stats: XrayLiveStats,
): Promise<{ traces: NonNullable<BatchGetTracesCommandOutput['Traces']>; unprocessed: string[] }> {
  const traces: NonNullable<BatchGetTracesCommandOutput['Traces']> = [];
  const unprocessed: string[] = [];
  let token: string | undefined;
  const seenTokens = new Set<string>();
  do {
    const input = { TraceIds: ids, ...(token ? { NextToken: token } : {}) };
    const page: BatchGetTracesCommandOutput = await callAws(
      'BatchGetTraces',
      () => client.send(new BatchGetTracesCommand(input)),
      options,
      () => stats.retries++,
      xrayLabel(options),
    );
    traces.push(...(page.Traces ?? []));
    unprocessed.push(...(page.UnprocessedTraceIds ?? []));
    token = page.NextToken;
    if (token !== undefined) {
      if (seenTokens.has(token)) break;
      seenTokens.add(token);
    }
  } while (token);
  return { traces, unprocessed };
}

/** Reads the window's traces into the sink. Throws UsageError for setup and API problems. */
export async function readXrayLive(sink: ReadSink, options: XrayLiveOptions): Promise<XrayLiveStats> {
  const label = options.label ?? 'xray:';
  const stats: XrayLiveStats = {
    summaries: 0,
    traces: 0,
    records: 0,
    unprocessed: [],
    retries: 0,
    malformed: 0,
  };
  if (!(options.since < options.until)) {
    throw new UsageError(
      `${xrayLabel(options).prefix} the window is empty (${new Date(options.since).toISOString()} is not before ${new Date(options.until).toISOString()})`,
    );
  }
  let client = options.client;
  if (!client) {
    try {
      client = new XRayClient({ maxAttempts: 1, ...(options.region ? { region: options.region } : {}) });
    } catch (error) {
      explain('creating the X-Ray client', error, xrayLabel(options));
    }
  }
  const c = client as Pick<XRayClient, 'send'>;
  const ids = await traceIds(c, options, stats);
  const table = deniedErrorTable();
  let documentIndex = 0;

  const emit = (d: Diagnostic) => {
    if (d.malformed) stats.malformed++;
    sink.diagnostic(d);
  };

  /** Walks one batch of whole traces: records go to the sink in trace order. */
  const consume = (traces: NonNullable<BatchGetTracesCommandOutput['Traces']>) => {
    const documents: SegmentDocument[] = [];
    for (const trace of traces) {
      stats.traces++;
      (trace.Segments ?? []).forEach((segment, j) => {
        const path = `Traces[${trace.Id ?? '?'}].Segments[${j}].Document`;
        let doc: unknown;
        try {
          doc = JSON.parse(segment.Document ?? '');
        } catch {
          emit({
            code: 'invalid-json',
            severity: 'error',
            message: 'segment document is not valid JSON: skipped',
            file: label,
            path,
            malformed: true,
          });
          return;
        }
        if (!isSegmentLike(doc)) {
          emit({
            code: 'malformed-record',
            severity: 'error',
            message: 'segment document has no id or start_time: skipped',
            file: label,
            path,
            malformed: true,
          });
          return;
        }
        documents.push({
          doc: doc as Record<string, unknown>,
          origin: { file: label, index: documentIndex++ },
        });
      });
    }
    const walked = walkSegmentDocuments(documents, table);
    for (const call of walked.calls) {
      stats.records++;
      sink.record(traceCallToRecord(call));
    }
    for (const [why, count] of [...walked.noWorkload].sort()) {
      emit({
        code: 'unsupported-record',
        severity: 'notice',
        message: `${count} AWS SDK call${count === 1 ? '' : 's'} in a segment that names no workload: ${why}; counted as unattributed`,
        file: label,
        malformed: false,
      });
    }
  };

  // Five ids per request, `concurrency` requests in flight; results are consumed in batch order, so the
  // output does not depend on which request finishes first.
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += TRACE_IDS_PER_BATCH)
    batches.push(ids.slice(i, i + TRACE_IDS_PER_BATCH));
  const results: (
    | { traces: NonNullable<BatchGetTracesCommandOutput['Traces']>; unprocessed: string[] }
    | undefined
  )[] = new Array(batches.length);
  let next = 0;
  let consumed = 0;
  const retry: string[] = [];
  const drain = () => {
    while (consumed < batches.length && results[consumed] !== undefined) {
      const r = results[consumed] as {
        traces: NonNullable<BatchGetTracesCommandOutput['Traces']>;
        unprocessed: string[];
      };
      consume(r.traces);
      retry.push(...r.unprocessed);
      results[consumed] = undefined;
      consumed++;
    }
  };
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      results[index] = await fetchTraces(c, batches[index] as string[], options, stats);
      drain();
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, batches.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  drain();
  options.onProgress?.(`BatchGetTraces: ${stats.traces} traces in ${batches.length} requests`);

  // Ids X-Ray did not process get one more request each batch of five; what is still missing is reported.
  for (let i = 0; i < retry.length; i += TRACE_IDS_PER_BATCH) {
    const again = await fetchTraces(c, retry.slice(i, i + TRACE_IDS_PER_BATCH), options, stats);
    consume(again.traces);
    stats.unprocessed.push(...again.unprocessed);
  }
  if (stats.unprocessed.length > 0) {
    emit({
      code: 'unsupported-record',
      severity: 'warning',
      message: `${stats.unprocessed.length} trace${stats.unprocessed.length === 1 ? ' was' : 's were'} not returned by X-Ray (UnprocessedTraceIds, e.g. ${stats.unprocessed.slice(0, 3).join(', ')}): their calls are not in the policies`,
      file: label,
      malformed: false,
    });
  }
  if (ids.length === 0) {
    emit({
      code: 'empty-input',
      severity: 'warning',
      message: `no traces between ${new Date(options.since).toISOString()} and ${new Date(options.until).toISOString()}${options.filter ? ` matching ${JSON.stringify(options.filter)}` : ''}`,
      file: label,
      malformed: false,
    });
  }
  return stats;
}
