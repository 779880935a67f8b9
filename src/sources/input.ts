/**
 * Opening an input file, for every source: gzip detection by magic bytes (not by extension), whole-file
 * decompression below the size limit, streaming above it, and a first look at the content.
 */
import { constants as bufferConstants } from 'node:buffer';
import {
  closeSync,
  createReadStream,
  constants as fsConstants,
  fstatSync,
  openSync,
  readSync,
} from 'node:fs';
import { createGunzip, gunzipSync } from 'node:zlib';
import { ioMessage, isIoError } from '../util/io-errors.js';

/** How much decompressed text `head` holds for large files. */
export const HEAD_BYTES = 64 * 1024;
/** Read size when streaming. */
const CHUNK_BYTES = 1024 * 1024;
/** Smallest output chunk when decompressing a file whole (when its gzip trailer states less, or nothing). */
const MIN_OUTPUT_CHUNK = 16 * 1024;

export interface FileInput {
  readonly file: string;
  readonly gzip: boolean;
  /** The whole decompressed text, when it fits `maxWholeFileBytes`; `undefined` means: stream `chunks()`. */
  readonly text: string | undefined;
  /**
   * The whole decompressed bytes, when the file was read whole without damage (`text` is then their UTF-8
   * decoding, BOM removed, made on first use). A reader that can cut the bytes itself decodes only pieces,
   * and the file never becomes one large string.
   */
  readonly bytes: Buffer | undefined;
  /** The start of the decompressed text (all of it when `text` is set). */
  readonly head: string;
  /**
   * Decompression failed part-way (truncated or corrupt gzip). `text` and `head` then hold what came out
   * before the failure. Only set when met while opening; `chunks()` throws it too, where it occurs.
   */
  readonly gzipError: Error | undefined;
  /** The decompressed text from the start, in chunks. Throws a zlib error where decompression fails. */
  chunks(): AsyncIterable<string>;
}

export type OpenedInput =
  | { kind: 'input'; input: FileInput }
  /** Zero bytes, or only whitespace once decompressed. */
  | { kind: 'empty'; gzip: boolean }
  /** Not text: an archive, a binary; `looksLike` names it. */
  | { kind: 'binary'; gzip: boolean; looksLike: string }
  | { kind: 'unreadable'; message: string };

/**
 * Opens `file` and prepares its text. Never throws for I/O problems: they come back as `unreadable`.
 *
 * The file is opened, sized and read with synchronous calls: a trail is thousands of small files, and each
 * asynchronous step (open, stat, read, close) is a round trip through libuv's thread pool during which the
 * reading thread (a worker, one file at a time) has nothing else to do. Only a file above the size limit is
 * streamed.
 */
export async function openInput(file: string, maxWholeFileBytes: number): Promise<OpenedInput> {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is then refused as not a regular file).
    fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { kind: 'unreadable', message: ioMessage(error) };
  }
  try {
    return await openHandle(file, fd, effectiveLimit(maxWholeFileBytes));
  } catch (error) {
    if (isIoError(error)) return { kind: 'unreadable', message: ioMessage(error) };
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** `length` bytes from offset 0, or fewer when the file is shorter now than when it was sized. */
function readStart(fd: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const n = readSync(fd, buffer, filled, length - filled, filled);
    if (n === 0) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

/**
 * The whole file, sized `size` when it was opened. One more byte is asked for, so a file that grew since is
 * noticed and read to its end, as `readFile` would.
 */
function readWhole(fd: number, size: number): Buffer {
  const first = readStart(fd, size + 1);
  if (first.length <= size) return first;
  const parts = [first];
  let total = first.length;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const n = readSync(fd, chunk, 0, chunk.length, total);
    if (n === 0) break;
    parts.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(parts, total);
}

async function openHandle(file: string, fd: number, limit: number): Promise<OpenedInput> {
  const stat = fstatSync(fd);
  if (stat.isDirectory()) return { kind: 'unreadable', message: 'is a directory' };
  if (!stat.isFile()) return { kind: 'unreadable', message: 'is not a regular file' };
  if (stat.size === 0) return { kind: 'empty', gzip: false };

  // A file up to the size limit is read whole at once (its start is then a view of it); a larger one only
  // for its start, to tell gzip and archives apart.
  const whole = stat.size <= limit ? readWhole(fd, stat.size) : undefined;
  const start = whole ? whole.subarray(0, HEAD_BYTES) : readStart(fd, Math.min(HEAD_BYTES, stat.size));
  if (start.length === 0) return { kind: 'empty', gzip: false };
  const gzip = start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b;
  if (!gzip) {
    const archive = archiveKind(start);
    if (archive) return { kind: 'binary', gzip, looksLike: archive };
  }

  let text: string | undefined;
  let bytes: Buffer | undefined;
  let head: string;
  let gzipError: Error | undefined;
  if (!gzip) {
    if (whole) bytes = whole;
    else head = decodeHead(start);
  } else if (whole) {
    const inflated = await gunzipWhole(whole, limit);
    gzipError = inflated.error;
    if (inflated.output && gzipError === undefined) bytes = inflated.output;
    else if (inflated.output) {
      // Damaged: what came out before the damage, decoded now (a rare path).
      text = decodeWhole(inflated.output);
      head = text;
    } else {
      ({ head, error: gzipError } = await readHead(file, true));
    }
  } else {
    ({ head, error: gzipError } = await readHead(file, true));
  }

  if (bytes !== undefined) {
    const content = bytes;
    const headBytes = content.subarray(0, HEAD_BYTES);
    // A NUL in the head's text is a 0 byte in its bytes (UTF-8 has no other way to write it): one native
    // search instead of a loop over the decoded text.
    if (headBytes.includes(0)) return { kind: 'binary', gzip, looksLike: 'binary data (or UTF-16 text)' };
    head = decodeHead(headBytes);
    if (isBlankBytes(content)) return { kind: 'empty', gzip };
    let decoded: string | undefined;
    return {
      kind: 'input',
      input: {
        file,
        gzip,
        get text() {
          decoded ??= decodeWhole(content);
          return decoded;
        },
        bytes: content,
        head,
        gzipError: undefined,
        chunks: () => decodedChunks(file, gzip),
      },
    };
  }
  head ??= '';
  if (hasNul(head)) return { kind: 'binary', gzip, looksLike: 'binary data (or UTF-16 text)' };
  if (text !== undefined && isBlank(text) && !gzipError) return { kind: 'empty', gzip };
  return {
    kind: 'input',
    input: { file, gzip, text, bytes: undefined, head, gzipError, chunks: () => decodedChunks(file, gzip) },
  };
}

/**
 * The output chunk size for decompressing `compressed` whole: the size its gzip trailer states (ISIZE, the
 * last member's length mod 2^32), so that a usual single-member file comes out in one chunk and is not
 * copied again to join chunks. Only a hint: a wrong or multi-member size just means several chunks.
 */
function outputChunkSize(compressed: Buffer, limit: number): number {
  if (compressed.length < 18) return MIN_OUTPUT_CHUNK;
  const stated = compressed.readUInt32LE(compressed.length - 4);
  // One more byte than stated lets zlib see the end in the same chunk. A damaged trailer must not make us
  // reserve more than text ever expands to (JSON compresses about 10:1). No large floor: the output is a
  // view of the chunk, so a 1 MiB chunk for a 20 KiB file would hold 1 MiB for as long as the file is read,
  // and a trail of small files would then cost a garbage collection every few files (external memory).
  return Math.max(
    MIN_OUTPUT_CHUNK,
    Math.min(stated + 1, 64 * compressed.length, limit, bufferConstants.MAX_LENGTH),
  );
}

/** Bytes from which `releaseBytes` gives a buffer's memory back at once (below, it is left to the GC). */
export const RELEASE_MIN_BYTES = 1024 * 1024;

/**
 * Gives the memory of a file's bytes back as soon as they are read, instead of at V8's next full collection.
 * A file's bytes live for as long as it is read, across young collections, so they end up in the old
 * generation; V8 counts them as external memory and starts a full collection for every 64 MB of it. On the
 * bench trail that was about 20 full collections per 500,000 records (some 90 ms each), all but two of them
 * for the files' bytes alone (docs/performance.md). Transferring the bytes to a new ArrayBuffer that nothing
 * keeps detaches the old one, and the new one is freed at the next young collection.
 *
 * Nothing may read `bytes`, nor any view of its memory, afterwards. A buffer under RELEASE_MIN_BYTES may
 * share Node's pool with other buffers, so it is never released.
 */
export function releaseBytes(bytes: Buffer | undefined): void {
  const memory = bytes?.buffer;
  if (!(memory instanceof ArrayBuffer) || memory.byteLength < RELEASE_MIN_BYTES) return;
  try {
    structuredClone(memory, { transfer: [memory] });
  } catch {
    // Not transferable (a buffer Node keeps to itself): the GC frees it, as before.
  }
}

/** Whole-buffer gunzip up to `limit` bytes; on a damaged stream, what came out before the damage. */
async function gunzipWhole(
  compressed: Buffer,
  limit: number,
): Promise<{ output: Buffer | undefined; error: Error | undefined }> {
  try {
    // Synchronous, with large output chunks: on the hot path (one file per worker at a time) this costs
    // about a fifth of the asynchronous default with its 16 KiB chunks, and nothing else waits on it.
    const output = gunzipSync(compressed, {
      maxOutputLength: limit,
      chunkSize: outputChunkSize(compressed, limit),
    });
    return { output, error: undefined };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return { output: undefined, error: undefined };
    if (!isZlibError(error)) throw error;
    // Damaged: decompress again as a stream to keep the prefix that came out before the damage.
    return gunzipPrefix(compressed, limit, error as Error);
  }
}

function gunzipPrefix(
  compressed: Buffer,
  limit: number,
  fallbackError: Error,
): Promise<{ output: Buffer | undefined; error: Error }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    let done = false;
    const gz = createGunzip();
    const finish = (error: Error) => {
      if (done) return;
      done = true;
      gz.destroy();
      resolve({ output: size <= limit ? Buffer.concat(parts, size) : undefined, error });
    };
    gz.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) parts.push(chunk);
    });
    gz.on('error', (error) => finish(error));
    gz.on('end', () => finish(fallbackError));
    gz.end(compressed);
  });
}

/** The start of the decompressed text, and the zlib error if the damage is already there. */
async function readHead(file: string, gzip: boolean): Promise<{ head: string; error: Error | undefined }> {
  let head = '';
  try {
    for await (const chunk of decodedChunks(file, gzip)) {
      head += chunk;
      if (head.length >= HEAD_BYTES) break;
    }
  } catch (error) {
    // A damaged stream: keep what came out; a reader that streams the file meets the error again.
    if (!isZlibError(error)) throw error;
    return { head, error: error as Error };
  }
  return { head, error: undefined };
}

/** The decompressed text of `file`, decoded as UTF-8 across chunk boundaries, BOM removed. */
export async function* decodedChunks(file: string, gzip: boolean): AsyncGenerator<string> {
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  if (gzip) raw.on('error', (error) => stream.destroy(error));
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      if (text.length > 0) yield text;
    }
    const tail = decoder.decode();
    if (tail.length > 0) yield tail;
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

function decodeWhole(buffer: Buffer): string {
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The text of the start of a file: UTF-8 without its BOM, as a streaming decoder gives it, a multi-byte
 * character cut at the end left out. (`toString` decodes several times faster than a `TextDecoder`, which
 * matters on a trail of many small files, where this is the whole file.)
 */
function decodeHead(buffer: Buffer): string {
  return decodeWhole(buffer.subarray(0, completeUtf8End(buffer)));
}

/** Where the last whole UTF-8 character of `buffer` ends: before a lead byte whose sequence is cut short. */
function completeUtf8End(buffer: Buffer): number {
  const end = buffer.length;
  for (let i = end - 1; i >= Math.max(0, end - 4); i--) {
    const b = buffer[i] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 1;
    return i + length > end ? i : end;
  }
  return end;
}

/** A string can hold at most this many UTF-16 units; a buffer of this many bytes always fits. */
function effectiveLimit(maxWholeFileBytes: number): number {
  return Math.max(0, Math.min(maxWholeFileBytes, bufferConstants.MAX_STRING_LENGTH));
}

function archiveKind(start: Buffer): string | undefined {
  const b0 = start[0];
  const b1 = start[1];
  const b2 = start[2];
  const b3 = start[3];
  if (b0 === 0x50 && b1 === 0x4b && (b2 === 0x03 || b2 === 0x05) && (b3 === 0x04 || b3 === 0x06))
    return 'a zip archive (unzip it first: leastpriv reads plain and gzip-compressed files)';
  if (b0 === 0x42 && b1 === 0x5a && b2 === 0x68) return 'a bzip2 file (decompress it first)';
  if (b0 === 0xfd && b1 === 0x37 && b2 === 0x7a && b3 === 0x58) return 'an xz file (decompress it first)';
  if (b0 === 0x28 && b1 === 0xb5 && b2 === 0x2f && b3 === 0xfd) return 'a zstd file (decompress it first)';
  if (b0 === 0x50 && b1 === 0x41 && b2 === 0x52 && b3 === 0x31) return 'a Parquet file';
  return undefined;
}

/** A NUL in the first bytes: binary (or UTF-16, which leastpriv does not read). Only the start is looked at. */
function hasNul(head: string): boolean {
  const end = Math.min(head.length, HEAD_BYTES);
  for (let i = 0; i < end; i++) if (head.charCodeAt(i) === 0) return true;
  return false;
}

/** Only whitespace (or a UTF-8 BOM). */
function isBlankBytes(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    if (i + 2 < bytes.length && b === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) return false;
  }
  return true;
}

/** Errors zlib raises for damaged data (`unexpected end of file`, `incorrect header check`, ...). */
export function isZlibError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/**
 * Calls `onLine` for every line of a chunked text stream (the last line too, even without a newline),
 * until `stopped()` says so. `at.line` is the number of the last line handed over and `at.pending` the
 * text of the line not yet complete, so a caller that catches a read error can say where reading stopped.
 * Errors of the stream propagate.
 */
export async function forEachLine(
  chunks: AsyncIterable<string>,
  onLine: (line: string, lineNo: number) => void,
  stopped: () => boolean,
  at: { line: number; pending?: string } = { line: 0 },
): Promise<void> {
  let carry = '';
  at.pending = '';
  for await (const chunk of chunks) {
    const text = carry.length === 0 ? chunk : carry + chunk;
    let pos = 0;
    let nl = text.indexOf('\n', carry.length);
    while (nl !== -1 && !stopped()) {
      onLine(text.slice(pos, nl), ++at.line);
      pos = nl + 1;
      nl = text.indexOf('\n', pos);
    }
    carry = text.slice(pos);
    at.pending = carry;
    if (stopped()) return;
  }
  at.pending = '';
  onLine(carry, ++at.line);
}
