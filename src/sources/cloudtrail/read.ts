/**
 * Reads a CloudTrail file into records: the S3 delivery format `{"Records":[...]}`, a JSON array of events,
 * a single event, NDJSON, EventBridge envelopes (single, array, NDJSON), `aws cloudtrail lookup-events`
 * output; digests are recognised and skipped.
 *
 * Below `maxWholeFileBytes` (decompressed) the text is `JSON.parse`d whole: the fast path. Above it, or when
 * the whole text is not valid JSON, `JsonSplitter` cuts the text record by record, so a huge file takes one
 * record of memory and a broken one still yields every record before (and after) the damage.
 *
 * The first value read decides whether the file is CloudTrail at all; until then diagnostics are held back,
 * so a file that turns out not to be CloudTrail gives one notice, not a flood.
 */
import type { ActivityRecord, RecordOrigin } from '../../normalize/activity-record.js';
import type { Diagnostic, DiagnosticCode, DiagnosticSeverity } from '../../normalize/diagnostic.js';
import { ioMessage, isIoError } from '../../util/io-errors.js';
import { plural } from '../../util/words.js';
import { describeJsonValue } from '../describe.js';
import { type FileInput, forEachLine, isZlibError } from '../input.js';
import { JsonSplitter, type SplitContainer, type SplitEnd, type SplitHandler } from '../json-splitter.js';
import type { ReadSink, SourceReadResult } from '../types.js';
import { type DeniedErrorTable, deniedErrorTable } from './denied-error-codes.js';
import {
  type EventShape,
  eventShape,
  firstNonBlank,
  isDigest,
  isLookupEntry,
  isObject,
  type JsonObject,
} from './detect.js';
import { type NormalizeContext, normalizeCloudTrailEvent, RecordProblem } from './normalize.js';

/** About how many bytes `readRecordsInSlices` parses at a time (some 64 records of 1.5 KB). */
const SLICE_BYTES = 96 * 1024;
/** How a Records file as CloudTrail writes it starts. */
const RECORDS_OPEN = Buffer.from('{"Records":[');
/** Where CloudTrail's next record starts in a Records array: it writes `eventVersion` first. */
const RECORD_START = Buffer.from(',{"eventVersion":');

/**
 * `[` + the text of `bytes[from, to)` + `]`, decoded once: the bytes just around the slice (`[` or `,` before
 * it, `,` or `]` at `to`) are set to the brackets for the decode and put back, instead of joining strings,
 * which would copy the slice's text a second time.
 */
function arrayText(bytes: Buffer, from: number, to: number): string {
  const before = bytes[from - 1] as number;
  const after = bytes[to] as number;
  bytes[from - 1] = 0x5b;
  bytes[to] = 0x5d;
  try {
    return bytes.toString('utf8', from - 1, to + 1);
  } finally {
    bytes[from - 1] = before;
    bytes[to] = after;
  }
}

function isBlankByte(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

export async function readCloudTrail(input: FileInput, sink: ReadSink): Promise<SourceReadResult> {
  const reader = new CloudTrailFileReader(input, sink, deniedErrorTable());
  if (input.bytes !== undefined && reader.readRecordsInSlices(input.bytes)) return reader.result();
  if (input.text !== undefined) reader.readText(input.text, input.gzipError);
  else await reader.readStream(input);
  return reader.result();
}

/** The outer form of the file, which with the first value's shape gives `FileReadStats.format`. */
type Form = 'records' | 'lookup' | 'array' | 'single' | 'ndjson';

type Location = {
  record?: number;
  line?: number;
  path?: string;
  eventId?: string;
  /** Whether the problem counts as malformed; by default, when it is an error. */
  malformed?: boolean;
};

interface SkippedKind {
  count: number;
  first: number;
  line: number | undefined;
  detail: string | undefined;
}

/** Reads one file. Holds the file's state; a new one per file. */
export class CloudTrailFileReader implements NormalizeContext, SplitHandler {
  readonly table: DeniedErrorTable;
  private readonly file: string;
  private records = 0;
  private malformed = 0;
  private form: Form | undefined;
  private firstShape: 'event' | 'envelope' | 'insight' | 'records' | undefined;
  private state: 'undecided' | 'accepted' | 'declined' | 'digest' = 'undecided';
  private looksLike = '';
  private pending: Diagnostic[] = [];
  private readonly skippedKinds = new Map<EventShape | 'digest', SkippedKind>();
  private containerIndex = 0;
  /** Records of the Records array already handled by `readRecordsInSlices` when it gave the file up. */
  private skipBelow = 0;
  private streamed = false;
  // Splitter bookkeeping.
  private structuralProblems = 0;
  private elementErrors = 0;
  private topValues = 0;

  constructor(
    private readonly input: Pick<FileInput, 'file' | 'gzip'>,
    private readonly sink: ReadSink,
    table: DeniedErrorTable,
  ) {
    this.file = input.file;
    this.table = table;
  }

  /** True once the file is known not to be read further (not CloudTrail, digest). */
  private get stopped(): boolean {
    return this.state === 'declined' || this.state === 'digest';
  }

  // ---- whole text -------------------------------------------------------------------------------------

  readText(text: string, gzipError: Error | undefined): void {
    if (gzipError === undefined) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (parseError) {
        if (isNdjson(text, false)) this.readLines(text, false);
        else this.recover(text, parseError as Error);
        return;
      }
      this.readDocument(value);
      return;
    }
    // Truncated or damaged gzip: `text` is what came out before the damage.
    if (isNdjson(text, false)) {
      const cut = this.readLines(text, true);
      this.reportGzipError(gzipError, cut === undefined ? 'clean' : 'cut', cut, undefined);
    } else {
      this.recover(text, undefined, gzipError);
    }
  }

  /**
   * The S3 delivery format as CloudTrail writes it, `{"Records":[{"eventVersion":...},{"eventVersion":...}]}`,
   * read from the decompressed bytes some 96 KB of records at a time: each slice is decoded, parsed and handled
   * before the next, so the file never becomes one large string and parsed records die young (no whole
   * document promoted to the old generation: less GC, less memory). Records are cut before each
   * `,{"eventVersion":` (CloudTrail writes `eventVersion` first); cuts are at ASCII bytes, so decoding the
   * slices gives the text decoding the whole would. That text cannot occur inside a JSON string (its quotes
   * would be escaped); if it occurs at a nested object, the slice before it ends inside a record and does not
   * parse. A slice that does not parse sends the file down the general path, which skips the records already
   * handled: the records and diagnostics are exactly those of parsing the whole text. Returns false when the
   * file is not in this form or was given up (the caller then reads `text`).
   */
  readRecordsInSlices(bytes: Buffer): boolean {
    let start = 0;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    while (start < bytes.length && isBlankByte(bytes[start] as number)) start++;
    if (!bytes.subarray(start, start + RECORDS_OPEN.length).equals(RECORDS_OPEN)) return false;
    let end = bytes.length - 1;
    while (end > 0 && isBlankByte(bytes[end] as number)) end--;
    if (bytes[end] !== 0x7d /* } */) return false;
    end--;
    while (end > 0 && isBlankByte(bytes[end] as number)) end--;
    if (bytes[end] !== 0x5d /* ] */) return false;
    // `end` is the closing bracket of the Records array.
    let from = start + RECORDS_OPEN.length;
    if (from >= end) return false;
    let handled = 0;
    while (from < end && !this.stopped) {
      // The first record start past SLICE_BYTES: one search per slice, over about one record.
      let cut = from + SLICE_BYTES < end ? bytes.indexOf(RECORD_START, from + SLICE_BYTES) : -1;
      if (cut < 0 || cut >= end) cut = end;
      let records: unknown;
      try {
        records = JSON.parse(arrayText(bytes, from, cut));
      } catch {
        records = undefined;
      }
      if (!Array.isArray(records) || records.length === 0) {
        // Records before the slice are handled; the general path reads the file and skips them.
        this.skipBelow = handled;
        return false;
      }
      if (handled === 0) {
        this.form = 'records';
        if (!this.decide(records[0], 'records', { Records: records })) return true;
      }
      for (let i = 0; i < records.length; i++) this.handleValue(records[i], handled++, undefined);
      from = cut + 1;
    }
    this.containerIndex = handled;
    return true;
  }

  private readDocument(value: unknown): void {
    if (Array.isArray(value)) {
      this.form = 'array';
      if (value.length === 0) {
        this.decline('an empty JSON array');
        return;
      }
      if (!this.decide(value[0], 'array', value)) return;
      for (let i = 0; i < value.length; i++) this.handleValue(value[i], i, undefined);
      return;
    }
    if (isObject(value)) {
      this.form = 'single';
      this.handleTopObject(value, 0, undefined);
      return;
    }
    this.decline(describeJsonValue(value));
  }

  /** A top-level object: a Records file, lookup-events output, a digest, or one event. */
  private handleTopObject(value: JsonObject, index: number, line: number | undefined): void {
    if ('Records' in value) {
      if (this.form === 'single') this.form = 'records';
      const records = value.Records;
      if (!Array.isArray(records)) {
        this.accept('records');
        this.emit(
          'malformed-record',
          'error',
          `expected "Records" to be an array of events, found ${kind(records)}`,
          {
            line,
            path: 'Records',
          },
        );
        return;
      }
      if (records.length === 0) {
        if (this.state === 'undecided') this.accept('records');
        return;
      }
      if (!this.decide(records[0], 'records', value)) return;
      for (const r of records) this.handleValue(r, this.containerIndex++, line);
      return;
    }
    if (isDigest(value)) {
      if (this.state === 'undecided') this.state = 'digest';
      else this.skip('digest', index, line, undefined);
      return;
    }
    const events = value.Events;
    if (Array.isArray(events) && (events.length === 0 || isLookupEntry(events[0]))) {
      if (this.form === 'single') this.form = 'lookup';
      if (this.state === 'undecided') this.accept('event');
      for (const entry of events) this.handleLookupEntry(entry, this.containerIndex++, line);
      return;
    }
    if (!this.decide(value, 'top', value)) return;
    this.handleValue(value, index, line);
  }

  private handleLookupEntry(entry: unknown, index: number, line: number | undefined): void {
    if (!isLookupEntry(entry)) {
      this.emit(
        'malformed-record',
        'error',
        'expected a lookup-events entry with a CloudTrailEvent string: skipped',
        {
          record: index,
          line,
        },
      );
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(entry.CloudTrailEvent);
    } catch (error) {
      this.emit('invalid-json', 'error', `CloudTrailEvent is not valid JSON (${reason(error)}): skipped`, {
        record: index,
        line,
        path: 'CloudTrailEvent',
        eventId: typeof entry.EventId === 'string' ? entry.EventId : undefined,
      });
      return;
    }
    if (!this.decide(event, 'records', entry)) return;
    this.handleValue(event, index, line);
  }

  // ---- NDJSON -----------------------------------------------------------------------------------------

  /** Reads NDJSON text. With `truncated`, the last line is cut off: returns its number (1-based) if not blank. */
  private readLines(text: string, truncated: boolean): number | undefined {
    this.form = 'ndjson';
    const n = text.length;
    let pos = 0;
    let lineNo = 0;
    while (pos < n && !this.stopped) {
      let end = text.indexOf('\n', pos);
      const last = end === -1;
      if (last) end = n;
      lineNo++;
      const line = text.slice(pos, end);
      pos = end + 1;
      if (last && truncated) return isBlankLine(line) ? undefined : lineNo;
      this.readLine(line, lineNo);
    }
    return undefined;
  }

  private readLine(raw: string, lineNo: number): void {
    if (isBlankLine(raw)) return;
    const line = raw.charCodeAt(raw.length - 1) === 0x0d ? raw.slice(0, -1) : raw;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      this.emit('invalid-json', 'error', `line is not valid JSON (${reason(error)}): skipped`, {
        record: lineNo - 1,
        line: lineNo,
      });
      return;
    }
    if (isObject(value)) {
      this.handleTopObject(value, lineNo - 1, lineNo);
    } else if (Array.isArray(value)) {
      if (value.length === 0 || !this.decide(value[0], 'array', value)) return;
      for (const v of value) this.handleValue(v, this.containerIndex++, lineNo);
    } else if (this.decide(value, 'top', value)) {
      this.handleValue(value, lineNo - 1, lineNo);
    }
  }

  // ---- streaming and recovery -------------------------------------------------------------------------

  async readStream(input: FileInput): Promise<void> {
    this.streamed = true;
    const splitter = isNdjson(input.head, true) ? undefined : new JsonSplitter(this);
    let gzipError: Error | undefined;
    const at: { line: number; pending?: string } = { line: 0 };
    try {
      if (splitter === undefined) {
        this.form = 'ndjson';
        await forEachLine(
          input.chunks(),
          (line, lineNo) => this.readLine(line, lineNo),
          () => this.stopped,
          at,
        );
        if (this.stopped) return;
      } else {
        for await (const chunk of input.chunks()) {
          splitter.push(chunk);
          if (this.stopped) return;
        }
      }
    } catch (error) {
      if (isZlibError(error)) gzipError = error as Error;
      else if (isIoError(error)) {
        this.accept(undefined);
        this.emit(
          'unreadable',
          'error',
          `reading stopped after ${plural(this.records, 'record')}: ${ioMessage(error)}`,
          {},
        );
        return;
      } else throw error;
    }
    if (this.stopped) return;
    if (splitter !== undefined) {
      this.finishSplit(splitter.end(), undefined, gzipError);
    } else if (gzipError !== undefined) {
      // NDJSON: the line in progress when the data stopped is the one cut off.
      const cut = isBlankLine(at.pending ?? '') ? undefined : at.line + 1;
      if (this.state === 'undecided') this.accept(undefined);
      this.reportGzipError(gzipError, cut === undefined ? 'clean' : 'cut', cut, undefined);
    }
  }

  /** The whole text did not parse: split it to keep every record that is whole, and say where it broke. */
  private recover(text: string, parseError: Error | undefined, gzipError?: Error): void {
    const splitter = new JsonSplitter(this);
    splitter.push(text);
    this.finishSplit(
      splitter.end(),
      parseError === undefined ? undefined : { error: parseError, text },
      gzipError,
    );
  }

  private finishSplit(
    end: SplitEnd,
    parse: { error: Error; text: string } | undefined,
    gzipError: Error | undefined,
  ): void {
    if (this.stopped) return;
    if (this.form === undefined) this.form = formOf(end.firstContainer, this.topValues);
    if (this.state === 'undecided') this.accept(undefined);
    if (gzipError !== undefined) {
      this.reportGzipError(
        gzipError,
        end.cut ? 'cut' : end.clean ? 'clean' : 'open',
        end.cut?.line,
        end.cut?.index,
      );
    } else if (end.cut !== undefined) {
      const what = end.cut.container === 'top' ? 'value' : 'record';
      this.emit(
        'invalid-json',
        'error',
        `the file ends (line ${end.line}) in the middle of ${what} ${end.cut.index}, which starts on line ${end.cut.line}: that ${what} is lost`,
        { record: end.cut.index, line: end.cut.line },
      );
    } else if (!end.clean && !end.stopped) {
      this.emit(
        'invalid-json',
        'error',
        `the file ends before its JSON is closed (a ']' or '}' is missing)`,
        {
          line: end.line,
        },
      );
    } else if (
      parse !== undefined &&
      this.structuralProblems === 0 &&
      this.elementErrors === 0 &&
      this.topValues < 2
    ) {
      const at = errorLine(parse.error, parse.text);
      this.emit(
        'invalid-json',
        'error',
        `invalid JSON outside the records (${reason(parse.error)}); ${plural(this.records, 'record')} read`,
        at === undefined ? {} : { line: at },
      );
    }
  }

  private reportGzipError(
    error: Error,
    where: 'cut' | 'clean' | 'open',
    line: number | undefined,
    record: number | undefined,
  ): void {
    const cause = error.message;
    let message: string;
    if (where === 'cut') {
      const what = record === undefined ? `line ${line}` : `record ${record}`;
      message = `gzip data is truncated or damaged (${cause}): ${what} is cut off and anything after it is lost`;
    } else if (where === 'clean') {
      message = `gzip data is damaged after the last complete record (${cause}); the records before it were read`;
    } else {
      message = `gzip data is truncated or damaged (${cause}) before the JSON closes: anything after it is lost`;
    }
    const location: Location = {};
    if (record !== undefined) location.record = record;
    if (line !== undefined) location.line = line;
    this.emit('truncated-gzip', 'error', message, location);
  }

  // ---- SplitHandler -----------------------------------------------------------------------------------

  element(text: string, container: SplitContainer, index: number, line: number): void {
    if (this.stopped) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.elementErrors++;
      this.emit('invalid-json', 'error', `record ${index} is not valid JSON (${reason(error)}): skipped`, {
        record: index,
        line,
      });
      return;
    }
    switch (container) {
      case 'records':
        this.form ??= 'records';
        if (this.decide(value, 'records', value)) this.handleValue(value, index, undefined);
        return;
      case 'events':
        this.form ??= 'lookup';
        if (this.state === 'undecided' && !isLookupEntry(value)) {
          this.decline(`a JSON object whose Events are ${describeJsonValue(value)}`);
          return;
        }
        this.handleLookupEntry(value, index, undefined);
        return;
      case 'array':
        this.form ??= 'array';
        if (
          this.decide(
            value,
            'array',
            value,
            `a JSON array whose first element is ${describeJsonValue(value)}`,
          )
        )
          this.handleValue(value, index, undefined);
        return;
      case 'top':
        this.topValues++;
        this.form = this.topValues > 1 ? 'ndjson' : 'single';
        if (isObject(value)) this.handleTopObject(value, index, undefined);
        else if (this.decide(value, 'top', value)) this.handleValue(value, index, undefined);
        return;
    }
  }

  problem(message: string, line: number, index: number | undefined, lossless: boolean): void {
    this.structuralProblems++;
    const at: Location = index === undefined ? { line } : { record: index, line };
    if (lossless) at.malformed = false;
    this.emit(
      'invalid-json',
      'error',
      `invalid JSON: ${message}${lossless ? ' (the records on both sides were read)' : ''}`,
      at,
    );
  }

  // ---- one value --------------------------------------------------------------------------------------

  /**
   * The first value decides whether the file is CloudTrail. `whole` is what to describe if it is not.
   * Returns false when the file is declined (stop reading).
   */
  private decide(
    value: unknown,
    container: 'records' | 'array' | 'top',
    whole: unknown,
    wholeIs?: string,
  ): boolean {
    if (this.state !== 'undecided') return this.state === 'accepted';
    const shape = eventShape(value);
    switch (shape) {
      case 'event':
      case 'envelope':
      case 'insight':
        this.accept(shape);
        return true;
      case 'lambda-event':
        this.decline(
          `AWS Lambda event records (eventSource ${JSON.stringify(lambdaSource(value))}), not CloudTrail`,
        );
        return false;
      case 'eventbridge-other':
        this.decline(
          `EventBridge events of detail-type ${JSON.stringify(detailType(value))}, not CloudTrail`,
        );
        return false;
      case 'other':
        if (container === 'records') {
          // A Records array is CloudTrail's own shape: read it and report what is wrong with each record.
          this.accept('event');
          return true;
        }
        this.decline((wholeIs ?? describeJsonValue(whole)) + nestedHint(whole));
        return false;
    }
  }

  private handleValue(value: unknown, index: number, line: number | undefined): void {
    if (index < this.skipBelow && line === undefined) return;
    const origin: RecordOrigin =
      line === undefined ? { file: this.file, index } : { file: this.file, index, line };
    const shape = eventShape(value);
    switch (shape) {
      case 'event':
      case 'other':
        this.deliver(normalizeCloudTrailEvent(value, origin, this, ''), origin);
        return;
      case 'envelope': {
        const envelope = value as JsonObject;
        const detail = envelope.detail as JsonObject;
        fillFromEnvelope(detail, envelope);
        this.deliver(normalizeCloudTrailEvent(detail, origin, this, 'detail.'), origin);
        return;
      }
      case 'insight':
      case 'eventbridge-other':
      case 'lambda-event':
        this.skip(
          shape,
          index,
          line,
          shape === 'eventbridge-other' ? detailType(value) : lambdaSource(value),
        );
        return;
    }
  }

  private deliver(result: ActivityRecord | RecordProblem, origin: RecordOrigin): void {
    if (result instanceof RecordProblem) {
      this.emit('malformed-record', 'error', result.message, {
        record: origin.index,
        line: origin.line,
        path: result.path,
        eventId: result.eventId,
      });
      return;
    }
    this.records++;
    this.sink.record(result);
  }

  /** NormalizeContext: a bad field in a record that is still read. */
  warn(origin: RecordOrigin, eventId: string | undefined, path: string, message: string): void {
    this.emit('malformed-record', 'warning', message, {
      record: origin.index,
      line: origin.line,
      path,
      eventId,
    });
  }

  private skip(
    kind: EventShape | 'digest',
    index: number,
    line: number | undefined,
    detail: string | undefined,
  ): void {
    const seen = this.skippedKinds.get(kind);
    if (seen) seen.count++;
    else this.skippedKinds.set(kind, { count: 1, first: index, line, detail });
  }

  // ---- decisions and diagnostics ----------------------------------------------------------------------

  private accept(shape: 'event' | 'envelope' | 'insight' | 'records' | undefined): void {
    if (this.state !== 'undecided') return;
    this.state = 'accepted';
    this.firstShape = shape;
    const pending = this.pending;
    this.pending = [];
    for (const d of pending) this.send(d);
  }

  private decline(looksLike: string): void {
    if (this.state !== 'undecided') return;
    this.state = 'declined';
    this.looksLike = looksLike;
    this.pending = [];
  }

  private emit(code: DiagnosticCode, severity: DiagnosticSeverity, message: string, at: Location): void {
    const d: Diagnostic = {
      code,
      severity,
      message,
      file: this.file,
      malformed: at.malformed ?? severity === 'error',
    };
    if (at.record !== undefined) d.record = at.record;
    if (at.line !== undefined) d.line = at.line;
    if (at.path !== undefined && at.path !== '') d.path = at.path;
    if (at.eventId !== undefined) d.eventId = at.eventId;
    if (this.state === 'accepted') this.send(d);
    else if (this.state === 'undecided') this.pending.push(d);
  }

  private send(d: Diagnostic): void {
    if (d.malformed) this.malformed++;
    this.sink.diagnostic(d);
  }

  result(): SourceReadResult {
    if (this.state === 'declined') return { kind: 'declined', looksLike: this.looksLike };
    const digest = this.state === 'digest';
    if (digest) {
      this.sink.diagnostic({
        code: 'digest-file',
        severity: 'notice',
        message: 'a CloudTrail digest file (hashes of delivered log files, no events): skipped',
        file: this.file,
        malformed: false,
      });
    } else {
      if (this.state === 'undecided') this.accept(undefined);
      for (const [kind, seen] of this.skippedKinds) this.send(skippedNotice(this.file, kind, seen));
    }
    return {
      kind: 'read',
      stats: {
        file: this.file,
        // Known only at the end: a second top-level value turns a single event into a sequence.
        format: digest ? 'cloudtrail-digest' : formatOf(this.form, this.firstShape),
        records: this.records,
        malformed: this.malformed,
        skipped: digest,
        gzip: this.input.gzip,
        streamed: this.streamed,
      },
    };
  }
}

function formatOf(
  form: Form | undefined,
  shape: 'event' | 'envelope' | 'insight' | 'records' | undefined,
): string {
  if (form === 'records') return 'cloudtrail-records';
  if (form === 'lookup') return 'cloudtrail-lookup';
  if (shape === 'envelope') return 'eventbridge';
  switch (form) {
    case 'array':
      return 'cloudtrail-array';
    case 'single':
      return 'cloudtrail-event';
    case 'ndjson':
      return 'cloudtrail-ndjson';
    default:
      return 'unknown';
  }
}

function formOf(container: SplitContainer | undefined, topValues: number): Form | undefined {
  switch (container) {
    case 'records':
      return 'records';
    case 'events':
      return 'lookup';
    case 'array':
      return 'array';
    default:
      return topValues > 1 ? 'ndjson' : topValues === 1 ? 'single' : undefined;
  }
}

function skippedNotice(file: string, kind: EventShape | 'digest', seen: SkippedKind): Diagnostic {
  const n = seen.count;
  const s = n === 1 ? '' : 's';
  let message: string;
  switch (kind) {
    case 'insight':
      message = `${n} CloudTrail Insights event${s} skipped: they describe unusual API call rates, not calls`;
      break;
    case 'eventbridge-other':
      message = `${n} EventBridge event${s} not from CloudTrail skipped (detail-type ${JSON.stringify(seen.detail ?? '')})`;
      break;
    case 'lambda-event':
      message = `${n} AWS Lambda event record${s} skipped (eventSource ${JSON.stringify(seen.detail ?? '')}): not CloudTrail`;
      break;
    case 'digest':
      message = `${n} CloudTrail digest${s} skipped: no events in them`;
      break;
    default:
      message = `${n} record${s} skipped`;
  }
  const d: Diagnostic = {
    code: 'unsupported-record',
    severity: 'notice',
    message: `${message} (first: record ${seen.first})`,
    file,
    record: seen.first,
    malformed: false,
  };
  if (seen.line !== undefined) d.line = seen.line;
  return d;
}

/** An envelope's `time`, `region` and `account` stand in for the event's when the event lacks them. */
function fillFromEnvelope(detail: JsonObject, envelope: JsonObject): void {
  if (detail.eventTime === undefined && typeof envelope.time === 'string') detail.eventTime = envelope.time;
  if (detail.awsRegion === undefined && typeof envelope.region === 'string')
    detail.awsRegion = envelope.region;
  if (detail.recipientAccountId === undefined && typeof envelope.account === 'string')
    detail.recipientAccountId = envelope.account;
}

/**
 * NDJSON: the first non-blank line is a JSON value on its own, and more follows. With `complete`, only
 * lines ending in a newline count (a head may stop mid-line). A broken first line is forgiven if one of the
 * next two parses.
 */
function isNdjson(text: string, complete: boolean): boolean {
  let pos = 0;
  let checked = 0;
  let parsedFirst = false;
  while (pos < text.length && checked < 3) {
    let end = text.indexOf('\n', pos);
    if (end === -1) {
      if (complete || checked === 0) return false;
      end = text.length;
    }
    const line = text.slice(pos, end);
    pos = end + 1;
    if (isBlankLine(line)) continue;
    checked++;
    if (checked === 1 && firstNonBlank(text.slice(pos)) === '') return false; // a single line: a document
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null) parsedFirst = true;
    } catch {
      // try the next line
    }
    if (parsedFirst) return true;
  }
  return false;
}

function isBlankLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** When a value that is not CloudTrail wraps CloudTrail (test-case files, exports of other tools). */
function nestedHint(whole: unknown): string {
  const first = Array.isArray(whole) ? whole[0] : whole;
  if (!isObject(first)) return '';
  for (const [key, inner] of Object.entries(first)) {
    if (!isObject(inner)) continue;
    const shape = eventShape(inner);
    if (Array.isArray(inner.Records) || shape === 'event' || shape === 'envelope') {
      return `; its CloudTrail-like events are nested under "${key}", in another tool's wrapper (test cases, an export)`;
    }
  }
  return '';
}

function lambdaSource(value: unknown): string {
  if (!isObject(value)) return '';
  const source = value.eventSource ?? value.EventSource;
  return typeof source === 'string' ? source : '';
}

function detailType(value: unknown): string {
  if (!isObject(value)) return '';
  const dt = value['detail-type'];
  return typeof dt === 'string' ? dt : '';
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** The parser's message, short, without the position (the location carries it). */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const short = message.replace(/ in JSON at position \d+.*$/s, '');
  return short.length > 120 ? `${short.slice(0, 120)}…` : short;
}

/** The 1-based line of a `JSON.parse` error, from the position in its message. */
function errorLine(error: Error, text: string): number | undefined {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return undefined;
  const position = Number(match[1]);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
