/**
 * operation -> IAM actions + resource ARNs. The knowledge is in data/ (see data/README.md); this joins the
 * two halves: which actions a call needs (actions.ts) and which resources each touches (resources.ts).
 *
 * Memoised per distinct key, not per event (query-memo.ts): the mapping is a pure function of the record,
 * and both halves read the record only through queries (probe.ts), so a record is looked up by its answers
 * to exactly the questions the mapping asked (its eventSource and operation, whether `versionId` is present,
 * the bucket name...), never by fields it did not read. A hit returns what a fresh mapping would, because
 * a record that answers every question the same way makes the mapping take the same path (see query-memo.ts).
 * The result of a hit is shared, so results are frozen: treat them as read-only.
 *
 * A record whose mapping never repeats (its read-set is volatile: an S3 object key, a log stream) is
 * computed by stages: its actions from a memo of that stage alone (keyed on what resolveActionsWith read,
 * usually the same for every such record), its resources computed (see "Stages" in query-memo.ts).
 */
import type { ActivityRecord } from '../normalize/activity-record.js';
import { resolveActionsWith } from './actions.js';
import { DirectProbe, EVENT_SOURCE, EVENT_TYPE, OPERATION, type RecordProbe } from './probe.js';
import { deepFreeze, QueryMemo, type QueryMemoStats } from './query-memo.js';
import { resolveResourcesWith } from './resources.js';
import { canonicalAction, type ServiceData, serviceData } from './service-data.js';
import type { ActionResolution, MappingResult, Permission } from './types.js';

/** Per service data: action -> its canonical spelling, `null` when the service data does not list it. */
const canonicalByData = new WeakMap<ServiceData, Map<string, string | null>>();

/** The service data asked for last, and its cache (nearly every call is for the same one). */
let lastCanonicalData: ServiceData | undefined;
let lastCanonical: Map<string, string | null> | undefined;

function canonicalCached(action: string, data: ServiceData): string | undefined {
  let cache = data === lastCanonicalData ? lastCanonical : canonicalByData.get(data);
  if (!cache) {
    cache = new Map();
    canonicalByData.set(data, cache);
  }
  lastCanonicalData = data;
  lastCanonical = cache;
  const known = cache.get(action);
  if (known !== undefined) return known ?? undefined;
  const canonical = canonicalAction(action, data);
  if (cache.size > 10_000) cache.clear();
  cache.set(action, canonical ?? null);
  return canonical;
}

function computeMapping(probe: RecordProbe, data: ServiceData): MappingResult {
  return mapResolution(probe, resolveActionsWith(probe, data), data);
}

/** The mapping of a record whose actions are known: the resources of each, read through the probe. */
function mapResolution(probe: RecordProbe, resolution: ActionResolution, data: ServiceData): MappingResult {
  // (The resolution may be shared between records: the result is a new object.)
  if (resolution.kind !== 'actions') return { kind: resolution.kind, reason: resolution.reason };
  const permissions: Permission[] = [];
  const gaps: string[] = [];
  for (const call of resolution.calls) {
    // The invariant the whole product stands on: nothing leaves mapping that the service data lacks.
    if (canonicalCached(call.action, data) !== call.action) {
      return {
        kind: 'unmapped',
        reason: `mapping produced ${call.action}, which the service data does not list`,
      };
    }
    const resolved = resolveResourcesWith(probe, call, data);
    for (const resource of resolved.resources) {
      const p: Permission = { action: call.action, resource, reason: call.reason };
      if (call.condition) p.condition = call.condition;
      if (call.note) p.note = call.note;
      permissions.push(p);
    }
    for (const g of resolved.gaps) if (!gaps.includes(g)) gaps.push(g);
  }
  return { kind: 'mapped', permissions, gaps };
}

/**
 * Make a result read-only: what `deepFreeze` does, without walking what is known to be frozen already.
 * Conditions come from the action tables' calls, shared by every result: frozen once, then skipped.
 */
function sealMapping(result: MappingResult): MappingResult {
  if (result.kind === 'mapped') {
    for (const p of result.permissions) {
      if (p.condition !== undefined) deepFreeze(p.condition);
      Object.freeze(p);
    }
    Object.freeze(result.permissions);
    Object.freeze(result.gaps);
  }
  return Object.freeze(result);
}

/**
 * The copy of a sealed result that the memo keeps (`keep` in query-memo.ts), made here rather than where
 * results are computed. V8 watches each object literal: when most objects made by one survive a young-
 * generation GC (as results the memo keeps do), the literal's later objects are made directly in the old
 * generation. The same literals make the results of per-request records, which die at once: made old, they
 * are garbage there until the next full GC, and until then every young object they point to (the ARNs built
 * for them) is kept alive through each young GC and promoted. With kept results copied by these literals,
 * the others only ever make short-lived objects. Mapping alone promoted 13 MB per 200,000 bench records in
 * the steady state before, 4 to 5.5 MB after (docs/performance.md).
 */
function keepMapping(result: MappingResult): MappingResult {
  if (result.kind !== 'mapped') return Object.freeze({ ...result });
  const permissions: Permission[] = [];
  for (const p of result.permissions) permissions.push(Object.freeze({ ...p }));
  return Object.freeze({
    kind: 'mapped',
    permissions: Object.freeze(permissions) as Permission[],
    gaps: Object.freeze([...result.gaps]) as string[],
  });
}

const memos = new WeakMap<ServiceData, QueryMemo<MappingResult>>();
/** The last service data asked for and its memo: nearly every call is for the same one. */
let lastData: ServiceData | undefined;
let lastMemo: QueryMemo<MappingResult> | undefined;

function memoFor(data: ServiceData): QueryMemo<MappingResult> {
  if (data === lastData && lastMemo) return lastMemo;
  let memo = memos.get(data);
  if (!memo) {
    // resolveActionsWith always asks these first: they select the table of read-sets a record is looked up in.
    const signature = [EVENT_TYPE, EVENT_SOURCE, OPERATION];
    // The first stage alone, keyed on what it reads: which actions a call needs seldom depends on the
    // answers that make a whole mapping unique (an S3 object key), so it is shared even when they are.
    // Resolutions are shared already (per operation plan), never changed: no sealing.
    const actions = new QueryMemo<ActionResolution>(
      signature,
      (probe) => resolveActionsWith(probe, data),
      (resolution) => resolution,
    );
    memo = new QueryMemo(signature, (probe) => computeMapping(probe, data), sealMapping, {
      keep: keepMapping,
      // A record whose mapping is unique: its actions from their memo, its resources computed.
      direct: (record) => mapResolution(new DirectProbe(record), actions.get(record), data),
    });
    memos.set(data, memo);
  }
  lastData = data;
  lastMemo = memo;
  return memo;
}

/** The IAM actions and resources one recorded call needed, or why none or why it cannot be told. Read-only. */
export function mapOperation(record: ActivityRecord, data: ServiceData = serviceData()): MappingResult {
  return memoFor(data).get(record);
}

/**
 * Whether `mapOperation` may return this very result object again (it is kept by the memo). Callers that
 * cache work per result object (aggregation) skip results that are never returned twice.
 */
export function mayRecur(result: MappingResult, data: ServiceData = serviceData()): boolean {
  return memoFor(data).isKept(result);
}

/** `mapOperation` without the memo: what every hit must equal (tests compare the two). */
export function mapOperationUncached(
  record: ActivityRecord,
  data: ServiceData = serviceData(),
): MappingResult {
  return computeMapping(new DirectProbe(record), data);
}

/** Hits, misses and size of the memo of this service data (for benchmarks and tests). */
export function mapOperationMemoStats(data: ServiceData = serviceData()): QueryMemoStats {
  return { ...memoFor(data).stats };
}
