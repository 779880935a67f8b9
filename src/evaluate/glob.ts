/**
 * Wildcard matching without regular expressions. A pattern is a list of tokens: literal text, `STAR`
 * (any run of characters, possibly empty) and `ONE` (exactly one character). Literal text never holds
 * wildcards, so a value substituted from a policy variable (or written `${*}`) stays literal.
 *
 * The matcher is the classic greedy algorithm with one backtrack point (the last star); it never builds
 * anything per call.
 */

export const STAR = 0;
export const ONE = 1;
export type GlobToken = string | typeof STAR | typeof ONE;

/** Does `tokens` match all of `s[from, to)`? */
export function globMatch(tokens: readonly GlobToken[], s: string, from = 0, to = s.length): boolean {
  let ti = 0;
  let si = from;
  let starTi = -1;
  let starSi = 0;
  const n = tokens.length;
  while (true) {
    if (ti < n) {
      const t = tokens[ti]!;
      if (t === STAR) {
        starTi = ti++;
        starSi = si;
        if (ti === n) return true; // a trailing star takes the rest
        continue;
      }
      if (t === ONE) {
        if (si < to) {
          ti++;
          si++;
          continue;
        }
      } else if (si + t.length <= to && s.startsWith(t, si)) {
        ti++;
        si += t.length;
        continue;
      }
    } else if (si === to) {
      return true;
    }
    // Mismatch (or pattern used up with text left): let the last star swallow one more character.
    if (starTi < 0 || starSi >= to) return false;
    starSi++;
    si = starSi;
    ti = starTi + 1;
  }
}

/**
 * Split text with `*` and `?` into tokens. Adjacent stars collapse; literal runs are merged.
 * `lower` folds literal text to lower case (for case-insensitive matching against folded input).
 */
export function globTokens(text: string, lower = false): GlobToken[] {
  const out: GlobToken[] = [];
  let lit = '';
  for (const c of text) {
    if (c === '*' || c === '?') {
      if (lit) out.push(lower ? lit.toLowerCase() : lit);
      lit = '';
      if (c === '*') {
        if (out[out.length - 1] !== STAR) out.push(STAR);
      } else {
        out.push(ONE);
      }
    } else {
      lit += c;
    }
  }
  if (lit) out.push(lower ? lit.toLowerCase() : lit);
  return out;
}

/** Append tokens, merging literal runs and collapsing stars, so matchers see a canonical list. */
export function pushToken(out: GlobToken[], t: GlobToken): void {
  if (t === '') return;
  const last = out[out.length - 1];
  if (typeof t === 'string' && typeof last === 'string') out[out.length - 1] = last + t;
  else if (t === STAR && last === STAR) return;
  else out.push(t);
}

/** The literal text when the tokens hold no wildcard, else undefined. */
export function literalOf(tokens: readonly GlobToken[]): string | undefined {
  if (tokens.length === 0) return '';
  if (tokens.length === 1 && typeof tokens[0] === 'string') return tokens[0];
  return undefined;
}

/** The literal prefix when the tokens are `prefix*` (or just `*`), else undefined. */
export function prefixOf(tokens: readonly GlobToken[]): string | undefined {
  if (tokens.length === 1 && tokens[0] === STAR) return '';
  if (tokens.length === 2 && typeof tokens[0] === 'string' && tokens[1] === STAR) return tokens[0];
  return undefined;
}
