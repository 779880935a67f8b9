/**
 * Is this file X-Ray data? A cheap look at the start of the text for keys the X-Ray formats always have:
 * `BatchGetTraces` responses (`"Traces"` with `"Segments"`), `GetTraceSummaries` pages, `PutTraceSegments`
 * bodies, and raw segment documents (`"trace_id"`, or the daemon's `{"format":"json","version":1}` header).
 */
import { HEAD_BYTES } from '../input.js';

const MARKERS = ['"Segments"', '"TraceSummaries"', '"TraceSegmentDocuments"', '"trace_id"', '"format"'];

export function detectXray(head: string): boolean {
  const start = head.length > HEAD_BYTES ? head.slice(0, HEAD_BYTES) : head;
  const first = start.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  for (const marker of MARKERS) {
    if (!start.includes(marker)) continue;
    if (marker === '"format"' && !isDaemonHeaderText(start)) continue;
    return true;
  }
  return false;
}

/** `{"format": "json", "version": 1}`, the header the X-Ray daemon protocol puts before each document. */
export function isDaemonHeader(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return v.format === 'json' && (v.version === 1 || v.version === '1') && Object.keys(v).length === 2;
}

function isDaemonHeaderText(text: string): boolean {
  return /"format"\s*:\s*"json"\s*,\s*"version"\s*:\s*1\b/.test(text);
}
