/** The OpenTelemetry (OTLP JSON) trace source: what `sources/index.ts` lists. */
import type { FileSource } from '../types.js';
import { detectOtel } from './detect.js';
import { readOtel } from './read.js';

export const otelSource: FileSource = {
  id: 'otel',
  detect: detectOtel,
  read: (input, sink) => readOtel(input, sink),
};
