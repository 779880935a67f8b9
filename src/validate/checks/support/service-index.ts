/**
 * Indexes over the service authorization data, built once per ServiceData and shared by every check and
 * every policy of a run: lower-cased action tables, wildcard expansions, ARN formats by the service field
 * of the ARN, condition keys with their types (global keys from our table), which keys each action takes.
 */
import type { ActionInfo, ConditionKeyInfo, ServiceData } from '../../../mapping/service-data.js';
import globalKeys from '../data/global-condition-keys.json' with { type: 'json' };
import { isVariableField, type ParsedArn } from './arn.js';
import { closest } from './did-you-mean.js';
import { hasWildcard, literalPrefix, patternsIntersect, tokenize, wildcardRegex } from './wildcard.js';

export interface ArnFormat {
  /** IAM service prefix whose data declares it. */
  service: string;
  resourceType: string;
  arn: string;
  /** `required` (a variable), `empty`, or a literal value (`us-west-2`, `aws`). */
  region: 'required' | 'empty' | { literal: string };
  account: 'required' | 'empty' | { literal: string };
  resource: string;
}

export interface ResolvedConditionKey {
  /** Canonical spelling from the data (`s3:prefix`, `aws:PrincipalTag/${TagKey}`). */
  key: string;
  type: string;
  global: boolean;
  /** ArrayOf... types: the request may carry several values. */
  multivalued: boolean;
  absentForServicePrincipals: boolean;
}

interface KeyMatcher {
  exact: Set<string>;
  patterns: RegExp[];
}

interface GlobalKeyEntry {
  key: string;
  type: string;
  absentForServicePrincipals?: boolean;
}

/** `aws:PrincipalTag/${TagKey}` or `s3:ExistingObjectTag/<key>` as a regular expression over lower case. */
function keyPatternRegex(pattern: string): RegExp | undefined {
  if (!/\$\{[^}]*\}|<[^>]*>/.test(pattern)) return undefined;
  const parts = pattern.toLowerCase().split(/\$\{[^}]*\}|<[^>]*>/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('.+')}$`, 's');
}

function fieldKind(field: string): ArnFormat['region'] {
  if (field === '') return 'empty';
  if (field.includes('${') || field === '*') return 'required';
  return { literal: field };
}

const indexes = new WeakMap<ServiceData, ServiceIndex>();

export class ServiceIndex {
  private readonly serviceList: string[];
  private readonly serviceSet: Set<string>;
  private readonly matchCache = new Map<string, readonly ActionInfo[]>();
  private arnBySegment: Map<string, ArnFormat[]> | undefined;
  private readonly formatMatchCache = new Map<string, ArnFormat[]>();
  private readonly keyCandidates = new Map<string, string[]>();
  private readonly keyPatterns = new Map<string, { re: RegExp; key: string }[]>();
  private readonly resolvedKeys = new Map<string, ResolvedConditionKey | null>();
  private readonly actionKeys = new Map<string, KeyMatcher>();
  private readonly tagKeysByService = new Map<string, Set<string>>();
  private allActionList: ActionInfo[] | undefined;
  private readonly globalExact = new Map<string, GlobalKeyEntry>();
  private readonly globalPatterns: { re: RegExp; entry: GlobalKeyEntry }[] = [];

  private constructor(readonly data: ServiceData) {
    this.serviceList = data.services().map((s) => s.toLowerCase());
    this.serviceSet = new Set(this.serviceList);
    for (const entry of globalKeys.keys as GlobalKeyEntry[]) {
      const re = keyPatternRegex(entry.key);
      if (re) this.globalPatterns.push({ re, entry });
      else this.globalExact.set(entry.key.toLowerCase(), entry);
    }
  }

  /** The index of this service data, built on first use. */
  static of(data: ServiceData): ServiceIndex {
    let index = indexes.get(data);
    if (!index) {
      index = new ServiceIndex(data);
      indexes.set(data, index);
    }
    return index;
  }

  hasService(service: string): boolean {
    return this.serviceSet.has(service.toLowerCase());
  }

  services(): readonly string[] {
    return this.serviceList;
  }

  suggestService(service: string): string | undefined {
    return closest(service, this.serviceList);
  }

  /** The canonical action closest to `service:name`, for "did you mean". */
  suggestAction(service: string, name: string): string | undefined {
    const names = this.data.actions(service).map((a) => a.name);
    const hit = closest(name, names);
    return hit ? `${service.toLowerCase()}:${hit}` : undefined;
  }

  /** Every action in the data (loads all services once). */
  allActions(): readonly ActionInfo[] {
    this.allActionList ??= this.serviceList.flatMap((s) => this.data.actions(s));
    return this.allActionList;
  }

  /**
   * The actions an Action pattern names (`s3:Get*`, `*`, `ec2:RunInstances`), case-insensitively.
   * Empty when it names none.
   */
  matchActions(pattern: string): readonly ActionInfo[] {
    const key = pattern.toLowerCase();
    const hit = this.matchCache.get(key);
    if (hit) return hit;
    let result: readonly ActionInfo[];
    if (key === '*') result = this.allActions();
    else {
      const colon = key.indexOf(':');
      if (colon <= 0) result = [];
      else {
        const service = key.slice(0, colon);
        const name = key.slice(colon + 1);
        const services = hasWildcard(service)
          ? this.serviceList.filter((s) => wildcardRegex(service, true).test(s))
          : this.serviceSet.has(service)
            ? [service]
            : [];
        if (!hasWildcard(name)) {
          result = services.flatMap((s) => {
            const a = this.data.action(s, name);
            return a ? [a] : [];
          });
        } else {
          const re = wildcardRegex(name, true);
          result = services.flatMap((s) => this.data.actions(s).filter((a) => re.test(a.name)));
        }
      }
    }
    if (this.matchCache.size > 20_000) this.matchCache.clear();
    this.matchCache.set(key, result);
    return result;
  }

  private segments(): Map<string, ArnFormat[]> {
    if (!this.arnBySegment) {
      const map = new Map<string, ArnFormat[]>();
      for (const service of this.serviceList) {
        for (const rt of this.data.resourceTypes(service)) {
          const fields = splitFormat(rt.arn);
          if (!fields) continue;
          const [, , segment, region, account, resource] = fields;
          const format: ArnFormat = {
            service,
            resourceType: rt.key,
            arn: rt.arn,
            region: fieldKind(region),
            account: fieldKind(account),
            resource,
          };
          const list = map.get(segment) ?? [];
          list.push(format);
          map.set(segment, list);
        }
      }
      this.arnBySegment = map;
    }
    return this.arnBySegment;
  }

  /** Is this the service field of some ARN format, or a service prefix? */
  knownArnService(segment: string): boolean {
    return this.segments().has(segment) || this.serviceSet.has(segment);
  }

  arnFormats(segment: string): readonly ArnFormat[] {
    return this.segments().get(segment) ?? [];
  }

  /** ARN formats of the ARN's service whose resource part can match the ARN's resource part. */
  matchingFormats(arn: ParsedArn): readonly ArnFormat[] {
    const cacheKey = `${arn.service}\u0000${arn.resource}`;
    const hit = this.formatMatchCache.get(cacheKey);
    if (hit) return hit;
    const formats = this.arnFormats(arn.service);
    const resource = arn.resource;
    let result: ArnFormat[];
    if (!isVariableField(resource)) {
      result = formats.filter((f) => formatRegex(f.resource).test(resource));
    } else {
      const mine = tokenize(resource, true, true);
      const minePrefix = literalPrefix(resource).toLowerCase();
      result = formats.filter((f) => {
        const theirPrefix = literalPrefix(f.resource).toLowerCase();
        const n = Math.min(minePrefix.length, theirPrefix.length);
        if (minePrefix.slice(0, n) !== theirPrefix.slice(0, n)) return false;
        return patternsIntersect(mine, tokenize(f.resource, true, true));
      });
    }
    if (this.formatMatchCache.size > 50_000) this.formatMatchCache.clear();
    this.formatMatchCache.set(cacheKey, result);
    return result;
  }

  /** Condition keys a service declares (from its actions and resource types), for "did you mean". */
  serviceConditionKeys(service: string): readonly string[] {
    const s = service.toLowerCase();
    let keys = this.keyCandidates.get(s);
    if (!keys) {
      const set = new Set<string>();
      const add = (k: string) => {
        const lower = k.toLowerCase();
        if (
          lower.startsWith(`${s}:`) ||
          (s === 'sts' && isFederationKeyPrefix(lower.slice(0, lower.indexOf(':'))))
        ) {
          set.add(k);
        }
      };
      for (const a of this.data.actions(s)) {
        for (const k of a.conditionKeys) add(k);
        for (const r of a.resourceTypes) for (const k of r.conditionKeys) add(k);
      }
      for (const r of this.data.resourceTypes(s)) for (const k of r.conditionKeys) add(k);
      keys = [...set].sort();
      this.keyCandidates.set(s, keys);
    }
    return keys;
  }

  private servicePatterns(service: string): { re: RegExp; key: string }[] {
    let patterns = this.keyPatterns.get(service);
    if (!patterns) {
      patterns = [];
      for (const key of this.serviceConditionKeys(service)) {
        const re = keyPatternRegex(key);
        if (re) patterns.push({ re, key });
      }
      this.keyPatterns.set(service, patterns);
    }
    return patterns;
  }

  /** A condition key as the data knows it, or undefined. Tag-style keys (`aws:ResourceTag/team`) resolve too. */
  conditionKey(key: string): ResolvedConditionKey | undefined {
    const lower = key.toLowerCase();
    const hit = this.resolvedKeys.get(lower);
    if (hit !== undefined) return hit ?? undefined;
    const resolved = this.resolveKey(lower);
    this.resolvedKeys.set(lower, resolved ?? null);
    return resolved;
  }

  private resolveKey(lower: string): ResolvedConditionKey | undefined {
    const colon = lower.indexOf(':');
    if (colon <= 0) return undefined;
    const service = lower.slice(0, colon);
    if (service === 'aws') {
      const entry = this.globalExact.get(lower) ?? this.globalPatterns.find((p) => p.re.test(lower))?.entry;
      if (!entry) return undefined;
      return {
        key: entry.key,
        type: entry.type,
        global: true,
        multivalued: entry.type.startsWith('ArrayOf'),
        absentForServicePrincipals: entry.absentForServicePrincipals ?? false,
      };
    }
    // Keys of identity providers (saml:, accounts.google.com:, token.actions.githubusercontent.com:) are
    // declared by STS, the service that evaluates them.
    const owner = isFederationKeyPrefix(service) ? 'sts' : service;
    if (!this.serviceSet.has(owner)) return undefined;
    let info: ConditionKeyInfo | undefined = this.data.conditionKey(owner, lower);
    if (!info) {
      const pattern = this.servicePatterns(owner).find((p) => p.re.test(lower));
      if (pattern)
        info = this.data.conditionKey(owner, pattern.key) ?? {
          key: pattern.key,
          description: '',
          type: 'String',
        };
    }
    if (!info) return undefined;
    return {
      key: info.key,
      type: info.type,
      global: false,
      multivalued: info.type.startsWith('ArrayOf'),
      absentForServicePrincipals: false,
    };
  }

  /**
   * For a key written without its tag-key part (`aws:ResourceTag`, `s3:ExistingObjectTag/`), the pattern
   * key it is a prefix of (`aws:ResourceTag/${TagKey}`); undefined otherwise.
   */
  patternMissingSuffix(key: string): string | undefined {
    const lower = key.toLowerCase().replace(/\/$/, '');
    const colon = lower.indexOf(':');
    if (colon <= 0) return undefined;
    const service = lower.slice(0, colon);
    let candidates: readonly string[];
    if (service === 'aws') candidates = this.globalConditionKeys();
    else {
      const owner = isFederationKeyPrefix(service) ? 'sts' : service;
      if (!this.serviceSet.has(owner)) return undefined;
      candidates = this.serviceConditionKeys(owner);
    }
    return candidates.find((c) => {
      const cl = c.toLowerCase();
      return cl.startsWith(`${lower}/\${`) || cl.startsWith(`${lower}/<`);
    });
  }

  /** Global condition keys, for "did you mean". */
  globalConditionKeys(): readonly string[] {
    return (globalKeys.keys as GlobalKeyEntry[]).map((k) => k.key);
  }

  private matcherFor(action: ActionInfo): KeyMatcher {
    let m = this.actionKeys.get(action.action);
    if (!m) {
      m = { exact: new Set(), patterns: [] };
      const add = (k: string) => {
        const re = keyPatternRegex(k);
        if (re) (m as KeyMatcher).patterns.push(re);
        else (m as KeyMatcher).exact.add(k.toLowerCase());
      };
      for (const k of action.conditionKeys) add(k);
      for (const r of action.resourceTypes) {
        for (const k of r.conditionKeys) add(k);
        for (const k of this.data.resourceType(action.service, r.name)?.conditionKeys ?? []) add(k);
      }
      this.actionKeys.set(action.action, m);
    }
    return m;
  }

  /** Does the data list this condition key for the action (on the action or on one of its resource types)? */
  actionSupportsKey(action: ActionInfo, key: string): boolean {
    const m = this.matcherFor(action);
    const lower = key.toLowerCase();
    return m.exact.has(lower) || m.patterns.some((re) => re.test(lower));
  }

  /**
   * The tag keys (`aws:resourcetag`, `aws:requesttag`, `aws:tagkeys`) some action or resource type of
   * the service supports.
   */
  serviceTagKeys(service: string): ReadonlySet<string> {
    const s = service.toLowerCase();
    let set = this.tagKeysByService.get(s);
    if (!set) {
      set = new Set();
      const add = (k: string) => {
        const base = tagKeyBase(k);
        if (base) (set as Set<string>).add(base);
      };
      for (const a of this.data.actions(s)) {
        for (const k of a.conditionKeys) add(k);
        for (const r of a.resourceTypes) for (const k of r.conditionKeys) add(k);
      }
      for (const r of this.data.resourceTypes(s)) for (const k of r.conditionKeys) add(k);
      this.tagKeysByService.set(s, set);
    }
    return set;
  }
}

/**
 * The prefix of an identity provider's condition keys rather than a service's: `saml`, or a domain
 * (`accounts.google.com`, `token.actions.githubusercontent.com`, `oidc.circleci.com/org/...`).
 */
export function isFederationKeyPrefix(prefix: string): boolean {
  return prefix === 'saml' || prefix.includes('.') || prefix.includes('/');
}

/** `aws:resourcetag`, `aws:requesttag` or `aws:tagkeys` for a tag condition key, undefined for others. */
export function tagKeyBase(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower === 'aws:tagkeys') return 'aws:tagkeys';
  for (const base of ['aws:resourcetag', 'aws:requesttag']) {
    if (lower === base || lower.startsWith(`${base}/`)) return base;
  }
  return undefined;
}

const formatRegexCache = new Map<string, RegExp>();

/** A format's resource part as a regular expression: variables match any non-empty text. */
function formatRegex(resource: string): RegExp {
  let re = formatRegexCache.get(resource);
  if (!re) {
    const parts = resource.split(/\$\{[^}]*\}/);
    re = new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('.+')}$`, 'is');
    formatRegexCache.set(resource, re);
  }
  return re;
}

/** The six fields of an ARN format; variables never hold colons there. */
function splitFormat(arn: string): [string, string, string, string, string, string] | undefined {
  const fields = arn.split(':');
  if (fields.length < 6) return undefined;
  const [a, b, c, d, e] = fields as [string, string, string, string, string];
  return [a, b, c, d, e, fields.slice(5).join(':')];
}
