/**
 * Live sources: SOURCE arguments that name an AWS API instead of a file.
 * - `xray:` / `xray:REGION`: traces from the X-Ray API, read into the same `ReadSink` as file sources, in
 *   the main thread after the files (xray.ts).
 * - `s3://bucket[/prefix]`: a trail's log files from its bucket (s3-trail.ts), and `cloudtrail:` /
 *   `cloudtrail:REGION`: CloudTrail's LookupEvents (cloudtrail-lookup.ts). These fetch files into a spool
 *   (spool.ts) that the file pipeline reads with the local files, on every core.
 *
 * The AWS SDK is loaded only when a live source is asked for: it costs every offline run a few hundred
 * milliseconds.
 */
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { UsageError } from '../../normalize/diagnostic.js';
import type { ReadSink } from '../types.js';
import type { BackoffOptions } from './aws-calls.js';
import type { Spool } from './spool.js';
import type { XrayLiveOptions, XrayLiveStats } from './xray.js';

export interface S3Location {
  bucket: string;
  /** Key prefix, possibly empty. */
  prefix: string;
}

export type LiveSource =
  | { kind: 'xray'; spec: string; region?: string }
  | { kind: 'cloudtrail'; spec: string; region?: string }
  | { kind: 's3'; spec: string; location: S3Location };

/** Live sources whose records come as files, read by the file pipeline. */
export type SpooledSource = Extract<LiveSource, { kind: 'cloudtrail' | 's3' }>;

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** `NAME:` / `NAME:REGION`, or undefined when `spec` does not start with `NAME:`. */
function regionSource(spec: string, name: 'xray' | 'cloudtrail'): { region?: string } | undefined {
  if (!spec.startsWith(`${name}:`)) return undefined;
  const region = spec.slice(name.length + 1);
  if (region === '') return {};
  if (!REGION.test(region)) {
    throw new UsageError(`${spec}: expected ${name}: or ${name}:REGION (for example ${name}:us-east-1)`);
  }
  return { region };
}

/** What LookupEvents can select events by, one attribute per request (its `LookupAttributes`). */
export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;

export type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number];

export interface LookupAttribute {
  key: LookupAttributeKey;
  value: string;
}

/** `--lookup KEY=VALUE` (the key in any case: `username=alice`, `EventSource=s3.amazonaws.com`). */
export function parseLookupAttribute(text: string): LookupAttribute {
  const eq = text.indexOf('=');
  const name = eq === -1 ? text : text.slice(0, eq);
  const value = eq === -1 ? '' : text.slice(eq + 1);
  const key = LOOKUP_ATTRIBUTE_KEYS.find((k) => k.toLowerCase() === name.trim().toLowerCase());
  if (!key || value === '') {
    throw new UsageError(
      `--lookup ${text}: expected KEY=VALUE with KEY one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')} (for example --lookup Username=alice)`,
    );
  }
  if (key === 'ReadOnly' && value !== 'true' && value !== 'false') {
    throw new UsageError(`--lookup ${text}: ReadOnly is true or false`);
  }
  return { key, value };
}

/** `s3://bucket[/prefix]` -> bucket and prefix; undefined when `spec` is not an `s3://` URI. */
export function parseS3Uri(spec: string): S3Location | undefined {
  if (!spec.startsWith('s3://')) return undefined;
  const rest = spec.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = slash === -1 ? '' : rest.slice(slash + 1);
  // Bucket names are 3 to 63 lowercase letters, digits, dots and hyphens; buckets from before 2018 may
  // have capitals and underscores: accepted, S3 answers for them.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(bucket)) {
    throw new UsageError(
      `${spec}: expected s3://BUCKET or s3://BUCKET/PREFIX (for example s3://my-trail-logs/AWSLogs/)`,
    );
  }
  return { bucket, prefix };
}

/** The live source `spec` names; undefined for anything else (a file or directory). */
export function parseLiveSource(spec: string): LiveSource | undefined {
  if (spec === 'xray') return { kind: 'xray', spec: 'xray:' };
  const xray = regionSource(spec, 'xray');
  if (xray) return { kind: 'xray', spec, ...xray };
  const cloudtrail = regionSource(spec, 'cloudtrail');
  if (cloudtrail) return { kind: 'cloudtrail', spec, ...cloudtrail };
  const location = parseS3Uri(spec);
  if (location) return { kind: 's3', spec, location };
  return undefined;
}

export function isSpooled(source: LiveSource): source is SpooledSource {
  return source.kind === 's3' || source.kind === 'cloudtrail';
}

export interface LiveReadOptions extends Omit<XrayLiveOptions, 'region' | 'label'> {}

export type LiveReadStats = XrayLiveStats;

/** Reads one live source that delivers records (`xray:`) into the sink. */
export async function readLiveSource(
  source: LiveSource & { kind: 'xray' },
  sink: ReadSink,
  options: LiveReadOptions,
): Promise<LiveReadStats> {
  const { readXrayLive } = await import('./xray.js');
  return readXrayLive(sink, {
    ...options,
    label: source.spec,
    ...(source.region ? { region: source.region } : {}),
  });
}

export interface SpoolOptions extends BackoffOptions {
  since: number;
  until: number;
  /** `cloudtrail:` only: the events LookupEvents is asked for (`--lookup`). */
  lookup?: LookupAttribute;
  /** Requests in flight (S3; default 8). */
  concurrency?: number;
  now?: number;
}

/**
 * Fetches one file-delivering live source into the spool; problems with single items go to `report`.
 * (Each source's own function returns what it did, for tests.)
 */
export async function fetchSpooledSource(
  source: SpooledSource,
  spool: Spool,
  report: (d: Diagnostic) => void,
  options: SpoolOptions,
): Promise<void> {
  if (source.kind === 's3') {
    const { fetchTrailObjects } = await import('./s3-trail.js');
    await fetchTrailObjects(source.location, spool, report, { ...options, label: source.spec });
    return;
  }
  const { fetchLookupEvents } = await import('./cloudtrail-lookup.js');
  await fetchLookupEvents(spool, report, {
    ...options,
    label: source.spec,
    ...(source.region ? { region: source.region } : {}),
  });
}
