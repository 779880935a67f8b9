/**
 * Evidence gathered on aggregation's fast path (a call seen again: same session, same mapping result) and
 * folded into the usage entries it stands for only when the partial is read.
 *
 * Why not observe the entries directly: a record that repeats a call would then touch every entry of the
 * call, each entry's first and last time and its largest kept sample, all of them strings made by earlier
 * records and long out of the CPU's caches. Reading them is most of what such a record costs. A tally is one
 * small object per (session, call), and compares the new record with numbers it holds: the time as
 * milliseconds, and the start of the largest kept sample as a number. It reads an old string only when the
 * numbers tie.
 *
 * Folding a tally into an entry gives exactly what observing the entry record by record would have: counts
 * add up, first and last seen are the least and greatest by `earlier`, and samples are the smallest of the
 * union (see `mergeObservation`).
 */
import type { ActivityRecord, RecordSourceKind } from '../normalize/activity-record.js';
import { type Observation, SAMPLE_EVIDENCE_LIMIT } from './usage.js';

/**
 * How a time text can be compared by its milliseconds: its length when it is written `YYYY-MM-DDTHH:MM:SS`,
 * an optional fraction, and `Z` (what every source normalises to; the normalizer checks the digits), else -1.
 * Two such texts of one length are ordered as their instants, and `earlier` orders them as strings: so their
 * milliseconds tell which is earlier unless they are equal.
 */
export function timeForm(time: string): number {
  const n = time.length;
  return time.charCodeAt(n - 1) === 0x5a && time.charCodeAt(10) === 0x54 ? n : -1;
}

/** Whether two times' milliseconds alone tell which is earlier: both in the form above, at different instants. */
export function millisecondsTell(aMs: number, aForm: number, bMs: number, bForm: number): boolean {
  return aForm >= 0 && aForm === bForm && aMs !== bMs;
}

/**
 * `a !== b && earlier(a, b)`, knowing each time's milliseconds and form: a comparison of numbers, and of the
 * texts only when the numbers cannot tell.
 */
export function earlierAt(
  a: string,
  aMs: number,
  aForm: number,
  b: string,
  bMs: number,
  bForm: number,
): boolean {
  if (millisecondsTell(aMs, aForm, bMs, bForm)) return aMs < bMs;
  return a !== b && earlier(a, b);
}

/**
 * A number that orders strings as their first five characters do, ties meaning nothing: each character
 * code plus one (an absent character sorts first), in base 512. From the first character above U+00FE on,
 * the key cannot tell: that character counts as 256 and the rest as the largest digit, so every string with
 * the same start up to there gets one key (a tie).
 */
export function leadKey(s: string): number {
  let key = 0;
  let i = 0;
  for (; i < 5; i++) {
    if (i >= s.length) {
      key *= 512;
      continue;
    }
    const c = s.charCodeAt(i);
    if (c >= 255) break;
    key = key * 512 + c + 1;
  }
  if (i < 5) {
    key = key * 512 + 256;
    for (i++; i < 5; i++) key = key * 512 + 511;
  }
  return key;
}

/** ISO times of one format compare as strings; mixed precision falls back to parsing. */
export function earlier(a: string, b: string): boolean {
  return a.length === b.length ? a < b : Date.parse(a) < Date.parse(b);
}

/**
 * Keep the `limit` smallest distinct values of a sorted list: deterministic whatever the order records
 * arrive in (worker threads take files in no fixed order).
 */
export function keepSmallest(list: string[], value: string, limit: number): void {
  const n = list.length;
  // Full (the usual case): most values sort after the largest kept one, which one comparison tells.
  if (n >= limit && value >= (list[n - 1] as string)) return;
  // Insert in order (no sort: it allocates), dropping the largest when full.
  let at = n;
  while (at > 0 && (list[at - 1] as string) > value) at--;
  if (at > 0 && list[at - 1] === value) return;
  if (n < limit) list.push(value);
  for (let i = Math.min(n, limit - 1); i > at; i--) list[i] = list[i - 1] as string;
  list[at] = value;
}

const SOURCE_BITS: Record<RecordSourceKind, number> = { cloudtrail: 1, xray: 2, otel: 4 };

/** The span of times and the count of records, as `touch` keeps for a usage. */
export class Span {
  count = 0;
  firstSeen = '';
  firstMs = 0;
  firstForm = -1;
  lastSeen = '';
  lastMs = 0;
  lastForm = -1;

  /** One more record. */
  add(record: ActivityRecord): void {
    const time = record.time;
    const ms = record.timeMs;
    const form = timeForm(time);
    if (this.count++ === 0) {
      this.firstSeen = time;
      this.firstMs = ms;
      this.firstForm = form;
      this.lastSeen = time;
      this.lastMs = ms;
      this.lastForm = form;
      return;
    }
    if (earlierAt(time, ms, form, this.firstSeen, this.firstMs, this.firstForm)) {
      this.firstSeen = time;
      this.firstMs = ms;
      this.firstForm = form;
    }
    if (earlierAt(this.lastSeen, this.lastMs, this.lastForm, time, ms, form)) {
      this.lastSeen = time;
      this.lastMs = ms;
      this.lastForm = form;
    }
  }

  /** Start again from no records. */
  reset(): void {
    this.count = 0;
    this.firstSeen = '';
    this.lastSeen = '';
  }
}

/** A span with the evidence an Observation keeps: samples and sources. */
export class Tally extends Span {
  samples: string[] = [];
  /** `leadKey` of the largest kept sample once the samples are full; +Infinity until then. */
  private sampleLead = Number.POSITIVE_INFINITY;
  private sourceBits = 0;
  sources: RecordSourceKind[] = [];

  override add(record: ActivityRecord): void {
    super.add(record);
    const id = record.evidenceId;
    const lead = this.sampleLead === Number.POSITIVE_INFINITY ? 0 : leadKey(id);
    // Most ids sort after the largest kept one once the list is full, which the lead keys tell alone.
    if (lead <= this.sampleLead) {
      const samples = this.samples;
      keepSmallest(samples, id, SAMPLE_EVIDENCE_LIMIT);
      if (samples.length >= SAMPLE_EVIDENCE_LIMIT) {
        this.sampleLead = leadKey(samples[SAMPLE_EVIDENCE_LIMIT - 1] as string);
      }
    }
    const bit = SOURCE_BITS[record.sourceKind];
    if ((this.sourceBits & bit) === 0) {
      this.sourceBits |= bit;
      this.sources.push(record.sourceKind);
    }
  }

  /** This tally as an observation (shares its lists: read it before `reset`). */
  observation(): Observation {
    return {
      count: this.count,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      samples: this.samples,
      sources: this.sources,
    };
  }

  override reset(): void {
    super.reset();
    this.samples = [];
    this.sampleLead = Number.POSITIVE_INFINITY;
    this.sourceBits = 0;
    this.sources = [];
  }
}
