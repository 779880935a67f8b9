/**
 * Relations between two resource patterns (IAM `Resource` strings with `*` and `?`), with the matching rules of
 * the evaluator (src/evaluate/pattern.ts): both sides are split at their first five colons and must have the
 * same number of parts; a wildcard never crosses a colon in the first five parts, `*` in the sixth does; the
 * lone `*` stands for every resource.
 *
 * - `patternsIntersect(a, b)`: some resource matches both (exact, by a product automaton per part);
 * - `patternContains(outer, inner)`: every resource matching `inner` matches `outer`. Sound, not complete: it
 *   answers true only when `outer` matches `inner` symbol by symbol (`*` of outer covers any run of inner's
 *   symbols, `?` one literal or `?`); a false answer only costs a narrower replacement policy, never a wider one.
 *
 * Policy variables (`${aws:username}`) must be substituted first (`substituteVariables`); any left are unknown:
 * a wildcard for intersection (may apply), and text nothing else equals for containment (cannot prove).
 */

import { escapeIamLiteral } from '../policy/literal.js';

const STAR = -1;
const ONE = -2;
/** An unresolved policy variable on the containing side: equals nothing. */
const UNKNOWN = -3;
/**
 * A name wildcard: any run of characters without `/`, without `:`, or without either, for an ARN format
 * variable whose values never hold them (a bucket name, a log group name). Encoded as -(10 + mask), mask bit 0
 * for `/` and bit 1 for `:`; written into pattern strings as private-use characters (never in an ARN).
 */
const SLASH = '/'.charCodeAt(0);
const COLON = ':'.charCodeAt(0);
const NAME_BASE = -10;
export const NAME_WILDCARD = { slash: '\uE001', colon: '\uE002', both: '\uE003' } as const;
const NAME_MARKS = new Map<string, number>([
  [NAME_WILDCARD.slash, NAME_BASE - 1],
  [NAME_WILDCARD.colon, NAME_BASE - 2],
  [NAME_WILDCARD.both, NAME_BASE - 3],
]);

function isName(x: Symbol): boolean {
  return x <= NAME_BASE - 1 && x >= NAME_BASE - 3;
}

/** Can this name wildcard take the character? */
function nameTakes(x: Symbol, ch: Symbol): boolean {
  const mask = NAME_BASE - x;
  if (ch === SLASH && mask & 1) return false;
  if (ch === COLON && mask & 2) return false;
  return true;
}

type Symbol = number; // a UTF-16 code unit, or STAR / ONE / UNKNOWN / a name wildcard

/** The whole-value wildcard. */
export function isAnyResource(pattern: string): boolean {
  return pattern.length > 0 && /^\*+$/.test(pattern);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?') || pattern.includes('${');
}

/** Split at the first five colons, as the evaluator does. */
export function arnParts(value: string): string[] {
  const parts: string[] = [];
  let rest = value;
  for (let i = 0; i < 5; i++) {
    const c = rest.indexOf(':');
    if (c < 0) break;
    parts.push(rest.slice(0, c));
    rest = rest.slice(c + 1);
  }
  parts.push(rest);
  return parts;
}

function symbols(part: string, variable: Symbol): Symbol[] {
  const out: Symbol[] = [];
  let i = 0;
  while (i < part.length) {
    const c = part[i]!;
    if (c === '$' && part[i + 1] === '{') {
      const end = part.indexOf('}', i);
      if (end > 0) {
        const name = part.slice(i + 2, end).trim();
        if (name === '*' || name === '?' || name === '$') out.push(name.charCodeAt(0));
        else if (out[out.length - 1] !== STAR || variable !== STAR) out.push(variable);
        i = end + 1;
        continue;
      }
    }
    if (c === '*') {
      if (out[out.length - 1] !== STAR) out.push(STAR);
    } else if (NAME_MARKS.has(c)) {
      const mark = NAME_MARKS.get(c)!;
      if (out[out.length - 1] !== mark) out.push(mark);
    } else if (c === '?') out.push(ONE);
    else out.push(part.charCodeAt(i));
    i++;
  }
  return out;
}

/** Is there a string both symbol lists match? States (i, j) of the product automaton. */
function partsIntersect(a: Symbol[], b: Symbol[]): boolean {
  const n = a.length;
  const m = b.length;
  const seen = new Uint8Array((n + 1) * (m + 1));
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number) => {
    const k = i * (m + 1) + j;
    if (!seen[k]) {
      seen[k] = 1;
      stack.push(k);
    }
  };
  const loops = (x: Symbol) => x === STAR || isName(x);
  while (stack.length > 0) {
    const k = stack.pop()!;
    const i = Math.floor(k / (m + 1));
    const j = k % (m + 1);
    if (i === n && j === m) return true;
    const x = i < n ? a[i]! : undefined;
    const y = j < m ? b[j]! : undefined;
    if (x !== undefined && loops(x)) push(i + 1, j);
    if (y !== undefined && loops(y)) push(i, j + 1);
    if (x === undefined || y === undefined) continue;
    // Consume one character both sides accept.
    if (x >= 0 && y >= 0 && x !== y) continue;
    if ((isName(x) && y >= 0 && !nameTakes(x, y)) || (isName(y) && x >= 0 && !nameTakes(y, x))) continue;
    if (loops(x) && loops(y)) continue;
    push(loops(x) ? i : i + 1, loops(y) ? j : j + 1);
  }
  return false;
}

/** Does `outer` match every string `inner` matches, symbol by symbol? */
function partContains(outer: Symbol[], inner: Symbol[]): boolean {
  const n = outer.length;
  const m = inner.length;
  // dp[i][j]: outer[i..] covers inner[j..]
  let next = new Uint8Array(m + 1);
  next[m] = 1;
  for (let i = n - 1; i >= 0; i--) {
    const cur = new Uint8Array(m + 1);
    const o = outer[i]!;
    for (let j = m; j >= 0; j--) {
      if (o === STAR) {
        // Match nothing, or swallow one more symbol of inner (any kind).
        cur[j] = next[j] || (j < m && cur[j + 1]) ? 1 : 0;
      } else if (isName(o)) {
        // Match nothing, or swallow a literal it can take (or the same name wildcard).
        const s = j < m ? inner[j]! : undefined;
        const ok = s !== undefined && (s === o || (s >= 0 && nameTakes(o, s)));
        cur[j] = next[j] || (ok && cur[j + 1]) ? 1 : 0;
      } else if (j < m) {
        const s = inner[j]!;
        if (o === ONE) cur[j] = s !== STAR && !isName(s) && s !== UNKNOWN ? next[j + 1]! : 0;
        else if (o === UNKNOWN) cur[j] = 0;
        else cur[j] = s === o ? next[j + 1]! : 0;
      }
    }
    next = cur;
  }
  return next[0] === 1;
}

/** Some resource matches both patterns (unresolved variables count as wildcards). */
export function patternsIntersect(a: string, b: string): boolean {
  if (isAnyResource(a) || isAnyResource(b)) return true;
  const pa = arnParts(a);
  const pb = arnParts(b);
  if (pa.length !== pb.length) return false;
  for (let i = 0; i < pa.length; i++) {
    if (!partsIntersect(symbols(pa[i]!, STAR), symbols(pb[i]!, STAR))) return false;
  }
  return true;
}

/** Every resource `inner` matches, `outer` matches too (sound; see the file comment). */
export function patternContains(outer: string, inner: string): boolean {
  if (isAnyResource(outer)) return true;
  if (isAnyResource(inner)) return false;
  const po = arnParts(outer);
  const pi = arnParts(inner);
  if (po.length !== pi.length) return false;
  for (let i = 0; i < po.length; i++) {
    if (!partContains(symbols(po[i]!, UNKNOWN), symbols(pi[i]!, STAR))) return false;
  }
  return true;
}

/**
 * Replace policy variables whose value is known (`${aws:username}` of a user); keys are matched
 * case-insensitively, `${key, 'default'}` falls back to its default. Unknown ones stay.
 */
export function substituteVariables(pattern: string, values: Readonly<Record<string, string>>): string {
  if (!pattern.includes('${')) return pattern;
  const lower = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return pattern.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    const comma = inner.indexOf(',');
    const key = (comma >= 0 ? inner.slice(0, comma) : inner).trim();
    if (key === '*' || key === '?' || key === '$') return whole;
    const v = lower.get(key.toLowerCase());
    // A substituted value is literal: its wildcard characters are written as IAM's escapes.
    if (v !== undefined) return escapeIamLiteral(v);
    if (comma >= 0) {
      const m = /^\s*'((?:[^']|'')*)'\s*$/.exec(inner.slice(comma + 1));
      if (m) return m[1]!.replace(/''/g, "'");
    }
    return whole;
  });
}

/**
 * An ARN format of the service data (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) as a pattern: each
 * variable a wildcard, or a name wildcard when `excludes` says its values never hold `/` or `:`, so that a
 * bucket's format does not reach into `bucket/*`, nor a log group's into its log streams.
 */
export function formatAsPattern(
  arnFormat: string,
  excludes: (variable: string) => { slash: boolean; colon: boolean } = () => ({ slash: false, colon: false }),
): string {
  return arnFormat.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    const e = excludes(name);
    if (e.slash && e.colon) return NAME_WILDCARD.both;
    if (e.slash) return NAME_WILDCARD.slash;
    if (e.colon) return NAME_WILDCARD.colon;
    return '*';
  });
}

/** The positions an NFA over `syms` can be in after skipping what matches nothing (`*`, a name wildcard). */
function closure(syms: readonly Symbol[], positions: Iterable<number>): number[] {
  const out = new Set<number>();
  for (let i of positions) {
    out.add(i);
    while (i < syms.length && (syms[i] === STAR || isName(syms[i]!))) out.add(++i);
  }
  return [...out].sort((a, b) => a - b);
}

/** The positions after reading the character `c`. */
function step(syms: readonly Symbol[], positions: readonly number[], c: number): number[] {
  const next: number[] = [];
  for (const i of positions) {
    if (i >= syms.length) continue;
    const s = syms[i]!;
    if (s === STAR || (isName(s) && nameTakes(s, c))) next.push(i);
    else if (s === ONE || s === c) next.push(i + 1);
  }
  return closure(syms, next);
}

/** A character no pattern names: every character no list names at a step behaves as this one. */
const OTHER = 0xe0ff;

/**
 * For one ARN part: which of `covering` can match a string that both `a` and `b` match. Each answer is a mask,
 * bit k set when `covering[k]` matches that string; every distinct mask some string gives is returned. From each
 * state the search tries only the characters the lists name at their current positions, `/` and `:` (which
 * name wildcards refuse; `:` only in the last part, where a resource's part may hold it) and one character
 * none of them names: any other character moves every list as that one does.
 */
function coveringMasks(a: Symbol[], b: Symbol[], covering: Symbol[][], colon: boolean): Set<number> {
  const lists = [a, b, ...covering];
  const start = lists.map((l) => closure(l, [0]));
  const masks = new Set<number>();
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const state = stack.pop()!;
    const key = state.map((p) => p.join(',')).join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    if (state[0]!.length === 0 || state[1]!.length === 0) continue;
    if (state[0]!.includes(a.length) && state[1]!.includes(b.length)) {
      let mask = 0;
      for (let k = 0; k < covering.length; k++)
        if (state[k + 2]!.includes(covering[k]!.length)) mask |= 1 << k;
      masks.add(mask);
    }
    const chars = new Set<number>([SLASH, OTHER]);
    if (colon) chars.add(COLON);
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k]!;
      for (const i of state[k]!) {
        const s = list[i];
        if (s !== undefined && s >= 0 && (colon || s !== COLON)) chars.add(s);
      }
    }
    for (const c of chars) stack.push(state.map((p, k) => step(lists[k]!, p, c)));
  }
  return masks;
}

/** Covering patterns `reachesBeyond` weighs at most (one bit each); with more it answers true. */
const MAX_COVERING = 30;

/**
 * Whether some resource matches both `pattern` and `format` (an ARN format as `formatAsPattern` writes it) and
 * none of `covering`: whether, on the resources of that format, `pattern` reaches beyond `covering`. Exact for
 * wildcards, `?` and name wildcards, with the evaluator's rules (parts split at the first five colons; a
 * wildcard crosses no colon before the sixth part); an unresolved policy variable in `pattern` may match
 * anything, one in `covering` matches nothing, so that in doubt the answer is true. Example: on the log-stream
 * format, whose log group name holds no colon, `log-group:NAME:*` reaches nothing beyond
 * `log-group:NAME:log-stream:*`; with a name that could hold one, it would (a group named `NAME:x`).
 */
export function reachesBeyond(pattern: string, format: string, covering: readonly string[]): boolean {
  // An audit asks the same of many actions (those granted together, used together): answered once.
  const key = `${pattern}\u0000${format}\u0000${covering.join('\u0000')}`;
  let answer = beyondAnswers.get(key);
  if (answer === undefined) {
    if (beyondAnswers.size >= MAX_BEYOND_ANSWERS) beyondAnswers.clear();
    answer = searchBeyond(pattern, format, covering);
    beyondAnswers.set(key, answer);
  }
  return answer;
}

const beyondAnswers = new Map<string, boolean>();
const MAX_BEYOND_ANSWERS = 10_000;

function searchBeyond(pattern: string, format: string, covering: readonly string[]): boolean {
  if (covering.some(isAnyResource)) return false;
  if (covering.length > MAX_COVERING) return true;
  const fp = arnParts(format);
  const pp = isAnyResource(pattern) ? fp.map(() => '*') : arnParts(pattern);
  if (pp.length !== fp.length) return false;
  // A covering pattern of another shape covers no resource of this one.
  const cov = covering.map(arnParts).filter((c) => c.length === fp.length);
  const grant = pp.map((part) => symbols(part, STAR));
  const form = fp.map((part) => symbols(part, STAR));
  const covers = cov.map((c) => c.map((part) => symbols(part, UNKNOWN)));
  if (!grant.every((g, i) => partsIntersect(g, form[i]!))) return false;
  // Most grants found wider than their use are so by a part both grant and format leave free (a region, an
  // account, a name) where each use names literal text: a character no pattern names there makes a resource
  // none of them matches, whatever the other parts hold.
  const free = (list: Symbol[]) => list.length > 0 && list.every((x) => x === STAR || isName(x));
  const literal = (list: Symbol[]) => list.every((x) => x >= 0) && !(list.length === 1 && list[0] === OTHER);
  const freeParts = grant.map((g, i) => free(g) && free(form[i]!));
  if (covers.every((c) => c.some((part, i) => freeParts[i] && literal(part)))) return true;
  const all = (1 << cov.length) - 1;
  // Masks of the covering patterns that still match every part chosen so far.
  let reachable = new Set<number>([all]);
  for (let i = 0; i < fp.length; i++) {
    const masks = coveringMasks(
      grant[i]!,
      form[i]!,
      covers.map((c) => c[i]!),
      i === fp.length - 1,
    );
    if (masks.size === 0) return false;
    const next = new Set<number>();
    for (const r of reachable) for (const m of masks) next.add(r & m);
    reachable = next;
  }
  return reachable.has(0);
}
