import { describe, expect, it } from 'vitest';
import { JsonSplitter, type SplitContainer, type SplitEnd } from './json-splitter.js';

interface Split {
  elements: { text: string; container: SplitContainer; index: number; line: number }[];
  problems: { message: string; line: number; index: number | undefined; lossless: boolean }[];
  end: SplitEnd;
}

function split(chunks: string[]): Split {
  const out: Split = { elements: [], problems: [], end: undefined as unknown as SplitEnd };
  const splitter = new JsonSplitter({
    element: (text, container, index, line) => out.elements.push({ text, container, index, line }),
    problem: (message, line, index, lossless) => out.problems.push({ message, line, index, lossless }),
  });
  for (const c of chunks) splitter.push(c);
  out.end = splitter.end();
  return out;
}

/** Strings that hold brackets, braces, commas, escaped quotes and backslashes: everything the scanner must not be fooled by. */
const tricky = JSON.stringify(
  {
    Records: [
      {
        eventName: 'A',
        key: 'a}b]c{d[e,f',
        quote: 'say "hi" \\ there',
        unicode: 'é😀',
        nested: { list: [1, [2, { x: '}' }]] },
      },
      { eventName: 'B', empty: {}, emptyList: [], escapedBackslashAtEnd: 'ends with \\' },
      'a string element',
      42,
      null,
    ],
  },
  null,
  1,
);

describe('JsonSplitter', () => {
  it('hands over each element of a Records array whole, whatever is inside its strings', () => {
    // Given a Records file whose strings hold every JSON delimiter
    // When it is split in one piece
    const { elements, problems, end } = split([tricky]);
    // Then each element parses to the original, in order
    expect(problems).toEqual([]);
    expect(end.clean).toBe(true);
    expect(elements.map((e) => JSON.parse(e.text))).toEqual(JSON.parse(tricky).Records);
    expect(elements.map((e) => [e.container, e.index])).toEqual([
      ['records', 0],
      ['records', 1],
      ['records', 2],
      ['records', 3],
      ['records', 4],
    ]);
  });

  it('gives the same elements however the text is cut into chunks', () => {
    // Given the same text cut at every possible position
    const expected = split([tricky]).elements;
    for (let at = 1; at < tricky.length; at++) {
      // When it is split from two chunks
      const { elements, problems } = split([tricky.slice(0, at), tricky.slice(at)]);
      // Then the result does not depend on where the cut fell
      expect(problems, `cut at ${at}`).toEqual([]);
      expect(elements, `cut at ${at}`).toEqual(expected);
    }
    // And one character at a time gives the same too
    expect(split([...tricky]).elements).toEqual(expected);
  });

  it('splits a top-level array, and hands over top-level values that have no record array whole', () => {
    // Given an array of events, and two concatenated single events
    // When each is split
    const array = split(['[{"eventName":"A"},\n{"eventName":"B"}]']);
    const sequence = split(['{"eventName":"A"}\n{"eventName":"B",\n"x":[1]}\n']);
    // Then the array gives its elements, and the sequence its values with their first lines
    expect(array.elements.map((e) => [e.container, e.index, e.line, e.text])).toEqual([
      ['array', 0, 1, '{"eventName":"A"}'],
      ['array', 1, 2, '{"eventName":"B"}'],
    ]);
    expect(sequence.elements.map((e) => [e.container, e.index, e.line])).toEqual([
      ['top', 0, 1],
      ['top', 1, 2],
    ]);
  });

  it('finds the Records array after other keys, and skips other keys whole', () => {
    // Given a top-level object with a key before and after Records
    const text = '{"meta":{"Records":[{"not":"these"}]},"Records":[{"eventName":"A"}],"after":[1,2]}';
    // When it is split
    const { elements, end } = split([text]);
    // Then only the top-level Records elements come out
    expect(elements.map((e) => e.text)).toEqual(['{"eventName":"A"}']);
    expect(end).toMatchObject({ clean: true, firstContainer: 'records' });
  });

  it('reports a missing comma between records and hands over both', () => {
    // Given two records with no comma between them, on lines 2 and 3
    const { elements, problems } = split(['{"Records":[\n{"a":1}\n{"b":2}]}']);
    // Then both records come out, and the problem names line 3 and record 1, losing nothing
    expect(elements.map((e) => e.text)).toEqual(['{"a":1}', '{"b":2}']);
    expect(problems).toEqual([expect.objectContaining({ line: 3, index: 1, lossless: true })]);
  });

  it('says which record was cut off when the text stops inside it', () => {
    // Given text that stops inside record 1, which starts on line 3
    const { elements, end } = split(['{"Records":[\n{"a":1},\n{"b":"unfinished']);
    // Then record 0 came out, and the end names record 1
    expect(elements.map((e) => e.text)).toEqual(['{"a":1}']);
    expect(end).toMatchObject({ clean: false, cut: { container: 'records', index: 1, line: 3 } });
  });

  it('stops at text that is not JSON at the top level', () => {
    // Given a record array followed by prose
    const { elements, problems, end } = split(['[{"a":1}]\nnot json {"b":2}']);
    // Then the array's element comes out and the rest is one problem
    expect(elements).toHaveLength(1);
    expect(problems).toEqual([expect.objectContaining({ line: 2, lossless: false })]);
    expect(end.clean).toBe(false);
  });

  it('keeps only the record in progress between pushes, not the records before it', () => {
    // Given a long Records array pushed in 1 KiB chunks
    const record = JSON.stringify({ eventName: 'GetObject', requestParameters: { key: 'x'.repeat(300) } });
    const text = `{"Records":[${Array.from({ length: 5000 }, () => record).join(',')}]}`;
    let count = 0;
    let maxBuffered = 0;
    const splitter = new JsonSplitter({ element: () => count++, problem: () => {} });
    // When it is pushed
    for (let i = 0; i < text.length; i += 1024) {
      splitter.push(text.slice(i, i + 1024));
      maxBuffered = Math.max(maxBuffered, splitter.buffered);
    }
    // Then every record came out, and what was held never exceeded one record plus a chunk
    expect(splitter.end().clean).toBe(true);
    expect(count).toBe(5000);
    expect(maxBuffered).toBeLessThanOrEqual(record.length + 1024);
  });
});
