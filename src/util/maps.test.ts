import { describe, expect, it } from 'vitest';
import { innerMap } from './maps.js';

describe('innerMap', () => {
  it('makes the inner map once and returns that same map for the key afterwards', () => {
    const outer = new Map<string, Map<string, number>>();
    innerMap(outer, 's3:GetObject').set('arn:aws:s3:::b/k', 1);
    expect(innerMap(outer, 's3:GetObject').get('arn:aws:s3:::b/k')).toBe(1);
    expect(outer.size).toBe(1);
    expect(innerMap(outer, 'sqs:SendMessage').size).toBe(0);
    expect(outer.size).toBe(2);
  });

  it('works over a WeakMap keyed by objects', () => {
    const outer = new WeakMap<object, Map<string, string>>();
    const data = {};
    innerMap(outer, data).set('lambda', 'x');
    expect(innerMap(outer, data).get('lambda')).toBe('x');
    expect(innerMap(outer, {}).size).toBe(0);
  });
});
