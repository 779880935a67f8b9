/**
 * A memo for a deterministic computation that reads its input only through queries (probe.ts), keyed on
 * the answers to exactly the queries it asked: work per distinct key, not per event.
 *
 * ## Shape
 * The first questions every run asks (the signature: eventType, eventSource, operation) select a small
 * table per signature. A run that misses is recorded: the questions it asked, in order, form a read-set, and
 * its result is stored in that read-set under the keys of its answers. A signature keeps the few
 * distinct read-sets its runs asked (usually one; two when, say, `versionId` present makes the run read
 * something else). A read-set holds its results in nested Maps, one level per question, keyed on that
 * question's answer key. A lookup projects the record onto each read-set (asks it those questions, in order)
 * and follows one Map per answer: no key is built for the read-set as a whole.
 *
 * ## Soundness
 * Keys are exact: each answer key is exact (equal keys, equal answers as far as the computation can tell;
 * see `Query.key`) and Maps tell keys apart by SameValueZero, so record B reaches the result A left in a
 * read-set only if B gives every question of the read-set the same answer as A. The computation is
 * deterministic and sees the record only through its questions, so by induction on the questions of A's
 * run, the run on B asks the same first question and gets the same answer, hence asks the same second
 * question, and so on: it takes the same path and returns an equal result. A hit therefore returns exactly
 * what a fresh run on B would. This relies on two things the engine guarantees by construction: it can
 * reach the record only through the probe (it is never given the record), and everything else it reads is
 * immutable (tables, service data) or a cache of a pure function of those.
 *
 * ## Bounds
 * Memory is bounded by `maxEntries`: when full, everything is dropped and regrows from what is seen next.
 * (A read-set's nested Maps number at most its results times its questions.)
 * A read-set whose keys hardly ever repeat (an S3 object key, a log stream, an execution id) is "volatile":
 * it is emptied and no longer looked up nor filled, so unique values cost neither memory nor a lookup; such
 * records are simply computed. After a while it is tried again, in case the values start repeating.
 *
 * ## Stages
 * A computation made of stages (which actions, then which resources) may compute such records by stages
 * (`direct`): a stage that does not read the volatile answers is taken from a memo of its own, keyed on
 * its own read-set, and only the rest is computed. That is sound by the same argument, stage by stage:
 * each stage is deterministic and reads the record only through its probe, so the first stage's memo
 * returns what a fresh run of it would, and the next stage, given an equal value and the record, returns
 * an equal result.
 *
 * Results are shared between every input with their key, so they are sealed (deep-frozen) once.
 */
import type { ActivityRecord } from '../normalize/activity-record.js';
import type { AnswerKey, Query, RecordProbe } from './probe.js';
import { DirectProbe, RecordingProbe } from './probe.js';

/**
 * The questions one run asked after the signature, and the results by their answers: a trie of nested Maps,
 * one level per question, keyed on that question's answer key; a leaf is a result. A lookup asks the
 * questions in order and follows one Map per answer, without building a key for the whole read-set.
 */
class ReadSet<R> {
  /** The trie; for a read-set of no questions, unused (`only` holds its one result). */
  private root = new Map<AnswerKey, unknown>();
  private only: R | undefined = undefined;
  /** Results held. */
  size = 0;
  hits = 0;
  added = 0;
  volatile = false;
  /** Runs not kept since it turned volatile. */
  skipped = 0;
  constructor(readonly queries: Query<unknown>[]) {}

  /** Whether a run's log (from `from` on) asked exactly these questions. */
  asked(log: unknown[], from: number): boolean {
    if ((log.length - from) / 2 !== this.queries.length) return false;
    for (let i = 0; i < this.queries.length; i++) if (log[from + 2 * i] !== this.queries[i]) return false;
    return true;
  }

  /** The result kept for this record's answers to the read-set's questions, if any. */
  lookup(record: ActivityRecord): R | undefined {
    const queries = this.queries;
    const n = queries.length;
    if (n === 0) return this.only;
    let level = this.root;
    for (let i = 0; i < n - 1; i++) {
      const next = level.get((queries[i] as Query<unknown>).keyOf(record)) as
        | Map<AnswerKey, unknown>
        | undefined;
      if (next === undefined) return undefined;
      level = next;
    }
    return level.get((queries[n - 1] as Query<unknown>).keyOf(record)) as R | undefined;
  }

  /** Keep a result under the answer keys a run's log holds (from `from` on); whether it is a new entry. */
  store(log: unknown[], from: number, result: R): boolean {
    if (from >= log.length) {
      const added = this.only === undefined;
      this.only = result;
      if (added) this.size++;
      return added;
    }
    let level = this.root;
    for (let i = from + 1; i < log.length - 2; i += 2) {
      const k = log[i] as AnswerKey;
      let next = level.get(k) as Map<AnswerKey, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(k, next);
      }
      level = next;
    }
    const last = log[log.length - 1] as AnswerKey;
    const added = !level.has(last);
    level.set(last, result);
    if (added) this.size++;
    return added;
  }

  /** Drop every result. */
  empty(): void {
    this.root = new Map();
    this.only = undefined;
    this.size = 0;
  }
}

interface Signature<R> {
  readSets: ReadSet<R>[];
  /** Runs computed without recording since its read-sets all turned volatile. */
  unrecorded: number;
}

export interface QueryMemoOptions<R = unknown> {
  /** Results kept at most; everything is dropped when this is reached. */
  maxEntries?: number;
  /** A read-set with this many keys, most never seen again, stops growing and is no longer looked up. */
  volatileAfter?: number;
  /** Read-sets kept per signature. */
  maxReadSets?: number;
  /**
   * How a record is computed when its signature's read-sets are all volatile (nothing is recorded): must
   * return exactly what `compute(new DirectProbe(record))` would, e.g. the same computation with a stage
   * that does not read the volatile answers taken from a memo of its own. By default, that very call.
   */
  direct?: (record: ActivityRecord) => R;
  /**
   * The object the memo stores (and hands out from then on) for a sealed result it is about to keep; by
   * default the result itself. A copy made by code of its own keeps long-lived results apart from those
   * computed per record, which V8 would otherwise allocate alike (see `keepMapping` in map-operation.ts).
   */
  keep?: (result: R) => R;
}

export interface QueryMemoStats {
  hits: number;
  /** Runs computed (and recorded, unless their read-set is volatile). */
  misses: number;
  entries: number;
  resets: number;
}

export class QueryMemo<R> {
  /** signature answers, in order, as nested maps. */
  private root = new Map<AnswerKey, unknown>();
  private entries = 0;
  private readonly maxEntries: number;
  private readonly volatileAfter: number;
  private readonly maxReadSets: number;
  private readonly direct: ((record: ActivityRecord) => R) | undefined;
  private readonly keep: ((result: R) => R) | undefined;
  readonly stats: QueryMemoStats = { hits: 0, misses: 0, entries: 0, resets: 0 };

  constructor(
    /** The questions every run asks first, in this order. */
    private readonly signature: Query<unknown>[],
    private readonly compute: (probe: RecordProbe) => R,
    /** Makes a result safe to share (e.g. deep-freezes it); applied once per computed result. */
    private readonly seal: (result: R) => R,
    options: QueryMemoOptions<R> = {},
  ) {
    this.maxEntries = options.maxEntries ?? 32_768;
    this.volatileAfter = options.volatileAfter ?? 256;
    this.maxReadSets = options.maxReadSets ?? 8;
    this.direct = options.direct;
    this.keep = options.keep;
  }

  /** Results the memo has kept (and may return again); computed-only results are never in it. */
  private readonly kept = new WeakSet<object>();

  /**
   * Whether `result` was kept by the memo, so that later records may get the same object back. False for
   * a result computed for a record whose read-set is volatile: it is never returned again.
   */
  isKept(result: R): boolean {
    return typeof result === 'object' && result !== null && this.kept.has(result);
  }

  get(record: ActivityRecord): R {
    const sig = this.find(record);
    if (sig !== undefined) {
      let live = false;
      for (const rs of sig.readSets) {
        if (rs.volatile) continue;
        live = true;
        const hit = rs.lookup(record);
        if (hit !== undefined) {
          rs.hits++;
          this.stats.hits++;
          return hit;
        }
      }
      // Every way this signature was read so far is unique per record: compute without writing down what
      // was read, but for one run in 64, which still records (a new, repeating read-set is then found).
      if (!live && sig.readSets.length > 0 && (++sig.unrecorded & 63) !== 0) {
        this.stats.misses++;
        return this.seal(
          this.direct === undefined ? this.compute(new DirectProbe(record)) : this.direct(record),
        );
      }
    }
    this.stats.misses++;
    const probe = new RecordingProbe(record);
    return this.insert(sig, probe.log, this.seal(this.compute(probe)));
  }

  /** Drop everything. */
  clear(): void {
    this.root = new Map();
    this.entries = 0;
    this.stats.entries = 0;
  }

  private find(record: ActivityRecord): Signature<R> | undefined {
    let level: unknown = this.root;
    for (const q of this.signature) {
      level = (level as Map<AnswerKey, unknown>).get(q.keyOf(record));
      if (level === undefined) return undefined;
    }
    return level as Signature<R>;
  }

  /** Keep a computed result if it may be kept; returns what the record gets: the kept object, else `result`. */
  private insert(found: Signature<R> | undefined, log: unknown[], result: R): R {
    const n = this.signature.length;
    // A run that did not start with the signature cannot be keyed (the engine always asks it first).
    if (log.length < 2 * n) return result;
    for (let i = 0; i < n; i++) if (log[2 * i] !== this.signature[i]) return result;
    let sig = found;
    if (!sig) {
      let level = this.root;
      for (let i = 0; i < n - 1; i++) {
        const k = log[2 * i + 1] as AnswerKey;
        let next = level.get(k) as Map<AnswerKey, unknown> | undefined;
        if (!next) {
          next = new Map();
          level.set(k, next);
        }
        level = next;
      }
      const lastKey = log[2 * n - 1] as AnswerKey;
      sig = level.get(lastKey) as Signature<R> | undefined;
      if (!sig) {
        sig = { readSets: [], unrecorded: 0 };
        level.set(lastKey, sig);
      }
    }
    let rs = sig.readSets.find((s) => s.asked(log, 2 * n));
    if (!rs) {
      if (sig.readSets.length >= this.maxReadSets) return result;
      const queries: Query<unknown>[] = [];
      for (let i = 2 * n; i < log.length; i += 2) queries.push(log[i] as Query<unknown>);
      rs = new ReadSet<R>(queries);
      sig.readSets.push(rs);
    }
    if (rs.volatile) {
      // Looked at again after a while, in case the values start repeating.
      if (++rs.skipped < 16 * this.volatileAfter) return result;
      rs.volatile = false;
      rs.skipped = 0;
      rs.added = 0;
      rs.hits = 0;
    }
    if (this.entries >= this.maxEntries) {
      // Full: start again from empty (this result is not kept; the next runs refill the memo).
      this.clear();
      this.stats.resets++;
      return result;
    }
    const kept = this.keep === undefined ? result : this.keep(result);
    if (!rs.store(log, 2 * n, kept)) return result;
    if (typeof kept === 'object' && kept !== null) this.kept.add(kept);
    rs.added++;
    this.entries++;
    this.stats.entries = this.entries;
    if (rs.added >= this.volatileAfter && rs.added > 8 * rs.hits) {
      // Unique per record: stop looking it up, and free what it held.
      rs.volatile = true;
      this.entries -= rs.size;
      this.stats.entries = this.entries;
      rs.empty();
    }
    return kept;
  }
}

/** Freeze a plain value and everything it holds (results shared by a memo must not be changed). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) for (const v of value) deepFreeze(v);
  else for (const k in value) deepFreeze((value as Record<string, unknown>)[k]);
  return value;
}
