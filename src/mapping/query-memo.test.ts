/** The memo keyed on what a computation read (query-memo.ts), on a tiny computation of its own. */
import { describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../normalize/activity-record.js';
import { type AnswerKey, DirectProbe, EVENT_SOURCE, OPERATION, Query, type RecordProbe } from './probe.js';
import { deepFreeze, QueryMemo } from './query-memo.js';
import { makeRecord } from './test-helpers.js';

/** One request parameter, as a query. */
class Param extends Query<string | undefined> {
  constructor(private readonly param: string) {
    super(`param:${param}`);
  }
  run(record: ActivityRecord): string | undefined {
    const v = record.requestParameters?.[this.param];
    return typeof v === 'string' ? v : undefined;
  }
  key(answer: string | undefined): AnswerKey {
    return answer;
  }
}

const MODE = new Param('mode');
const NAME = new Param('name');
const ID = new Param('id');

/** `name` in mode `named`, `id` otherwise: what it reads depends on what it read. */
function describeCall(probe: RecordProbe, runs: { count: number }): { text: string } {
  runs.count++;
  const source = probe.ask(EVENT_SOURCE);
  const operation = probe.ask(OPERATION);
  const mode = probe.ask(MODE);
  const what = mode === 'named' ? probe.ask(NAME) : probe.ask(ID);
  return { text: `${source} ${operation} ${mode}:${what}` };
}

function memoFor(options = {}) {
  const runs = { count: 0 };
  const memo = new QueryMemo([EVENT_SOURCE, OPERATION], (p) => describeCall(p, runs), deepFreeze, options);
  return { memo, runs };
}

const call = (params: Record<string, unknown>, partial: Partial<ActivityRecord> = {}): ActivityRecord =>
  makeRecord({ eventSource: 'box.amazonaws.com', operation: 'Open', requestParameters: params, ...partial });

describe('QueryMemo', () => {
  it('computes once per distinct answers to what was read, whatever else differs', () => {
    const { memo, runs } = memoFor();
    // Given records that differ only in what the computation does not read (id, in mode named; time)
    const a = memo.get(call({ mode: 'named', name: 'n1', id: '1' }));
    const b = memo.get(call({ mode: 'named', name: 'n1', id: '2' }, { time: '2030-01-01T00:00:00Z' }));
    // Then the second is the first's result, computed once
    expect(b).toBe(a);
    expect(runs.count).toBe(1);
    expect(memo.stats.hits).toBe(1);
  });

  it('keeps apart records that differ in anything that was read, including the read-set itself', () => {
    const { memo, runs } = memoFor();
    const inputs = [
      call({ mode: 'named', name: 'n1' }),
      call({ mode: 'named', name: 'n2' }),
      call({ mode: 'other', id: 'n1' }),
      call({ mode: 'other', id: 'n1', name: 'n2' }),
      call({ mode: 'named', name: 'n1' }, { operation: 'Close' }),
      call({ mode: 'named', name: 'n1' }, { eventSource: 'lid.amazonaws.com' }),
    ];
    for (const r of inputs) {
      const fresh = describeCall(
        {
          ask: (q) => q.run(r),
        },
        { count: 0 },
      );
      expect(memo.get(r)).toEqual(fresh);
    }
    // The fourth differs from the third only in `name`, which mode `other` does not read
    expect(runs.count).toBe(5);
    // And with two ways to read one signature, both are kept and both hit
    expect(memo.get(call({ mode: 'named', name: 'n2' })).text).toBe('box.amazonaws.com Open named:n2');
    expect(memo.get(call({ mode: 'other', id: 'n1' })).text).toBe('box.amazonaws.com Open other:n1');
    expect(runs.count).toBe(5);
  });

  it('tells a missing value, an empty one and a NUL-led one apart', () => {
    const { memo } = memoFor();
    const texts = [undefined, '', '\u0000x', 'x', '1:x'].map(
      (name) => memo.get(call(name === undefined ? { mode: 'named' } : { mode: 'named', name })).text,
    );
    expect(texts).toEqual([
      'box.amazonaws.com Open named:undefined',
      'box.amazonaws.com Open named:',
      'box.amazonaws.com Open named:\u0000x',
      'box.amazonaws.com Open named:x',
      'box.amazonaws.com Open named:1:x',
    ]);
  });

  it('stops keeping values that never repeat, and stays right', () => {
    // Given a read-set whose values are unique per record
    const { memo, runs } = memoFor({ volatileAfter: 8 });
    for (let i = 0; i < 100; i++) {
      expect(memo.get(call({ mode: 'named', name: `unique-${i}` })).text).toBe(
        `box.amazonaws.com Open named:unique-${i}`,
      );
    }
    // Then everything was computed, and the memo holds none of them
    expect(runs.count).toBe(100);
    expect(memo.stats.entries).toBe(0);
    // And a signature whose values repeat is still kept
    for (let i = 0; i < 50; i++) memo.get(call({ mode: 'named', name: `n${i % 3}` }, { operation: 'Close' }));
    expect(runs.count).toBe(103);
  });

  it('computes records of a volatile read-set with `direct`, and only those', () => {
    // Given a memo whose records of unique names are computed by a function of their own
    const runs = { count: 0 };
    let direct = 0;
    const memo = new QueryMemo([EVENT_SOURCE, OPERATION], (p) => describeCall(p, runs), deepFreeze, {
      volatileAfter: 8,
      direct: (record) => {
        direct++;
        return describeCall(new DirectProbe(record), runs);
      },
    });
    for (let i = 0; i < 100; i++) {
      expect(memo.get(call({ mode: 'named', name: `unique-${i}` })).text).toBe(
        `box.amazonaws.com Open named:unique-${i}`,
      );
    }
    // Then it served most of them once the read-set turned volatile (one run in 64 still records)
    expect(direct).toBeGreaterThan(80);
    expect(runs.count).toBe(100);
    // And records whose values repeat never reach it
    const before = direct;
    for (let i = 0; i < 50; i++) memo.get(call({ mode: 'named', name: `n${i % 3}` }, { operation: 'Close' }));
    expect(direct).toBe(before);
  });

  it('holds at most maxEntries results', () => {
    const { memo } = memoFor({ maxEntries: 10, volatileAfter: 1000 });
    for (let i = 0; i < 100; i++) {
      memo.get(call({ mode: 'named', name: `n${i}` }));
      expect(memo.stats.entries).toBeLessThanOrEqual(10);
    }
    expect(memo.stats.resets).toBeGreaterThan(0);
  });

  it('keeps the result of a run that read nothing beyond the signature, once', () => {
    // Given a computation that reads only the signature
    let runs = 0;
    const memo = new QueryMemo(
      [EVENT_SOURCE, OPERATION],
      (p) => {
        runs++;
        return { text: `${p.ask(EVENT_SOURCE)} ${p.ask(OPERATION)}` };
      },
      deepFreeze,
    );
    // When records of one signature, differing in everything else, are looked up
    const first = memo.get(call({ mode: 'named', name: 'n1' }));
    for (let i = 0; i < 5; i++) expect(memo.get(call({ mode: `m${i}`, id: `${i}` }))).toBe(first);
    // Then it ran once, holds one entry, and another signature is still told apart
    expect(runs).toBe(1);
    expect(memo.stats.entries).toBe(1);
    expect(memo.get(call({}, { operation: 'Close' })).text).toBe('box.amazonaws.com Close');
    expect(memo.stats.entries).toBe(2);
  });

  it('freezes the results it shares', () => {
    const { memo } = memoFor();
    const result = memo.get(call({ mode: 'named', name: 'n1' }));
    expect(Object.isFrozen(result)).toBe(true);
  });

  it('hands out what `keep` made of a result from its first record on, and keeps nothing else through it', () => {
    // Given a memo that keeps copies, and a read-set that turns volatile after 8 unique values
    const kept: { text: string }[] = [];
    const { memo } = memoFor({
      volatileAfter: 8,
      keep: (result: { text: string }) => {
        const copy = Object.freeze({ ...result });
        kept.push(copy);
        return copy;
      },
    });
    // When a record is seen, then seen again
    const first = memo.get(call({ mode: 'named', name: 'n1' }));
    const again = memo.get(call({ mode: 'named', name: 'n1' }));
    // Then both got the kept copy, which the memo says it keeps
    expect(first).toBe(kept[0]);
    expect(again).toBe(first);
    expect(memo.isKept(first)).toBe(true);
    // And results the memo does not keep (unique values, once volatile) are not copied
    const before = kept.length;
    let notKept = 0;
    for (let i = 0; i < 100; i++) {
      const r = memo.get(call({ mode: 'named', name: `unique-${i}` }));
      expect(r.text).toBe(`box.amazonaws.com Open named:unique-${i}`);
      if (!memo.isKept(r)) notKept++;
    }
    expect(notKept).toBeGreaterThan(80);
    expect(kept.length - before).toBe(100 - notKept);
  });
});
