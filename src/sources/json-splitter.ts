/**
 * Splits JSON text into records without parsing the whole of it: a small scanner that tracks string and
 * escape state and bracket depth, finds each element of a record array (`{"Records":[...]}`, a top-level
 * array) and hands its text over to be `JSON.parse`d alone. Text is pushed in chunks; the scanner keeps only
 * the record in progress, so memory does not grow with the file.
 *
 * It is also the recovery path for broken files: it reports structural problems (a missing `,` between
 * records, a file that stops in the middle of a record) and carries on where it can.
 */

/** Where an element came from. */
export type SplitContainer =
  /** An element of a `"Records"` array in a top-level object. */
  | 'records'
  /** An element of an `"Events"` array in a top-level object (`aws cloudtrail lookup-events` output). */
  | 'events'
  /** An element of a top-level array. */
  | 'array'
  /** A whole top-level value with no record array in it (a single event, concatenated events). */
  | 'top';

export interface SplitHandler {
  /** One complete element. `index` counts elements of record arrays (or top-level values) from 0. */
  element(text: string, container: SplitContainer, index: number, line: number): void;
  /**
   * A structural problem; scanning goes on after it. `index` is the record it concerns, when one.
   * `lossless`: the records around it are whole and were handed over (a missing or extra `,`).
   */
  problem(message: string, line: number, index: number | undefined, lossless: boolean): void;
}

export interface SplitEnd {
  /** Every value was closed and nothing but whitespace followed. */
  clean: boolean;
  /** Scanning stopped at text that is not JSON (reported as a problem already). */
  stopped: boolean;
  /** The input stopped inside this record (cut off). */
  cut: { container: SplitContainer; index: number; line: number } | undefined;
  /** A record array was seen: the container kind of the first one. */
  firstContainer: SplitContainer | undefined;
  /** Lines seen. */
  line: number;
}

/** Keys of a top-level object whose array value holds the records. */
const CONTAINER_KEYS: Record<string, SplitContainer> = { Records: 'records', Events: 'events' };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const BOM = 0xfeff;

const NONE = 0;
const OBJECT = 1;
const ARRAY = 2;

const ELEM_NONE = 0;
const ELEM_CONTAINER = 1;
const ELEM_STRING = 2;
const ELEM_PRIMITIVE = 3;

export class JsonSplitter {
  private buf = '';
  private pos = 0;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escape = false;
  private stopped = false;

  // The top-level value in progress.
  private topKind = NONE;
  private topStart = -1;
  private topLine = 1;
  private topHasArray = false;
  private topIndex = 0;

  // Keys of a top-level object.
  private expectKey = false;
  private keyStart = -1;
  private lastKey: string | undefined;

  // The record array in progress.
  private arrayDepth = -1;
  private container: SplitContainer = 'array';
  private firstContainer: SplitContainer | undefined;
  private expectElement = false;
  private elementIndex = 0;

  // The element in progress.
  private elemStart = -1;
  private elemLine = 1;
  private elemKind = ELEM_NONE;

  constructor(private readonly handler: SplitHandler) {}

  /** Characters held between pushes: the record in progress, never the records before it. */
  get buffered(): number {
    return this.buf.length;
  }

  push(chunk: string): void {
    if (this.stopped) return;
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    this.scan();
    this.compact();
  }

  end(): SplitEnd {
    if (!this.stopped && this.elemKind === ELEM_PRIMITIVE && this.elemStart !== -1)
      this.emit(this.buf.length);
    let cut: SplitEnd['cut'];
    if (this.elemStart !== -1)
      cut = { container: this.container, index: this.elementIndex, line: this.elemLine };
    else if (this.topKind === OBJECT && !this.topHasArray)
      cut = { container: 'top', index: this.topIndex, line: this.topLine };
    return {
      clean: !this.stopped && this.depth === 0 && !this.inString,
      stopped: this.stopped,
      cut,
      firstContainer: this.firstContainer,
      line: this.line,
    };
  }

  private scan(): void {
    const buf = this.buf;
    const n = buf.length;
    for (let i = this.pos; i < n; i++) {
      if (this.inString) {
        // Jump to the closing quote: strings are most of a trail, and indexOf is much faster than a loop.
        const close = this.findStringEnd(buf, i);
        if (close === -1) break;
        i = close;
        this.closeString(i);
        continue;
      }
      const c = buf.charCodeAt(i);
      if (this.elemKind === ELEM_PRIMITIVE) {
        if (c !== COMMA && c !== RBRACKET && c !== RBRACE && c !== SPACE && c !== NL && c !== CR && c !== TAB)
          continue;
        this.emit(i);
      }
      switch (c) {
        case NL:
          this.line++;
          break;
        case SPACE:
        case TAB:
        case CR:
        case BOM:
          break;
        case QUOTE:
          this.inString = true;
          if (this.depth === 0) this.topGarbage(c);
          else if (this.depth === this.arrayDepth && this.elemStart === -1) this.startElement(i, ELEM_STRING);
          else if (this.depth === 1 && this.topKind === OBJECT && this.expectKey) this.keyStart = i + 1;
          break;
        case LBRACE:
        case LBRACKET:
          if (this.depth === 0) {
            this.startTop(c, i);
            break;
          }
          if (this.depth === this.arrayDepth && this.elemStart === -1) this.startElement(i, ELEM_CONTAINER);
          else if (this.depth === 1 && this.topKind === OBJECT && c === LBRACKET) this.maybeOpenContainer();
          this.depth++;
          break;
        case RBRACE:
        case RBRACKET:
          this.close(c, i);
          break;
        case COMMA:
          if (this.depth === 0) this.topGarbage(c);
          else if (this.depth === this.arrayDepth) {
            if (this.expectElement)
              this.handler.problem("unexpected ',' (an empty record?)", this.line, this.elementIndex, true);
            this.expectElement = true;
          } else if (this.depth === 1 && this.topKind === OBJECT) this.expectKey = true;
          break;
        default:
          if (this.depth === 0) this.topGarbage(c);
          else if (this.depth === this.arrayDepth && this.elemStart === -1)
            this.startElement(i, ELEM_PRIMITIVE);
      }
      if (this.stopped) return;
    }
    this.pos = n;
  }

  /**
   * The index of the quote that closes the string in progress, searching from `from`; or -1 when the string
   * goes on past the end of `buf` (then `escape` says whether the next character is escaped). Raw newlines
   * are not allowed in JSON strings, so lines are not counted inside them.
   */
  private findStringEnd(buf: string, from: number): number {
    let i = from;
    if (this.escape) {
      this.escape = false;
      i++;
    }
    for (;;) {
      const q = buf.indexOf('"', i);
      if (q === -1) {
        let backslashes = 0;
        for (let k = buf.length - 1; k >= i && buf.charCodeAt(k) === BACKSLASH; k--) backslashes++;
        this.escape = backslashes % 2 === 1;
        return -1;
      }
      let backslashes = 0;
      for (let k = q - 1; k >= i && buf.charCodeAt(k) === BACKSLASH; k--) backslashes++;
      if (backslashes % 2 === 0) return q;
      i = q + 1;
    }
  }

  private closeString(i: number): void {
    this.inString = false;
    if (this.keyStart !== -1) {
      this.lastKey = this.buf.slice(this.keyStart, i);
      this.keyStart = -1;
      this.expectKey = false;
    } else if (this.elemKind === ELEM_STRING && this.depth === this.arrayDepth) {
      this.emit(i + 1);
    }
  }

  private startTop(c: number, i: number): void {
    this.depth = 1;
    this.topLine = this.line;
    if (c === LBRACE) {
      this.topKind = OBJECT;
      this.topStart = i;
      this.topHasArray = false;
      this.expectKey = true;
      this.lastKey = undefined;
    } else {
      this.topKind = ARRAY;
      this.topStart = -1;
      this.openContainer('array', 1);
    }
  }

  private maybeOpenContainer(): void {
    const kind = this.lastKey === undefined ? undefined : CONTAINER_KEYS[this.lastKey];
    if (kind === undefined || this.topHasArray) return;
    this.topHasArray = true;
    this.topStart = -1; // The object is not needed whole any more: free it.
    this.openContainer(kind, 2);
  }

  private openContainer(kind: SplitContainer, depth: number): void {
    this.container = kind;
    this.firstContainer ??= kind;
    this.arrayDepth = depth;
    this.expectElement = true;
  }

  private startElement(i: number, kind: number): void {
    if (!this.expectElement)
      this.handler.problem(
        `expected ',' between records ${this.elementIndex - 1} and ${this.elementIndex}`,
        this.line,
        this.elementIndex,
        true,
      );
    this.expectElement = false;
    this.elemStart = i;
    this.elemLine = this.line;
    this.elemKind = kind;
  }

  private emit(end: number): void {
    const text = this.buf.slice(this.elemStart, end);
    this.elemStart = -1;
    this.elemKind = ELEM_NONE;
    this.handler.element(text, this.container, this.elementIndex++, this.elemLine);
  }

  private close(c: number, i: number): void {
    if (this.depth === 0) {
      this.topGarbage(c);
      return;
    }
    if (this.depth === this.arrayDepth) {
      // The record array itself closes.
      if (c === RBRACE)
        this.handler.problem("unexpected '}' where ',' or ']' was expected", this.line, undefined, false);
      this.arrayDepth = -1;
      this.depth--;
      if (this.depth === 0) this.topKind = NONE;
      return;
    }
    this.depth--;
    if (this.elemStart !== -1 && this.elemKind === ELEM_CONTAINER && this.depth === this.arrayDepth) {
      this.emit(i + 1);
    } else if (this.depth === 0) {
      if (!this.topHasArray && this.topStart !== -1)
        this.handler.element(this.buf.slice(this.topStart, i + 1), 'top', this.topIndex++, this.topLine);
      this.topKind = NONE;
      this.topStart = -1;
      this.topHasArray = false;
    }
  }

  private topGarbage(c: number): void {
    const shown = c === QUOTE ? 'a string' : `'${String.fromCharCode(c)}'`;
    this.handler.problem(
      `expected a JSON object or array, found ${shown}: stopped reading here`,
      this.line,
      undefined,
      false,
    );
    this.stopped = true;
    this.inString = false;
  }

  /** Drops the text before whatever is still needed. */
  private compact(): void {
    let keep = this.buf.length;
    if (this.elemStart !== -1 && this.elemStart < keep) keep = this.elemStart;
    if (this.topStart !== -1 && this.topStart < keep) keep = this.topStart;
    if (this.keyStart !== -1 && this.keyStart < keep) keep = this.keyStart;
    if (keep === 0) return;
    this.buf = this.buf.slice(keep);
    this.pos -= keep;
    if (this.elemStart !== -1) this.elemStart -= keep;
    if (this.topStart !== -1) this.topStart -= keep;
    if (this.keyStart !== -1) this.keyStart -= keep;
  }
}
