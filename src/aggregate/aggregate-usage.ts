/**
 * records -> Usage per principal, per role session, and per workload. Work and memory are per distinct
 * key (principal, session, action, resource), never per event. Accumulators from several workers merge.
 */
import type { ActivityRecord } from '../normalize/activity-record.js';
import type { Attribution } from '../attribute/attribute-record.js';
import { lambdaFunctionArn } from '../attribute/attribute-record.js';
import type { MappingResult } from '../mapping/types.js';
import { partitionForRegion } from '../mapping/arn.js';
import {
  type DeniedCall,
  type Observation,
  type PrincipalKind,
  type PrincipalUsage,
  SAMPLE_EVIDENCE_LIMIT,
  type UnmappedCall,
  type UsedPermission,
} from './usage.js';

/** Usage of one principal in one role session ('' for principals without sessions). */
export interface SessionUsage {
  principal: string;
  kind: PrincipalKind;
  session: string;
  /** Evidence that the session is a Lambda function's. */
  lambda: boolean;
  /** Region of the session's earliest record (for the function ARN); ties go to the smaller name. */
  region?: string;
  regionTime?: string;
  usage: PrincipalUsage;
}

export interface AggregateCounts {
  records: number;
  used: number;
  denied: number;
  unmapped: number;
  permissionless: number;
  /** Calls made by AWS services with their own identity. */
  service: number;
  /** Calls by identities no policy can be written for (web identity before the role, another account...). */
  unattributed: number;
  /** Records outside --since/--until or --principal. */
  filteredOut: number;
  /** Failed calls that passed authorization (NoSuchKey...): counted in used. */
  errorsAfterAuthorization: number;
}

/** Everything a worker sends back; structured-clone friendly (Maps and plain objects). */
export interface UsagePartial {
  sessions: Map<string, SessionUsage>;
  /** `${roleArn}\u0000${session}` pairs that lambda.amazonaws.com assumed. */
  lambdaAssumed: Set<string>;
  counts: AggregateCounts;
  unattributedReasons: Map<string, number>;
  serviceCalls: Map<string, number>;
}

export function emptyCounts(): AggregateCounts {
  return {
    records: 0,
    used: 0,
    denied: 0,
    unmapped: 0,
    permissionless: 0,
    service: 0,
    unattributed: 0,
    filteredOut: 0,
    errorsAfterAuthorization: 0,
  };
}

export function emptyPartial(): UsagePartial {
  return {
    sessions: new Map(),
    lambdaAssumed: new Set(),
    counts: emptyCounts(),
    unattributedReasons: new Map(),
    serviceCalls: new Map(),
  };
}

export function emptyUsage(principal: string | null, workload: string | null, kind: PrincipalKind): PrincipalUsage {
  return {
    key: workload ? `${principal}|${workload}` : (principal ?? ''),
    principal,
    workload,
    kind,
    records: 0,
    firstSeen: '',
    lastSeen: '',
    used: new Map(),
    denied: new Map(),
    unmapped: new Map(),
    permissionless: new Map(),
    gaps: new Map(),
    workloads: [],
    sourceIdentities: [],
  };
}

function newObservation(record: ActivityRecord): Observation {
  return {
    count: 1,
    firstSeen: record.time,
    lastSeen: record.time,
    samples: [record.evidenceId],
    sources: [record.sourceKind],
  };
}

/** ISO times of one format compare as strings; mixed precision falls back to parsing. */
function earlier(a: string, b: string): boolean {
  return a.length === b.length ? a < b : Date.parse(a) < Date.parse(b);
}

function earlierRegion(region: string, time: string, than: string | undefined, thanTime: string | undefined): boolean {
  if (!than || !thanTime) return true;
  if (time !== thanTime) return earlier(time, thanTime);
  return region < than;
}

function observe(o: Observation, record: ActivityRecord): void {
  o.count++;
  if (record.time !== o.firstSeen && earlier(record.time, o.firstSeen)) o.firstSeen = record.time;
  if (record.time !== o.lastSeen && earlier(o.lastSeen, record.time)) o.lastSeen = record.time;
  addSample(o.samples, record.evidenceId);
  if (!o.sources.includes(record.sourceKind)) o.sources.push(record.sourceKind);
}

/** Keep the smallest SAMPLE_EVIDENCE_LIMIT ids: deterministic whatever the order records arrive in. */
function addSample(samples: string[], id: string): void {
  if (samples.includes(id)) return;
  if (samples.length < SAMPLE_EVIDENCE_LIMIT) {
    samples.push(id);
    samples.sort();
    return;
  }
  const last = samples[samples.length - 1] as string;
  if (id < last) {
    samples[samples.length - 1] = id;
    samples.sort();
  }
}

function mergeObservation(into: Observation, from: Observation): void {
  into.count += from.count;
  if (earlier(from.firstSeen, into.firstSeen)) into.firstSeen = from.firstSeen;
  if (earlier(into.lastSeen, from.lastSeen)) into.lastSeen = from.lastSeen;
  for (const s of from.samples) addSample(into.samples, s);
  for (const s of from.sources) if (!into.sources.includes(s)) into.sources.push(s);
}

function pushUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

function touch(usage: PrincipalUsage, record: ActivityRecord): void {
  usage.records++;
  if (!usage.firstSeen || earlier(record.time, usage.firstSeen)) usage.firstSeen = record.time;
  if (!usage.lastSeen || earlier(usage.lastSeen, record.time)) usage.lastSeen = record.time;
  const si = record.identity.sourceIdentity;
  if (si) pushUnique(usage.sourceIdentities, si);
}

/** Accumulates records of one worker (or one process). */
export class UsageAccumulator {
  readonly partial: UsagePartial = emptyPartial();

  /** A record outside the requested window or principals. */
  filtered(): void {
    this.partial.counts.records++;
    this.partial.counts.filteredOut++;
  }

  add(record: ActivityRecord, attribution: Attribution, mapping: MappingResult): void {
    const p = this.partial;
    p.counts.records++;
    if (attribution.kind === 'service') {
      p.counts.service++;
      p.serviceCalls.set(attribution.service, (p.serviceCalls.get(attribution.service) ?? 0) + 1);
      this.noteLambdaAssumeRole(record, attribution.service);
      return;
    }
    if (attribution.kind === 'unattributed') {
      p.counts.unattributed++;
      p.unattributedReasons.set(attribution.reason, (p.unattributedReasons.get(attribution.reason) ?? 0) + 1);
      return;
    }
    const session = attribution.principalKind === 'role' ? (attribution.session ?? '') : '';
    const key = `${attribution.principal}\u0000${session}`;
    let s = p.sessions.get(key);
    if (!s) {
      s = {
        principal: attribution.principal,
        kind: attribution.principalKind,
        session,
        lambda: false,
        region: record.region,
        regionTime: record.time,
        usage: emptyUsage(attribution.principal, null, attribution.principalKind),
      };
      p.sessions.set(key, s);
    }
    if (attribution.lambdaUserAgent) s.lambda = true;
    if (record.region && s.regionTime && earlierRegion(record.region, record.time, s.region, s.regionTime)) {
      s.region = record.region;
      s.regionTime = record.time;
    }
    const usage = s.usage;
    touch(usage, record);

    if (mapping.kind === 'permissionless') {
      p.counts.permissionless++;
      const op = `${record.eventSource}:${record.operation}`;
      usage.permissionless.set(op, (usage.permissionless.get(op) ?? 0) + 1);
      return;
    }
    if (mapping.kind === 'unmapped') {
      p.counts.unmapped++;
      const k = `${record.eventSource}:${record.operation}`;
      const u = usage.unmapped.get(k);
      if (u) observe(u, record);
      else {
        const entry: UnmappedCall = {
          ...newObservation(record),
          eventSource: record.eventSource,
          operation: record.operation,
          reason: mapping.reason,
        };
        usage.unmapped.set(k, entry);
      }
      return;
    }
    if (record.outcome.kind === 'denied') {
      p.counts.denied++;
      const k = `${record.eventSource}:${record.operation}:${record.outcome.errorCode}`;
      let d = usage.denied.get(k);
      if (d) observe(d, record);
      else {
        d = {
          ...newObservation(record),
          eventSource: record.eventSource,
          operation: record.operation,
          errorCode: record.outcome.errorCode,
          actions: [],
          resources: [],
        };
        usage.denied.set(k, d);
      }
      for (const perm of mapping.permissions) {
        pushUnique(d.actions, perm.action);
        if (d.resources.length < 20) pushUnique(d.resources, perm.resource);
      }
      return;
    }
    p.counts.used++;
    if (record.outcome.kind === 'error') p.counts.errorsAfterAuthorization++;
    const operation = `${record.eventSource}:${record.operation}`;
    for (const perm of mapping.permissions) {
      const reason = attribution.forwardAccessBy && perm.reason === 'call' ? 'forward-access' : perm.reason;
      const condKey = perm.condition ? JSON.stringify(perm.condition) : '';
      const k = `${perm.action}\u0000${perm.resource}\u0000${condKey}`;
      let u = usage.used.get(k);
      if (u) observe(u, record);
      else {
        const entry: UsedPermission = {
          ...newObservation(record),
          action: perm.action,
          resource: perm.resource,
          reasons: [],
          operations: [],
          notes: [],
        };
        if (perm.condition) entry.condition = perm.condition;
        usage.used.set(k, entry);
        u = entry;
      }
      pushUnique(u.reasons, reason);
      pushUnique(u.operations, operation);
      if (perm.note) pushUnique(u.notes, perm.note);
      if (reason === 'forward-access' && attribution.forwardAccessBy) {
        pushUnique(u.notes, `made by ${attribution.forwardAccessBy} with the caller's authority (forward access)`);
      }
    }
    for (const gap of mapping.gaps) {
      const g = usage.gaps.get(gap);
      if (g) g.count++;
      else usage.gaps.set(gap, { message: gap, count: 1 });
    }
  }

  private noteLambdaAssumeRole(record: ActivityRecord, service: string): void {
    if (service !== 'lambda.amazonaws.com' || record.operation !== 'AssumeRole') return;
    const params = record.requestParameters;
    const roleArn = params?.roleArn;
    const session = params?.roleSessionName;
    if (typeof roleArn === 'string' && typeof session === 'string') {
      this.partial.lambdaAssumed.add(`${roleArn}\u0000${session}`);
    }
  }
}

function mergeUsageInto(into: PrincipalUsage, from: PrincipalUsage): void {
  into.records += from.records;
  if (from.firstSeen && (!into.firstSeen || earlier(from.firstSeen, into.firstSeen))) into.firstSeen = from.firstSeen;
  if (from.lastSeen && (!into.lastSeen || earlier(into.lastSeen, from.lastSeen))) into.lastSeen = from.lastSeen;
  for (const [k, v] of from.used) {
    const u = into.used.get(k);
    if (!u) into.used.set(k, structuredClone(v));
    else {
      mergeObservation(u, v);
      for (const r of v.reasons) pushUnique(u.reasons, r);
      for (const o of v.operations) pushUnique(u.operations, o);
      for (const n of v.notes) pushUnique(u.notes, n);
    }
  }
  for (const [k, v] of from.denied) {
    const d = into.denied.get(k);
    if (!d) into.denied.set(k, structuredClone(v));
    else {
      mergeObservation(d, v);
      for (const a of v.actions) pushUnique(d.actions, a);
      for (const r of v.resources) if (d.resources.length < 20) pushUnique(d.resources, r);
    }
  }
  for (const [k, v] of from.unmapped) {
    const u = into.unmapped.get(k);
    if (!u) into.unmapped.set(k, structuredClone(v));
    else mergeObservation(u, v);
  }
  for (const [k, v] of from.permissionless) into.permissionless.set(k, (into.permissionless.get(k) ?? 0) + v);
  for (const [k, v] of from.gaps) {
    const g = into.gaps.get(k);
    if (g) g.count += v.count;
    else into.gaps.set(k, { ...v });
  }
  for (const s of from.sourceIdentities) pushUnique(into.sourceIdentities, s);
}

/** Merge worker partials into the first. */
export function mergePartials(partials: UsagePartial[]): UsagePartial {
  const out = emptyPartial();
  for (const p of partials) {
    for (const [k, v] of Object.entries(p.counts) as [keyof AggregateCounts, number][]) out.counts[k] += v;
    for (const [k, v] of p.unattributedReasons)
      out.unattributedReasons.set(k, (out.unattributedReasons.get(k) ?? 0) + v);
    for (const [k, v] of p.serviceCalls) out.serviceCalls.set(k, (out.serviceCalls.get(k) ?? 0) + v);
    for (const k of p.lambdaAssumed) out.lambdaAssumed.add(k);
    for (const [k, s] of p.sessions) {
      const existing = out.sessions.get(k);
      if (!existing) {
        out.sessions.set(k, s);
        continue;
      }
      existing.lambda ||= s.lambda;
      if (s.region && s.regionTime && earlierRegion(s.region, s.regionTime, existing.region, existing.regionTime)) {
        existing.region = s.region;
        existing.regionTime = s.regionTime;
      }
      mergeUsageInto(existing.usage, s.usage);
    }
  }
  return out;
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/**
 * The final usage list: one entry per principal (all its sessions together), and for roles used by
 * Lambda functions one entry per function (`workload`). Sorted by principal, then workload.
 */
export function aggregateUsage(partial: UsagePartial): PrincipalUsage[] {
  const byPrincipal = new Map<string, PrincipalUsage>();
  const byWorkload = new Map<string, PrincipalUsage>();
  const sessions = [...partial.sessions.values()].sort((a, b) =>
    a.principal === b.principal ? (a.session < b.session ? -1 : 1) : a.principal < b.principal ? -1 : 1,
  );
  for (const s of sessions) {
    let whole = byPrincipal.get(s.principal);
    if (!whole) {
      whole = emptyUsage(s.principal, null, s.kind);
      byPrincipal.set(s.principal, whole);
    }
    mergeUsageInto(whole, s.usage);
    const isLambda =
      s.kind === 'role' && s.session !== '' && (s.lambda || partial.lambdaAssumed.has(`${s.principal}\u0000${s.session}`));
    if (!isLambda) continue;
    const region = s.region ?? 'us-east-1';
    const fn = lambdaFunctionArn(partitionForRegion(region), region, accountOf(s.principal), s.session);
    let w = byWorkload.get(`${s.principal}|${fn}`);
    if (!w) {
      w = emptyUsage(s.principal, fn, 'workload');
      byWorkload.set(`${s.principal}|${fn}`, w);
      pushUnique(whole.workloads, fn);
    }
    mergeUsageInto(w, s.usage);
  }
  const out: PrincipalUsage[] = [];
  for (const principal of [...byPrincipal.keys()].sort()) {
    const whole = byPrincipal.get(principal) as PrincipalUsage;
    whole.workloads.sort();
    out.push(whole);
    for (const fn of whole.workloads) out.push(byWorkload.get(`${principal}|${fn}`) as PrincipalUsage);
  }
  return out;
}
