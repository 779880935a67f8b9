/** What `sources/index.ts` lists (one line in `fileSources`). Template: rename `example`. */
import type { FileSource } from '../types.js';
import { detectExample } from './detect.js';
import { readExample } from './read.js';

export const exampleSource: FileSource = {
  id: 'example',
  detect: detectExample,
  read: (input, sink) => readExample(input, sink),
};
