/**
 * X-Ray `GetTraceSummaries` pages. A summary lists what a trace touched (its services with their types and
 * accounts, the resource ARNs, the entry point) but not its segments: no operation, no parameter. They are
 * read for what they say, and the notice says what is missing and how to get it.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface SummaryDigest {
  /** Trace summaries read. */
  traces: number;
  /** Smallest trace ids, for the notice. */
  traceIds: string[];
  /** Lambda function ARNs the traces ran (ResourceARNs, EntryPoint, ServiceIds of type AWS::Lambda::Function). */
  functions: Set<string>;
  /** Downstream AWS resources named by type: `AWS::DynamoDB::Table orders`. */
  resources: Set<string>;
}

export function emptyDigest(): SummaryDigest {
  return { traces: 0, traceIds: [], functions: new Set(), resources: new Set() };
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^:]+/;

function addFunction(digest: SummaryDigest, value: unknown): void {
  if (typeof value !== 'string') return;
  const m = LAMBDA_ARN.exec(value);
  if (m) digest.functions.add(m[0]);
}

/** Adds the summaries of one page (`{TraceSummaries: [...]}`) to the digest. */
export function digestSummaries(page: Json, digest: SummaryDigest): void {
  const summaries = Array.isArray(page.TraceSummaries) ? page.TraceSummaries : [];
  for (const s of summaries) {
    if (!isObject(s)) continue;
    digest.traces++;
    if (typeof s.Id === 'string') {
      digest.traceIds.push(s.Id);
      digest.traceIds.sort();
      if (digest.traceIds.length > 3) digest.traceIds.length = 3;
    }
    for (const r of Array.isArray(s.ResourceARNs) ? s.ResourceARNs : [])
      if (isObject(r)) addFunction(digest, r.ARN);
    if (isObject(s.EntryPoint)) addFunction(digest, s.EntryPoint.Name);
    for (const svc of Array.isArray(s.ServiceIds) ? s.ServiceIds : []) {
      if (!isObject(svc)) continue;
      const type = typeof svc.Type === 'string' ? svc.Type : '';
      const name = typeof svc.Name === 'string' ? svc.Name : '';
      if (type === 'AWS::Lambda::Function' || type === 'AWS::Lambda') addFunction(digest, name);
      else if (type.startsWith('AWS::') && name !== '') digest.resources.add(`${type} ${name}`);
    }
  }
}

function list(values: Iterable<string>, max: number): string {
  const all = [...values].sort();
  const shown = all.slice(0, max).join(', ');
  return all.length > max ? `${shown} and ${all.length - max} more` : shown;
}

/** The notice for a file of summaries: what they hold, what is missing, what to do. */
export function summaryNotice(digest: SummaryDigest): string {
  const parts = [`${digest.traces} X-Ray trace summar${digest.traces === 1 ? 'y' : 'ies'}`];
  if (digest.traceIds.length > 0) parts.push(`(${list(digest.traceIds, 3)})`);
  let message = parts.join(' ');
  const touched: string[] = [];
  if (digest.functions.size > 0) touched.push(`functions ${list(digest.functions, 3)}`);
  if (digest.resources.size > 0) touched.push(list(digest.resources, 4));
  if (touched.length > 0) message += ` touching ${touched.join('; ')}`;
  return `${message}: summaries hold no subsegments, so no operation or parameter is known and no permission can be derived; fetch the full traces (aws xray batch-get-traces --trace-ids ...) and read those, or run 'leastpriv generate xray:'`;
}
