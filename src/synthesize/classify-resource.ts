/**
 * Which resource type an ARN is, read from the ARN formats of the service data
 * (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), with where each variable sits in the ARN.
 * Generalisation uses it to find per-request parts; naming uses it for readable Sids.
 */
import { type ServiceData, splitAction } from '../mapping/service-data.js';
import { innerMap } from '../util/maps.js';

/** One `${Variable}` of an ARN format and what the resource has there. */
export interface ArnVariable {
  name: string;
  value: string;
}

/** A resource read through one resource type's ARN format. */
export interface ResourceClass {
  /** The service whose data defines the type (an action's service; ssm's `instance` is an EC2 ARN). */
  service: string;
  /** Resource type key as the service data spells it: `object`, `function version`, `eventSourceMapping`. */
  resourceType: string;
  /** The ARN format, e.g. `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`. */
  arnFormat: string;
  /** The format cut at its variables: `literals[i]`, variable i, `literals[i + 1]`... */
  literals: string[];
  variables: ArnVariable[];
}

/** One resource type's ARN format, compiled for matching. */
export interface CompiledFormat {
  service: string;
  resourceType: string;
  arnFormat: string;
  literals: string[];
  names: string[];
  pattern: RegExp;
  /** Characters fixed by the format: the more, the more specific the type. */
  specificity: number;
  /** The literal start of the resource part (after the fifth `:`), e.g. `instance/`: a cheap pre-check. */
  head: string;
}

/** Index just after the fifth `:` of an ARN (where the resource part starts), or -1. */
export function resourcePartStart(arn: string): number {
  let at = -1;
  for (let i = 0; i < 5; i++) {
    at = arn.indexOf(':', at + 1);
    if (at < 0) return -1;
  }
  return at + 1;
}

/** Variables that only place the ARN; never identifiers of the resource itself. */
export const PLACEMENT_VARIABLES: ReadonlySet<string> = new Set(['Partition', 'Region', 'Account']);

const compiledByData = new WeakMap<ServiceData, Map<string, CompiledFormat[]>>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Cut `a${X}b${Y}` into literals `['a', 'b', '']` and names `['X', 'Y']`. */
export function cutArnFormat(arnFormat: string): { literals: string[]; names: string[] } {
  const literals: string[] = [];
  const names: string[] = [];
  const re = /\$\{([A-Za-z0-9_]+)\}/g;
  let last = 0;
  for (let m = re.exec(arnFormat); m !== null; m = re.exec(arnFormat)) {
    literals.push(arnFormat.slice(last, m.index));
    names.push(m[1] ?? '');
    last = m.index + m[0].length;
  }
  literals.push(arnFormat.slice(last));
  return { literals, names };
}

function compile(service: string, resourceType: string, arnFormat: string): CompiledFormat {
  const { literals, names } = cutArnFormat(arnFormat);
  // (Generalizer.headDecides in generalize-resources.ts proves plans from this shape of pattern: keep them in step.)
  let source = '^';
  names.forEach((name, i) => {
    source += escapeRegExp(literals[i] ?? '');
    if (PLACEMENT_VARIABLES.has(name)) source += '([^:]+)';
    else source += i === names.length - 1 ? '(.+)' : '(.+?)';
  });
  source += `${escapeRegExp(literals[names.length] ?? '')}$`;
  const specificity = literals.reduce((n, l) => n + l.length, 0);
  const start = resourcePartStart(arnFormat);
  const rest = start < 0 ? '' : arnFormat.slice(start);
  const head = rest.includes('${') ? rest.slice(0, rest.indexOf('${')) : rest;
  return {
    service,
    resourceType,
    arnFormat,
    literals,
    names,
    pattern: new RegExp(source, 's'),
    specificity,
    head,
  };
}

function compiledFormats(service: string, data: ServiceData): CompiledFormat[] {
  const byService = innerMap(compiledByData, data);
  const key = service.toLowerCase();
  let list = byService.get(key);
  if (!list) {
    list = data
      .resourceTypes(key)
      .map((t) => compile(key, t.key, t.arn))
      .sort((a, b) => (a.resourceType < b.resourceType ? -1 : a.resourceType > b.resourceType ? 1 : 0));
    byService.set(key, list);
  }
  return list;
}

const candidatesByData = new WeakMap<ServiceData, Map<string, Map<string, CompiledFormat[]>>>();

/**
 * The action's own resource types first, then every type of the resource's service, stably sorted by
 * specificity, most specific first (so `bestMatches` can stop at the first less specific one); cached.
 */
export function candidateFormats(
  action: string,
  resourceService: string,
  data: ServiceData,
): CompiledFormat[] {
  return candidatesFor(action, resourceService, data);
}

function candidatesFor(action: string, resourceService: string, data: ServiceData): CompiledFormat[] {
  const cache = innerMap(candidatesByData, data);
  const byService = innerMap(cache, action);
  const cached = byService.get(resourceService);
  if (cached) return cached;
  const candidates: CompiledFormat[] = [];
  const seen = new Set<CompiledFormat>();
  const add = (c: CompiledFormat | undefined): void => {
    if (!c || seen.has(c)) return;
    seen.add(c);
    candidates.push(c);
  };
  const parts = splitAction(action);
  if (parts) {
    const [service, name] = parts;
    const own = compiledFormats(service, data);
    for (const rt of data.action(service, name)?.resourceTypes ?? []) {
      add(own.find((c) => c.resourceType.toLowerCase() === rt.name.toLowerCase()));
    }
  }
  for (const c of compiledFormats(resourceService, data)) add(c);
  // Stable: formats of equal specificity keep the order above, which is the order ties are returned in.
  candidates.sort((a, b) => b.specificity - a.specificity);
  byService.set(resourceService, candidates);
  return candidates;
}

/** `arn:aws:s3:::b/k` -> `s3`; undefined when the text is not an ARN. */
export function arnService(resource: string): string | undefined {
  if (!resource.startsWith('arn:')) return undefined;
  const a = resource.indexOf(':', 4);
  if (a < 0) return undefined;
  const b = resource.indexOf(':', a + 1);
  const service = b < 0 ? resource.slice(a + 1) : resource.slice(a + 1, b);
  return service ? service : undefined;
}

/** A resource matched against one format: `match[i + 1]` is the value of `format.names[i]`. */
export interface FormatMatch {
  format: CompiledFormat;
  match: RegExpExecArray;
}

const NO_MATCHES: FormatMatch[] = [];

/**
 * The formats `resource` matches, most specific first (most characters fixed by the format); several only
 * when they tie. Candidates are the action's own resource types first, then every type of the ARN's service.
 */
export function bestMatches(action: string, resource: string, data: ServiceData): FormatMatch[] {
  const resourceService = arnService(resource);
  if (!resourceService) return NO_MATCHES;
  const candidates = candidatesFor(action, resourceService, data);
  let best: FormatMatch[] = NO_MATCHES;
  let bestScore = -1;
  const start = resourcePartStart(resource);
  for (const c of candidates) {
    // Candidates are sorted most specific first: past the best match's specificity none can tie it.
    if (c.specificity < bestScore) break;
    if (start >= 0 && c.head !== '' && !resource.startsWith(c.head, start)) continue;
    const m = c.pattern.exec(resource);
    if (!m) continue;
    if (c.specificity > bestScore) {
      best = [{ format: c, match: m }];
      bestScore = c.specificity;
    } else {
      best.push({ format: c, match: m });
    }
  }
  return best;
}

/**
 * The resource types `resource` matches, most specific first (most characters fixed by the format).
 * Candidates are the action's own resource types first, then every type of the ARN's service, so a
 * qualified Lambda ARN is seen as `function version`/`function alias` even when the action lists only
 * `function`. Only the most specific matches are returned; several when they tie (alias and version).
 */
export function classifyResource(action: string, resource: string, data: ServiceData): ResourceClass[] {
  return bestMatches(action, resource, data).map(({ format: c, match: m }) => ({
    service: c.service,
    resourceType: c.resourceType,
    arnFormat: c.arnFormat,
    literals: c.literals,
    variables: c.names.map((name, i) => ({ name, value: m[i + 1] ?? '' })),
  }));
}

/** Put a resource back together from its class, with some variables' values replaced. */
export function rebuildResource(cls: ResourceClass, values: readonly string[]): string {
  let out = cls.literals[0] ?? '';
  values.forEach((v, i) => {
    out += v + (cls.literals[i + 1] ?? '');
  });
  return out;
}
