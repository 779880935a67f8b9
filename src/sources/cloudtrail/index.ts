/** The CloudTrail file source: what `sources/index.ts` lists. */
import type { FileSource } from '../types.js';
import { detectCloudTrail } from './detect.js';
import { readCloudTrail } from './read.js';

export const cloudTrailSource: FileSource = {
  id: 'cloudtrail',
  detect: detectCloudTrail,
  read: (input, sink) => readCloudTrail(input, sink),
};
