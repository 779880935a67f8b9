/**
 * `cloudtrail:` (or `cloudtrail:REGION`) — events from CloudTrail's LookupEvents API, for an account with no
 * trail to read or for a quick look. Each page (up to 50 events) is written to the spool as the JSON that
 * `aws cloudtrail lookup-events` prints (`{"Events":[{"EventId","CloudTrailEvent"}]}`), which the file
 * pipeline already reads; a page is known in messages as `cloudtrail: page N`.
 *
 * What LookupEvents cannot show is said, not hidden: it returns management events only (no data events:
 * S3 object calls, DynamoDB item calls, Lambda `Invoke`...), of the last 90 days, of one region. A notice
 * says so on every run, and another when the window reaches back further than 90 days.
 *
 * LookupEvents allows 2 requests a second per account and region: requests are spaced by `minIntervalMs`
 * (default 500) and throttling is retried with backoff (aws-calls.ts). The client is the AWS SDK v3
 * CloudTrail client with the standard configuration (`AWS_ENDPOINT_URL_CLOUDTRAIL` for another endpoint).
 */
import { writeFile } from 'node:fs/promises';
import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { UsageError } from '../../normalize/diagnostic.js';
import {
  type BackoffOptions,
  callAws,
  defaultSleep,
  explain,
  messagePrefix,
  type ServiceLabel,
} from './aws-calls.js';
import type { LookupAttribute } from './index.js';
import type { Spool } from './spool.js';

/** How far back LookupEvents goes. */
export const LOOKUP_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;
/** Events per LookupEvents page, the most it returns. */
export const LOOKUP_PAGE_SIZE = 50;

export interface LookupOptions extends BackoffOptions {
  since: number;
  until: number;
  /** Region, when the source names one (`cloudtrail:eu-west-1`); else the SDK's configuration decides. */
  region?: string;
  /** Least time between two requests, ms (default 500: LookupEvents allows 2 a second). */
  minIntervalMs?: number;
  /** For tests: a client and a clock. */
  client?: Pick<CloudTrailClient, 'send'>;
  now?: number;
  /** The source as written (`cloudtrail:`), for messages. */
  label: string;
  /** Only the events with this attribute (LookupEvents' `LookupAttributes`; `--lookup`). */
  lookup?: LookupAttribute;
}

export interface LookupStats {
  pages: number;
  events: number;
  retries: number;
}

/** Reads the window's events page by page into the spool. */
export async function fetchLookupEvents(
  spool: Spool,
  report: (d: Diagnostic) => void,
  options: LookupOptions,
): Promise<LookupStats> {
  const stats: LookupStats = { pages: 0, events: 0, retries: 0 };
  const label: ServiceLabel = {
    prefix: messagePrefix(options.label),
    service: 'CloudTrail',
    regionExample: 'cloudtrail:us-east-1',
  };
  if (!(options.since < options.until)) {
    throw new UsageError(
      `${label.prefix} the window is empty (${new Date(options.since).toISOString()} is not before ${new Date(options.until).toISOString()})`,
    );
  }
  report({
    code: 'partial-source',
    severity: 'notice',
    message: `LookupEvents returns management events only, of one region: calls logged as data events (S3 object calls, DynamoDB item calls, Lambda Invoke, ...) are not in it, so the policies cannot cover them; read the trail (its files or s3://bucket) for those${options.lookup ? `. Only the events with ${options.lookup.key} ${options.lookup.value} are asked for (--lookup)` : ''}`,
    file: options.label,
    malformed: false,
  });
  const now = options.now ?? Date.now();
  const oldest = now - LOOKUP_RETENTION_MS;
  if (options.since < oldest) {
    report({
      code: 'partial-source',
      severity: 'warning',
      message: `LookupEvents keeps 90 days: nothing before ${new Date(oldest).toISOString()} can be read from it, although --since asks for ${new Date(options.since).toISOString()}`,
      file: options.label,
      malformed: false,
    });
  }
  let client = options.client;
  if (!client) {
    try {
      client = new CloudTrailClient({
        maxAttempts: 1,
        ...(options.region ? { region: options.region } : {}),
      });
    } catch (error) {
      explain('creating the CloudTrail client', error, label);
    }
  }
  const c = client as Pick<CloudTrailClient, 'send'>;
  const interval = options.minIntervalMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;
  let last = 0;
  let token: string | undefined;
  const seenTokens = new Set<string>();
  do {
    const wait = last + interval - Date.now();
    if (last > 0 && wait > 0) await sleep(wait);
    last = Date.now();
    const input = {
      StartTime: new Date(options.since),
      EndTime: new Date(options.until),
      MaxResults: LOOKUP_PAGE_SIZE,
      ...(options.lookup
        ? { LookupAttributes: [{ AttributeKey: options.lookup.key, AttributeValue: options.lookup.value }] }
        : {}),
      ...(token ? { NextToken: token } : {}),
    };
    const page: LookupEventsCommandOutput = await callAws(
      'LookupEvents',
      () => c.send(new LookupEventsCommand(input)),
      options,
      () => stats.retries++,
      label,
    );
    const events = (page.Events ?? []).map((e) => ({
      EventId: e.EventId,
      CloudTrailEvent: e.CloudTrailEvent,
    }));
    if (events.length > 0) {
      stats.pages++;
      stats.events += events.length;
      const file = spool.reserve('lookup-events.json', `${options.label} page ${stats.pages}`);
      const text = JSON.stringify({ Events: events });
      await spool.claim(file, Buffer.byteLength(text));
      await writeFile(file, text);
      spool.add(file);
    }
    token = page.NextToken;
    if (token !== undefined) {
      if (seenTokens.has(token)) break; // a service that hands the same token back would loop forever
      seenTokens.add(token);
    }
    if (stats.pages % 20 === 0 && events.length > 0)
      options.onProgress?.(`LookupEvents: ${stats.events} events in ${stats.pages} pages so far`);
  } while (token);
  options.onProgress?.(`LookupEvents: ${stats.events} events in ${stats.pages} pages`);
  if (stats.events === 0) {
    report({
      code: 'empty-input',
      severity: 'warning',
      message: `LookupEvents returned no event between ${new Date(options.since).toISOString()} and ${new Date(options.until).toISOString()}`,
      file: options.label,
      malformed: false,
    });
  }
  return stats;
}
