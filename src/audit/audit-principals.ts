/**
 * `auditPrincipals(granted, generated)`: per granted principal, and per workload inside a shared role, what
 * was granted against what was used (from `generate()` over any source):
 *
 * - unused grants (wildcards and NotAction expanded through the service data, only actions that apply to the
 *   granted resource), whole services collapsed into one entry;
 * - over-broad grants: used, but on a pattern far wider than the resources used, or without a condition every
 *   use met;
 * - unprovable instead of unused when the logs could not have seen the use (data events absent from the
 *   input, calls CloudTrail never logs, no activity input at all);
 * - refused calls judged against the grants (a missing permission, an explicit deny, or a refusal from a
 *   policy not in the input), and used permissions the grants do not explain;
 * - risks (./risk.ts), ranked; principals granted but never seen;
 * - the replacement policy (the generated one), proven contained in the grants (./prove-replacement.ts).
 */
import type { PrincipalUsage } from '../aggregate/usage.js';
import type { GrantedInput, GrantedPrincipal } from '../granted/types.js';
import { type ServiceData, serviceData } from '../mapping/service-data.js';
import type { GeneratedPolicy, GenerateResult } from '../pipeline/generate.js';
import { asArray } from '../policy/types.js';
import { plural } from '../util/words.js';
import { hasWildcard, patternContains, patternsIntersect } from './arn-pattern.js';
import { DataEventCoverage, type DataEventTable, dataEventTable } from './data-events.js';
import { expandGrants, type GrantRow, grantReachesBeyond } from './expand-grants.js';
import { PrincipalPolicies } from './policy-set.js';
import { type ObservedPermission, proveReplacement } from './prove-replacement.js';
import { classifyPrincipalRisk, finishFindings, type RiskDraft } from './risk.js';
import {
  type AuditResult,
  type AuditSummary,
  type DeniedFinding,
  type GrantSource,
  type NotGrantedUse,
  type OverbroadGrant,
  type PrincipalAudit,
  SEVERITIES,
  type Severity,
  type UnprovableGrant,
  type UnusedGrant,
} from './types.js';

export interface AuditOptions {
  /** Service authorization data; the packaged data by default. Tests inject a tiny table. */
  serviceData?: ServiceData;
  /** The data-event table; `data/data-events.json` by default. */
  dataEvents?: DataEventTable;
}

/** Everything computed once per granted principal and shared by its workloads. */
interface PrincipalContext {
  data: ServiceData;
  granted: GrantedPrincipal;
  policies: PrincipalPolicies;
  rows: GrantRow[];
  risks: RiskDraft[];
  ineffective: number;
}

function byString<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/** The observed successful permissions behind a generated policy: raw usage when kept, else its evidence. */
export function observedOf(policy: GeneratedPolicy, usage: PrincipalUsage | undefined): ObservedPermission[] {
  if (usage) {
    return [...usage.used.values()].map((u) => {
      const o: ObservedPermission = {
        action: u.action,
        resource: u.resource,
        count: u.count,
        firstSeen: u.firstSeen,
        lastSeen: u.lastSeen,
      };
      if (u.condition) o.condition = u.condition;
      return o;
    });
  }
  const out: ObservedPermission[] = [];
  for (const e of policy.evidence) {
    for (const action of e.actions) {
      for (const resource of e.resources) {
        const o: ObservedPermission = {
          action,
          resource,
          count: e.count,
          firstSeen: e.firstSeen,
          lastSeen: e.lastSeen,
        };
        if (e.condition) o.condition = e.condition;
        out.push(o);
      }
    }
  }
  return out;
}

function statementPatterns(ctx: PrincipalContext, source: GrantSource, service: string): string[] {
  const p = ctx.policies.policy(source.policy);
  const st = p?.parsed.statements.find((s) => s.path === source.path);
  if (!st?.action || st.action.element === 'NotAction') return [`${service}:*`];
  const out = new Set<string>();
  for (const v of st.action.values) {
    const colon = v.value.indexOf(':');
    const prefix = colon > 0 ? v.value.slice(0, colon).toLowerCase() : '*';
    if (prefix === service) out.add(v.value);
    else if (v.value === '*' || prefix.includes('*') || prefix.includes('?')) out.add(`${service}:*`);
  }
  return out.size > 0 ? [...out].sort() : [`${service}:*`];
}

function mergeSources(list: GrantSource[], more: readonly GrantSource[]): void {
  for (const g of more) if (!list.some((x) => x.policy === g.policy && x.path === g.path)) list.push(g);
}

const DATA_EVENTS_HINT = 'the input holds no data event of';

function auditOne(
  ctx: PrincipalContext,
  generated: GeneratedPolicy | undefined,
  usage: PrincipalUsage | undefined,
  workload: string | null,
  activity: boolean,
  coverage: DataEventCoverage,
  table: DataEventTable,
  inputSources: ReadonlySet<string>,
): PrincipalAudit {
  const { granted, policies, rows } = ctx;
  const observed = generated ? observedOf(generated, usage) : [];
  // Absence of a call proves nothing when the only record of the activity is sampled traces.
  const sources = generated ? (generated.sources ?? ['cloudtrail']) : [...inputSources];
  const tracesOnly = activity && sources.length > 0 && !sources.includes('cloudtrail');
  const usedByAction = new Map<string, ObservedPermission[]>();
  for (const o of observed) {
    const k = o.action.toLowerCase();
    usedByAction.set(k, [...(usedByAction.get(k) ?? []), o]);
  }
  const usedServices = new Set(observed.map((o) => o.action.slice(0, o.action.indexOf(':')).toLowerCase()));
  const recommendedResources = (action: string): string[] => {
    const out = new Set<string>();
    for (const e of generated?.evidence ?? [])
      if (e.actions.includes(action)) for (const r of e.resources) out.add(r);
    return [...out];
  };

  type Pending = {
    row: GrantRow;
    reason?: UnprovableGrant['reason'];
    dataEventType?: string;
    message?: string;
  };
  const unusedRows: Pending[] = [];
  const unprovableRows: Pending[] = [];
  const overbroadGroups = new Map<string, OverbroadGrant>();

  for (const row of rows) {
    const matches = (usedByAction.get(row.action.toLowerCase()) ?? []).filter(
      (u) =>
        patternsIntersect(row.resource, u.resource) &&
        !(row.notResource ?? []).some((n) => patternContains(n, u.resource)),
    );
    if (matches.length > 0) {
      // Over-broad: the grant names resources the use did not, among those the action can be granted on (a
      // log group's `NAME:*` names no log stream beyond `NAME:log-stream:*`, since a log group's name holds no
      // colon). What NotResource leaves out is not granted.
      if (
        hasWildcard(row.resource) &&
        !matches.some((u) => patternContains(u.resource, row.resource)) &&
        grantReachesBeyond(
          row.info,
          row.resource,
          [...matches.map((u) => u.resource), ...(row.notResource ?? [])],
          ctx.data,
        )
      ) {
        const shown = recommendedResources(row.action).filter((r) => patternsIntersect(r, row.resource));
        const used = shown.length > 0 ? shown : [...new Set(matches.map((m) => m.resource))];
        const k = `${row.resource}\u0000${used.sort().join(',')}`;
        const g = overbroadGroups.get(k) ?? {
          kind: 'resource' as const,
          actions: [],
          resource: row.resource,
          used: used.slice(0, 20),
          message: '',
          grantedBy: [],
        };
        g.actions.push(row.action);
        mergeSources(g.grantedBy, row.grantedBy);
        overbroadGroups.set(k, g);
      }
      continue;
    }
    if (!activity) {
      unprovableRows.push({
        row,
        reason: 'no-activity',
        message: 'no activity source was given: nothing can be called unused',
      });
      continue;
    }
    if (tracesOnly) {
      unprovableRows.push({
        row,
        reason: 'sampled-traces',
        message:
          'only sampled traces show this activity (no CloudTrail): a call missing from them may still have happened',
      });
      continue;
    }
    const never = table.notLogged(row.action);
    if (never) {
      unprovableRows.push({ row, reason: 'not-logged', message: `CloudTrail never records ${row.action}` });
      continue;
    }
    const de = table.dataEventOf(row.action);
    if (de && !coverage.covers(de.resourcesType, row.resource)) {
      unprovableRows.push({
        row,
        reason: 'data-events-not-logged',
        dataEventType: de.resourcesType,
        message: `${DATA_EVENTS_HINT} type ${de.resourcesType} on ${row.resource}: log them (a trail's event selector) to tell`,
      });
      continue;
    }
    unusedRows.push({ row });
  }

  const overbroad = [...overbroadGroups.values()].map((g) => {
    g.actions.sort();
    g.message = `${g.actions.length === 1 ? g.actions[0] : `${g.actions.length} actions`} granted on ${g.resource}, used only on ${g.used.join(', ')}.`;
    return g;
  });

  // Conditions every use met that the grant does not require (iam:PassedToService, kms:ViaService...).
  for (const st of generated?.policy.Statement ?? []) {
    if (!st.Condition) continue;
    for (const r of asArray(st.Resource)) {
      for (const a of asArray(st.Action)) {
        const res = policies.evaluate(a, r);
        if (res.decision !== 'Allowed' || res.dependsOn.length > 0) continue;
        const grantedBy: GrantSource[] = [];
        for (const m of res.matched) {
          const p = policies.policy(m.policy);
          if (p && m.effect === 'Allow')
            mergeSources(grantedBy, [policies.source(p, { path: m.path, sid: m.sid })]);
        }
        const condition = st.Condition;
        const what = Object.entries(condition)
          .flatMap(([op, keys]) =>
            Object.entries(keys).map(([k, v]) => `${k} ${op} ${asArray(v).map(String).join(', ')}`),
          )
          .join('; ');
        overbroad.push({
          kind: 'condition',
          actions: [a],
          resource: r,
          used: [r],
          condition,
          message: `${a} on ${r} is granted without the condition every use met (${what}).`,
          grantedBy,
        });
      }
    }
  }
  overbroad.sort(byString((o) => `${o.kind}\u0000${o.resource}\u0000${o.actions.join(',')}`));

  // Collapse services nothing of which was used into one entry per granted resource.
  const collapse = <T extends UnusedGrant>(
    pending: Pending[],
    make: (p: Pending, action: string, count?: number) => T,
  ): T[] => {
    const out: T[] = [];
    const groups = new Map<string, Pending[]>();
    for (const p of pending) {
      if (usedServices.has(p.row.service)) {
        out.push(make(p, p.row.action));
        continue;
      }
      const k = `${p.row.service}\u0000${p.row.resource}\u0000${p.reason ?? ''}\u0000${p.dataEventType ?? ''}`;
      groups.set(k, [...(groups.get(k) ?? []), p]);
    }
    for (const list of groups.values()) {
      const first = list[0]!;
      if (list.length === 1) {
        out.push(make(first, first.row.action));
        continue;
      }
      const sources: GrantSource[] = [];
      for (const p of list) mergeSources(sources, p.row.grantedBy);
      const patterns = new Set<string>();
      for (const s of sources) for (const x of statementPatterns(ctx, s, first.row.service)) patterns.add(x);
      const entry = make(first, [...patterns].sort().join(', '), list.length);
      entry.grantedBy = sources;
      out.push(entry);
    }
    return out.sort(byString((u) => `${u.service}\u0000${u.action}\u0000${u.resource}`));
  };
  const conditional = (row: GrantRow) =>
    row.status === 'conditional' ? { conditionKeys: row.dependsOn } : {};
  const unused = collapse<UnusedGrant>(unusedRows, (p, action, count) => ({
    action,
    resource: p.row.resource,
    service: p.row.service,
    ...(count !== undefined ? { actions: count } : {}),
    grantedBy: [...p.row.grantedBy],
    ...conditional(p.row),
  }));
  const unprovable = collapse<UnprovableGrant>(unprovableRows, (p, action, count) => ({
    action,
    resource: p.row.resource,
    service: p.row.service,
    ...(count !== undefined ? { actions: count } : {}),
    reason: p.reason!,
    ...(p.dataEventType ? { dataEventType: p.dataEventType } : {}),
    message: p.message!,
    grantedBy: [...p.row.grantedBy],
  }));
  const grantedServices = [...new Set(rows.map((r) => r.service))].sort();
  const unusedServices = grantedServices.filter(
    (s) =>
      !usedServices.has(s) &&
      unusedRows.some((p) => p.row.service === s) &&
      !unprovableRows.some((p) => p.row.service === s),
  );

  // Refused calls, judged against the grants.
  const denied: DeniedFinding[] = (generated?.denied ?? []).map((d) => {
    const base = {
      operation: `${d.eventSource}:${d.operation}`,
      errorCode: d.errorCode,
      actions: d.actions,
      resources: d.resources,
      count: d.count,
      lastSeen: d.lastSeen,
    };
    if (d.actions.length === 0) {
      return {
        ...base,
        verdict: 'unknown' as const,
        message: 'the mapping does not say which action was refused',
      };
    }
    const resources = d.resources.length > 0 ? d.resources : ['*'];
    let explicit: GrantSource[] | undefined;
    let allAllowed = true;
    for (const a of d.actions) {
      for (const r of resources) {
        const res = policies.evaluate(a, r);
        if (res.decision === 'ExplicitDeny') {
          explicit = [];
          for (const m of res.matched) {
            const p = policies.policy(m.policy);
            if (p) explicit.push(policies.source(p, { path: m.path, sid: m.sid }));
          }
        }
        if (res.decision !== 'Allowed') allAllowed = false;
      }
    }
    const what = `${d.actions.join(', ')} on ${resources.join(', ')}`;
    if (explicit) {
      return {
        ...base,
        verdict: 'explicit-deny' as const,
        message: `refused by a Deny statement of the granted policies (${what})`,
        statements: explicit,
      };
    }
    if (allAllowed) {
      return {
        ...base,
        verdict: 'denied-elsewhere' as const,
        message: `the granted policies allow ${what}: an SCP, resource policy, boundary or session policy not in the input refused it`,
      };
    }
    return {
      ...base,
      verdict: 'missing-permission' as const,
      message: `the granted policies do not allow ${what}: grant it if the call is wanted`,
    };
  });

  // The replacement policy, proven.
  let recommendedPolicy: PrincipalAudit['recommendedPolicy'] = null;
  let proof: PrincipalAudit['proof'] = null;
  let notGranted: NotGrantedUse[] = [];
  if (generated && generated.policy.Statement.length > 0) {
    const proved = proveReplacement(generated.policy, policies, observed);
    recommendedPolicy = proved.policy;
    proof = proved.proof;
    notGranted = proof.excluded.map((e) => {
      const calls = (usedByAction.get(e.action.toLowerCase()) ?? [])
        .filter((o) => o.resource === e.resource || patternContains(e.resource, o.resource))
        .reduce((n, o) => n + o.count, 0);
      return {
        action: e.action,
        resource: e.resource,
        resources: e.observed,
        count: calls,
        message: `used, but the granted policies do not allow it (${e.reason}): a policy is missing from the input, or the permission comes from elsewhere (a resource policy, a framework default)`,
      };
    });
  }

  const usedActions = new Set(observed.map((o) => o.action.toLowerCase()));
  const risks = finishFindings(ctx.risks, usedActions);
  const notes: string[] = [];
  const seen = activity ? generated !== undefined : null;
  if (seen === false) {
    notes.push(
      `never seen in the activity input: ${workload ? 'this workload' : `this ${granted.kind}`} made no call in the window; every grant is unused unless the logs could not see it`,
    );
  }
  if (generated?.sharedBy && generated.sharedBy.length > 1) {
    notes.push(
      `shared by ${generated.sharedBy.length} Lambda functions: give each its own role with the per-function replacement policy`,
    );
  }
  if (ctx.ineffective > 0 && !workload) {
    notes.push(
      `${ctx.ineffective} granted (action, resource) ${ctx.ineffective === 1 ? 'pair is' : 'pairs are'} refused anyway by a Deny statement or the permissions boundary`,
    );
  }
  if (rows.some((r) => r.limitedByBoundary) && !workload)
    notes.push('the permissions boundary allows only part of some grants');
  const policyErrors = policies.diagnostics.filter((d) => d.severity === 'error');
  if (policyErrors.length > 0 && !workload) {
    notes.push(
      `${plural(policyErrors.length, 'problem')} in the granted policies left statements out (run leastpriv validate on them)`,
    );
  }

  const permissions = [...usedByAction.entries()]
    .map(([, list]) => {
      const action = list[0]!.action;
      const resources = recommendedResources(action);
      return {
        action,
        resource:
          resources.length === 1
            ? resources[0]!
            : resources.length > 1
              ? `${resources.length} resources`
              : list[0]!.resource,
        count: list.reduce((n, o) => n + o.count, 0),
        // ISO times of one format compare as strings (Math.min would turn them into NaN).
        firstSeen: list.reduce((t, o) => (o.firstSeen < t ? o.firstSeen : t), list[0]!.firstSeen),
        lastSeen: list.reduce((t, o) => (o.lastSeen > t ? o.lastSeen : t), list[0]!.lastSeen),
      };
    })
    .sort(byString((p) => p.action));

  const audit: PrincipalAudit = {
    principal: granted.arn,
    workload,
    kind: workload ? 'workload' : granted.kind,
    rank: 0,
    severity: risks.length > 0 ? risks[0]!.severity : 'none',
    seen,
    records: generated?.records ?? 0,
    firstSeen: generated?.firstSeen || null,
    lastSeen: generated?.lastSeen || null,
    granted: {
      policies: [...granted.identityPolicies, ...granted.groupPolicies].map((p) => ({
        name: p.name,
        kind: p.kind,
        source: p.source,
        ...(p.group ? { group: p.group } : {}),
        ...(p.arn ? { arn: p.arn } : {}),
      })),
      ...(granted.boundary ? { boundary: granted.boundary.arn ?? granted.boundary.name } : {}),
      ...(granted.trustPolicy ? { trustPolicy: granted.trustPolicy.source } : {}),
      actions: new Set(rows.map((r) => r.action)).size,
      services: grantedServices,
    },
    used: { actions: usedActions.size, services: [...usedServices].sort(), permissions },
    unused,
    unusedServices,
    overbroad,
    risks,
    unprovable,
    denied,
    notGranted,
    unknownPolicies: granted.unknownPolicies.map((u) => ({ ...u })),
    recommendedPolicy,
    proof,
    notes,
  };
  if (generated?.sharedBy) audit.sharedBy = [...generated.sharedBy];
  return audit;
}

/** Risk vector for ranking: counts per severity, most severe first. */
function riskVector(a: PrincipalAudit): number[] {
  const v = SEVERITIES.map(() => 0);
  for (const r of a.risks) v[SEVERITIES.indexOf(r.severity)]!++;
  return v;
}

function compareRisk(a: PrincipalAudit, b: PrincipalAudit): number {
  const va = riskVector(a);
  const vb = riskVector(b);
  for (let i = 0; i < va.length; i++) if (va[i] !== vb[i]) return vb[i]! - va[i]!;
  return a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0;
}

/** Audit every granted principal (and each workload of a shared role) against the activity. */
export function auditPrincipals(
  granted: GrantedInput,
  generated: GenerateResult | null,
  options: AuditOptions = {},
): AuditResult {
  const data = options.serviceData ?? serviceData();
  const table = options.dataEvents ?? dataEventTable();
  const activity = generated !== null && generated.summary.records > 0;

  const coverage = new DataEventCoverage(table);
  const inputSources = new Set((generated?.policies ?? []).flatMap((p) => p.sources ?? []));
  const byPrincipal = new Map<string, { policy: GeneratedPolicy; usage: PrincipalUsage | undefined }[]>();
  (generated?.policies ?? []).forEach((p, i) => {
    if (!p.principal) return;
    const usage = generated?.usages?.[i];
    byPrincipal.set(p.principal, [...(byPrincipal.get(p.principal) ?? []), { policy: p, usage }]);
    if (p.workload === null) {
      for (const o of observedOf(p, usage)) coverage.observe(o.action, o.resource);
      for (const d of p.denied)
        for (const a of d.actions) for (const r of d.resources) coverage.observe(a, r);
    }
  });

  const audits: PrincipalAudit[][] = [];
  for (const g of granted.principals) {
    const policies = new PrincipalPolicies(g);
    const expanded = expandGrants(policies, data);
    const { findings } = classifyPrincipalRisk(policies, expanded.rows, expanded.allServices, data);
    const ctx: PrincipalContext = {
      data,
      granted: g,
      policies,
      rows: expanded.rows,
      risks: findings,
      ineffective: expanded.ineffective,
    };
    const entries = byPrincipal.get(g.arn) ?? [];
    const own = entries.find((e) => e.policy.workload === null);
    const group = [auditOne(ctx, own?.policy, own?.usage, null, activity, coverage, table, inputSources)];
    for (const e of entries
      .filter((x) => x.policy.workload !== null)
      .sort(byString((x) => x.policy.workload ?? ''))) {
      group.push(
        auditOne(ctx, e.policy, e.usage, e.policy.workload, activity, coverage, table, inputSources),
      );
    }
    audits.push(group);
  }

  audits.sort((a, b) => compareRisk(a[0]!, b[0]!));
  audits.forEach((group, i) => {
    for (const a of group) a.rank = i + 1;
  });
  const principals = audits.flat();

  const risks = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const a of principals) if (a.workload === null) for (const r of a.risks) risks[r.severity]++;
  const owners = principals.filter((a) => a.workload === null);
  const count = (list: readonly { actions?: number }[]) => list.reduce((n, u) => n + (u.actions ?? 1), 0);
  const summary: AuditSummary = {
    principals: owners.length,
    workloads: principals.length - owners.length,
    seen: owners.filter((a) => a.seen === true).length,
    notSeen: owners.filter((a) => a.seen === false).length,
    unusedActions: owners.reduce((n, a) => n + count(a.unused), 0),
    overbroad: owners.reduce((n, a) => n + a.overbroad.length, 0),
    unprovable: owners.reduce((n, a) => n + count(a.unprovable), 0),
    denied: owners.reduce((n, a) => n + a.denied.reduce((m, d) => m + d.count, 0), 0),
    risks,
    unknownPolicies: owners.reduce((n, a) => n + a.unknownPolicies.length, 0),
    replacement: {
      proven: principals.filter((a) => a.proof?.contained === true && a.proof.failures.length === 0).length,
      notProven: principals.filter(
        (a) => a.proof !== null && (a.proof.contained === false || a.proof.failures.length > 0),
      ).length,
    },
    activity: {
      given: generated !== null,
      records: generated?.summary.records ?? 0,
      firstSeen: minTime(generated?.policies.map((p) => p.firstSeen) ?? []),
      lastSeen: maxTime(generated?.policies.map((p) => p.lastSeen) ?? []),
      dataEventTypes: coverage.types(),
    },
  };
  return { schemaVersion: 1, principals, summary };
}

function minTime(list: readonly string[]): string | null {
  const l = list.filter(Boolean).sort();
  return l[0] ?? null;
}

function maxTime(list: readonly string[]): string | null {
  const l = list.filter(Boolean).sort();
  return l[l.length - 1] ?? null;
}
