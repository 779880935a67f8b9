import { describe, expect, it } from 'vitest';
import { readJson } from './json.js';

describe('readJson', () => {
  const samples = [
    '{"a": [1, -2.5e3, 0, true, false, null, "x"], "b": {"c": {}}, "d": []}',
    '"just a string"',
    '  [ ]  ',
    '{"esc": "quote \\" slash \\/ back \\\\ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00"}',
    '{"__proto__": {"polluted": true}, "constructor": 1}',
    '\ufeff{"bom": 1}',
  ];

  it('returns the same value as JSON.parse', () => {
    // Given valid JSON texts, When read, Then the values equal JSON.parse's
    for (const text of samples) {
      const r = readJson(text);
      expect(r.kind).toBe('ok');
      if (r.kind === 'ok') expect(r.value).toEqual(JSON.parse(text.replace(/^\ufeff/, '')));
    }
  });

  it('does not let a "__proto__" key change the prototype', () => {
    const r = readJson('{"__proto__": {"polluted": true}}');
    expect(r.kind === 'ok' && Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect(r.kind === 'ok' && Object.keys(r.value as object)).toEqual(['__proto__']);
  });

  it('remembers where every value and key starts', () => {
    // Given a policy over several lines, When read, Then paths map to 1-based line and column
    const r = readJson('{\n  "Statement": [\n    {"Effect": "Allow"}\n  ]\n}');
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.positions.get('')).toEqual({ line: 1, column: 1 });
    expect(r.positions.get('#Statement')).toEqual({ line: 2, column: 3 });
    expect(r.positions.get('Statement')).toEqual({ line: 2, column: 16 });
    expect(r.positions.get('Statement[0]')).toEqual({ line: 3, column: 5 });
    expect(r.positions.get('Statement[0].#Effect')).toEqual({ line: 3, column: 6 });
    expect(r.positions.get('Statement[0].Effect')).toEqual({ line: 3, column: 16 });
  });

  it('reports duplicate keys with the position of the repeat, keeping the last value like JSON.parse', () => {
    const r = readJson('{"a": 1,\n "a": 2}');
    expect(r.kind === 'ok' && r.value).toEqual({ a: 2 });
    expect(r.kind === 'ok' && r.duplicates).toEqual([
      { path: '#a', key: 'a', position: { line: 2, column: 2 } },
    ]);
  });

  it.each([
    ['{"a": 1,}', 1, 9, "Trailing comma before '}'"],
    ['{"a" 1}', 1, 6, 'Expected \':\' after the property name "a"'],
    ['[1 2]', 1, 4, "Expected ',' or ']' after an array element"],
    ['{"a": "unterminated', 1, 7, 'Unterminated string'],
    ['{"a": tru}', 1, 7, "Unexpected word 'tru'"],
    ['{"a": 01}', 1, 8, "Expected ',' or '}' after the value of \"a\", found '1'"],
    ['{}\n{}', 2, 1, 'after the end of the JSON value'],
    ['', 1, 1, 'The input is empty'],
    ['{"a": "\\x"}', 1, 8, "Invalid escape '\\x'"],
    ['{"a": "line\nbreak"}', 1, 12, 'Line break inside a string'],
    ['{"a":\r1 2}', 2, 3, "Expected ',' or '}'"],
  ])('rejects %j at %i:%i', (text, line, column, message) => {
    // Given malformed JSON, When read, Then the error names the problem and where it is
    const r = readJson(text);
    expect(r.kind).toBe('error');
    if (r.kind !== 'error') return;
    expect(r.position).toEqual({ line, column });
    expect(r.message).toContain(message);
  });
});
