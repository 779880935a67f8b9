/**
 * Granted policies -> concrete grants: every (action, resource pattern) an Allow statement names, with
 * wildcards and NotAction expanded through the service data, kept only when the action can apply to the
 * resource (`dynamodb:*` on a table keeps the table's actions, not the stream's), and judged by the engine
 * against the whole policy set (Deny statements, the permissions boundary, conditions).
 */
import { actionMatches } from '../evaluate/compile.js';
import { resourceArnTable } from '../mapping/resources.js';
import type { ActionInfo, ServiceData } from '../mapping/service-data.js';
import { formatAsPattern, isAnyResource, patternsIntersect, reachesBeyond } from './arn-pattern.js';
import type { PrincipalPolicies } from './policy-set.js';
import type { GrantSource } from './types.js';

export interface GrantRow {
  /** Canonical action. */
  action: string;
  service: string;
  info: ActionInfo;
  /** The granted resource pattern (`*` for NotResource, with `notResource` the exceptions). */
  resource: string;
  notResource?: string[];
  grantedBy: GrantSource[];
  /** `conditional`: the engine allows it only depending on these request keys. */
  status: 'allowed' | 'conditional';
  dependsOn: string[];
  /** The boundary allows only part of it. */
  limitedByBoundary?: boolean;
}

export interface ExpandResult {
  rows: GrantRow[];
  /** Whether some statement could name any service (`*`, NotAction, a wildcard service). */
  allServices: boolean;
  /** Grants written but refused for certain by a Deny or the boundary. */
  ineffective: number;
}

/** Cache of `resource type -> ARN pattern` per service data. */
const formatCache = new WeakMap<ServiceData, Map<string, string | undefined>>();

let excluded: Map<string, { slash: boolean; colon: boolean }> | undefined;

/**
 * ARN variables whose values never hold `/` or `:` (by `service, resource type, variable`), from the value
 * patterns of the reviewed table data/resource-arns.json (`BucketName: [^/]+`, `LogGroupName: [^:]+`).
 */
function variableExclusions(): Map<string, { slash: boolean; colon: boolean }> {
  if (!excluded) {
    excluded = new Map();
    for (const e of resourceArnTable().entries) {
      for (const [variable, pattern] of Object.entries(e.patterns ?? {})) {
        let re: RegExp;
        try {
          re = new RegExp(`^(?:${pattern})$`);
        } catch {
          continue;
        }
        const slash = !re.test('a/b') && !re.test('/') && !re.test('a/');
        const colon = !re.test('a:b') && !re.test(':') && !re.test('a:');
        if (slash || colon)
          excluded.set(`${e.service}\u0000${e.resourceType}\u0000${variable}`, { slash, colon });
      }
    }
  }
  return excluded;
}

function typePattern(data: ServiceData, service: string, type: string): string | undefined {
  let cache = formatCache.get(data);
  if (!cache) {
    cache = new Map();
    formatCache.set(data, cache);
  }
  const key = `${service}\u0000${type}`;
  if (!cache.has(key)) {
    const rt = data.resourceType(service, type);
    const exclusions = variableExclusions();
    const none = { slash: false, colon: false };
    cache.set(
      key,
      rt
        ? formatAsPattern(rt.arn, (v) => exclusions.get(`${service}\u0000${rt.key}\u0000${v}`) ?? none)
        : undefined,
    );
  }
  return cache.get(key);
}

/** Can this action be authorised on some resource the pattern names? */
export function actionAppliesTo(info: ActionInfo, pattern: string, data: ServiceData): boolean {
  if (isAnyResource(pattern)) return true;
  if (info.resourceTypes.length === 0) return false;
  for (const rt of info.resourceTypes) {
    const p = typePattern(data, info.service, rt.name);
    if (p === undefined || patternsIntersect(p, pattern)) return true;
  }
  return false;
}

/**
 * Whether `pattern` grants the action some resource of one of its resource types that none of `covering` names
 * (`reachesBeyond`, per type's ARN format with its variables' values as narrow as the reviewed table says). An
 * action with no resource type, or a type of unknown format, counts as reaching beyond.
 */
export function grantReachesBeyond(
  info: ActionInfo,
  pattern: string,
  covering: readonly string[],
  data: ServiceData,
): boolean {
  if (info.resourceTypes.length === 0) return true;
  for (const rt of info.resourceTypes) {
    const format = typePattern(data, info.service, rt.name);
    if (format === undefined || reachesBeyond(pattern, format, covering)) return true;
  }
  return false;
}

/** The services an Action list can name; undefined for any. */
function servicesOf(patterns: readonly string[], negated: boolean, data: ServiceData): string[] | undefined {
  if (negated) return undefined;
  const out = new Set<string>();
  for (const p of patterns) {
    const colon = p.indexOf(':');
    if (colon <= 0) return undefined;
    const s = p.slice(0, colon).toLowerCase();
    if (s.includes('*') || s.includes('?')) return undefined;
    if (data.hasService(s)) out.add(s);
  }
  return [...out].sort();
}

export function expandGrants(policies: PrincipalPolicies, data: ServiceData): ExpandResult {
  const rows = new Map<string, GrantRow>();
  let allServices = false;
  let ineffective = 0;
  const judged = new Map<string, GrantRow | null>();

  for (const policy of policies.identity) {
    const compiledByIndex = new Map(policy.compiled.statements.map((s) => [s.index, s]));
    for (const st of policy.parsed.statements) {
      if (st.effect?.value !== 'Allow' || !st.action) continue;
      const compiled = compiledByIndex.get(st.index);
      if (!compiled) continue; // not compiled: its diagnostics say why
      const negated = st.action.element === 'NotAction';
      const services = servicesOf(
        st.action.values.map((v) => v.value),
        negated,
        data,
      );
      if (!services) allServices = true;
      const { negated: notResource, patterns } = policies.resources(st);
      const targets = notResource ? ['*'] : patterns;
      const source = policies.source(policy, st);
      for (const service of services ?? data.services()) {
        for (const info of data.actions(service)) {
          if (!actionMatches(compiled.action, info.action.toLowerCase())) continue;
          for (const resource of targets) {
            if (!actionAppliesTo(info, resource, data)) continue;
            const key = `${info.action}\u0000${resource}`;
            const existing = rows.get(key);
            if (existing) {
              if (!existing.grantedBy.some((g) => g.policy === source.policy && g.path === source.path)) {
                existing.grantedBy.push(source);
              }
              continue;
            }
            let row = judged.get(key);
            if (row === undefined) {
              row = judge(policies, info, resource, notResource ? patterns : undefined, source);
              judged.set(key, row);
              if (row === null) ineffective++;
            }
            if (row) rows.set(key, row);
          }
        }
      }
    }
  }
  const sorted = [...rows.values()].sort((a, b) =>
    a.action === b.action ? (a.resource < b.resource ? -1 : 1) : a.action < b.action ? -1 : 1,
  );
  return { rows: sorted, allServices, ineffective };
}

/** Ask the engine whether the grant holds; null when a Deny or the boundary refuses it for certain. */
function judge(
  policies: PrincipalPolicies,
  info: ActionInfo,
  resource: string,
  notResource: string[] | undefined,
  source: GrantSource,
): GrantRow | null {
  const base: GrantRow = {
    action: info.action,
    service: info.service,
    info,
    resource,
    grantedBy: [source],
    status: 'allowed',
    dependsOn: [],
  };
  if (notResource) base.notResource = notResource;
  const r = policies.evaluate(info.action, resource);
  if (r.decision === 'Allowed') {
    if (r.dependsOn.length > 0) {
      base.status = 'conditional';
      base.dependsOn = r.dependsOn;
    }
    return base;
  }
  if (r.dependsOn.length > 0) {
    base.status = 'conditional';
    base.dependsOn = r.dependsOn;
    return base;
  }
  if (r.decision === 'ImplicitDeny' && r.notAllowedBy.includes('permissions-boundary') && policies.boundary) {
    // The identity policies grant it; does the boundary allow any of it?
    for (const s of policies.boundary.compiled.statementsFor(info.action.toLowerCase())) {
      if (s.effect !== 'Allow') continue;
      const st = policies.statement(policies.boundary, s.index);
      if (!st) continue;
      const { negated, patterns } = policies.resources(st);
      if (negated || patterns.some((p) => patternsIntersect(p, resource))) {
        base.limitedByBoundary = true;
        return base;
      }
    }
  }
  return null;
}
