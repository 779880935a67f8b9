/**
 * What a file that no source reads looks like, in a few words for the `not-cloudtrail` notice:
 * "an IAM policy document", "a JSON array of 3 objects with keys data, description, ...", "text starting
 * with ...". Never the whole content.
 */

const MAX_KEYS = 6;
const MAX_SNIPPET = 60;

export function describeJsonValue(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty JSON array';
    const first = value[0];
    const count = value.length === 1 ? 'one' : String(value.length);
    if (isPlainObject(first)) {
      const known = knownDocument(first);
      if (known) return `a JSON array of ${count} ${value.length === 1 ? known[1] : known[2]}`;
      return `a JSON array of ${count} object${value.length === 1 ? '' : 's'} with keys ${keyList(first)}`;
    }
    return `a JSON array of ${count} ${kindOf(first)}${value.length === 1 ? '' : 's'}`;
  }
  if (isPlainObject(value)) return knownDocument(value)?.[0] ?? `a JSON object with keys ${keyList(value)}`;
  return `a JSON ${kindOf(value)}`;
}

/** For text that is not JSON, or JSON too large or too broken to parse whole. */
export function describeText(head: string): string {
  const start = head.trimStart();
  if (start.length === 0) return 'blank text';
  const c = start[0];
  if (c === '{' || c === '[') {
    // JSON is often pretty-printed: show its first tokens, whitespace collapsed.
    return `JSON-like text starting with ${JSON.stringify(cut(start.slice(0, 4 * MAX_SNIPPET).replace(/\s+/g, ' ')))}`;
  }
  const lineEnd = start.indexOf('\n');
  return `text starting with ${JSON.stringify(cut((lineEnd === -1 ? start : start.slice(0, lineEnd)).trimEnd()))}`;
}

function cut(snippet: string): string {
  return snippet.length > MAX_SNIPPET ? `${snippet.slice(0, MAX_SNIPPET)}…` : snippet;
}

/** [with article, singular, plural] of a kind of document people often have beside their logs. */
function knownDocument(o: Record<string, unknown>): [string, string, string] | undefined {
  if ('Statement' in o && ('Version' in o || 'Id' in o))
    return ['an IAM policy document', 'IAM policy document', 'IAM policy documents'];
  if ('AWSTemplateFormatVersion' in o || ('Resources' in o && isPlainObject(o.Resources)))
    return ['a CloudFormation template', 'CloudFormation template', 'CloudFormation templates'];
  if ('Traces' in o && Array.isArray(o.Traces))
    return [
      'an X-Ray BatchGetTraces response',
      'X-Ray BatchGetTraces response',
      'X-Ray BatchGetTraces responses',
    ];
  if ('resourceSpans' in o)
    return ['an OpenTelemetry (OTLP) trace export', 'OTLP trace export', 'OTLP trace exports'];
  return undefined;
}

function keyList(o: Record<string, unknown>): string {
  const keys = Object.keys(o);
  if (keys.length === 0) return '(none)';
  const shown = keys.slice(0, MAX_KEYS).join(', ');
  return keys.length > MAX_KEYS ? `${shown}, …` : shown;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
