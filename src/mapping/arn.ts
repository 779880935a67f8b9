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
  return parseArn(value) !== undefined;
}

/** `arn:partition:service:region:account:resource`; undefined for anything else. */
export function parseArn(value: string): Arn | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const parts = value.split(':');
  if (parts.length < 6) return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (partition === '' || service === '' || resource === '') return undefined;
  return { partition, service, region, account, resource };
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
  /** Anchored per-variable checks, for patterns with look-arounds that cannot be judged inside the whole. */
  checks: Map<string, RegExp>;
}

const compiledPlain = new Map<string, CompiledTemplate>();
/** Patterns come from table entries, whose objects live as long as the table: keyed by identity. */
const compiledWithPatterns = new WeakMap<object, Map<string, CompiledTemplate>>();

function compileTemplate(
  template: string,
  patterns: Readonly<Record<string, string>> | undefined,
): CompiledTemplate {
  let cache = compiledPlain;
  if (patterns) {
    let byPatterns = compiledWithPatterns.get(patterns);
    if (!byPatterns) {
      byPatterns = new Map();
      compiledWithPatterns.set(patterns, byPatterns);
    }
    cache = byPatterns;
  }
  let c = cache.get(template);
  if (c) return c;
  const { literals, names } = cutFormat(template);
  let source = '^';
  const checks = new Map<string, RegExp>();
  names.forEach((name, i) => {
    source += escapeRegExp(literals[i] ?? '');
    const pattern = patterns?.[name];
    // Lazy by default: earlier variables take the shortest run, so `${BucketName}/${ObjectName}` splits
    // at the first slash. The anchor at the end still lets the last variable run to the end.
    let body = '.+?';
    if (pattern) body = `(?:${pattern})`;
    else if (MAY_BE_EMPTY.has(name)) body = '[^:]*?';
    else if (name === 'Partition') body = '[^:]+?';
    source += `(?<v${i}>${body})`;
    if (pattern) checks.set(name, new RegExp(`^(?:${pattern})$`, 's'));
  });
  source += `${escapeRegExp(literals[names.length] ?? '')}$`;
  c = { names, regex: new RegExp(source, 's'), checks };
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
  const c = compileTemplate(template, patterns);
  const m = c.regex.exec(value);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < c.names.length; i++) {
    const name = c.names[i] ?? '';
    const v = m.groups?.[`v${i}`];
    if (v === undefined || (v === '' && !MAY_BE_EMPTY.has(name))) return undefined;
    if (name in out && out[name] !== v) return undefined;
    const check = c.checks.get(name);
    if (check && !check.test(v)) return undefined;
    out[name] = v;
  }
  return out;
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

/**
 * Fill a format alternative: each `${Var}` from `values`, `fallback` (default `*`) where a value is missing.
 * An empty string is kept empty (an account-less ARN), not replaced.
 */
export function fillArnFormat(
  format: string,
  values: Readonly<Record<string, string | undefined>>,
  fallback = '*',
): string {
  return format.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => values[name] ?? fallback);
}
