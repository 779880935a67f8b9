import { describe, expect, it } from 'vitest';
import { parseJson } from './json-parser.js';
import { getPath, LineIndex, type ObjectNode, type ScalarNode, toPlain } from './source-node.js';

function at(text: string, offset: number) {
  return new LineIndex(text).position(offset);
}

describe('parseJson', () => {
  it('returns the same values as JSON.parse', () => {
    // Given a document with every kind of value
    const text = '{"a": [1, -2.5e3, true, false, null], "b": {"c": "d\\u00e9\\n"}, "e": ""}';
    // When it is parsed
    const r = parseJson(text);
    // Then the plain values match JSON.parse
    expect(toPlain(r.node!)).toEqual(JSON.parse(text));
  });

  it('keeps a "__proto__" key as a property, like JSON.parse, without touching the prototype', () => {
    // Given a template whose object has a "__proto__" key
    const text = '{"__proto__": {"Effect": "Allow"}, "Effect": "Deny"}';
    // When its node is made plain
    const plain = toPlain(parseJson(text).node!) as Record<string, unknown>;
    // Then the key is an own property and the prototype is Object's, as JSON.parse gives them
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.keys(plain)).toEqual(Object.keys(JSON.parse(text)));
    expect(plain).toEqual(JSON.parse(text));
  });

  it('records the line and column of every value and every key', () => {
    // Given a policy over several lines
    const text =
      '{\n  "Statement": [\n    {\n      "Action": ["s3:GetObject", "s3:PutObject"]\n    }\n  ]\n}\n';
    // When it is parsed
    const root = parseJson(text).node!;
    // Then Statement[0].Action[1] is on line 4, where its quote starts
    const action = getPath(root, ['Statement', 0, 'Action', 1])!;
    expect(at(text, action.start)).toEqual({ line: 4, column: 34 });
    // And the key "Action" is at line 4, column 7
    const statement = getPath(root, ['Statement', 0]) as ObjectNode;
    expect(at(text, statement.entries[0]!.keySpan.start)).toEqual({ line: 4, column: 7 });
  });

  it('maps an index inside a string with escapes to its character in the file', () => {
    // Given a string whose escapes make the text longer than the value
    const text = '{"p": "a\\"b\\nc"}';
    const s = getPath(parseJson(text).node!, ['p']) as ScalarNode;
    // When the index of 'c' (4 in the value a"b\nc) is mapped
    // Then it lands on the 'c' in the file
    expect(s.value).toBe('a"b\nc');
    expect(text[s.inner!(4)]).toBe('c');
    expect(text[s.inner!(1)]).toBe('\\');
  });

  it('reports a trailing comma with its line and column', () => {
    // Given a trailing comma in an object on line 3
    const text = '{\n  "a": 1,\n}';
    // When it is parsed
    const r = parseJson(text);
    // Then there is no node and the error points at the closing brace
    expect(r.node).toBeUndefined();
    expect(r.error!.message).toMatch(/Trailing comma before '}'/);
    expect(at(text, r.error!.offset)).toEqual({ line: 3, column: 1 });
  });

  it.each([
    ['{"a": 1 "b": 2}', /Expected ',' or '}' after the value of "a", found '"'/],
    ["{'a': 1}", /Expected a property name in double quotes, found '''/],
    ['{"a": tru}', /Unexpected word 'tru'/],
    ['{"a": "x', /Unterminated string/],
    ['{"a": 01}', /Expected ',' or '}'/],
    ['[1, 2] 3', /after the end of the JSON value/],
    ['', /empty/],
    ['{"a": "\\q"}', /Invalid escape '\\q'/],
  ])('explains what is wrong in %j', (text, message) => {
    // Given invalid JSON, When it is parsed, Then the error says what was found and expected
    expect(parseJson(text).error?.message).toMatch(message);
  });

  it('reports a repeated key and keeps the last value, as JSON.parse does', () => {
    // Given an object with "Effect" twice
    const text = '{"Effect": "Allow", "Effect": "Deny"}';
    // When it is parsed
    const r = parseJson(text);
    // Then the duplicate is reported at the second key and the last value wins
    expect(r.duplicateKeys).toEqual([{ offset: 20, key: 'Effect' }]);
    expect(toPlain(r.node!)).toEqual({ Effect: 'Deny' });
  });

  it('skips a byte order mark', () => {
    // Given a file saved with a BOM, When it is parsed, Then it reads as without it
    expect(toPlain(parseJson('\uFEFF{"a": 1}').node!)).toEqual({ a: 1 });
  });
});

describe('LineIndex', () => {
  it('counts CRLF and CR line endings as one line break', () => {
    // Given lines ending in \r\n and \r
    const lines = new LineIndex('a\r\nb\rc');
    // Then offsets map to lines 1, 2 and 3
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(3)).toEqual({ line: 2, column: 1 });
    expect(lines.position(5)).toEqual({ line: 3, column: 1 });
  });
});
