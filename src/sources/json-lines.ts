/**
 * What the line-oriented trace readers (X-Ray, OTLP) share: reading a file too large to parse whole as one
 * JSON document per line, and wording JSON errors briefly.
 */

import { ioMessage, isIoError } from '../util/io-errors.js';
import { type FileInput, forEachLine, isZlibError } from './input.js';

export interface JsonLinesReader {
  readLine(line: string, lineNo: number): void;
  /** The reader has given the file up (it is not its format). */
  stopped(): boolean;
  /** Reading cannot go on: the reader accepts the file, so that the problem is reported, and says why. */
  fail(code: 'unreadable' | 'truncated-gzip', message: string, line: number | undefined): void;
}

/**
 * Streams a file too large to read whole, line by line. A file whose first line is not a JSON value is
 * one document larger than the limit: reported once, not read piecemeal into a flood of line errors.
 * `example` names the expected layout (`one X-Ray document per line`), `items` what the lines hold.
 */
export async function readJsonLines(
  input: FileInput,
  reader: JsonLinesReader,
  example: string,
  items: string,
): Promise<void> {
  if (!firstLineIsJson(input.head)) {
    reader.fail(
      'unreadable',
      `too large to read whole and not one JSON document per line: split it (for example ${example}) or raise the size limit`,
      undefined,
    );
    return;
  }
  const at = { line: 0 };
  try {
    await forEachLine(input.chunks(), (line, lineNo) => reader.readLine(line, lineNo), reader.stopped, at);
  } catch (error) {
    if (!isZlibError(error) && !isIoError(error)) throw error;
    const reason = isZlibError(error) ? (error as Error).message : ioMessage(error);
    reader.fail(
      isZlibError(error) ? 'truncated-gzip' : 'unreadable',
      `reading stopped at line ${at.line + 1}: ${reason}; the ${items} before it are read`,
      at.line + 1,
    );
  }
}

/** The first non-blank line of `head` is a whole JSON value (the file is line-oriented). */
export function firstLineIsJson(head: string): boolean {
  for (const line of head.split('\n')) {
    if (line.trim() === '') continue;
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  }
  return false;
}

/** A JSON.parse error without its position tail, at most 120 characters. */
export function shortJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cut = message.replace(/ in JSON at position \d+.*$/s, '');
  return cut.length > 120 ? `${cut.slice(0, 120)}…` : cut;
}
