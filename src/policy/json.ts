/**
 * A small JSON reader that remembers where things are. `JSON.parse` loses two things a policy author
 * needs: the line of a problem, and duplicate keys (IAM rejects `"Effect"` twice; `JSON.parse` keeps the
 * last one silently). This reader returns the same value as `JSON.parse` plus the position of every value
 * and key, keyed by the paths of `path.ts`.
 */
import { childPath, keyPath } from './path.js';

export interface Position {
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units */
  column: number;
}

export interface JsonDuplicateKey {
  /** The path of the repeated key (`Statement[0].#Effect`). */
  path: string;
  key: string;
  position: Position;
}

export type JsonReadResult =
  | {
      kind: 'ok';
      value: unknown;
      /** Position of each value by path, and of each key by its `#key` path. */
      positions: Map<string, Position>;
      duplicates: JsonDuplicateKey[];
    }
  | { kind: 'error'; message: string; position: Position };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function readJson(text: string): JsonReadResult {
  const reader = new Reader(text);
  try {
    reader.skipWhitespace();
    const value = reader.value('');
    reader.skipWhitespace();
    if (reader.pos < text.length) reader.fail('unexpected text after the JSON value');
    return { kind: 'ok', value, positions: reader.positions, duplicates: reader.duplicates };
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      return { kind: 'error', message: e.message, position: reader.positionOf(e.offset) };
    }
    throw e;
  }
}

class Reader {
  pos = 0;
  readonly positions = new Map<string, Position>();
  readonly duplicates: JsonDuplicateKey[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  positionOf(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  fail(message: string, offset = this.pos): never {
    throw new JsonSyntaxError(message, offset);
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private describe(): string {
    if (this.pos >= this.text.length) return 'end of input';
    return `'${this.text[this.pos]}'`;
  }

  value(path: string): unknown {
    this.positions.set(path, this.positionOf(this.pos));
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(path);
      case '[':
        return this.array(path);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(`expected a JSON value, found ${this.describe()}`);
    }
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected a JSON value, found ${this.describe()}`);
    this.pos += word.length;
    return value;
  }

  private number(): number {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m) return this.fail('malformed number');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    let chunk = this.pos;
    while (true) {
      if (this.pos >= t.length) this.fail('unterminated string', start);
      const c = t.charCodeAt(this.pos);
      if (c === 34) break; // "
      if (c < 32) this.fail('control character in string (escape it, e.g. \\n)');
      if (c === 92) {
        out += t.slice(chunk, this.pos);
        const e = t[this.pos + 1];
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
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
            const hex = t.slice(this.pos + 2, this.pos + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('malformed \\u escape');
            out += String.fromCharCode(Number.parseInt(hex, 16));
            this.pos += 4;
            break;
          }
          default:
            this.fail(`invalid escape '\\${e ?? ''}'`);
        }
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
    out += t.slice(chunk, this.pos);
    this.pos++; // closing quote
    return out;
  }

  private array(path: string): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    while (true) {
      this.skipWhitespace();
      out.push(this.value(childPath(path, out.length)));
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return out;
      }
      this.fail(`expected ',' or ']' in an array, found ${this.describe()}`);
    }
  }

  private object(path: string): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    while (true) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail(`expected a quoted key, found ${this.describe()}`);
      const keyAt = this.positionOf(this.pos);
      const key = this.string();
      const kPath = keyPath(path, key);
      if (seen.has(key)) this.duplicates.push({ path: kPath, key, position: keyAt });
      else this.positions.set(kPath, keyAt);
      seen.add(key);
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after key "${key}", found ${this.describe()}`);
      this.pos++;
      this.skipWhitespace();
      // Like JSON.parse, the last duplicate wins; its positions overwrite the earlier ones.
      Object.defineProperty(out, key, {
        value: this.value(childPath(path, key)),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      this.fail(`expected ',' or '}' in an object, found ${this.describe()}`);
    }
  }
}
