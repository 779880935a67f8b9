/**
 * ARNs and the ARN formats of the service data (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`):
 * parse an ARN, tell whether an ARN fits a format, read a format's variables out of an ARN, fill a format.
 *
 * Two matchers, on purpose:
 * - `arnMatchesFormat` is the permissive check other stages can reuse ("could this be a resource of that
 *   type?"): every `${Var}` matches any non-empty run of characters, so `*` and `?` in a policy ARN fit too;
 *   only `${Region}` and `${Account}` may also be empty and never hold a colon, because real ARNs leave them
 *   out (documents owned by AWS: `arn:aws:ssm:us-east-1::document/AWS-RunShellScript`).
 * - `matchArnFormat` reads the variables out; it accepts per-variable patterns (reviewed data in
 *   `data/resource-arns.json`) because a bare format cannot tell `function:f:prod` (an alias) from
 *   `function:f` with a name containing a colon.
 */

import { innerMap } from '../util/maps.js';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, colons included: `function:f:prod`, `table/t/index/i`. */
  resource: string;
}

/** The variables that place an ARN (partition, region, account), as opposed to naming the resource. */
export const PLACEMENT_VARIABLES: ReadonlySet<string> = new Set(['Partition', 'Region', 'Account']);

/** Placement variables a real ARN may leave empty. */
const MAY_BE_EMPTY: ReadonlySet<string> = new Set(['Region', 'Account']);

/** True when the text is shaped as an ARN (`arn:` and at least six colon-separated parts). */
export function isArn(value: string): boolean {
  return arnColons(value) !== undefined;
}

/**
 * Where the second to fifth colons of an ARN-shaped text are (the first is at 3), or undefined when it is
 * not one: `arn:`, at least five colons, non-empty partition, service and resource. The service is
 * `value.slice(c2 + 1, c3)`, the resource `value.slice(c5 + 1)`.
 */
export function arnColons(value: string): [number, number, number, number] | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const c2 = value.indexOf(':', 4);
  if (c2 < 0) return undefined;
  const c3 = value.indexOf(':', c2 + 1);
  if (c3 < 0) return undefined;
  const c4 = value.indexOf(':', c3 + 1);
  if (c4 < 0) return undefined;
  const c5 = value.indexOf(':', c4 + 1);
  if (c5 < 0) return undefined;
  if (c2 === 4 || c3 === c2 + 1 || c5 === value.length - 1) return undefined;
  return [c2, c3, c4, c5];
}

/** `arn:partition:service:region:account:resource`; undefined for anything else. */
export function parseArn(value: string): Arn | undefined {
  const at = arnColons(value);
  if (!at) return undefined;
  const [c2, c3, c4, c5] = at;
  return {
    partition: value.slice(4, c2),
    service: value.slice(c2 + 1, c3),
    region: value.slice(c3 + 1, c4),
    account: value.slice(c4 + 1, c5),
    resource: value.slice(c5 + 1),
  };
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/** Region prefixes of the AWS partitions other than `aws`; longest first so `us-isob-` wins over `us-iso-`. */
const PARTITION_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-iso-', 'aws-iso'],
  ['us-gov-', 'aws-us-gov'],
  ['cn-', 'aws-cn'],
];

/** The partition a region belongs to: `cn-north-1` -> `aws-cn`, `us-gov-west-1` -> `aws-us-gov`, else `aws`. */
export function partitionForRegion(region: string | undefined): string {
  if (region) {
    for (const [prefix, partition] of PARTITION_PREFIXES) if (region.startsWith(prefix)) return partition;
  }
  return 'aws';
}

/**
 * A resource type may list several formats in one string (API Gateway: `arn:...::/apis/${ApiId}/stages,
 * arn:...::/restapis/${RestApiId}/stages`): split them.
 */
export function formatAlternatives(format: string): string[] {
  return format
    .split(/,\s*(?=arn:)/)
    .map((f) => f.trim())
    .filter((f) => f !== '');
}

/** Cut `a${X}b${Y}` into literals `['a', 'b', '']` and names `['X', 'Y']`. */
export function cutFormat(format: string): { literals: string[]; names: string[] } {
  const literals: string[] = [];
  const names: string[] = [];
  const re = /\$\{([A-Za-z0-9_]+)\}/g;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    literals.push(format.slice(last, m.index));
    names.push(m[1] ?? '');
    last = m.index + m[0].length;
  }
  literals.push(format.slice(last));
  return { literals, names };
}

/** The distinct `${Var}` names of a format (all alternatives), in order of first appearance. */
export function formatVariables(format: string): string[] {
  const out: string[] = [];
  for (const alt of formatAlternatives(format)) {
    for (const name of cutFormat(alt).names) if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** Characters fixed by a format: the more, the more specific. */
export function formatSpecificity(format: string): number {
  return cutFormat(format).literals.reduce((n, l) => n + l.length, 0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface CompiledTemplate {
  names: string[];
  regex: RegExp;
  /** The capture group of each name (patterns may hold groups of their own). */
  groups: number[];
  /** Anchored per-variable checks, for patterns with look-arounds that cannot be judged inside the whole. */
  checks: (RegExp | undefined)[];
  /** Whether each name may match the empty string. */
  mayBeEmpty: boolean[];
  /** Some name appears twice (`${Account}` in a shape): its values must agree. */
  repeated: boolean;
  /** Literal text any match starts with, ends with, and holds (the longest literal between variables). */
  first: string;
  last: string;
  middle: string;
}

const compiledPlain = new Map<string, CompiledTemplate>();
/** Patterns come from table entries, whose objects live as long as the table: keyed by identity. */
const compiledWithPatterns = new WeakMap<object, Map<string, CompiledTemplate>>();

/**
 * A pattern that matches a text the same wherever the text stands: no assertions (`^`, `$`, `\b`,
 * look-arounds), no back-references. What its group in the template's regular expression matched, it
 * matches whole on its own, so it needs no separate check. Judged conservatively, on the characters used.
 */
function contextFree(pattern: string): boolean {
  const body = pattern.replaceAll('(?:', '');
  return /^[A-Za-z0-9_\-[\]^+*?{},:/.|)]*$/.test(body) && !/(^|[^[])\^/.test(body);
}

/** How many capture groups a regular expression body holds. */
function captureGroups(pattern: string): number {
  return (new RegExp(`(?:${pattern})|`).exec('')?.length ?? 1) - 1;
}

function compileTemplate(
  template: string,
  patterns: Readonly<Record<string, string>> | undefined,
): CompiledTemplate {
  let cache = compiledPlain;
  if (patterns) {
    cache = innerMap(compiledWithPatterns, patterns);
  }
  let c = cache.get(template);
  if (c) return c;
  const { literals, names } = cutFormat(template);
  let source = '^';
  const checks: (RegExp | undefined)[] = [];
  const groups: number[] = [];
  let group = 1;
  names.forEach((name, i) => {
    source += escapeRegExp(literals[i] ?? '');
    const pattern = patterns?.[name];
    // Lazy by default: earlier variables take the shortest run, so `${BucketName}/${ObjectName}` splits
    // at the first slash. The last variable ends where the final literal and the anchor leave it, whichever
    // way it is tried: greedy there finds the same match without stepping through a long key a character
    // at a time.
    const lazy = i === names.length - 1 ? '' : '?';
    let body = `.+${lazy}`;
    if (pattern) body = `(?:${pattern})`;
    else if (MAY_BE_EMPTY.has(name)) body = `[^:]*${lazy}`;
    else if (name === 'Partition') body = `[^:]+${lazy}`;
    source += `(${body})`;
    groups.push(group);
    group += 1 + (pattern ? captureGroups(pattern) : 0);
    checks.push(pattern && !contextFree(pattern) ? new RegExp(`^(?:${pattern})$`, 's') : undefined);
  });
  source += `${escapeRegExp(literals[names.length] ?? '')}$`;
  c = {
    names,
    regex: new RegExp(source, 's'),
    groups,
    checks,
    mayBeEmpty: names.map((n) => MAY_BE_EMPTY.has(n)),
    // (A name Object.prototype answers to would also need the check: `name in out` is what decides.)
    repeated: new Set(names).size !== names.length || names.some((n) => n in Object.prototype),
    first: literals[0] ?? '',
    last: names.length > 0 ? (literals[names.length] ?? '') : '',
    middle: literals.slice(1, -1).reduce((a, b) => (b.length > a.length ? b : a), ''),
  };
  cache.set(template, c);
  return c;
}

/**
 * Read the variables of one template (a format alternative, or any text with `${Var}` placeholders) out of
 * a value; undefined when it does not fit. A variable never matches the empty string; with `patterns`, a
 * variable's value must also match its pattern (a regular expression body, matched whole).
 */
export function matchTemplate(
  value: string,
  template: string,
  patterns?: Readonly<Record<string, string>>,
): Record<string, string> | undefined {
  return matchCompiled(value, compileTemplate(template, patterns));
}

function matchCompiled(value: string, c: CompiledTemplate): Record<string, string> | undefined {
  // Cheap necessary conditions first: the literal text of the template, in place.
  if (!value.startsWith(c.first) || !value.endsWith(c.last)) return undefined;
  if (c.middle !== '' && !value.includes(c.middle, c.first.length)) return undefined;
  const m = c.regex.exec(value);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < c.names.length; i++) {
    const name = c.names[i] as string;
    const v = m[c.groups[i] as number];
    if (v === undefined || (v === '' && !c.mayBeEmpty[i])) return undefined;
    if (c.repeated && name in out && out[name] !== v) return undefined;
    const check = c.checks[i];
    if (check && !check.test(v)) return undefined;
    out[name] = v;
  }
  return out;
}

/**
 * `matchCompiled`, answered as the values of `c.names` in order (a name listed twice holds the same value
 * twice), without building an object keyed by the names.
 */
function matchListCompiled(value: string, c: CompiledTemplate): string[] | undefined {
  if (c.repeated) {
    // Names must agree (or answer to Object.prototype): what `matchCompiled` decides, read back in order.
    const out = matchCompiled(value, c);
    return out === undefined ? undefined : c.names.map((n) => out[n] as string);
  }
  if (!value.startsWith(c.first) || !value.endsWith(c.last)) return undefined;
  if (c.middle !== '' && !value.includes(c.middle, c.first.length)) return undefined;
  const m = c.regex.exec(value);
  if (!m) return undefined;
  const n = c.names.length;
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = m[c.groups[i] as number];
    if (v === undefined || (v === '' && !c.mayBeEmpty[i])) return undefined;
    const check = c.checks[i];
    if (check && !check.test(v)) return undefined;
    out[i] = v;
  }
  return out;
}

/** A template compiled once, for callers that match many values against it. */
export interface TemplateMatcher {
  readonly template: string;
  /** The template's variable names, in order (`cutFormat(template).names`). */
  readonly names: readonly string[];
  match(value: string): Record<string, string> | undefined;
  /** `match`, as the value of each of `names` in order; undefined when `match` is. */
  matchList(value: string): string[] | undefined;
}

/** `matchTemplate` with the compilation done once. */
export function templateMatcher(
  template: string,
  patterns?: Readonly<Record<string, string>>,
): TemplateMatcher {
  const c = compileTemplate(template, patterns);
  return {
    template,
    names: c.names,
    match: (value) => matchCompiled(value, c),
    matchList: (value) => matchListCompiled(value, c),
  };
}

/**
 * Read the variables of an ARN format (any of its alternatives) out of an ARN.
 * Returns the first alternative that fits, with its variables; undefined when none does.
 */
export function matchArnFormat(
  arn: string,
  format: string,
  patterns?: Readonly<Record<string, string>>,
): { format: string; values: Record<string, string> } | undefined {
  for (const alt of formatAlternatives(format)) {
    const values = matchTemplate(arn, alt, patterns);
    if (values) return { format: alt, values };
  }
  return undefined;
}

/**
 * Whether an ARN (or an ARN pattern with `*`/`?`) fits a resource type's format: literal text must be
 * equal and each `${Var}` matches any non-empty run of characters. Any alternative of the format may fit.
 */
export function arnMatchesFormat(arn: string, format: string): boolean {
  return formatAlternatives(format).some((alt) => compileTemplate(alt, undefined).regex.test(arn));
}

const cutFormats = new Map<string, { literals: string[]; names: string[] }>();

/**
 * Fill a format alternative: each `${Var}` from `values`, `fallback` (default `*`) where a value is missing.
 * An empty string is kept empty (an account-less ARN), not replaced.
 */
export function fillArnFormat(
  format: string,
  values: Readonly<Record<string, string | undefined>>,
  fallback = '*',
): string {
  let cut = cutFormats.get(format);
  if (!cut) {
    cut = cutFormat(format);
    if (cutFormats.size > 10_000) cutFormats.clear();
    cutFormats.set(format, cut);
  }
  const { literals, names } = cut;
  let out = literals[0] as string;
  for (let i = 0; i < names.length; i++) out += (values[names[i] as string] ?? fallback) + literals[i + 1];
  return out;
}
