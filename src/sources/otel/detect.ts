/**
 * Is this file an OTLP JSON trace export? `"resourceSpans"` near the start: the collector's file exporter
 * (one `ExportTraceServiceRequest` per line), an OTLP/HTTP JSON request body, or an array of them.
 */
import { HEAD_BYTES } from '../input.js';

export function detectOtel(head: string): boolean {
  const start = head.length > HEAD_BYTES ? head.slice(0, HEAD_BYTES) : head;
  const first = start.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  return start.includes('"resourceSpans"') || start.includes('"resource_spans"');
}
