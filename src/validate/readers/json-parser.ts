/**
 * A JSON parser that keeps where every value and every key is in the text, so a finding points at
 * `file:line:column`. Strict RFC 8259 (no comments, no trailing commas); errors name what was found and what
 * was expected. A leading byte order mark is skipped.
 */
import type { ArrayNode, Entry, ObjectNode, ScalarNode, SourceNode, Span } from './source-node.js';

export interface JsonParseError {
  offset: number;
  message: string;
}

export interface JsonParseResult {
  /** Undefined when the text is not valid JSON. */
  node?: SourceNode;
  error?: JsonParseError;
  /** Keys that appear twice in one object: offset of the second one. */
  duplicateKeys: { offset: number; key: string }[];
}

const MAX_DEPTH = 512;

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function describe(text: string, i: number): string {
  if (i >= text.length) return 'the end of the input';
  const c = text[i]!;
  if (c === '\n' || c === '\r') return 'a line break';
  return `'${c}'`;
}

/** Maps an index inside a decoded JSON string to the offset of its character in the file. */
function innerMap(text: string, quote: number, hasEscapes: boolean, base: number): (index: number) => number {
  if (!hasEscapes) return (index) => base + quote + 1 + index;
  let table: number[] | undefined;
  return (index) => {
    if (!table) {
      table = [];
      let i = quote + 1;
      while (i < text.length && text[i] !== '"') {
        table.push(i);
        if (text[i] === '\\') {
          const e = text[i + 1];
          if (e === 'u') {
            // A surrogate pair is two UTF-16 code units, two escapes: each maps to its own escape.
            i += 6;
          } else i += 2;
        } else i += 1;
      }
      table.push(i);
    }
    return base + table[Math.min(Math.max(index, 0), table.length - 1)]!;
  };
}

export function parseJson(text: string, base = 0): JsonParseResult {
  const duplicateKeys: { offset: number; key: string }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (offset: number, message: string): never => {
    throw new JsonSyntaxError(offset, message);
  };

  const skipWs = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };

  const parseString = (): { value: string; span: Span; escapes: boolean } => {
    const start = i;
    i++; // opening quote
    let out = '';
    let chunk = i;
    let escapes = false;
    for (;;) {
      if (i >= text.length) fail(start, "Unterminated string: the closing '\"' is missing");
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(chunk, i);
        i++;
        return { value: out, span: { start: base + start, end: base + i }, escapes };
      }
      if (c === 92) {
        escapes = true;
        out += text.slice(chunk, i);
        const e = text[i + 1];
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex))
              fail(i, `Invalid unicode escape '\\u${hex}': expected 4 hex digits`);
            out += String.fromCharCode(Number.parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            fail(i, `Invalid escape '\\${e ?? ''}' in a string`);
        }
        i += 2;
        chunk = i;
        continue;
      }
      if (c < 32) {
        fail(
          i,
          c === 10 || c === 13
            ? 'Line break inside a string: write it as \\n, or close the string'
            : `Control character U+${c.toString(16).padStart(4, '0')} inside a string: escape it`,
        );
      }
      i++;
    }
  };

  const parseNumber = (): ScalarNode => {
    const start = i;
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (text[i]! >= '1' && text[i]! <= '9') while (text[i]! >= '0' && text[i]! <= '9') i++;
    else fail(i, `Invalid number: expected a digit after '-', found ${describe(text, i)}`);
    if (text[i] === '.') {
      i++;
      if (!(text[i]! >= '0' && text[i]! <= '9'))
        fail(i, `Invalid number: expected a digit after '.', found ${describe(text, i)}`);
      while (text[i]! >= '0' && text[i]! <= '9') i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!(text[i]! >= '0' && text[i]! <= '9'))
        fail(i, `Invalid number: expected a digit in the exponent, found ${describe(text, i)}`);
      while (text[i]! >= '0' && text[i]! <= '9') i++;
    }
    return { kind: 'scalar', value: Number(text.slice(start, i)), start: base + start, end: base + i };
  };

  const parseLiteral = (word: string, value: boolean | null): ScalarNode => {
    if (text.startsWith(word, i)) {
      const start = i;
      i += word.length;
      return { kind: 'scalar', value, start: base + start, end: base + i };
    }
    const found = /^[A-Za-z_]+/.exec(text.slice(i, i + 20))?.[0];
    return fail(
      i,
      found
        ? `Unexpected word '${found}': expected a value (string, number, object, array, true, false or null)`
        : `Unexpected ${describe(text, i)}`,
    );
  };

  const parseValue = (depth: number): SourceNode => {
    if (depth > MAX_DEPTH) fail(i, `Nesting deeper than ${MAX_DEPTH} levels`);
    skipWs();
    const c = text[i];
    switch (c) {
      case '{':
        return parseObject(depth);
      case '[':
        return parseArray(depth);
      case '"': {
        const quote = i;
        const s = parseString();
        return {
          kind: 'scalar',
          value: s.value,
          start: s.span.start,
          end: s.span.end,
          inner: innerMap(text, quote, s.escapes, base),
        };
      }
      case 't':
        return parseLiteral('true', true);
      case 'f':
        return parseLiteral('false', false);
      case 'n':
        return parseLiteral('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber();
        if (c === "'") return fail(i, "Strings must use double quotes '\"', not single quotes");
        return fail(
          i,
          `Unexpected ${describe(text, i)}: expected a value (string, number, object, array, true, false or null)`,
        );
    }
  };

  const parseObject = (depth: number): ObjectNode => {
    const start = i;
    i++;
    const entries: Entry[] = [];
    const seen = new Set<string>();
    skipWs();
    if (text[i] === '}') {
      i++;
      return { kind: 'object', entries, start: base + start, end: base + i };
    }
    for (;;) {
      skipWs();
      if (text[i] !== '"') {
        if (text[i] === '}' && entries.length > 0) fail(i, "Trailing comma before '}': remove the last ','");
        fail(i, `Expected a property name in double quotes, found ${describe(text, i)}`);
      }
      const k = parseString();
      if (seen.has(k.value)) duplicateKeys.push({ offset: k.span.start, key: k.value });
      seen.add(k.value);
      skipWs();
      if (text[i] !== ':')
        fail(i, `Expected ':' after the property name "${k.value}", found ${describe(text, i)}`);
      i++;
      const value = parseValue(depth + 1);
      entries.push({ key: k.value, keySpan: k.span, value });
      skipWs();
      const c = text[i];
      if (c === ',') {
        i++;
        continue;
      }
      if (c === '}') {
        i++;
        return { kind: 'object', entries, start: base + start, end: base + i };
      }
      fail(i, `Expected ',' or '}' after the value of "${k.value}", found ${describe(text, i)}`);
    }
  };

  const parseArray = (depth: number): ArrayNode => {
    const start = i;
    i++;
    const items: SourceNode[] = [];
    skipWs();
    if (text[i] === ']') {
      i++;
      return { kind: 'array', items, start: base + start, end: base + i };
    }
    for (;;) {
      skipWs();
      if (text[i] === ']' && items.length > 0) fail(i, "Trailing comma before ']': remove the last ','");
      items.push(parseValue(depth + 1));
      skipWs();
      const c = text[i];
      if (c === ',') {
        i++;
        continue;
      }
      if (c === ']') {
        i++;
        return { kind: 'array', items, start: base + start, end: base + i };
      }
      fail(i, `Expected ',' or ']' after an array element, found ${describe(text, i)}`);
    }
  };

  try {
    skipWs();
    if (i >= text.length)
      return {
        error: { offset: base + i, message: 'The input is empty: expected a JSON value' },
        duplicateKeys,
      };
    const node = parseValue(0);
    skipWs();
    if (i < text.length) fail(i, `Unexpected ${describe(text, i)} after the end of the JSON value`);
    return { node, duplicateKeys };
  } catch (e) {
    if (e instanceof JsonSyntaxError)
      return { error: { offset: base + e.offset, message: e.message }, duplicateKeys };
    throw e;
  }
}
