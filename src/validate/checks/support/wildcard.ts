/**
 * IAM wildcards (`*` any run of characters, `?` one character) and the questions the checks ask about them:
 * does a pattern match a string, can two patterns match a common string, does one pattern cover another.
 * Compiled patterns are cached: the same actions and ARNs recur across thousands of policies.
 */

const regexCache = new Map<string, RegExp>();

function escapeRegex(s: string): string {
  return s.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
}

/** True when the string has an IAM wildcard. */
export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** A regular expression for an IAM wildcard pattern; `ignoreCase` for actions, exact case for ARNs. */
export function wildcardRegex(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = regexCache.get(cacheKey);
  if (!re) {
    let source = '';
    for (const ch of pattern) {
      if (ch === '*') source += '.*';
      else if (ch === '?') source += '.';
      else source += escapeRegex(ch);
    }
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (regexCache.size > 50_000) regexCache.clear();
    regexCache.set(cacheKey, re);
  }
  return re;
}

/** Does the wildcard pattern match the literal string? */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (!hasWildcard(pattern)) {
    if (pattern.length !== value.length) return false;
    return ignoreCase
      ? pattern === value || pattern.toLowerCase() === value.toLowerCase()
      : pattern === value;
  }
  return wildcardRegex(pattern, ignoreCase).test(value);
}

const coverCache = new Map<string, RegExp>();

/**
 * Does pattern `a` match every string that pattern `b` matches? Sound but not complete: a `?` in `a` is
 * never taken to cover a `*` of `b`, and a literal never covers a wildcard.
 */
export function wildcardCovers(a: string, b: string, ignoreCase = false): boolean {
  if (a === b) return true;
  if (a === '*') return true;
  if (!hasWildcard(a)) return ignoreCase ? a.toLowerCase() === b.toLowerCase() && !hasWildcard(b) : false;
  const cacheKey = `${ignoreCase ? 'i' : 's'}${a}`;
  let re = coverCache.get(cacheKey);
  if (!re) {
    let source = '';
    for (const ch of a) {
      if (ch === '*') source += '.*';
      else if (ch === '?') source += '[^*?]';
      else source += escapeRegex(ch);
    }
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (coverCache.size > 50_000) coverCache.clear();
    coverCache.set(cacheKey, re);
  }
  return re.test(b);
}

/** A token of a pattern: a literal character, `*` (any run, possibly empty) or `?` (exactly one character). */
type Token = string | typeof ANY | typeof ONE;
const ANY = 0;
const ONE = 1;

/**
 * Tokens of a pattern. `${...}` placeholders (ARN format variables, policy variables) count as `*` when
 * `variablesAsWildcards` is set.
 */
export function tokenize(pattern: string, variablesAsWildcards: boolean, ignoreCase: boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') {
      if (out[out.length - 1] !== ANY) out.push(ANY);
    } else if (ch === '?') out.push(ONE);
    else if (variablesAsWildcards && ch === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end < 0) {
        out.push(ch);
        continue;
      }
      if (out[out.length - 1] !== ANY) out.push(ANY);
      i = end;
    } else out.push(ignoreCase ? ch.toLowerCase() : ch);
  }
  return out;
}

/** Can some string match both patterns? (product of the two automata, explored depth first) */
export function patternsIntersect(a: readonly Token[], b: readonly Token[]): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const stack: number[] = [0];
  while (stack.length > 0) {
    const state = stack.pop() as number;
    if (seen.has(state)) continue;
    seen.add(state);
    const i = Math.floor(state / width);
    const j = state % width;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    // `*` may match nothing
    if (ta === ANY) stack.push((i + 1) * width + j);
    if (tb === ANY) stack.push(i * width + j + 1);
    if (ta === undefined || tb === undefined) continue;
    // both consume one character
    if (ta === ANY && tb === ANY) continue; // covered by the two empty moves
    if (ta === ANY) stack.push(i * width + j + 1);
    else if (tb === ANY) stack.push((i + 1) * width + j);
    else if (ta === ONE || tb === ONE || ta === tb) stack.push((i + 1) * width + j + 1);
  }
  return false;
}

/** The literal text before the first wildcard or variable. */
export function literalPrefix(pattern: string): string {
  let end = pattern.length;
  for (const marker of ['*', '?', '${']) {
    const at = pattern.indexOf(marker);
    if (at >= 0 && at < end) end = at;
  }
  return pattern.slice(0, end);
}
