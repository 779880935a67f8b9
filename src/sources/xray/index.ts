/** The X-Ray file source: what `sources/index.ts` lists. */
import type { FileSource } from '../types.js';
import { detectXray } from './detect.js';
import { readXray } from './read.js';

export const xraySource: FileSource = {
  id: 'xray',
  detect: detectXray,
  read: (input, sink) => readXray(input, sink),
};
