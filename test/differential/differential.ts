/**
 * The differential harness: runs cases through both engines and compares the disagreements with the
 * reviewed list in `known-differences.json`. Each recorded disagreement names the rules that explain it;
 * each rule quotes the AWS documentation that says our answer is right, and has a neutralizer
 * (`neutralize.ts`) that removes what the rule is about: after it, both engines must agree.
 */
import { readFileSync } from 'node:fs';
import { type Decision, ourDecision, theirDecision } from './engines.js';
import type { DifferentialCase } from './generate-cases.js';
import { NEUTRALIZERS } from './neutralize.js';

export interface KnownRule {
  /** What we answer, and what iam-simulate answers. */
  ours: string;
  theirs: string;
  /** The AWS documentation that justifies our answer. */
  doc: string;
  section: string;
  quote: string;
}

export interface KnownCase {
  id: string;
  ours: Decision;
  theirs: Decision;
  rules: string[];
}

export interface KnownDifferences {
  description: string;
  generated: { seeds: number[]; casesPerSeed: number };
  rules: Record<string, KnownRule>;
  cases: KnownCase[];
}

export const known = JSON.parse(
  readFileSync(new URL('./known-differences.json', import.meta.url), 'utf8'),
) as KnownDifferences;

export interface Disagreement {
  id: string;
  ours: Decision;
  theirs: Decision;
}

export interface Comparison {
  decisions: Record<Decision, number>;
  disagreements: Disagreement[];
}

/** Both decisions for a case. */
export async function decide(c: DifferentialCase): Promise<{ ours: Decision; theirs: Decision }> {
  const theirs = await theirDecision(c);
  return { ours: ourDecision(c, theirs.ignoredContextKeys), theirs: theirs.decision };
}

export async function compare(cases: readonly DifferentialCase[]): Promise<Comparison> {
  const decisions: Record<Decision, number> = { Allowed: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  const disagreements: Disagreement[] = [];
  for (const c of cases) {
    const { ours, theirs } = await decide(c);
    decisions[theirs]++;
    if (ours !== theirs) disagreements.push({ id: c.id, ours, theirs });
  }
  return { decisions, disagreements };
}

/** `id ours/theirs`, for comparing lists with readable failure output. */
export function key(d: Disagreement): string {
  return `${d.id} ours=${d.ours} theirs=${d.theirs}`;
}

/** The rules whose neutralizers make both engines agree on the case (one rule, else a pair), or undefined. */
export async function explain(c: DifferentialCase): Promise<string[] | undefined> {
  const names = Object.keys(NEUTRALIZERS);
  for (const name of names) {
    const { ours, theirs } = await decide(NEUTRALIZERS[name]!(c));
    if (ours === theirs) return [name];
  }
  for (const a of names) {
    for (const b of names) {
      if (a >= b) continue;
      const { ours, theirs } = await decide(NEUTRALIZERS[b]!(NEUTRALIZERS[a]!(c)));
      if (ours === theirs) return [a, b];
    }
  }
  return undefined;
}

/** Does applying the rules' neutralizers make both engines agree? */
export async function neutralizedAgree(c: DifferentialCase, rules: readonly string[]): Promise<boolean> {
  let out = c;
  for (const rule of rules) {
    const f = NEUTRALIZERS[rule];
    if (!f) throw new Error(`no neutralizer for rule ${rule}`);
    out = f(out);
  }
  const { ours, theirs } = await decide(out);
  return ours === theirs;
}

/**
 * The JSON lines to put in (or take out of) `known-differences.json` so that it matches what was found,
 * with the rules that explain each new disagreement: printed when the lists differ, for review.
 */
export async function proposal(
  found: readonly Disagreement[],
  recorded: readonly KnownCase[],
  byId: ReadonlyMap<string, DifferentialCase>,
): Promise<string> {
  const foundKeys = new Set(found.map(key));
  const recordedKeys = new Set(recorded.map(key));
  const lines: string[] = [];
  for (const d of found) {
    if (recordedKeys.has(key(d))) continue;
    const c = byId.get(d.id);
    const rules = c ? await explain(c) : undefined;
    lines.push(
      `+ ${JSON.stringify({ ...d, rules: rules ?? ['UNEXPLAINED: fix the engine or add a reviewed rule'] })}`,
    );
  }
  for (const r of recorded) if (!foundKeys.has(key(r))) lines.push(`- ${JSON.stringify(r)}`);
  return lines.join('\n');
}
