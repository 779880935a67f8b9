/**
 * How the mapping engine reads a record: only by asking queries. A query is a pure function of the record
 * whose answer has an exact memo key (two answers with the same key are the same answer, for the engine).
 * The engine never holds the record itself, only a `RecordProbe`, so everything it reads is a query:
 * that is what lets `mapOperation` be memoised soundly (query-memo.ts), keyed on what was read and nothing more.
 *
 * Queries are interned (one object per question, e.g. one per parameter path), so that the memo can tell
 * that two runs asked the same question, and so that a probe can answer a repeated question from its cache.
 */
import type { ActivityRecord } from '../normalize/activity-record.js';

/** A Map key standing for an answer. */
export type AnswerKey = string | number | boolean | null | undefined;

export abstract class Query<T> {
  /** Which probe answered last, and what (a repeated question in one run is answered once). */
  stamp = 0;
  last: T | undefined = undefined;

  constructor(
    /** For messages and debugging: `walk:bucketName`. */
    readonly name: string,
  ) {}

  /** The answer for this record. Must read nothing but the record, and never change it. */
  abstract run(record: ActivityRecord): T;

  /** The exact key of an answer: distinct answers the engine could tell apart have distinct keys. */
  abstract key(answer: T): AnswerKey;

  /** The key of this record's answer; overridden where it can be told without building the answer. */
  keyOf(record: ActivityRecord): AnswerKey {
    return this.key(this.run(record));
  }
}

/** What the engine reads a record through. */
export interface RecordProbe {
  ask<T>(query: Query<T>): T;
}

let nextStamp = 1;

/** Answers from the record, each distinct question once. */
export class DirectProbe implements RecordProbe {
  protected readonly stamp = nextStamp++;

  constructor(protected readonly record: ActivityRecord) {}

  ask<T>(query: Query<T>): T {
    if (query.stamp === this.stamp) return query.last as T;
    const answer = query.run(this.record);
    query.stamp = this.stamp;
    query.last = answer;
    return answer;
  }
}

/**
 * Answers from the record and writes down every distinct question and its answer's key, in the order asked:
 * `log` is `[query0, key0, query1, key1, ...]`.
 */
export class RecordingProbe extends DirectProbe {
  readonly log: unknown[] = [];

  override ask<T>(query: Query<T>): T {
    if (query.stamp === this.stamp) return query.last as T;
    const answer = query.run(this.record);
    query.stamp = this.stamp;
    query.last = answer;
    this.log.push(query, query.key(answer));
    return answer;
  }
}

/**
 * Exact key of a list of strings: `null` for none, the string itself for one (unless it starts with NUL),
 * else NUL followed by each string as `<length>:<text>`. Injective: a key starting with NUL always decodes.
 */
export function listKey(list: readonly string[]): AnswerKey {
  if (list.length === 0) return null;
  const first = list[0] as string;
  if (list.length === 1 && first.charCodeAt(0) !== 0) return first;
  let out = '\u0000';
  for (const s of list) out += `${s.length}:${s}`;
  return out;
}

type RecordField = 'eventType' | 'eventSource' | 'operation' | 'region';

/** A query reading one top-level string field of the record. */
export class FieldQuery extends Query<string | undefined> {
  constructor(
    field: RecordField,
    /** `record[field]`, as a plain property read (a read by a variable name is slower on every record). */
    private readonly read: (record: ActivityRecord) => string | undefined,
  ) {
    super(`field:${field}`);
  }

  /** The field as recorded (a Map key tells `undefined`, `null`, numbers and strings apart). */
  run(record: ActivityRecord): string | undefined {
    return this.read(record);
  }

  key(answer: string | undefined): AnswerKey {
    return answer;
  }

  override keyOf(record: ActivityRecord): AnswerKey {
    return this.read(record);
  }
}

export const EVENT_TYPE = new FieldQuery('eventType', (r) => r.eventType);
export const EVENT_SOURCE = new FieldQuery('eventSource', (r) => r.eventSource);
export const OPERATION = new FieldQuery('operation', (r) => r.operation);
export const REGION = new FieldQuery('region', (r) => r.region);
