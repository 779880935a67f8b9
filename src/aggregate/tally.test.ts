import { describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../normalize/activity-record.js';
import { earlier, earlierAt, keepSmallest, leadKey, Tally, timeForm } from './tally.js';
import { SAMPLE_EVIDENCE_LIMIT } from './usage.js';

/** A small deterministic generator (tests must not depend on Math.random). */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function record(time: string, evidenceId: string, timeMs = Date.parse(time)): ActivityRecord {
  return {
    time,
    timeMs,
    sourceKind: 'cloudtrail',
    eventSource: 's3.amazonaws.com',
    operation: 'GetObject',
    identity: { type: 'Unknown' },
    outcome: { kind: 'success' },
    evidenceId,
    origin: { file: 't.json', index: 0 },
  };
}

describe('leadKey', () => {
  it('never orders two strings the other way round from the strings themselves', () => {
    const next = generator(7);
    const alphabet = ['0', '9', 'a', 'f', '-', '/', 'Z', 'é', 'ÿ', 'Ā', '中', '\u{1F600}'];
    const word = () => {
      let s = '';
      const n = Math.floor(next() * 8);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    };
    const words = Array.from({ length: 400 }, word);
    for (const a of words) {
      for (const b of words.slice(0, 60)) {
        if (leadKey(a) < leadKey(b)) expect(a < b, `${a} vs ${b}`).toBe(true);
        if (leadKey(a) > leadKey(b)) expect(a > b, `${a} vs ${b}`).toBe(true);
      }
    }
  });

  it('tells event ids apart by their first characters', () => {
    expect(leadKey('0b3c9e1a-aaaa')).toBeLessThan(leadKey('0b3ca000-0000'));
    expect(leadKey('abc')).toBeLessThan(leadKey('abcd'));
    // Past five characters, or from a character above U+00FE on, keys tie: the strings decide.
    expect(leadKey('abcdeX')).toBe(leadKey('abcdeY'));
    expect(leadKey('aĀz')).toBe(leadKey('aǅa'));
  });
});

describe('time comparisons by milliseconds', () => {
  const times = [
    '2024-05-01T10:00:00Z',
    '2024-05-01T10:00:01Z',
    '2024-05-01T09:59:59Z',
    '2024-05-01T10:00:00.500Z',
    '2024-05-01T10:00:00.250Z',
    '2024-05-01T10:00:00.250100Z',
    '2024-05-01T11:00:00+01:00',
    '2024-05-01T12:00:00+01:00',
    '2024-05-01T10:00:00.000Z',
    // Accepted by the normalizer, but ordered as strings by earlier(): never compared by milliseconds.
    '2024-05-01 10:00:05Z',
    '2024-05-01t10:00:05Z',
  ];

  it('agree with earlier() for every pair, whatever the forms', () => {
    for (const a of times) {
      for (const b of times) {
        const at = earlierAt(a, Date.parse(a), timeForm(a), b, Date.parse(b), timeForm(b));
        expect(at, `${a} before ${b}`).toBe(a !== b && earlier(a, b));
      }
    }
  });
});

describe('Tally', () => {
  it('folds to what observing each record would give: count, first and last seen, smallest samples', () => {
    const next = generator(11);
    const tally = new Tally();
    const all: ActivityRecord[] = [];
    for (let i = 0; i < 500; i++) {
      const second = String(Math.floor(next() * 60)).padStart(2, '0');
      const id = Math.floor(next() * 0xffffffff)
        .toString(16)
        .padStart(8, '0');
      const r = record(`2024-05-01T10:${second}:00Z`, `${id}-1111-2222`);
      all.push(r);
      tally.add(r);
    }
    const seen = tally.observation();
    const times = all.map((r) => r.time).sort();
    const samples: string[] = [];
    for (const r of all) keepSmallest(samples, r.evidenceId, SAMPLE_EVIDENCE_LIMIT);
    expect(seen).toEqual({
      count: 500,
      firstSeen: times[0],
      lastSeen: times[times.length - 1],
      samples: [...new Set(all.map((r) => r.evidenceId))].sort().slice(0, SAMPLE_EVIDENCE_LIMIT),
      sources: ['cloudtrail'],
    });
    expect(seen.samples).toEqual(samples);
  });

  it('keeps the text of the earliest and latest time when several forms are mixed', () => {
    const tally = new Tally();
    tally.add(record('2024-05-01T10:00:00.500Z', 'b'));
    tally.add(record('2024-05-01T11:00:00+01:00', 'c'));
    tally.add(record('2024-05-01T10:00:01Z', 'a'));
    expect(tally.observation()).toMatchObject({
      count: 3,
      firstSeen: '2024-05-01T11:00:00+01:00',
      lastSeen: '2024-05-01T10:00:01Z',
      samples: ['a', 'b', 'c'],
    });
  });

  it('starts again from nothing after reset', () => {
    const tally = new Tally();
    tally.add(record('2024-05-01T10:00:00Z', 'a'));
    tally.reset();
    tally.add(record('2024-05-02T10:00:00Z', 'z'));
    expect(tally.observation()).toEqual({
      count: 1,
      firstSeen: '2024-05-02T10:00:00Z',
      lastSeen: '2024-05-02T10:00:00Z',
      samples: ['z'],
      sources: ['cloudtrail'],
    });
  });
});
