/**
 * Reads X-Ray files into records:
 * - `BatchGetTraces` responses as `aws xray batch-get-traces` prints them (`{"Traces":[{"Id","Segments":
 *   [{"Id","Document":"<JSON string>"}]}]}`), one per file, an array of them, one per line, or the bare
 *   `Traces` array (`--query 'Traces[*]'`);
 * - raw segment documents as the daemon receives them: one per line, each maybe after the
 *   `{"format":"json","version":1}` header line, a single (pretty-printed) document, or a JSON array;
 *   `PutTraceSegments` bodies (`{"TraceSegmentDocuments":["<JSON string>", ...]}`);
 * - `GetTraceSummaries` pages: read for what they say, with a notice that they hold no subsegments.
 *
 * Documents are gathered for the whole file, then walked per trace (walk-trace.ts), so independent
 * subsegments find their parent wherever it is in the file. X-Ray files are read whole; only line-oriented
 * files larger than `maxWholeFileBytes` are streamed (their documents are still walked at the end).
 */
import type { RecordOrigin } from '../../normalize/activity-record.js';
import type { Diagnostic, DiagnosticCode, DiagnosticSeverity } from '../../normalize/diagnostic.js';
import { deniedErrorTable } from '../cloudtrail/denied-error-codes.js';
import { describeJsonValue } from '../describe.js';
import type { FileInput } from '../input.js';
import { readJsonLines, shortJsonError } from '../json-lines.js';
import type { FileReadStats, ReadSink, SourceReadResult } from '../types.js';
import { isDaemonHeader } from './detect.js';
import { digestSummaries, emptyDigest, type SummaryDigest, summaryNotice } from './summaries.js';
import { traceCallToRecord } from './trace-call.js';
import { isSegmentLike, type SegmentDocument, walkSegmentDocuments } from './walk-trace.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Kind = 'traces-response' | 'trace' | 'summaries' | 'put-segments' | 'segment' | 'header' | 'other';

function kindOf(value: unknown): Kind {
  if (!isObject(value)) return 'other';
  if (Array.isArray(value.Traces)) return 'traces-response';
  if (Array.isArray(value.TraceSummaries)) return 'summaries';
  if (Array.isArray(value.TraceSegmentDocuments)) return 'put-segments';
  if (Array.isArray(value.Segments) && typeof value.Id === 'string') return 'trace';
  if (isDaemonHeader(value)) return 'header';
  // A segment document, maybe a broken one (no start_time): has an id and a trace id or parent.
  const segmentLike: boolean = isSegmentLike(value);
  if (segmentLike || (typeof value.id === 'string' && typeof value.trace_id === 'string')) return 'segment';
  return 'other';
}

const FORMAT: Record<Exclude<Kind, 'header' | 'other'>, string> = {
  'traces-response': 'xray-batch-get-traces',
  trace: 'xray-batch-get-traces',
  summaries: 'xray-trace-summaries',
  'put-segments': 'xray-put-trace-segments',
  segment: 'xray-segments',
};

interface Where {
  record?: number;
  line?: number;
  path?: string;
}

class XrayFileReader {
  private readonly documents: SegmentDocument[] = [];
  private readonly digest: SummaryDigest = emptyDigest();
  private state: 'undecided' | 'accepted' | 'declined' = 'undecided';
  private looksLike = '';
  private format: string | undefined;
  private malformed = 0;
  private records = 0;
  private unprocessed = 0;
  private streamed = false;

  constructor(
    private readonly input: Pick<FileInput, 'file' | 'gzip'>,
    private readonly sink: ReadSink,
  ) {}

  readText(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.readLines(text, error as Error);
      return;
    }
    this.readValue(value, undefined);
  }

  async readStream(input: FileInput): Promise<void> {
    this.streamed = true;
    await readJsonLines(
      input,
      {
        readLine: (line, lineNo) => this.readLine(line, lineNo),
        stopped: () => this.state === 'declined',
        fail: (code, message, line) => {
          this.accept(undefined);
          this.emit(code, 'error', message, line === undefined ? {} : { line });
        },
      },
      'one X-Ray document per line',
      'documents',
    );
  }

  /** Not one JSON document: NDJSON (daemon captures, one response per line), or broken JSON. */
  private readLines(text: string, parseError: Error): void {
    const lines = text.split('\n');
    const parsedAny = lines.slice(0, 5).some((l) => {
      try {
        JSON.parse(l);
        return true;
      } catch {
        return false;
      }
    });
    if (!parsedAny) {
      this.accept(undefined);
      this.emit(
        'invalid-json',
        'error',
        `invalid JSON (${shortJsonError(parseError)}): nothing could be read`,
        {},
      );
      return;
    }
    for (let i = 0; i < lines.length && this.state !== 'declined'; i++)
      this.readLine(lines[i] as string, i + 1);
  }

  private readLine(raw: string, lineNo: number): void {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      this.emit('invalid-json', 'error', `line is not valid JSON (${shortJsonError(error)}): skipped`, {
        record: lineNo - 1,
        line: lineNo,
      });
      return;
    }
    this.readValue(value, lineNo);
  }

  private readValue(value: unknown, line: number | undefined): void {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        if (this.state === 'undecided') this.decline('an empty JSON array');
        return;
      }
      for (let i = 0; i < value.length && this.state !== 'declined'; i++) {
        this.readOne(value[i], line, `[${i}]`, value);
      }
      return;
    }
    this.readOne(value, line, '', value);
  }

  private readOne(value: unknown, line: number | undefined, path: string, whole: unknown): void {
    const kind = kindOf(value);
    if (kind === 'other') {
      if (this.state === 'undecided') {
        this.decline(describeJsonValue(whole));
        return;
      }
      this.emit(
        'malformed-record',
        'error',
        `not an X-Ray segment document or BatchGetTraces response: skipped`,
        {
          record: this.documents.length,
          line,
          path: path === '' ? undefined : path,
        },
      );
      return;
    }
    if (kind === 'header') return;
    this.accept(FORMAT[kind]);
    const v = value as Json;
    const at = (p: string) => (path === '' ? p : `${path}.${p}`);
    switch (kind) {
      case 'traces-response':
        (v.Traces as unknown[]).forEach((t, i) => {
          this.readTrace(t, line, at(`Traces[${i}]`));
        });
        if (Array.isArray(v.UnprocessedTraceIds)) this.unprocessed += v.UnprocessedTraceIds.length;
        return;
      case 'trace':
        this.readTrace(v, line, path);
        return;
      case 'put-segments':
        (v.TraceSegmentDocuments as unknown[]).forEach((d, i) => {
          this.readDocumentString(d, line, at(`TraceSegmentDocuments[${i}]`));
        });
        return;
      case 'summaries':
        digestSummaries(v, this.digest);
        return;
      case 'segment':
        this.checkDocument(v, line, path);
        return;
    }
  }

  private readTrace(trace: unknown, line: number | undefined, path: string): void {
    if (!isObject(trace) || !Array.isArray(trace.Segments)) {
      this.emit('malformed-record', 'error', 'expected a trace with a Segments array: skipped', {
        line,
        path,
      });
      return;
    }
    trace.Segments.forEach((s, j) => {
      const segmentPath = `${path}.Segments[${j}]`;
      if (!isObject(s)) {
        this.emit('malformed-record', 'error', 'expected a segment object: skipped', {
          line,
          path: segmentPath,
        });
        return;
      }
      this.readDocumentString(s.Document, line, `${segmentPath}.Document`);
    });
  }

  private readDocumentString(text: unknown, line: number | undefined, path: string): void {
    if (typeof text !== 'string') {
      this.emit('malformed-record', 'error', 'expected the segment document as a JSON string: skipped', {
        record: this.documents.length,
        line,
        path,
      });
      return;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      this.emit(
        'invalid-json',
        'error',
        `segment document is not valid JSON (${shortJsonError(error)}): skipped`,
        {
          record: this.documents.length,
          line,
          path,
        },
      );
      return;
    }
    this.checkDocument(doc, line, path);
  }

  private checkDocument(doc: unknown, line: number | undefined, path: string): void {
    if (!isSegmentLike(doc)) {
      const name = isObject(doc) && typeof doc.name === 'string' ? ` ${JSON.stringify(doc.name)}` : '';
      const missing = isObject(doc) && typeof doc.id === 'string' ? 'start_time' : 'id or start_time';
      this.emit('malformed-record', 'error', `segment document${name} has no ${missing}: skipped`, {
        record: this.documents.length,
        line,
        path: path === '' ? missing.split(' ')[0] : path,
      });
      return;
    }
    this.addDocument(doc, line);
  }

  private addDocument(doc: Json, line: number | undefined): void {
    const origin: RecordOrigin = { file: this.input.file, index: this.documents.length };
    if (line !== undefined) origin.line = line;
    this.documents.push({ doc, origin });
  }

  private accept(format: string | undefined): void {
    if (this.state === 'undecided') this.state = 'accepted';
    this.format ??= format;
  }

  private decline(looksLike: string): void {
    if (this.state !== 'undecided') return;
    this.state = 'declined';
    this.looksLike = looksLike;
  }

  private emit(code: DiagnosticCode, severity: DiagnosticSeverity, message: string, at: Where): void {
    if (this.state === 'declined') return;
    const d: Diagnostic = { code, severity, message, file: this.input.file, malformed: severity === 'error' };
    if (at.record !== undefined) d.record = at.record;
    if (at.line !== undefined) d.line = at.line;
    if (at.path !== undefined && at.path !== '') d.path = at.path;
    if (d.malformed) this.malformed++;
    this.sink.diagnostic(d);
  }

  /** Walks the documents gathered, sends the records, and says what could not be used. */
  result(): SourceReadResult {
    if (this.state === 'declined') return { kind: 'declined', looksLike: this.looksLike };
    const walked = walkSegmentDocuments(this.documents, deniedErrorTable());
    for (const call of walked.calls) {
      this.records++;
      this.sink.record(traceCallToRecord(call));
    }
    for (const [why, count] of [...walked.noWorkload].sort()) {
      this.emit(
        'unsupported-record',
        'notice',
        `${count} AWS SDK call${count === 1 ? '' : 's'} in a segment that names no workload: ${why}; counted as unattributed`,
        {},
      );
    }
    if (this.unprocessed > 0) {
      this.emit(
        'unsupported-record',
        'warning',
        `${this.unprocessed} trace id${this.unprocessed === 1 ? ' was' : 's were'} not processed by X-Ray (UnprocessedTraceIds): fetch ${this.unprocessed === 1 ? 'it' : 'them'} again`,
        {},
      );
    }
    if (this.digest.traces > 0) this.emit('unsupported-record', 'notice', summaryNotice(this.digest), {});
    if (this.documents.length > 0 && walked.calls.length === 0) {
      this.emit(
        'empty-input',
        'notice',
        `${this.documents.length} segment document${this.documents.length === 1 ? '' : 's'} with no AWS SDK call (no subsegment with namespace "aws")`,
        {},
      );
    }
    const stats: FileReadStats = {
      file: this.input.file,
      format: this.format ?? (this.documents.length > 0 ? 'xray-segments' : 'unknown'),
      records: this.records,
      malformed: this.malformed,
      skipped: false,
      gzip: this.input.gzip,
      streamed: this.streamed,
    };
    return { kind: 'read', stats };
  }
}

export async function readXray(input: FileInput, sink: ReadSink): Promise<SourceReadResult> {
  const reader = new XrayFileReader(input, sink);
  if (input.text !== undefined) reader.readText(input.text);
  else await reader.readStream(input);
  return reader.result();
}
