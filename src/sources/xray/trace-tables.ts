/**
 * The reviewed tables that make a traced AWS SDK call look like the CloudTrail record of the same call,
 * so the mapping tables (keyed by CloudTrail eventSource, eventName and requestParameters) serve traces too
 * ("one table, two key spaces where the names differ"). Schemas in data/README.md:
 *   trace-services.json    X-Ray subsegment name / OTel rpc.service -> eventSource, where the rule is wrong
 *   trace-operations.json  SDK operation name -> CloudTrail eventName, where they differ
 *   trace-parameters.json  recorded field (X-Ray aws.*, OTel attribute) -> requestParameters name
 * This module only reads and applies them; it knows no IAM.
 */
import { readFileSync } from 'node:fs';

export type TraceFormat = 'xray' | 'otel';

export interface TraceServiceEntry {
  /** The service name after `serviceKey` (lower case, letters and digits only). */
  name: string;
  eventSource: string;
  source: string;
  note?: string;
}

export interface TraceOperationEntry {
  eventSource: string;
  /** As the SDK names it (X-Ray `aws.operation`, OTel `rpc.method`). */
  operation: string;
  /** As CloudTrail logs it. */
  eventName: string;
  source: string;
  note?: string;
}

/** How a recorded value is written: as is, the one element of a one-element list, or a list as object keys. */
export type ParameterShape = 'value' | 'single' | 'keys';

export interface TraceParameterEntry {
  format: TraceFormat;
  eventSource: string;
  /** The field as recorded: `table_name` (X-Ray `aws` block), `aws.dynamodb.table_names` (OTel attribute). */
  field: string;
  /** The CloudTrail requestParameters name it becomes. */
  to: string;
  as?: ParameterShape;
  /** Only for these operations (CloudTrail eventNames); such entries replace the general ones of the field. */
  operations?: string[];
  /** A regular expression the (string) value must match. */
  when?: string;
  /** Applied only when no other entry has set `to`. */
  fallback?: boolean;
  source: string;
  note?: string;
}

interface TableFile<T> {
  schemaVersion: number;
  entries: T[];
}

export interface TraceTables {
  services: ReadonlyMap<string, TraceServiceEntry>;
  /** `${eventSource} ${operation lower case}` -> entry. */
  operations: ReadonlyMap<string, TraceOperationEntry>;
  /** `${format} ${eventSource}` -> entries in table order. */
  parameters: ReadonlyMap<string, readonly TraceParameterEntry[]>;
}

function load<T>(name: string): T[] {
  const url = new URL(`../../../data/${name}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as TableFile<T>).entries;
}

export function readTraceServices(): TraceServiceEntry[] {
  return load<TraceServiceEntry>('trace-services.json');
}
export function readTraceOperations(): TraceOperationEntry[] {
  return load<TraceOperationEntry>('trace-operations.json');
}
export function readTraceParameters(): TraceParameterEntry[] {
  return load<TraceParameterEntry>('trace-parameters.json');
}

let cached: TraceTables | undefined;

/** The repository tables, loaded once (the same relative path works from `src/` and `dist/`). */
export function traceTables(): TraceTables {
  cached ??= buildTraceTables(readTraceServices(), readTraceOperations(), readTraceParameters());
  return cached;
}

export function buildTraceTables(
  services: TraceServiceEntry[],
  operations: TraceOperationEntry[],
  parameters: TraceParameterEntry[],
): TraceTables {
  const byFormat = new Map<string, TraceParameterEntry[]>();
  for (const p of parameters) {
    const key = `${p.format} ${p.eventSource}`;
    const list = byFormat.get(key);
    if (list) list.push(p);
    else byFormat.set(key, [p]);
  }
  return {
    services: new Map(services.map((s) => [s.name, s])),
    operations: new Map(operations.map((o) => [`${o.eventSource} ${o.operation.toLowerCase()}`, o])),
    parameters: byFormat,
  };
}

/**
 * The lookup key of a service name as SDKs and instrumentations spell it: `DynamoDB`, `dynamodb`,
 * `AmazonDynamoDBv2`, `DynamoDb`, `Amazon S3`, `AWSLambda`, `runtime.sagemaker` -> `dynamodb`, `s3`,
 * `lambda`, `runtimesagemaker`. Lower case, letters and digits only, without a leading `amazon`/`aws` and a
 * trailing `v2` (client generations, not services).
 */
export function serviceKey(name: string): string {
  let key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const prefix of ['amazon', 'aws']) {
    if (key.startsWith(prefix) && key.length > prefix.length) {
      key = key.slice(prefix.length);
      break;
    }
  }
  if (key.endsWith('v2') && key.length > 2) key = key.slice(0, -2);
  return key;
}

/** The CloudTrail eventSource of a traced service name: the table, else `<key>.amazonaws.com`. */
export function eventSourceFor(serviceName: string, tables: TraceTables = traceTables()): string | undefined {
  const key = serviceKey(serviceName);
  if (key === '') return undefined;
  return tables.services.get(key)?.eventSource ?? `${key}.amazonaws.com`;
}

/**
 * The CloudTrail eventName of a traced operation: `ListObjectsV2` -> `ListObjects`. SDK spellings are
 * normalised first: a leading lower-case letter (`getItem`) is raised, a `Command` suffix (JavaScript v3
 * command class names) is dropped.
 */
export function eventNameFor(
  eventSource: string,
  operation: string,
  tables: TraceTables = traceTables(),
): string {
  let op = operation.trim();
  if (op.endsWith('Command') && op.length > 'Command'.length) op = op.slice(0, -'Command'.length);
  if (op.length > 0) op = op.charAt(0).toUpperCase() + op.slice(1);
  return tables.operations.get(`${eventSource} ${op.toLowerCase()}`)?.eventName ?? op;
}

function shaped(value: unknown, as: ParameterShape | undefined): unknown {
  switch (as ?? 'value') {
    case 'value':
      return value;
    case 'single': {
      if (typeof value === 'string') return value;
      if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
      return undefined;
    }
    case 'keys': {
      const names = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
      const out: Record<string, Record<string, never>> = {};
      for (const n of names) if (typeof n === 'string' && n !== '') out[n] = {};
      return Object.keys(out).length > 0 ? out : undefined;
    }
  }
}

function usable(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * The CloudTrail-shaped requestParameters of a traced call: each recorded field the table knows for the
 * format and service, renamed. Operation-specific entries replace the general ones of their field;
 * `fallback` entries only fill names nothing else set. Fields the table does not know are left out.
 */
export function requestParametersFor(
  format: TraceFormat,
  eventSource: string,
  eventName: string,
  recorded: (field: string) => unknown,
  tables: TraceTables = traceTables(),
): Record<string, unknown> {
  const entries = tables.parameters.get(`${format} ${eventSource}`) ?? [];
  const specific = new Set<string>();
  for (const e of entries) if (e.operations?.includes(eventName)) specific.add(e.field);
  const params: Record<string, unknown> = {};
  const apply = (fallback: boolean) => {
    for (const e of entries) {
      if ((e.fallback ?? false) !== fallback) continue;
      if (e.operations ? !e.operations.includes(eventName) : specific.has(e.field)) continue;
      if (fallback && params[e.to] !== undefined) continue;
      const raw = recorded(e.field);
      if (!usable(raw)) continue;
      if (e.when !== undefined && !(typeof raw === 'string' && new RegExp(e.when).test(raw))) continue;
      const value = shaped(raw, e.as);
      if (value !== undefined) params[e.to] = value;
    }
  };
  apply(false);
  apply(true);
  return params;
}
