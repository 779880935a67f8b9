import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAD_BYTES, openInput, RELEASE_MIN_BYTES, releaseBytes } from './input.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leastpriv-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What a streaming UTF-8 decoder makes of the first HEAD_BYTES bytes (BOM removed, a cut character held back). */
function streamedHead(bytes: Buffer): string {
  return new TextDecoder('utf-8').decode(bytes.subarray(0, HEAD_BYTES), { stream: true });
}

describe('openInput: the head, the start of the text that detection looks at', () => {
  // Files larger than HEAD_BYTES whose cut falls inside a 2-, 3- and 4-byte character, or just after one.
  const cases: [string, Buffer][] = [];
  for (const [name, char] of [
    ['é (2 bytes)', 'é'],
    ['€ (3 bytes)', '€'],
    ['😀 (4 bytes)', '😀'],
  ] as const) {
    const width = Buffer.byteLength(char);
    const open = '{"Records":[{"eventVersion":"1.11","x":"';
    for (let into = 0; into < width; into++) {
      // After the BOM, the opening and the padding, the head ends `into` bytes into a character.
      const pad = HEAD_BYTES - 3 - Buffer.byteLength(open) - 5 * width - into;
      const text = `${open}${'a'.repeat(pad)}${char.repeat(40)}"}]}`;
      cases.push([`${name}, cut ${into} bytes into it`, Buffer.from(`\ufeff${text}`)]);
    }
  }
  cases.push(['a file smaller than the head', Buffer.from('\ufeff{"Records":[]} é€😀')]);

  it.each(cases)('is the decoded text, as a streaming decoder gives it: %s', async (_name, bytes) => {
    // Given a UTF-8 file with a BOM
    const path = join(dir, 'head.json');
    await writeFile(path, bytes);
    // When it is opened
    const opened = await openInput(path, 256 * 1024 * 1024);
    // Then its head holds the same text as a streaming TextDecoder gives for its start
    expect(opened.kind).toBe('input');
    if (opened.kind !== 'input') return;
    expect(opened.input.head).toBe(streamedHead(bytes));
  });
});

describe.skipIf(process.platform === 'win32')('openInput on a named pipe', () => {
  it('reports it as not a regular file at once, without waiting for a writer', async () => {
    // Given a FIFO nobody writes to
    const path = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    // When it is opened as an input file
    const opened = await openInput(path, 1024);
    // Then it is unreadable, with the reason (and the call returned)
    expect(opened).toEqual({ kind: 'unreadable', message: 'is not a regular file' });
  });
});

describe('releaseBytes: the memory of a file read is given back at once', () => {
  it('detaches a large buffer, so that its memory is freed at the next young collection', () => {
    const bytes = Buffer.alloc(RELEASE_MIN_BYTES, 0x61);
    releaseBytes(bytes);
    expect(bytes.buffer.byteLength).toBe(0);
    expect(bytes.length).toBe(0);
  });

  it("never touches a small buffer, which may share Node's pool with other buffers", () => {
    const a = Buffer.from('first');
    const b = Buffer.from('second');
    expect(a.buffer).toBe(b.buffer);
    releaseBytes(a);
    expect(a.toString()).toBe('first');
    expect(b.toString()).toBe('second');
  });
});
