/**
 * Policy strings compiled once into matchers: literal sets, prefixes, or token lists for `globMatch`,
 * with policy variables resolved per request.
 *
 * Variables (policy version 2012-10-17 only): `${key}` takes a single-valued context key's value,
 * `${key, 'default'}` falls back to the quoted text (`''` is a quote inside it), and `${*}`, `${?}`,
 * `${$}` are the literal characters. Substituted text is always literal: a `*` in a user name is not a
 * wildcard. A variable that cannot be resolved makes its pattern match nothing.
 *
 * ARN patterns (Resource, NotResource, Arn* operators) are matched part by part: pattern and value are
 * both split at their first five colons (`arn`, partition, service, region, account, then the resource
 * part, which keeps any further colons) and must have the same number of parts. A wildcard never crosses
 * a colon in the first five parts, while `*` in the sixth does (`arn:aws:logs:*:*:*` covers
 * `log-group:g:log-stream:s`). The lone `*` matches everything. A malformed ARN pattern with fewer
 * parts therefore matches no well-formed ARN, rather than letting its wildcards cross colons.
 */
import type { ContextReader, VariableRef } from './context.js';
import { type GlobToken, globMatch, literalOf, ONE, prefixOf, pushToken, STAR } from './glob.js';

export type PatternPart = GlobToken | { variable: VariableRef };

export interface PatternSyntax {
  /** `*` and `?` are wildcards (Like operators, Action, Resource); otherwise literal. */
  wildcards: boolean;
  /** `${...}` is a policy variable (Version 2012-10-17, and only where IAM substitutes). */
  variables: boolean;
}

export interface ParsedPattern {
  parts: PatternPart[];
  /** Problems with `${...}` syntax, one line each; the text is then kept literally. */
  errors: string[];
}

/** Read a policy string into literal text, wildcards and variables. */
export function parsePattern(text: string, syntax: PatternSyntax): ParsedPattern {
  const parts: PatternPart[] = [];
  const errors: string[] = [];
  const literal = (s: string): void => pushToken(parts as GlobToken[], s);
  let i = 0;
  let lit = '';
  const flush = (): void => {
    if (lit) literal(lit);
    lit = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (syntax.variables && c === '$' && text[i + 1] === '{') {
      const v = readVariable(text, i);
      if (v.kind === 'error') {
        errors.push(v.message);
        lit += text.slice(i);
        break;
      }
      flush();
      if (v.kind === 'literal') literal(v.text);
      else parts.push({ variable: v.ref });
      i = v.end;
      continue;
    }
    if (syntax.wildcards && (c === '*' || c === '?')) {
      flush();
      pushToken(parts as GlobToken[], c === '*' ? STAR : ONE);
    } else {
      lit += c;
    }
    i++;
  }
  flush();
  return { parts, errors };
}

type VariableRead =
  | { kind: 'variable'; ref: VariableRef; end: number }
  | { kind: 'literal'; text: string; end: number }
  | { kind: 'error'; message: string };

/** Read `${...}` starting at `start` (the `$`). */
function readVariable(text: string, start: number): VariableRead {
  let i = start + 2;
  let key = '';
  while (i < text.length && text[i] !== '}' && text[i] !== ',') key += text[i++];
  let fallback: string | undefined;
  if (text[i] === ',') {
    i++;
    while (text[i] === ' ') i++;
    if (text[i] !== "'") {
      return {
        kind: 'error',
        message: `the default value in "${text.slice(start)}" must be in single quotes`,
      };
    }
    i++;
    fallback = '';
    while (true) {
      if (i >= text.length)
        return { kind: 'error', message: `unterminated default value in "${text.slice(start)}"` };
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          fallback += "'";
          i += 2;
          continue;
        }
        i++;
        break;
      }
      fallback += text[i++];
    }
    while (text[i] === ' ') i++;
  }
  if (text[i] !== '}') return { kind: 'error', message: `"${text.slice(start)}" has no closing "}"` };
  const name = key.trim();
  const end = i + 1;
  if (name === '*' || name === '?' || name === '$') {
    if (fallback !== undefined) return { kind: 'error', message: `\${${name}} cannot have a default value` };
    return { kind: 'literal', text: name, end };
  }
  if (name === '' || /\s/.test(name)) {
    return { kind: 'error', message: `"${text.slice(start, end)}" does not name a condition key` };
  }
  const ref: VariableRef = { key: name, lower: name.toLowerCase() };
  if (fallback !== undefined) ref.fallback = fallback;
  return { kind: 'variable', ref, end };
}

export function hasVariables(parts: readonly PatternPart[]): boolean {
  return parts.some((p) => typeof p === 'object');
}

/**
 * Substitute variables. Returns undefined when one cannot be resolved. `fold` lower-cases the result
 * (for case-insensitive comparisons); literal parts were folded at compile time.
 */
export function resolveParts(
  parts: readonly PatternPart[],
  context: ContextReader,
  fold = false,
): GlobToken[] | undefined {
  const out: GlobToken[] = [];
  for (const p of parts) {
    if (typeof p === 'object') {
      const v = context.variable(p.variable);
      if (v === undefined) return undefined;
      pushToken(out, fold ? v.toLowerCase() : v);
    } else {
      pushToken(out, p);
    }
  }
  return out;
}

function foldParts(parts: PatternPart[]): PatternPart[] {
  return parts.map((p) => (typeof p === 'string' ? p.toLowerCase() : p));
}

/**
 * The offsets of the first five colons of a value (fewer when it has fewer): where IAM splits a value to
 * match it against an ARN pattern, segment by segment, whatever the value is. (Not mapping/arn.ts's
 * `arnColons`, which also validates that the value is an ARN.)
 */
function matchSplitPoints(value: string): number[] {
  const out: number[] = [];
  let from = 0;
  for (let k = 0; k < 5; k++) {
    const i = value.indexOf(':', from);
    if (i < 0) break;
    out.push(i);
    from = i + 1;
  }
  return out;
}

/** A value to match, with its ARN split computed at most once. */
export class MatchTarget {
  private colons: number[] | undefined;
  constructor(readonly value: string) {}
  arn(): number[] {
    this.colons ??= matchSplitPoints(this.value);
    return this.colons;
  }
}

/** Split parts at the first five literal colons: one to six segments, the sixth keeping its colons. */
function arnSegments(parts: readonly PatternPart[]): PatternPart[][] {
  const segments: PatternPart[][] = [[]];
  for (const p of parts) {
    if (typeof p !== 'string' || segments.length === 6) {
      segments[segments.length - 1]!.push(p);
      continue;
    }
    let rest = p;
    while (segments.length < 6) {
      const i = rest.indexOf(':');
      if (i < 0) break;
      if (i > 0) segments[segments.length - 1]!.push(rest.slice(0, i));
      segments.push([]);
      rest = rest.slice(i + 1);
    }
    if (rest) segments[segments.length - 1]!.push(rest);
  }
  return segments;
}

function staticTokens(parts: readonly PatternPart[]): GlobToken[] {
  return parts as GlobToken[];
}

/**
 * One compiled pattern. `kind` says how it matches so callers can build exact-string sets and prefix
 * lists; `matches` works for every kind.
 */
export type CompiledPattern =
  | { kind: 'exact'; text: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'glob'; tokens: GlobToken[] }
  | { kind: 'arn'; segments: GlobToken[][] }
  | {
      kind: 'dynamic';
      parts: PatternPart[];
      segments: PatternPart[][] | undefined;
      fold: boolean;
      /**
       * Literal text each segment (or the whole text) must start with, whatever the variables hold:
       * checked first, so a pattern that cannot match does not read (or depend on) its variables.
       */
      heads: string[];
      /**
       * Whether a failed head check may skip the variables. Not where a non-match makes a statement apply
       * (NotResource, negated operators): there an unresolvable variable must still be seen.
       */
      prune: boolean;
    };

/**
 * Compile a plain-text pattern (Action, StringLike, StringEquals...). `fold` lower-cases literal parts;
 * match it against folded input.
 */
export function compileText(parts: PatternPart[], fold = false, prune = true): CompiledPattern {
  const p = fold ? foldParts(parts) : parts;
  if (hasVariables(p))
    return { kind: 'dynamic', parts: p, segments: undefined, fold, heads: [literalHead(p)], prune };
  return classify(staticTokens(p));
}

/** Compile an ARN pattern (Resource, NotResource, Arn* operators). */
export function compileArn(parts: PatternPart[], prune = true): CompiledPattern {
  const segments = arnSegments(parts);
  if (hasVariables(parts)) {
    return { kind: 'dynamic', parts, segments, fold: false, heads: segments.map(literalHead), prune };
  }
  const tokens = segments.map(staticTokens);
  if (tokens.length === 1 && tokens[0]!.length === 1 && tokens[0]![0] === STAR)
    return { kind: 'prefix', prefix: '' };
  const head: string[] = [];
  for (const segment of tokens.slice(0, -1)) {
    const lit = literalOf(segment);
    if (lit === undefined) return { kind: 'arn', segments: tokens };
    head.push(lit);
  }
  const last = tokens[tokens.length - 1]!;
  const joined = head.map((h) => `${h}:`).join('');
  const lit = literalOf(last);
  if (lit !== undefined) return { kind: 'exact', text: joined + lit };
  // With the first five parts literal, `prefix*` in the sixth is a prefix test on the whole ARN (the
  // sixth part may hold colons). With fewer parts the last one may not, so it stays segment-wise.
  const prefix = prefixOf(last);
  if (prefix !== undefined && tokens.length === 6) return { kind: 'prefix', prefix: joined + prefix };
  return { kind: 'arn', segments: tokens };
}

/** The literal text before the first wildcard or variable. */
function literalHead(parts: readonly PatternPart[]): string {
  const first = parts[0];
  return typeof first === 'string' ? first : '';
}

/** Can the target match the literal heads of a dynamic pattern, before any variable is read? */
function headsMatch(p: CompiledPattern & { kind: 'dynamic' }, target: MatchTarget): boolean {
  const v = target.value;
  if (!p.segments) return v.startsWith(p.heads[0]!);
  const colons = target.arn();
  if (p.segments.length === 6 ? colons.length < 5 : colons.length !== p.segments.length - 1) return false;
  let from = 0;
  for (let k = 0; k < p.segments.length; k++) {
    const head = p.heads[k]!;
    const to = k < p.segments.length - 1 ? colons[k]! : v.length;
    if (head.length > to - from || !v.startsWith(head, from)) return false;
    from = to + 1;
  }
  return true;
}

function classify(tokens: GlobToken[]): CompiledPattern {
  const lit = literalOf(tokens);
  if (lit !== undefined) return { kind: 'exact', text: lit };
  const prefix = prefixOf(tokens);
  if (prefix !== undefined) return { kind: 'prefix', prefix };
  return { kind: 'glob', tokens };
}

function matchSegments(segments: readonly GlobToken[][], target: MatchTarget): boolean {
  const colons = target.arn();
  // Same number of parts: six for an ARN (five colons or more), else one more than the colons.
  if (segments.length === 6 ? colons.length < 5 : colons.length !== segments.length - 1) return false;
  const v = target.value;
  let from = 0;
  for (let k = 0; k < segments.length; k++) {
    const to = k < segments.length - 1 ? colons[k]! : v.length;
    if (!globMatch(segments[k]!, v, from, to)) return false;
    from = to + 1;
  }
  return true;
}

/**
 * Does the pattern match? `target` must be folded when the pattern was compiled with `fold`. Variables
 * are read from `context`; an unresolvable variable means no match.
 */
export function patternMatches(p: CompiledPattern, target: MatchTarget, context: ContextReader): boolean {
  switch (p.kind) {
    case 'exact':
      return target.value === p.text;
    case 'prefix':
      return target.value.startsWith(p.prefix);
    case 'glob':
      return globMatch(p.tokens, target.value);
    case 'arn':
      return matchSegments(p.segments, target);
    case 'dynamic': {
      if (p.prune && !headsMatch(p, target)) return false;
      if (p.segments) {
        const resolved: GlobToken[][] = [];
        for (const seg of p.segments) {
          const r = resolveParts(seg, context, p.fold);
          if (!r) return false;
          resolved.push(r);
        }
        return matchSegments(resolved, target);
      }
      const r = resolveParts(p.parts, context, p.fold);
      return r !== undefined && globMatch(r, target.value);
    }
  }
}
