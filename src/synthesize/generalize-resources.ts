/**
 * Per-request identifiers in observed resource ARNs become patterns a policy can keep granting:
 * object keys to their common folder, per-request ids to `*`. Which ARN part is per request is IAM
 * knowledge, kept in the reviewed table `data/generalize.json` (schema in data/README.md); this module
 * only applies it. Every pattern produced still matches each resource it replaces, and every change is
 * reported as a sentence for the evidence.
 */
import { readFileSync } from 'node:fs';
import type { ServiceData } from '../mapping/service-data.js';
import { classifyResource, type ResourceClass, rebuildResource } from './classify-resource.js';

export type GeneralizeStrategy =
  /** Several values become their longest common prefix ending at `separator`, plus `*`; one value stays. */
  | 'common-prefix'
  /** The value becomes `*`, even when only one was seen. */
  | 'wildcard'
  /** Everything after the last `separator` becomes `*` (`project:uuid` -> `project:*`). */
  | 'wildcard-after-last';

export const GENERALIZE_STRATEGIES: readonly GeneralizeStrategy[] = [
  'common-prefix',
  'wildcard',
  'wildcard-after-last',
];

/** One entry of `data/generalize.json`. */
export interface GeneralizeRule {
  /** Service prefix whose service data defines the resource type, e.g. `s3`. */
  service: string;
  /** Resource type key in that service's data, e.g. `object`. */
  resourceType: string;
  /** The `${Variable}` of the type's ARN format that is per request, e.g. `ObjectName`. */
  variable: string;
  strategy: GeneralizeStrategy;
  /** Required by `common-prefix` and `wildcard-after-last`. */
  separator?: string;
  /** Only values matching this regular expression are generalised (Lambda: numeric versions, not aliases). */
  valuePattern?: string;
  /** Singular noun for the evidence: `object key`, `instance id`. */
  label: string;
  /** Where the knowledge comes from: a documentation URL, a fixture, an observed AccessDenied. */
  source: string;
  /** Why, for a reviewer. */
  note: string;
}

const TABLE_PATH = new URL('../../data/generalize.json', import.meta.url);

function fail(origin: string, path: string, message: string): never {
  throw new Error(`${origin}: ${path}: ${message}`);
}

/** Check the shape of a generalisation table and return its rules; throws naming the file and JSON path. */
export function parseGeneralizeTable(json: unknown, origin = 'data/generalize.json'): GeneralizeRule[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    fail(origin, '$', 'expected an object with "entries"');
  }
  const table = json as Record<string, unknown>;
  if (!Array.isArray(table.entries)) fail(origin, 'entries', 'expected an array');
  return table.entries.map((raw: unknown, i: number): GeneralizeRule => {
    const at = `entries[${i}]`;
    if (typeof raw !== 'object' || raw === null) fail(origin, at, 'expected an object');
    const r = raw as Record<string, unknown>;
    const text = (key: string, required: boolean): string | undefined => {
      const v = r[key];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string' || v.length === 0)
        fail(origin, `${at}.${key}`, 'expected a non-empty string');
      return v;
    };
    const strategy = text('strategy', true) as GeneralizeStrategy;
    if (!GENERALIZE_STRATEGIES.includes(strategy)) {
      fail(origin, `${at}.strategy`, `"${strategy}" is not one of ${GENERALIZE_STRATEGIES.join(', ')}`);
    }
    const separator = text('separator', strategy !== 'wildcard');
    const valuePattern = text('valuePattern', false);
    if (valuePattern !== undefined) {
      try {
        new RegExp(valuePattern);
      } catch (e) {
        fail(origin, `${at}.valuePattern`, (e as Error).message);
      }
    }
    const rule: GeneralizeRule = {
      service: text('service', true)!,
      resourceType: text('resourceType', true)!,
      variable: text('variable', true)!,
      strategy,
      label: text('label', true)!,
      source: text('source', true)!,
      note: text('note', true)!,
    };
    if (separator !== undefined) rule.separator = separator;
    if (valuePattern !== undefined) rule.valuePattern = valuePattern;
    return rule;
  });
}

let packagedRules: readonly GeneralizeRule[] | undefined;

/** The reviewed rules of `data/generalize.json`, read once per process. */
export function loadGeneralizeRules(): readonly GeneralizeRule[] {
  packagedRules ??= parseGeneralizeTable(JSON.parse(readFileSync(TABLE_PATH, 'utf8')) as unknown);
  return packagedRules;
}

/**
 * A literal `${` in a resource would be read by IAM as a policy variable; `${$}` is IAM's escape for `$`.
 */
export function escapeIamLiteral(resource: string): string {
  return resource.includes('${') ? resource.replaceAll('${', '${$}{') : resource;
}

/** The part of a value before its first wildcard: what a prefix may be taken from. */
function literalHead(value: string): string {
  const i = value.search(/[*?]/);
  return i < 0 ? value : value.slice(0, i);
}

/**
 * The longest common prefix of `values` that ends at `separator` (empty when they share no folder).
 * A wildcard inside a value (a key the source did not record) ends the part a prefix may come from.
 */
export function commonPrefixAtSeparator(values: readonly string[], separator: string): string {
  const heads = values.map(literalHead);
  let prefix = heads[0] ?? '';
  for (const head of heads.slice(1)) {
    let n = 0;
    while (n < prefix.length && n < head.length && prefix[n] === head[n]) n++;
    prefix = prefix.slice(0, n);
  }
  const cut = prefix.lastIndexOf(separator);
  return cut < 0 ? '' : prefix.slice(0, cut + separator.length);
}

function wildcardAfterLast(value: string, separator: string): string {
  const cut = value.lastIndexOf(separator);
  return cut < 0 ? '*' : `${value.slice(0, cut + separator.length)}*`;
}

export interface GeneralizeRequest {
  action: string;
  resource: string;
  /** Resources are generalised together only within one scope; synthesis passes the condition. */
  scope: string;
}

export interface GeneralizedResource {
  /** The resource to grant: the observed one, or a pattern that matches it. */
  resource: string;
  /** Sentences describing the generalisations that produced it; empty when it is exact. */
  generalizations: string[];
}

export interface GeneralizeResult {
  /** One per request, in request order. */
  resources: GeneralizedResource[];
  /** Every sentence once, sorted. */
  generalizations: string[];
}

export interface GeneralizeOptions {
  data: ServiceData;
  rules: readonly GeneralizeRule[];
}

function plural(noun: string, n: number): string {
  return n === 1 ? noun : `${noun}s`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const MARK = '\u0000';

interface Event {
  text: (originals: number, actions: string) => string;
  originals: Set<string>;
  actions: Set<string>;
  members: Set<number>;
}

interface PrefixGroup {
  rule: GeneralizeRule;
  base: string;
  values: Set<string>;
  members: number[];
  action: string;
}

/**
 * Generalise the per-request parts of the requested resources. Object keys are generalised per scope,
 * action and bucket, so `GetObject` on `uploads/` and `PutObject` on `reports/` stay apart.
 */
export function generalizeResources(
  requests: readonly GeneralizeRequest[],
  options: GeneralizeOptions,
): GeneralizeResult {
  const rulesByFormat = new Map<string, GeneralizeRule[]>();
  for (const rule of options.rules) {
    const format = options.data.resourceType(rule.service, rule.resourceType)?.arn;
    if (format === undefined) continue;
    const list = rulesByFormat.get(format) ?? [];
    list.push(rule);
    rulesByFormat.set(format, list);
  }
  const patterns = new Map<string, RegExp>();
  const applies = (rule: GeneralizeRule, cls: ResourceClass): boolean => {
    const variable = cls.variables.find((v) => v.name === rule.variable);
    if (!variable) return false;
    if (rule.valuePattern === undefined) return true;
    let re = patterns.get(rule.valuePattern);
    if (!re) {
      re = new RegExp(rule.valuePattern);
      patterns.set(rule.valuePattern, re);
    }
    return re.test(variable.value);
  };

  const finals: string[] = requests.map((r) => escapeIamLiteral(r.resource));
  const events = new Map<string, Event>();
  const prefixGroups = new Map<string, PrefixGroup>();
  const pendingWildcards: { index: number; rule: GeneralizeRule }[] = [];

  requests.forEach((request, index) => {
    if (request.resource === '*') return;
    let chosen: { cls: ResourceClass; rules: GeneralizeRule[] } | undefined;
    for (const cls of classifyResource(request.action, request.resource, options.data)) {
      const rules = (rulesByFormat.get(cls.arnFormat) ?? []).filter((r) => applies(r, cls));
      if (rules.length > 0) {
        chosen = { cls, rules };
        break;
      }
    }
    if (!chosen) return;
    const { cls, rules } = chosen;
    const values = cls.variables.map((v) => v.value);
    const names = cls.variables.map((v) => v.name);
    let prefixRule: GeneralizeRule | undefined;
    for (const rule of rules) {
      const at = names.indexOf(rule.variable);
      const value = values[at] ?? '';
      if (rule.strategy === 'common-prefix') {
        prefixRule ??= rule;
        continue;
      }
      const replaced = rule.strategy === 'wildcard' ? '*' : wildcardAfterLast(value, rule.separator ?? '');
      if (replaced === value) continue;
      values[at] = replaced;
      pendingWildcards.push({ index, rule });
    }
    if (prefixRule) {
      const at = names.indexOf(prefixRule.variable);
      const value = values[at] ?? '';
      values[at] = MARK;
      const base = rebuildResource(cls, values);
      const key = [request.scope, request.action, prefixRule.service, prefixRule.resourceType, base].join(
        MARK,
      );
      let group = prefixGroups.get(key);
      if (!group) {
        group = { rule: prefixRule, base, values: new Set(), members: [], action: request.action };
        prefixGroups.set(key, group);
      }
      group.values.add(value);
      group.members.push(index);
    } else {
      finals[index] = escapeIamLiteral(rebuildResource(cls, values));
    }
  });

  const eventFor = (key: string, text: Event['text']): Event => {
    let event = events.get(key);
    if (!event) {
      event = { text, originals: new Set(), actions: new Set(), members: new Set() };
      events.set(key, event);
    }
    return event;
  };

  for (const group of prefixGroups.values()) {
    const [first = ''] = group.values;
    const several = group.values.size > 1;
    const fill = several
      ? `${commonPrefixAtSeparator([...group.values], group.rule.separator ?? '/')}*`
      : first;
    const result = escapeIamLiteral(group.base.split(MARK).join(fill));
    for (const member of group.members) finals[member] = result;
    if (!several) continue;
    const under = escapeIamLiteral(group.base.split(MARK).join(fill.slice(0, -1)));
    const label = group.rule.label;
    const event = eventFor(
      ['prefix', label, under, result].join(MARK),
      (n, actions) => `${n} ${plural(label, n)} under ${under} generalised to ${result} (${actions})`,
    );
    event.actions.add(group.action);
    for (const member of group.members) {
      event.originals.add(requests[member]?.resource ?? '');
      event.members.add(member);
    }
  }

  for (const { index, rule } of pendingWildcards) {
    const result = finals[index] ?? '';
    const label = rule.label;
    const event = eventFor(
      ['wildcard', label, result].join(MARK),
      (n, actions) => `${n} per-request ${plural(label, n)} generalised to ${result} (${actions})`,
    );
    event.originals.add(requests[index]?.resource ?? '');
    event.actions.add(requests[index]?.action ?? '');
    event.members.add(index);
  }

  const perRequest: (string[] | undefined)[] = [];
  const all: string[] = [];
  for (const event of events.values()) {
    const text = event.text(event.originals.size, [...event.actions].sort(compareText).join(', '));
    all.push(text);
    for (const member of event.members) {
      const texts = perRequest[member] ?? [];
      texts.push(text);
      perRequest[member] = texts;
    }
  }
  return {
    resources: finals.map((resource, i) => {
      const texts = perRequest[i];
      return { resource, generalizations: texts ? sortedUniqueText(texts) : [] };
    }),
    generalizations: sortedUniqueText(all),
  };
}

function sortedUniqueText(values: readonly string[]): string[] {
  return values.length === 1 ? [...values] : [...new Set(values)].sort(compareText);
}
