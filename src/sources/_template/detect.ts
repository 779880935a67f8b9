/**
 * Is this file mine? A cheap look at the start of the decompressed text. Template: rename `example`.
 */

/** A marker the format always has near the start. */
const MARKER = '"exampleEvents"';

export function detectExample(head: string): boolean {
  const start = head.trimStart();
  return start.startsWith('{') && start.slice(0, 64 * 1024).includes(MARKER);
}
