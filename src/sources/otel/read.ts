/**
 * Reads OTLP JSON trace exports: one `{"resourceSpans": [...]}` document (an OTLP/HTTP JSON body), a JSON
 * array of them, or one per line (the collector's file exporter). Spans sit in
 * `resourceSpans[].scopeSpans[].spans[]` (`instrumentationLibrarySpans` before OTLP 1.0); attributes are
 * OTLP AnyValues. Spans of the whole file are gathered first, so an SDK call exported in one batch finds the
 * Lambda server span exported in a later one.
 */
import type { RecordOrigin } from '../../normalize/activity-record.js';
import type { Diagnostic, DiagnosticCode, DiagnosticSeverity } from '../../normalize/diagnostic.js';
import { deniedErrorTable } from '../cloudtrail/denied-error-codes.js';
import { describeJsonValue } from '../describe.js';
import type { FileInput } from '../input.js';
import { readJsonLines, shortJsonError } from '../json-lines.js';
import type { FileReadStats, ReadSink, SourceReadResult } from '../types.js';
import { traceCallToRecord } from '../xray/trace-call.js';
import { decodeAttributes } from './any-value.js';
import { type OtelResource, type OtelSpan, resourceSignature, spansToCalls } from './normalize.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key in OTLP's lowerCamelCase or the protobuf field name. */
function field(o: Json, camel: string, snake: string): unknown {
  return o[camel] ?? o[snake];
}

function resourceSpansOf(value: unknown): unknown[] | undefined {
  if (!isObject(value)) return undefined;
  const rs = field(value, 'resourceSpans', 'resource_spans');
  return Array.isArray(rs) ? rs : undefined;
}

/** Nanoseconds since the epoch (a string in OTLP JSON) -> milliseconds, or NaN. */
export function nanosToMillis(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value / 1e6);
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(BigInt(value) / 1_000_000n);
  return Number.NaN;
}

function statusCode(status: unknown): number {
  if (!isObject(status)) return 0;
  const code = status.code;
  if (typeof code === 'number') return code;
  if (code === 'STATUS_CODE_ERROR') return 2;
  if (code === 'STATUS_CODE_OK') return 1;
  return 0;
}

class OtelFileReader {
  private readonly spans: OtelSpan[] = [];
  private state: 'undecided' | 'accepted' | 'declined' = 'undecided';
  private looksLike = '';
  private malformed = 0;
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
      const lines = text.split('\n');
      if (!lines.slice(0, 3).some((l) => resourceSpansOf(tryParse(l)) !== undefined)) {
        this.state = 'accepted';
        this.emit(
          'invalid-json',
          'error',
          `invalid JSON (${shortJsonError(error)}): nothing could be read`,
          {},
        );
        return;
      }
      for (let i = 0; i < lines.length && this.state !== 'declined'; i++)
        this.readLine(lines[i] as string, i + 1);
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
          this.state = this.state === 'declined' ? 'declined' : 'accepted';
          this.emit(code, 'error', message, line === undefined ? {} : { line });
        },
      },
      'one OTLP document per line',
      'spans',
    );
  }

  private readLine(raw: string, lineNo: number): void {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (this.state === 'undecided') this.state = 'accepted';
      this.emit('invalid-json', 'error', `line is not valid JSON (${shortJsonError(error)}): skipped`, {
        record: lineNo - 1,
        line: lineNo,
      });
      return;
    }
    this.readValue(value, lineNo);
  }

  private readValue(value: unknown, line: number | undefined): void {
    const docs = Array.isArray(value) ? value : [value];
    docs.forEach((doc, d) => {
      const prefix = Array.isArray(value) ? `[${d}].` : '';
      const resourceSpans = resourceSpansOf(doc);
      if (!resourceSpans) {
        if (this.state === 'undecided') {
          this.state = 'declined';
          this.looksLike = describeJsonValue(value);
        } else {
          this.emit(
            'malformed-record',
            'error',
            'expected an OTLP trace export with resourceSpans: skipped',
            {
              line,
              path: prefix === '' ? undefined : prefix.slice(0, -1),
            },
          );
        }
        return;
      }
      this.state = 'accepted';
      resourceSpans.forEach((rs, i) => {
        this.readResourceSpans(rs, line, `${prefix}resourceSpans[${i}]`);
      });
    });
  }

  private readResourceSpans(rs: unknown, line: number | undefined, path: string): void {
    if (!isObject(rs)) {
      this.emit('malformed-record', 'error', 'expected a resourceSpans object: skipped', { line, path });
      return;
    }
    const resourceValue = rs.resource;
    const attributes = decodeAttributes(isObject(resourceValue) ? resourceValue.attributes : undefined);
    const resource: OtelResource = { attributes, signature: resourceSignature(attributes) };
    const scopes =
      field(rs, 'scopeSpans', 'scope_spans') ??
      field(rs, 'instrumentationLibrarySpans', 'instrumentation_library_spans');
    if (!Array.isArray(scopes)) return;
    const scopeKey =
      rs.scopeSpans !== undefined
        ? 'scopeSpans'
        : rs.scope_spans !== undefined
          ? 'scope_spans'
          : 'instrumentationLibrarySpans';
    scopes.forEach((scope, j) => {
      if (!isObject(scope) || !Array.isArray(scope.spans)) return;
      scope.spans.forEach((span, k) => {
        this.readSpan(span, resource, line, `${path}.${scopeKey}[${j}].spans[${k}]`);
      });
    });
  }

  private readSpan(raw: unknown, resource: OtelResource, line: number | undefined, path: string): void {
    if (!isObject(raw)) {
      this.emit('malformed-record', 'error', 'expected a span object: skipped', { line, path });
      return;
    }
    const traceId = field(raw, 'traceId', 'trace_id');
    const spanId = field(raw, 'spanId', 'span_id');
    const startMs = nanosToMillis(field(raw, 'startTimeUnixNano', 'start_time_unix_nano'));
    const problem =
      typeof traceId !== 'string' || traceId === ''
        ? 'traceId'
        : typeof spanId !== 'string' || spanId === ''
          ? 'spanId'
          : Number.isNaN(startMs)
            ? 'startTimeUnixNano'
            : undefined;
    if (problem !== undefined) {
      this.emit('malformed-record', 'error', `span has no valid ${problem}: skipped`, {
        record: this.spans.length,
        line,
        path: `${path}.${problem}`,
      });
      return;
    }
    const parent = field(raw, 'parentSpanId', 'parent_span_id');
    const events = Array.isArray(raw.events) ? raw.events : [];
    const origin: RecordOrigin = { file: this.input.file, index: this.spans.length };
    if (line !== undefined) origin.line = line;
    const status = raw.status;
    this.spans.push({
      traceId: traceId as string,
      spanId: spanId as string,
      parentSpanId: typeof parent === 'string' && parent !== '' ? parent : undefined,
      name: typeof raw.name === 'string' ? raw.name : '',
      startMs,
      attributes: decodeAttributes(raw.attributes),
      statusCode: statusCode(status),
      statusMessage:
        isObject(status) && typeof status.message === 'string' && status.message !== ''
          ? status.message
          : undefined,
      events: events.filter(isObject).map((e) => ({
        name: typeof e.name === 'string' ? e.name : '',
        attributes: decodeAttributes(e.attributes),
      })),
      resource,
      origin,
    });
  }

  private emit(
    code: DiagnosticCode,
    severity: DiagnosticSeverity,
    message: string,
    at: { record?: number; line?: number; path?: string },
  ): void {
    if (this.state === 'declined') return;
    const d: Diagnostic = { code, severity, message, file: this.input.file, malformed: severity === 'error' };
    if (at.record !== undefined) d.record = at.record;
    if (at.line !== undefined) d.line = at.line;
    if (at.path !== undefined) d.path = at.path;
    if (d.malformed) this.malformed++;
    this.sink.diagnostic(d);
  }

  result(): SourceReadResult {
    if (this.state === 'declined') return { kind: 'declined', looksLike: this.looksLike };
    const walked = spansToCalls(this.spans, deniedErrorTable());
    for (const call of walked.calls) this.sink.record(traceCallToRecord(call));
    for (const [why, count] of [...walked.noWorkload].sort()) {
      this.emit(
        'unsupported-record',
        'notice',
        `${count} AWS SDK call${count === 1 ? '' : 's'} from a process that names no workload: ${why}; counted as unattributed`,
        {},
      );
    }
    if (walked.spans > 0 && walked.calls.length === 0) {
      this.emit(
        'empty-input',
        'notice',
        `${walked.spans} span${walked.spans === 1 ? '' : 's'} with no AWS SDK call (no span with rpc.system "aws-api")`,
        {},
      );
    }
    const stats: FileReadStats = {
      file: this.input.file,
      format: 'otlp-json',
      records: walked.calls.length,
      malformed: this.malformed,
      skipped: false,
      gzip: this.input.gzip,
      streamed: this.streamed,
    };
    return { kind: 'read', stats };
  }
}

function tryParse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

export async function readOtel(input: FileInput, sink: ReadSink): Promise<SourceReadResult> {
  const reader = new OtelFileReader(input, sink);
  if (input.text !== undefined) reader.readText(input.text);
  else await reader.readStream(input);
  return reader.result();
}
