/** What `innerMap` needs of the outer table: a Map or a WeakMap. */
interface Table<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The Map kept under `key` in `outer`, made and kept there when there is none yet: the first level of the
 * two-level caches (per action, then per resource; per service data, then per service...).
 */
export function innerMap<K, K2, V>(outer: Table<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = outer.get(key);
  if (inner === undefined) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
