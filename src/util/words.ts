/** Numbers and counted nouns as every text report writes them. */

/** `1,234`. */
export function n(x: number): string {
  return x.toLocaleString('en-US');
}

/** `1 call`, `2 calls`, `1,234 entries` (with `many` given). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${n(count)} ${count === 1 ? one : many}`;
}
