/**
 * records -> Usage per principal, per role session, and per workload. Work and memory are per distinct
 * key (principal, session, action, resource), never per event. Accumulators from several workers merge.
 */

import type { Attribution } from '../attribute/attribute-record.js';
import { lambdaFunctionArn } from '../attribute/attribute-record.js';
import { partitionForRegion } from '../mapping/arn.js';
import { mayRecur } from '../mapping/map-operation.js';
import type { MappingResult, Permission } from '../mapping/types.js';
import type { ActivityRecord } from '../normalize/activity-record.js';
import { packagedGeneralizer, type SuffixPlan, suffixValue } from '../synthesize/generalize-resources.js';
import { innerMap } from '../util/maps.js';
import { addFoldedResource, cloneFolded, foldKey, mergeFolded, newFolded } from './fold-resources.js';
import { earlier, keepSmallest, millisecondsTell, Span, Tally, timeForm } from './tally.js';
import {
  type Gap,
  type Observation,
  type PrincipalKind,
  type PrincipalUsage,
  SAMPLE_EVIDENCE_LIMIT,
  type TraceObservation,
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

/**
 * The usage entries (and gaps) one mapping result resolved to in one session. Repeats of the call are
 * counted in `tally` and folded into the entries when the partial is read (tally.ts).
 */
interface ResolvedHit {
  forwardAccessBy: string | undefined;
  used: UsedPermission[];
  gaps: Gap[];
  tally: Tally;
  /** The same result resolved for another forward-access caller (a call made directly and on its behalf). */
  next: ResolvedHit | undefined;
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
  /** Records outside --since/--until. (`--principal` selects policies after aggregation: it changes no count.) */
  filteredOut: number;
  /** Failed calls that passed authorization (NoSuchKey...): counted in used. */
  errorsAfterAuthorization: number;
}

/** Everything a worker sends back; structured-clone friendly (Maps and plain objects). */
export interface UsagePartial {
  sessions: Map<string, SessionUsage>;
  /** Traced calls by workload ARN (no IAM identity recorded): joined to CloudTrail sessions in aggregateUsage. */
  workloads: Map<string, PrincipalUsage>;
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
    workloads: new Map(),
    lambdaAssumed: new Set(),
    counts: emptyCounts(),
    unattributedReasons: new Map(),
    serviceCalls: new Map(),
  };
}

export function emptyUsage(
  principal: string | null,
  workload: string | null,
  kind: PrincipalKind,
): PrincipalUsage {
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

/** A new used entry. Every entry has the same shape (absent fields are undefined): `observe` stays monomorphic. */
function newUsed(
  record: ActivityRecord,
  action: string,
  resource: string,
  condition: UsedPermission['condition'],
): UsedPermission {
  return {
    count: 1,
    firstSeen: record.time,
    lastSeen: record.time,
    samples: [record.evidenceId],
    sources: [record.sourceKind],
    action,
    resource,
    reasons: [],
    operations: [],
    notes: [],
    condition,
    folded: undefined,
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

function earlierRegion(
  region: string,
  time: string,
  than: string | undefined,
  thanTime: string | undefined,
): boolean {
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

/** Keep the smallest SAMPLE_EVIDENCE_LIMIT evidence ids. */
function addSample(samples: string[], id: string): void {
  keepSmallest(samples, id, SAMPLE_EVIDENCE_LIMIT);
}

/** Resources a refused call is reported with, at most (the smallest, in order). */
const DENIED_RESOURCE_LIMIT = 20;

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

/** One more record of a usage: its count and time span wait in the slot's span until the partial is read. */
function touch(slot: Slot, record: ActivityRecord): void {
  slot.span.add(record);
  const si = record.identity.sourceIdentity;
  if (si) pushUnique(slot.usage.sourceIdentities, si);
  if (record.sourceKind !== 'cloudtrail') observeTrace(slot.usage, record);
}

/** Fold a span (records and times) into its usage. */
function flushSpan(usage: PrincipalUsage, span: Span): void {
  if (span.count === 0) return;
  usage.records += span.count;
  if (!usage.firstSeen || earlier(span.firstSeen, usage.firstSeen)) usage.firstSeen = span.firstSeen;
  if (!usage.lastSeen || earlier(usage.lastSeen, span.lastSeen)) usage.lastSeen = span.lastSeen;
  span.reset();
}

/** Fold a hit's tally into the entries and gaps it stands for. */
function flushHit(hit: ResolvedHit): void {
  const tally = hit.tally;
  if (tally.count === 0) return;
  const seen = tally.observation();
  for (const u of hit.used) mergeObservation(u, seen);
  for (const g of hit.gaps) g.count += tally.count;
  tally.reset();
}

/** The trace id of a traced record: its evidence id is `traceId/callId`. */
export function traceIdOf(record: ActivityRecord): string {
  const slash = record.evidenceId.indexOf('/');
  return slash === -1 ? record.evidenceId : record.evidenceId.slice(0, slash);
}

function observeTrace(usage: PrincipalUsage, record: ActivityRecord): void {
  const t = usage.traces;
  if (!t) {
    usage.traces = { ids: new Set([traceIdOf(record)]), firstSeen: record.time, lastSeen: record.time };
    return;
  }
  t.ids.add(traceIdOf(record));
  if (earlier(record.time, t.firstSeen)) t.firstSeen = record.time;
  if (earlier(t.lastSeen, record.time)) t.lastSeen = record.time;
}

function mergeTraces(into: PrincipalUsage, from: TraceObservation | undefined): void {
  if (!from) return;
  const t = into.traces;
  if (!t) {
    into.traces = { ids: new Set(from.ids), firstSeen: from.firstSeen, lastSeen: from.lastSeen };
    return;
  }
  for (const id of from.ids) t.ids.add(id);
  if (earlier(from.firstSeen, t.firstSeen)) t.firstSeen = from.firstSeen;
  if (earlier(t.lastSeen, from.lastSeen)) t.lastSeen = from.lastSeen;
}

/**
 * A condition block as a key. Blocks come from the action tables, one object per call shape shared by every
 * permission that carries it (and frozen): each is written out once.
 */
const conditionKeys = new WeakMap<object, string>();

function conditionKey(condition: NonNullable<Permission['condition']>): string {
  let key = conditionKeys.get(condition);
  if (key === undefined) {
    key = JSON.stringify(condition);
    conditionKeys.set(condition, key);
  }
  return key;
}

/**
 * The folded entry a per-request resource of one action joined last in a usage, and the suffix plan that
 * says which other resources join it too (`Generalizer.planWithSuffix`): a session's calls of one action
 * mostly name objects of one bucket, streams of one log group, so the next such resource needs neither its
 * plan nor its entry's key again.
 */
interface FoldHint {
  suffix: SuffixPlan;
  /** The permission's condition block (the entry's key holds it). */
  condition: Permission['condition'];
  entry: UsedPermission;
}

/** The accumulator's own handle on one usage: what it resolved for it, never sent across threads. */
interface Slot {
  usage: PrincipalUsage;
  /** Per action: the fold hint of its last per-request resource. */
  folds: Map<string, FoldHint>;
  session: SessionUsage | undefined;
  /** Usage entries already resolved per mapping result (memoised results come back for every repeat). */
  resolved: WeakMap<MappingResult, ResolvedHit>;
  /** The same hits, to fold their tallies in (a WeakMap cannot be walked). */
  hits: ResolvedHit[];
  /** Records and time span of the usage, not yet folded into it. */
  span: Span;
  /** Milliseconds and form (tally.ts) of the session's `regionTime`. */
  regionMs: number;
  regionForm: number;
}

function newSlot(usage: PrincipalUsage, session: SessionUsage | undefined, record: ActivityRecord): Slot {
  return {
    usage,
    folds: new Map(),
    session,
    resolved: new WeakMap(),
    hits: [],
    span: new Span(),
    regionMs: record.timeMs,
    regionForm: timeForm(record.time),
  };
}

/**
 * Whether a call with this attribution is mapped: a principal's or a workload's. Calls of AWS services and
 * of unattributed identities are only counted (`UsageAccumulator.add`), so nothing asks what they needed.
 */
export function needsMapping(
  attribution: Attribution,
): attribution is Extract<Attribution, { kind: 'principal' | 'workload' }> {
  return attribution.kind === 'principal' || attribution.kind === 'workload';
}

const NO_PLAN = { plan: undefined, suffix: undefined } as const;

/** Accumulates records of one worker (or one process). */
export class UsageAccumulator {
  private readonly built: UsagePartial = emptyPartial();
  /** Every slot, to fold their spans and tallies in when the partial is read. */
  private readonly allSlots: Slot[] = [];
  private readonly generalizer = packagedGeneralizer();
  /** principal -> session -> slot: two lookups on the strings as read, no key built per record. */
  private readonly slots = new Map<string, Map<string, Slot>>();
  private readonly workloadSlots = new Map<string, Slot>();
  /** What `addCall` gathers for one call (reused; see there). */
  private readonly callEntries: UsedPermission[] = [];
  private readonly callGaps: Gap[] = [];

  /** What was accumulated so far (reading it folds in what the fast path counted aside). */
  get partial(): UsagePartial {
    for (const slot of this.allSlots) {
      flushSpan(slot.usage, slot.span);
      for (const hit of slot.hits) flushHit(hit);
    }
    return this.built;
  }

  /** A record outside the requested window or principals. */
  filtered(): void {
    this.built.counts.records++;
    this.built.counts.filteredOut++;
  }

  /**
   * One record, with its attribution and its mapping. The mapping may be given as the function that maps
   * (`mapOperation`): it is then called only for a record that belongs to a principal or workload, since
   * calls of AWS services and of unattributed identities are only counted. It is called before anything
   * is changed, so that a mapping that throws leaves no trace of the record.
   */
  add(
    record: ActivityRecord,
    attribution: Attribution,
    mapping: MappingResult | ((record: ActivityRecord) => MappingResult),
  ): void {
    const p = this.built;
    if (!needsMapping(attribution)) {
      p.counts.records++;
      this.countOnly(record, attribution);
      return;
    }
    const mapped = typeof mapping === 'function' ? mapping(record) : mapping;
    p.counts.records++;
    if (attribution.kind === 'workload') this.addWorkloadCall(record, attribution.workload, mapped);
    else this.addPrincipalCall(record, attribution, mapped);
  }

  /** A traced call of a workload whose IAM identity is not known: into the workload's usage. */
  private addWorkloadCall(record: ActivityRecord, workload: string, mapping: MappingResult): void {
    let slot = this.workloadSlots.get(workload);
    if (!slot) {
      const w = emptyUsage(null, workload, 'workload');
      this.built.workloads.set(workload, w);
      slot = newSlot(w, undefined, record);
      this.workloadSlots.set(workload, slot);
      this.allSlots.push(slot);
    }
    touch(slot, record);
    this.addCall(slot, record, mapping, undefined);
  }

  /** A call of an AWS service, or of an identity no policy can be written for: counted only. */
  private countOnly(
    record: ActivityRecord,
    attribution: Extract<Attribution, { kind: 'service' | 'unattributed' }>,
  ): void {
    const p = this.built;
    if (attribution.kind === 'service') {
      p.counts.service++;
      p.serviceCalls.set(attribution.service, (p.serviceCalls.get(attribution.service) ?? 0) + 1);
      this.noteLambdaAssumeRole(record, attribution.service);
      return;
    }
    p.counts.unattributed++;
    p.unattributedReasons.set(attribution.reason, (p.unattributedReasons.get(attribution.reason) ?? 0) + 1);
  }

  /** A call of an IAM principal (a role's session or a user): into its session's usage. */
  private addPrincipalCall(
    record: ActivityRecord,
    attribution: Extract<Attribution, { kind: 'principal' }>,
    mapping: MappingResult,
  ): void {
    const p = this.built;
    const session = attribution.principalKind === 'role' ? (attribution.session ?? '') : '';
    const sessions = innerMap(this.slots, attribution.principal);
    let slot = sessions.get(session);
    if (!slot) {
      const s: SessionUsage = {
        principal: attribution.principal,
        kind: attribution.principalKind,
        session,
        lambda: false,
        region: record.region,
        regionTime: record.time,
        usage: emptyUsage(attribution.principal, null, attribution.principalKind),
      };
      p.sessions.set(`${attribution.principal}\u0000${session}`, s);
      slot = newSlot(s.usage, s, record);
      sessions.set(session, slot);
      this.allSlots.push(slot);
    }
    const s = slot.session as SessionUsage;
    if (attribution.lambdaUserAgent) s.lambda = true;
    if (record.region && s.regionTime && this.earlierRegionOf(slot, s, record)) {
      s.region = record.region;
      s.regionTime = record.time;
      slot.regionMs = record.timeMs;
      slot.regionForm = timeForm(record.time);
    }
    touch(slot, record);
    this.addCall(slot, record, mapping, attribution.forwardAccessBy);
  }

  /**
   * Whether the record's region is the session's earliest (`earlierRegion`), telling by the milliseconds
   * where they differ: most records are later than the session's first, and that needs no old string read.
   */
  private earlierRegionOf(slot: Slot, s: SessionUsage, record: ActivityRecord): boolean {
    if (millisecondsTell(record.timeMs, timeForm(record.time), slot.regionMs, slot.regionForm)) {
      return record.timeMs < slot.regionMs;
    }
    return earlierRegion(record.region as string, record.time, s.region, s.regionTime);
  }

  /** One call into one usage: permissionless, unmapped, denied or used, with its evidence. */
  private addCall(
    slot: Slot,
    record: ActivityRecord,
    mapping: MappingResult,
    forwardAccessBy: string | undefined,
  ): void {
    const p = this.built;
    const usage = slot.usage;
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
        keepSmallest(d.resources, perm.resource, DENIED_RESOURCE_LIMIT);
      }
      return;
    }
    p.counts.used++;
    if (record.outcome.kind === 'error') p.counts.errorsAfterAuthorization++;
    // Fast path: mapping results are memoised per distinct key, so the same result object comes back for
    // every repeat of a call; its usage entries are remembered per session and only observed again.
    // A kept result is stored under one eventSource and operation (the memo's signature), so the same
    // object means the same call: only the forward-access caller can differ.
    const first = slot.resolved.get(mapping);
    let hit = first;
    while (hit !== undefined && hit.forwardAccessBy !== forwardAccessBy) hit = hit.next;
    if (hit !== undefined) {
      hit.tally.add(record);
      return;
    }
    const operation = `${record.eventSource}:${record.operation}`;
    // The entries and gaps the call counts in are gathered in two lists the accumulator reuses, and copied
    // into a hit only for a result that recurs. A list literal per call would make mostly lists that die at
    // once (per-request calls are most of the calls that come here), but the first ones, kept in hits,
    // survive: V8 then makes that literal's lists in the old generation, where the dead ones keep the young
    // entries they point to alive until the next full GC (see keepMapping in map-operation.ts).
    const entries = this.callEntries;
    entries.length = 0;
    for (const perm of mapping.permissions) {
      const reason = forwardAccessBy && perm.reason === 'call' ? 'forward-access' : perm.reason;
      const { entry: u, fresh } = this.entryFor(slot, perm, record);
      // Observed once per call, even when the call needs the same permission twice.
      if (!fresh && !entries.includes(u)) observe(u, record);
      if (!entries.includes(u)) entries.push(u);
      pushUnique(u.reasons, reason);
      pushUnique(u.operations, operation);
      if (perm.note) pushUnique(u.notes, perm.note);
      if (reason === 'forward-access' && forwardAccessBy) {
        pushUnique(u.notes, `made by ${forwardAccessBy} with the caller's authority (forward access)`);
      }
    }
    const gaps = this.callGaps;
    gaps.length = 0;
    for (const gap of mapping.gaps) {
      let g = usage.gaps.get(gap);
      if (g) g.count++;
      else {
        g = { message: gap, count: 1 };
        usage.gaps.set(gap, g);
      }
      gaps.push(g);
    }
    // Only results the mapping memo may hand out again are worth remembering (per-request ones never recur).
    if (!mayRecur(mapping)) return;
    const resolved: ResolvedHit = {
      forwardAccessBy,
      used: entries.slice(),
      gaps: gaps.slice(),
      tally: new Tally(),
      next: first,
    };
    slot.resolved.set(mapping, resolved);
    slot.hits.push(resolved);
  }

  /**
   * The usage entry a permission counts in, and whether it was just made (with this record as its first
   * observation). A per-request identifier (object key, log stream...) joins the folded entry of its group;
   * such a resource never has an entry of its own, so its exact key is not even looked up. One that continues
   * the head of the action's last one in the usage (`FoldHint`) joins that entry without a plan or key made.
   */
  private entryFor(
    slot: Slot,
    perm: Permission,
    record: ActivityRecord,
  ): { entry: UsedPermission; fresh: boolean } {
    const hint = slot.folds.get(perm.action);
    if (hint !== undefined && hint.condition === perm.condition) {
      const value = suffixValue(hint.suffix, perm.resource);
      if (value !== undefined) {
        addFoldedResource(hint.entry, perm.resource, hint.suffix.plan.prefix ? value : undefined);
        return { entry: hint.entry, fresh: false };
      }
    }
    const usage = slot.usage;
    const condKey = perm.condition ? conditionKey(perm.condition) : '';
    const { plan, suffix } = this.generalizer.mayApply(perm.action, perm.resource)
      ? this.generalizer.planWithSuffix(perm.action, perm.resource)
      : NO_PLAN;
    if (plan) {
      const key = foldKey(plan, perm.action, condKey);
      let entry = usage.used.get(key);
      const fresh = entry === undefined;
      if (entry !== undefined) addFoldedResource(entry, perm.resource, plan.prefix?.value);
      else {
        const { folded, shown } = newFolded(plan, perm.resource);
        entry = newUsed(record, perm.action, shown, perm.condition);
        entry.folded = folded;
        usage.used.set(key, entry);
      }
      if (suffix !== undefined) slot.folds.set(perm.action, { suffix, condition: perm.condition, entry });
      return { entry, fresh };
    }
    const key = `${perm.action}\u0000${perm.resource}\u0000${condKey}`;
    const existing = usage.used.get(key);
    if (existing) return { entry: existing, fresh: false };
    const entry = newUsed(record, perm.action, perm.resource, perm.condition);
    usage.used.set(key, entry);
    return { entry, fresh: true };
  }

  private noteLambdaAssumeRole(record: ActivityRecord, service: string): void {
    if (service !== 'lambda.amazonaws.com' || record.operation !== 'AssumeRole') return;
    const params = record.requestParameters;
    const roleArn = params?.roleArn;
    const session = params?.roleSessionName;
    if (typeof roleArn === 'string' && typeof session === 'string') {
      this.built.lambdaAssumed.add(`${roleArn}\u0000${session}`);
    }
  }
}

/** A copy whose lists can grow without touching the original (cheaper than structuredClone on this path). */
function cloneUsed(v: UsedPermission): UsedPermission {
  const out: UsedPermission = {
    ...v,
    samples: [...v.samples],
    sources: [...v.sources],
    reasons: [...v.reasons],
    operations: [...v.operations],
    notes: [...v.notes],
  };
  if (v.folded) out.folded = cloneFolded(v.folded);
  return out;
}

function mergeUsageInto(into: PrincipalUsage, from: PrincipalUsage): void {
  into.records += from.records;
  if (from.firstSeen && (!into.firstSeen || earlier(from.firstSeen, into.firstSeen)))
    into.firstSeen = from.firstSeen;
  if (from.lastSeen && (!into.lastSeen || earlier(into.lastSeen, from.lastSeen)))
    into.lastSeen = from.lastSeen;
  for (const [k, v] of from.used) {
    const u = into.used.get(k);
    if (!u) into.used.set(k, cloneUsed(v));
    else {
      mergeObservation(u, v);
      if (v.folded) mergeFolded(u, v.folded);
      for (const r of v.reasons) pushUnique(u.reasons, r);
      for (const o of v.operations) pushUnique(u.operations, o);
      for (const n of v.notes) pushUnique(u.notes, n);
    }
  }
  for (const [k, v] of from.denied) {
    const d = into.denied.get(k);
    if (!d)
      into.denied.set(k, {
        ...v,
        samples: [...v.samples],
        sources: [...v.sources],
        actions: [...v.actions],
        resources: [...v.resources],
      });
    else {
      mergeObservation(d, v);
      for (const a of v.actions) pushUnique(d.actions, a);
      for (const r of v.resources) keepSmallest(d.resources, r, DENIED_RESOURCE_LIMIT);
    }
  }
  for (const [k, v] of from.unmapped) {
    const u = into.unmapped.get(k);
    if (!u) into.unmapped.set(k, { ...v, samples: [...v.samples], sources: [...v.sources] });
    else mergeObservation(u, v);
  }
  for (const [k, v] of from.permissionless) into.permissionless.set(k, (into.permissionless.get(k) ?? 0) + v);
  for (const [k, v] of from.gaps) {
    const g = into.gaps.get(k);
    if (g) g.count += v.count;
    else into.gaps.set(k, { ...v });
  }
  for (const s of from.sourceIdentities) pushUnique(into.sourceIdentities, s);
  mergeTraces(into, from.traces);
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
    for (const [k, w] of p.workloads) {
      const existing = out.workloads.get(k);
      if (!existing) out.workloads.set(k, w);
      else mergeUsageInto(existing, w);
    }
    for (const [k, s] of p.sessions) {
      const existing = out.sessions.get(k);
      if (!existing) {
        out.sessions.set(k, s);
        continue;
      }
      existing.lambda ||= s.lambda;
      if (
        s.region &&
        s.regionTime &&
        earlierRegion(s.region, s.regionTime, existing.region, existing.regionTime)
      ) {
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
 * The traced function a role session is, when traces name it: the function with the session's name in the
 * role's account, in the session's region, else in the one region traces show it in.
 */
function tracedFunctionOf(
  traced: ReadonlyMap<string, PrincipalUsage>,
  principal: string,
  session: string,
  region: string | undefined,
): string | undefined {
  if (traced.size === 0 || session === '') return undefined;
  const account = accountOf(principal);
  if (region) {
    const exact = lambdaFunctionArn(partitionForRegion(region), region, account, session);
    if (traced.has(exact)) return exact;
  }
  const suffix = `:${account}:function:${session}`;
  const candidates = [...traced.keys()].filter(
    (fn) => fn.startsWith('arn:') && fn.endsWith(suffix) && fn.includes(':lambda:'),
  );
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * The final usage list: one entry per principal (all its sessions together), and for roles used by
 * Lambda functions one entry per function (`workload`). Sorted by principal, then workload.
 *
 * Traced calls (X-Ray, OpenTelemetry) name a workload but no principal. A traced Lambda function whose role
 * session CloudTrail shows (Lambda names the session after the function) is one workload entry with both
 * sources, under that role, and its calls count for the role too; a traced session also proves the session
 * is a function's. Workloads only traces show get an entry of their own with no principal, after the rest.
 */
export function aggregateUsage(partial: UsagePartial): PrincipalUsage[] {
  const byPrincipal = new Map<string, PrincipalUsage>();
  const byWorkload = new Map<string, PrincipalUsage>();
  const traced = partial.workloads;
  const joined = new Set<string>();
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
    const tracedFn =
      s.kind === 'role' ? tracedFunctionOf(traced, s.principal, s.session, s.region) : undefined;
    const isLambda =
      s.kind === 'role' &&
      s.session !== '' &&
      (s.lambda || partial.lambdaAssumed.has(`${s.principal}\u0000${s.session}`) || tracedFn !== undefined);
    if (!isLambda) continue;
    const region = s.region ?? 'us-east-1';
    const fn =
      tracedFn ?? lambdaFunctionArn(partitionForRegion(region), region, accountOf(s.principal), s.session);
    let w = byWorkload.get(`${s.principal}|${fn}`);
    if (!w) {
      w = emptyUsage(s.principal, fn, 'workload');
      byWorkload.set(`${s.principal}|${fn}`, w);
      pushUnique(whole.workloads, fn);
    }
    mergeUsageInto(w, s.usage);
  }
  // Traced calls join the CloudTrail entry of the same function, and count for its role.
  for (const [key, w] of byWorkload) {
    const calls = w.workload === null ? undefined : traced.get(w.workload);
    if (!calls || w.principal === null) continue;
    mergeUsageInto(w, calls);
    const whole = byPrincipal.get(w.principal);
    if (whole && !joined.has(`${w.principal}|${w.workload}`)) mergeUsageInto(whole, calls);
    joined.add(key);
    joined.add(w.workload as string);
  }
  const out: PrincipalUsage[] = [];
  for (const principal of [...byPrincipal.keys()].sort()) {
    const whole = byPrincipal.get(principal) as PrincipalUsage;
    whole.workloads.sort();
    out.push(whole);
    for (const fn of whole.workloads) out.push(byWorkload.get(`${principal}|${fn}`) as PrincipalUsage);
  }
  for (const fn of [...traced.keys()].sort()) {
    if (!joined.has(fn)) out.push(traced.get(fn) as PrincipalUsage);
  }
  return out;
}
