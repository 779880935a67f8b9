/**
 * Opening an input file, for every source: gzip detection by magic bytes (not by extension), whole-file
 * decompression below the size limit, streaming above it, and a first look at the content.
 */
import { constants as bufferConstants } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';

/** How much decompressed text `head` holds for large files. */
export const HEAD_BYTES = 64 * 1024;
/** Read size when streaming. */
const CHUNK_BYTES = 1024 * 1024;

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

/** Opens `file` and prepares its text. Never throws for I/O problems: they come back as `unreadable`. */
export async function openInput(file: string, maxWholeFileBytes: number): Promise<OpenedInput> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return { kind: 'unreadable', message: ioMessage(error) };
  }
  try {
    return await openHandle(file, handle, effectiveLimit(maxWholeFileBytes));
  } catch (error) {
    if (isIoError(error)) return { kind: 'unreadable', message: ioMessage(error) };
    throw error;
  } finally {
    await handle.close();
  }
}

async function openHandle(file: string, handle: FileHandle, limit: number): Promise<OpenedInput> {
  const stat = await handle.stat();
  if (stat.isDirectory()) return { kind: 'unreadable', message: 'is a directory' };
  if (!stat.isFile()) return { kind: 'unreadable', message: 'is not a regular file' };
  if (stat.size === 0) return { kind: 'empty', gzip: false };

  const first = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
  const { bytesRead } = await handle.read(first, 0, first.length, 0);
  const start = first.subarray(0, bytesRead);
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
    if (stat.size <= limit) bytes = await handle.readFile();
    else head = decodeHead(start);
  } else if (stat.size <= limit) {
    const compressed = await handle.readFile();
    const whole = await gunzipWhole(compressed, limit);
    gzipError = whole.error;
    if (whole.output && gzipError === undefined) bytes = whole.output;
    else if (whole.output) {
      // Damaged: what came out before the damage, decoded now (a rare path).
      text = decodeWhole(whole.output);
      head = text;
    } else {
      ({ head, error: gzipError } = await readHead(file, true));
    }
  } else {
    ({ head, error: gzipError } = await readHead(file, true));
  }

  if (bytes !== undefined) {
    const whole = bytes;
    head = decodeHead(whole.subarray(0, HEAD_BYTES));
    if (hasNul(head)) return { kind: 'binary', gzip, looksLike: 'binary data (or UTF-16 text)' };
    if (isBlankBytes(whole)) return { kind: 'empty', gzip };
    let decoded: string | undefined;
    return {
      kind: 'input',
      input: {
        file,
        gzip,
        get text() {
          decoded ??= decodeWhole(whole);
          return decoded;
        },
        bytes: whole,
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
  if (compressed.length < 18) return CHUNK_BYTES;
  const stated = compressed.readUInt32LE(compressed.length - 4);
  // One more byte than stated lets zlib see the end in the same chunk. A damaged trailer must not make us
  // reserve more than text ever expands to (JSON compresses about 10:1).
  return Math.max(
    CHUNK_BYTES,
    Math.min(stated + 1, 64 * compressed.length, limit, bufferConstants.MAX_LENGTH),
  );
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

function decodeHead(buffer: Buffer): string {
  return new TextDecoder('utf-8').decode(buffer, { stream: true });
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

export function isIoError(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException | undefined;
  return typeof e?.code === 'string' && typeof e.syscall === 'string';
}

export function ioMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
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
