/**
 * Per-request identifiers in observed resource ARNs become patterns a policy can keep granting:
 * object keys to their common folder, per-request ids to `*`. Which ARN part is per request is IAM
 * knowledge, kept in the reviewed table `data/generalize.json` (schema in data/README.md); this module
 * only applies it. Every pattern produced still matches each resource it replaces, and every change is
 * reported as a sentence for the evidence.
 */
import { readFileSync } from 'node:fs';
import { type ServiceData, serviceData } from '../mapping/service-data.js';
import { firstWildcard } from '../policy/literal.js';
import { innerMap } from '../util/maps.js';
import {
  arnService,
  bestMatches,
  type CompiledFormat,
  candidateFormats,
  PLACEMENT_VARIABLES,
  resourcePartStart,
} from './classify-resource.js';

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
 * The part of a value before its first wildcard: what a prefix may be taken from. Values are written as
 * the mapping writes resources, with what the record gave escaped (policy/literal.ts): `${*}` is a literal
 * `*` and does not end the head.
 */
function literalHead(value: string): string {
  const i = firstWildcard(value);
  return i < 0 ? value : value.slice(0, i);
}

/**
 * The longest common prefix of `values` that ends at `separator` (empty when they share no folder).
 * A wildcard inside a value (a key the source did not record) ends the part a prefix may come from.
 */
export function commonPrefixAtSeparator(values: readonly string[], separator: string): string {
  const heads = values.map(literalHead);
  let prefix = heads[0] ?? '';
  for (const head of heads.slice(1)) prefix = commonStart(prefix, head);
  return cutAtSeparator(prefix, separator);
}

function wildcardAfterLast(value: string, separator: string): string {
  const cut = value.lastIndexOf(separator);
  return cut < 0 ? '*' : `${value.slice(0, cut + separator.length)}*`;
}

export interface GeneralizeRequest {
  action: string;
  /** An IAM resource pattern as the mapping writes it: what the record named is escaped (policy/literal.ts). */
  resource: string;
  /** Resources are generalised together only within one scope; synthesis passes the condition. */
  scope: string;
  /**
   * When the request stands for several observed resources already folded together (aggregation folds
   * per-request identifiers as it goes, see aggregate/fold-resources.ts): those resources. `resource` is
   * then the pattern covering them.
   */
  originals?: readonly string[];
  /** Whether more resources were observed than `originals` lists (they all match `resource`). */
  more?: boolean;
  /**
   * Set when `originals` are a group aggregation folded (`FoldedResources`), with the `common-prefix` base
   * the group shares, if any. Its originals generalise alike, so where the first one shows how
   * (`Generalizer.sharedPlan`), the others are not matched against the ARN formats again. Used only with the
   * packaged rules and service data, which aggregation folds with.
   */
  foldedGroup?: { base?: string };
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

/** Stands for the per-request part in a `common-prefix` base. */
export const GENERALIZE_MARK = '\u0000';
const MARK = GENERALIZE_MARK;

/** How one resource is generalised: the rules that apply to it and what they make of it. */
export interface GeneralizationPlan {
  /** `wildcard` and `wildcard-after-last` rules that changed the resource, in rule order. */
  wildcards: GeneralizeRule[];
  /**
   * The `common-prefix` rule, when one applies: the value of its variable and the resource with that value
   * replaced by `GENERALIZE_MARK` (and the wildcards applied).
   */
  prefix?: { rule: GeneralizeRule; value: string; base: string };
  /** Without a `common-prefix` rule: the resource with every wildcard applied. With one: `prefix.base`. */
  resource: string;
}

/** A rule as it applies to one ARN format: which capture of the format's pattern holds its variable. */
interface FormatRule {
  rule: GeneralizeRule;
  /** Index of the rule's variable in the format's names. */
  at: number;
  pattern: RegExp | undefined;
}

/** The rules of one table compiled for one service data: which resources are generalised, and how. */
export class Generalizer {
  private readonly rulesByFormat = new Map<string, GeneralizeRule[]>();
  private readonly compiled = new Map<CompiledFormat, FormatRule[]>();

  /** `common-prefix` rules that no other rule of their format shares a variable with. */
  private readonly lonePrefixRules = new Set<GeneralizeRule>();

  constructor(
    private readonly data: ServiceData,
    rules: readonly GeneralizeRule[],
  ) {
    for (const rule of rules) {
      const format = data.resourceType(rule.service, rule.resourceType)?.arn;
      if (format === undefined) continue;
      const list = this.rulesByFormat.get(format) ?? [];
      list.push(rule);
      this.rulesByFormat.set(format, list);
    }
    for (const list of this.rulesByFormat.values()) {
      for (const rule of list) {
        if (rule.strategy !== 'common-prefix') continue;
        if (!list.some((other) => other !== rule && other.variable === rule.variable)) {
          this.lonePrefixRules.add(rule);
        }
      }
    }
  }

  /** The rules whose variable the format has, with where it sits; compiled once per format. */
  private rulesOf(format: CompiledFormat): FormatRule[] {
    let list = this.compiled.get(format);
    if (!list) {
      list = [];
      for (const rule of this.rulesByFormat.get(format.arnFormat) ?? []) {
        const at = format.names.indexOf(rule.variable);
        if (at < 0) continue;
        const pattern = rule.valuePattern === undefined ? undefined : new RegExp(rule.valuePattern);
        list.push({ rule, at, pattern });
      }
      this.compiled.set(format, list);
    }
    return list;
  }

  private readonly planCache = new Map<string, Map<string, GeneralizationPlan | null>>();
  private planCacheSize = 0;

  /**
   * `plan`, remembered: synthesis sees the same resources again in every usage that holds them (a session's
   * role and its workload). Bounded; emptied when full.
   */
  planCached(action: string, resource: string): GeneralizationPlan | undefined {
    const byResource = innerMap(this.planCache, action);
    const cached = byResource.get(resource);
    if (cached !== undefined) return cached ?? undefined;
    const plan = this.plan(action, resource);
    if (++this.planCacheSize > 100_000) {
      this.planCache.clear();
      this.planCacheSize = 0;
    }
    byResource.set(resource, plan ?? null);
    return plan;
  }

  private readonly mayApplyCache = new Map<string, Map<string, boolean>>();

  /**
   * False when no rule can apply to `resource` as `action` uses it: none of the resource types it could be
   * has a rule. A cheap test before `plan` (cached per action and ARN service).
   */
  mayApply(action: string, resource: string): boolean {
    const service = arnService(resource);
    if (service === undefined) return false;
    const byService = innerMap(this.mayApplyCache, action);
    let may = byService.get(service);
    if (may === undefined) {
      may = candidateFormats(action, service, this.data).some((f) => this.rulesOf(f).length > 0);
      byService.set(service, may);
    }
    return may;
  }

  private readonly uniformCache = new Map<string, Map<string, boolean>>();

  /**
   * True when every resource of this ARN service that a rule applies to as `action` uses it is changed by
   * the same wildcard rules, whatever its values (unless they hold a `*`): one candidate format has rules,
   * each on its own variable, none of them `common-prefix` or limited by a `valuePattern`. Cached.
   */
  private uniformWildcards(action: string, service: string): boolean {
    const byService = innerMap(this.uniformCache, action);
    let uniform = byService.get(service);
    if (uniform === undefined) {
      const ruled = candidateFormats(action, service, this.data)
        .map((f) => this.rulesOf(f))
        .filter((list) => list.length > 0);
      const only = ruled.length === 1 ? ruled[0] : undefined;
      uniform =
        only?.every(
          ({ rule, at, pattern }) =>
            rule.strategy !== 'common-prefix' &&
            pattern === undefined &&
            !only.some((other) => other.rule !== rule && other.at === at),
        ) ?? false;
      byService.set(service, uniform);
    }
    return uniform;
  }

  /**
   * What the originals of a group aggregation folded with this generalizer (aggregate/fold-resources.ts)
   * share, read from the first one, when the others' plans follow from it without matching them against the
   * ARN formats again; undefined otherwise. `base` is the fold's `common-prefix` base, if it has one.
   *
   * Aggregation put an original in the group only when its plan has the same prefix rule's type and base,
   * or (without a prefix) the same resource. For an original with neither `*` nor `GENERALIZE_MARK` in it:
   * - a prefix group whose first plan fires no wildcard and whose rule shares its variable with no other
   *   rule: the original's plan fires none either (it would leave a `*` in the base), so the original is
   *   the base with its value in place of the mark (`sharedValue`);
   * - a wildcard group of the only format with rules for the action and ARN service, whose rules each
   *   change their own variable whatever its value: the original's plan fires the same rules.
   */
  sharedPlan(action: string, first: string, base: string | undefined): SharedPlan | undefined {
    if (hasWildcardOrMark(first)) return undefined;
    const plan = this.planCached(action, first);
    if (!plan) return undefined;
    if (plan.prefix) {
      if (base !== plan.prefix.base || plan.wildcards.length > 0) return undefined;
      if (!this.lonePrefixRules.has(plan.prefix.rule)) return undefined;
      const mark = base.indexOf(MARK);
      if (mark < 0 || base.indexOf(MARK, mark + 1) >= 0) return undefined;
      return { plan, head: base.slice(0, mark), tail: base.slice(mark + 1) };
    }
    const service = arnService(first);
    if (base !== undefined || service === undefined || !this.uniformWildcards(action, service)) {
      return undefined;
    }
    return { plan, service };
  }

  /** How `resource` (as `action` uses it) is generalised, or undefined when no rule applies to it. */
  plan(action: string, resource: string): GeneralizationPlan | undefined {
    return this.planned(action, resource)?.plan;
  }

  private readonly suffixPlans = new Map<string, Map<string, SuffixPlan | null>>();
  private suffixPlansSize = 0;

  /**
   * `plan(action, resource)`, and with it, when one can be proved, the `SuffixPlan` of the resource's head:
   * the plan of every resource that is that head followed by another value, without matching it against
   * the ARN formats again (aggregation folds per-request resources with it). Proved once per head and action.
   */
  planWithSuffix(
    action: string,
    resource: string,
  ): { plan: GeneralizationPlan | undefined; suffix: SuffixPlan | undefined } {
    const found = this.planned(action, resource);
    if (found === undefined) return { plan: undefined, suffix: undefined };
    const { plan, format, match } = found;
    const last = format.names.length - 1;
    const variable = format.names[last];
    const value = match[last + 1] ?? '';
    // The per-request value must be the format's last variable (nothing after it), with its rule fired.
    if (format.literals[last + 1] !== '' || value === '') return { plan, suffix: undefined };
    if (
      plan.prefix
        ? plan.prefix.rule.variable !== variable
        : !plan.wildcards.some((r) => r.variable === variable && r.strategy === 'wildcard')
    ) {
      return { plan, suffix: undefined };
    }
    const head = resource.slice(0, resource.length - value.length);
    const byHead = innerMap(this.suffixPlans, action);
    let suffix = byHead.get(head);
    if (suffix === undefined) {
      suffix = this.headDecides(action, head, found) ? { head, plan } : null;
      if (++this.suffixPlansSize > 10_000) {
        this.suffixPlans.clear();
        this.suffixPlansSize = 0;
      }
      innerMap(this.suffixPlans, action).set(head, suffix);
    }
    return { plan, suffix: suffix ?? undefined };
  }

  /**
   * Whether every resource `head + value` (any non-empty value) has the plan `found` gave, the value aside:
   * the same format wins `bestMatches`, with the same values before its last variable, and the same rules
   * apply. `found` is the plan of one such resource, whose value is the last variable's (that of its
   * `common-prefix` rule or of a `wildcard` rule it fired), with nothing after it in the format. The format's
   * pattern (classify-resource.ts `compile`) is its literals with `([^:]+)` for a placement variable, `(.+?)`
   * for another and `(.+)` for the last:
   * - a lazy `(.+?)` ends where the literal after it first occurs; if that is inside the head for this
   *   resource, it is for every such resource (nothing after the head can make an earlier end match);
   * - a placement `([^:]+)` ends at the first `:`, which must begin the literal after it, inside the head;
   * - the last `(.+)` then takes the value, whatever it is (the pattern has the `s` flag);
   * - a format that `bestMatches` would try before this one is ruled out by its literal head (the start of
   *   its resource part) differing from the head's resource part inside the head, where the value cannot
   *   change it (so the head holds the five colons that start the resource part);
   * - the rules of the last variable are the `common-prefix` rule alone, or `wildcard` rules (which make any
   *   value but `*` a `*`; `suffixValue` refuses a `*`), none with a `valuePattern`; every other rule reads
   *   a value of the head, which is the same.
   */
  private headDecides(action: string, head: string, found: Planned): boolean {
    const { plan, format, match } = found;
    const names = format.names;
    const literals = format.literals;
    const last = names.length - 1;
    if (PLACEMENT_VARIABLES.has(names[last] as string)) return false;
    for (const { rule, at, pattern } of this.rulesOf(format)) {
      if (at !== last) continue;
      if (pattern !== undefined) return false;
      if (plan.prefix ? rule !== plan.prefix.rule : rule.strategy !== 'wildcard') return false;
    }
    let at = (literals[0] as string).length;
    for (let i = 0; i < last; i++) {
      const start = at;
      const end = start + (match[i + 1] as string).length;
      const literal = literals[i + 1] as string;
      if (literal === '' || end + literal.length > head.length) return false;
      const placement = PLACEMENT_VARIABLES.has(names[i] as string);
      if (
        placement
          ? literal[0] !== ':' || head.indexOf(':', start) !== end
          : head.indexOf(literal, start + 1) !== end
      ) {
        return false;
      }
      at = end + literal.length;
    }
    if (at !== head.length) return false;
    const start = resourcePartStart(head);
    const service = arnService(head);
    if (start < 0 || service === undefined) return false;
    const part = head.slice(start);
    for (const c of candidateFormats(action, service, this.data)) {
      if (c === format || c.specificity < format.specificity) continue;
      if (c.head === '' || part.startsWith(c.head) || c.head.startsWith(part)) return false;
    }
    return true;
  }

  /** `plan`, with the format and match it came from. */
  private planned(action: string, resource: string): Planned | undefined {
    if (resource === '*') return undefined;
    // The first of the most specific formats with a rule that applies to its values.
    for (const { format, match } of bestMatches(action, resource, this.data)) {
      const candidates = this.rulesOf(format);
      if (candidates.length === 0) continue;
      let values: string[] | undefined;
      let prefix: GeneralizationPlan['prefix'];
      const wildcards: GeneralizeRule[] = [];
      for (const { rule, at, pattern } of candidates) {
        const value = match[at + 1] ?? '';
        if (pattern !== undefined && !pattern.test(value)) continue;
        values ??= format.names.map((_, i) => match[i + 1] ?? '');
        if (rule.strategy === 'common-prefix') {
          prefix ??= { rule, value: '', base: '' };
          continue;
        }
        const current = values[at] ?? '';
        const replaced =
          rule.strategy === 'wildcard' ? '*' : wildcardAfterLast(current, rule.separator ?? '');
        if (replaced === current) continue;
        values[at] = replaced;
        wildcards.push(rule);
      }
      if (values === undefined) continue;
      if (!prefix) {
        return wildcards.length === 0
          ? undefined
          : { plan: { wildcards, resource: rebuildFrom(format.literals, values) }, format, match };
      }
      const at = format.names.indexOf(prefix.rule.variable);
      prefix.value = values[at] ?? '';
      values[at] = MARK;
      prefix.base = rebuildFrom(format.literals, values);
      return { plan: { wildcards, prefix, resource: prefix.base }, format, match };
    }
    return undefined;
  }
}

/** A plan with the format and match it was made from. */
interface Planned {
  plan: GeneralizationPlan;
  format: CompiledFormat;
  match: RegExpExecArray;
}

/**
 * The plan of every resource that starts with `head` and goes on with a value (`suffixValue`): `plan`, with
 * that value as `prefix.value` when it has a prefix, else the same (`Generalizer.planWithSuffix` proves it
 * once per head). Read-only.
 */
export interface SuffixPlan {
  head: string;
  plan: GeneralizationPlan;
}

/**
 * The value after a suffix plan's head when the plan is `resource`'s, else undefined: `resource` is the head
 * and a non-empty value (for a wildcard plan, not `*`: the rule leaves a `*` as it is).
 */
export function suffixValue(suffix: SuffixPlan, resource: string): string | undefined {
  const head = suffix.head;
  if (resource.length <= head.length || !resource.startsWith(head)) return undefined;
  const value = resource.slice(head.length);
  return suffix.plan.prefix === undefined && value === '*' ? undefined : value;
}

function rebuildFrom(literals: readonly string[], values: readonly string[]): string {
  let out = literals[0] ?? '';
  for (let i = 0; i < values.length; i++) out += (values[i] as string) + (literals[i + 1] ?? '');
  return out;
}

/** The plan the originals of a folded group share (`Generalizer.sharedPlan`). */
export interface SharedPlan {
  /** The first original's plan. */
  plan: GeneralizationPlan;
  /** A prefix group: its base cut at the mark. */
  head?: string;
  tail?: string;
  /** A wildcard group: the ARN service of its resources. */
  service?: string;
}

function hasWildcardOrMark(resource: string): boolean {
  return resource.includes('*') || resource.includes(MARK);
}

/**
 * An original's value for a shared prefix plan (`''` for a shared wildcard plan), or undefined when the
 * original does not have the shape the sharing needs: it is then planned on its own.
 */
export function sharedValue(shared: SharedPlan, original: string): string | undefined {
  if (hasWildcardOrMark(original)) return undefined;
  const { head, tail } = shared;
  if (head === undefined || tail === undefined) {
    return arnService(original) === shared.service ? '' : undefined;
  }
  if (original.length <= head.length + tail.length) return undefined;
  if (!original.startsWith(head) || !original.endsWith(tail)) return undefined;
  return original.slice(head.length, original.length - tail.length);
}

const generalizers = new WeakMap<ServiceData, WeakMap<readonly GeneralizeRule[], Generalizer>>();

/** The generalizer of these rules over this data, compiled once. */
export function generalizerFor(data: ServiceData, rules: readonly GeneralizeRule[]): Generalizer {
  let byRules = generalizers.get(data);
  if (!byRules) {
    byRules = new WeakMap();
    generalizers.set(data, byRules);
  }
  let g = byRules.get(rules);
  if (!g) {
    g = new Generalizer(data, rules);
    byRules.set(rules, g);
  }
  return g;
}

/** The generalizer of the packaged service data and rules (the one aggregation folds with). */
export function packagedGeneralizer(): Generalizer {
  return generalizerFor(serviceData(), loadGeneralizeRules());
}

/** The pattern a `common-prefix` base takes for values whose literal heads share `head`. */
export function prefixPattern(base: string, head: string, separator: string): string {
  const cut = head.lastIndexOf(separator);
  const fill = `${cut < 0 ? '' : head.slice(0, cut + separator.length)}*`;
  return base.split(MARK).join(fill);
}

/** The part of a value before its first wildcard, exported for incremental prefixes (aggregation). */
export { literalHead };

/** The longest common start of two strings. */
export function commonStart(a: string, b: string): string {
  let n = 0;
  const max = Math.min(a.length, b.length);
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n === a.length ? a : a.slice(0, n);
}

interface Event {
  text: (originals: number, more: boolean, actions: string) => string;
  /** Observed resources behind the event, a list per request (`distinctCount`). */
  originals: (readonly string[])[];
  more: boolean;
  actions: Set<string>;
  members: Set<number>;
}

interface PrefixGroup {
  rule: GeneralizeRule;
  base: string;
  /** The first value seen: what the group grants while it has no other. */
  first: string;
  /** Whether a value other than `first` was seen. */
  several: boolean;
  /** The longest common start of every value's literal head (`commonPrefixAtSeparator`, kept as it goes). */
  head: string;
  members: number[];
  /**
   * Observed resources behind the group (a folded request counts each of its originals), a list per member
   * (`distinctCount`).
   */
  originals: string[][];
  more: boolean;
  action: string;
}

/** The wildcard rules that changed one request's resources, and the observed resources they changed. */
interface WildcardHit {
  index: number;
  rule: GeneralizeRule;
  originals: string[];
  /** Whether the pattern of a folded request that did not keep every original was changed too. */
  more: boolean;
}

function howMany(n: number, more: boolean, label: string): string {
  return `${more ? 'more than ' : ''}${n} ${plural(label, more ? 2 : n)}`;
}

/**
 * How many distinct resources the lists hold. One list in strictly ascending order (a folded request's
 * originals, or a single resource) holds distinct ones: counted without hashing each.
 */
function distinctCount(lists: readonly (readonly string[])[]): number {
  const only = lists.length === 1 ? lists[0] : undefined;
  if (only) {
    let ascending = true;
    for (let i = 1; i < only.length && ascending; i++)
      ascending = (only[i - 1] as string) < (only[i] as string);
    if (ascending) return only.length;
  }
  const all = new Set<string>();
  for (const list of lists) for (const o of list) all.add(o);
  return all.size;
}

/** `prefix` cut just after its last `separator`; empty without one. */
function cutAtSeparator(prefix: string, separator: string): string {
  const cut = prefix.lastIndexOf(separator);
  return cut < 0 ? '' : prefix.slice(0, cut + separator.length);
}

/**
 * Generalise the per-request parts of the requested resources. Object keys are generalised per scope,
 * action and bucket, so `GetObject` on `uploads/` and `PutObject` on `reports/` stay apart. A request that
 * stands for folded originals is generalised as if each original had been requested: the result is the
 * same as without folding.
 */
export function generalizeResources(
  requests: readonly GeneralizeRequest[],
  options: GeneralizeOptions,
): GeneralizeResult {
  const generalizer = generalizerFor(options.data, options.rules);
  const finals: string[] = requests.map((r) => r.resource);
  const events = new Map<string, Event>();
  const prefixGroups = new Map<string, PrefixGroup>();
  const wildcardHits: WildcardHit[] = [];
  const packaged = generalizer === packagedGeneralizer();

  for (let index = 0; index < requests.length; index++) {
    const request = requests[index] as GeneralizeRequest;
    const action = request.action;
    // A folded request: each original, and the pattern itself when some originals were not kept.
    const seen = request.originals ?? [request.resource];
    const withPattern =
      request.originals !== undefined && (request.more === true || request.originals.length === 0);
    const hitsFrom = wildcardHits.length;
    const shared =
      packaged && request.foldedGroup && seen.length > 1
        ? generalizer.sharedPlan(action, seen[0] as string, request.foldedGroup.base)
        : undefined;
    // The group of this request's previous resource: a folded request's originals nearly always share one.
    let last: PrefixGroup | undefined;
    for (let k = 0, n = seen.length + (withPattern ? 1 : 0); k < n; k++) {
      const original = k < seen.length ? seen[k] : undefined;
      let plan: GeneralizationPlan | undefined;
      let value: string | undefined;
      if (shared && k > 0 && original !== undefined) value = sharedValue(shared, original);
      if (value !== undefined) plan = (shared as SharedPlan).plan;
      else {
        const resource = original ?? request.resource;
        plan = generalizer.mayApply(action, resource) ? generalizer.planCached(action, resource) : undefined;
      }
      if (!plan) continue;
      for (const rule of plan.wildcards) {
        let hit: WildcardHit | undefined;
        for (let h = hitsFrom; h < wildcardHits.length; h++) {
          if (wildcardHits[h]?.rule === rule) hit = wildcardHits[h];
        }
        if (!hit) {
          hit = { index, rule, originals: [], more: false };
          wildcardHits.push(hit);
        }
        if (original !== undefined) hit.originals.push(original);
        else hit.more = true;
      }
      if (plan.prefix) {
        const { rule, base } = plan.prefix;
        value ??= plan.prefix.value;
        let group = last !== undefined && last.rule === rule && last.base === base ? last : undefined;
        if (!group) {
          const key = [request.scope, action, rule.service, rule.resourceType, base].join(MARK);
          group = prefixGroups.get(key);
          if (!group) {
            group = {
              rule,
              base,
              first: value,
              several: false,
              head: literalHead(value),
              members: [],
              originals: [],
              more: false,
              action,
            };
            prefixGroups.set(key, group);
          }
          last = group;
        }
        if (value !== group.first) {
          group.several = true;
          // `head` holds no wildcard, so the common start with the value stops at the value's literal head.
          group.head = commonStart(group.head, value);
        }
        if (group.members[group.members.length - 1] !== index) {
          group.members.push(index);
          group.originals.push([]);
        }
        if (original !== undefined) group.originals[group.originals.length - 1]?.push(original);
        else group.more = true;
      } else {
        finals[index] = plan.resource;
      }
    }
  }

  const eventFor = (key: string, text: Event['text']): Event => {
    let event = events.get(key);
    if (!event) {
      event = { text, originals: [], more: false, actions: new Set(), members: new Set() };
      events.set(key, event);
    }
    return event;
  };

  for (const group of prefixGroups.values()) {
    const several = group.several || group.more;
    const separator = group.rule.separator ?? '/';
    const fill = several ? `${cutAtSeparator(group.head, separator)}*` : group.first;
    const result = group.base.split(MARK).join(fill);
    for (const member of group.members) finals[member] = result;
    if (!several) continue;
    const under = group.base.split(MARK).join(fill.slice(0, -1));
    const label = group.rule.label;
    const event = eventFor(
      ['prefix', label, under, result].join(MARK),
      (n, more, actions) => `${howMany(n, more, label)} under ${under} generalised to ${result} (${actions})`,
    );
    event.actions.add(group.action);
    event.originals.push(...group.originals);
    event.more ||= group.more;
    for (const member of group.members) event.members.add(member);
  }

  for (const { index, rule, originals, more } of wildcardHits) {
    const result = finals[index] ?? '';
    const label = rule.label;
    const event = eventFor(
      ['wildcard', label, result].join(MARK),
      (n, more, actions) =>
        `${howMany(n, more, `per-request ${label}`)} generalised to ${result} (${actions})`,
    );
    event.originals.push(originals);
    event.more ||= more;
    event.actions.add(requests[index]?.action ?? '');
    event.members.add(index);
  }

  const perRequest: (string[] | undefined)[] = [];
  const all: string[] = [];
  for (const event of events.values()) {
    const text = event.text(
      distinctCount(event.originals),
      event.more,
      [...event.actions].sort(compareText).join(', '),
    );
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
