/**
 * Live sources: SOURCE arguments that name an AWS API instead of a file. Today `xray:` (optionally with a
 * region, `xray:us-west-2`). They read into the same `ReadSink` as file sources; the pipeline runs them in
 * the main thread after the files.
 */
import { UsageError } from '../../normalize/diagnostic.js';
import type { ReadSink } from '../types.js';
import type { XrayLiveOptions, XrayLiveStats } from './xray.js';

export type LiveSource = { kind: 'xray'; spec: string; region?: string };

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** `xray:` / `xray:REGION` -> the live source; undefined for anything else (a file or directory). */
export function parseLiveSource(spec: string): LiveSource | undefined {
  if (spec === 'xray:' || spec === 'xray') return { kind: 'xray', spec: 'xray:' };
  if (!spec.startsWith('xray:')) return undefined;
  const region = spec.slice('xray:'.length);
  if (!REGION.test(region)) {
    throw new UsageError(`${spec}: expected xray: or xray:REGION (for example xray:us-east-1)`);
  }
  return { kind: 'xray', spec, region };
}

export interface LiveReadOptions extends Omit<XrayLiveOptions, 'region' | 'label'> {}

export type LiveReadStats = XrayLiveStats;

/** Reads one live source into the sink. */
export async function readLiveSource(
  source: LiveSource,
  sink: ReadSink,
  options: LiveReadOptions,
): Promise<LiveReadStats> {
  switch (source.kind) {
    case 'xray': {
      // Loaded only when asked for: the AWS SDK costs every offline run a few hundred milliseconds.
      const { readXrayLive } = await import('./xray.js');
      return readXrayLive(sink, {
        ...options,
        label: source.spec,
        ...(source.region ? { region: source.region } : {}),
      });
    }
  }
}
