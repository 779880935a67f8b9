/**
 * JSON paths as people read them: `Statement[1].Action[0]`, `Statement[0].Condition.StringEquals.aws:username`,
 * and `Statement[0].#Principal` when the key itself is the problem. Paths name places in the raw JSON, so
 * the JSON reader and the policy parser build them with the same two functions.
 */

const PLAIN_KEY = /^[A-Za-z0-9_$@:/+=,-]+$/;

/** The path of `key` (an object property) or `index` (an array element) under `parent` ('' is the root). */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  // Keys with dots, quotes, spaces or brackets are quoted as JSON so that a path reads back unambiguously.
  const part = PLAIN_KEY.test(key) ? key : JSON.stringify(key);
  return parent === '' ? part : `${parent}.${part}`;
}

/** The path of the key itself (not its value): `Statement[0].#Principal`. */
export function keyPath(parent: string, key: string): string {
  const part = `#${PLAIN_KEY.test(key) ? key : JSON.stringify(key)}`;
  return parent === '' ? part : `${parent}.${part}`;
}

/** The path one level up, or undefined at the root: `Statement[0].Action[1]` -> `Statement[0].Action`. */
export function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  if (path.endsWith(']') && !path.endsWith('"]')) {
    const i = path.lastIndexOf('[');
    return path.slice(0, i);
  }
  // Walk back over the last `.part`, skipping dots inside a quoted part.
  let inQuote = false;
  for (let i = path.length - 1; i >= 0; i--) {
    const c = path[i];
    if (c === '"' && path[i - 1] !== '\\') inQuote = !inQuote;
    else if (c === '.' && !inQuote) return path.slice(0, i);
  }
  return '';
}
