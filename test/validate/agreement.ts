/**
 * Shared by the agreement tests: compare what another tool expects (per case: does it report this check?)
 * with what validate reports (any of the codes mapped to that check), tally per check, attach the reviewed
 * note of every disagreement, and pin the table in a committed `*.agreement.json`.
 *
 * The table is compared with the committed file; `UPDATE_AGREEMENT=1 npx vitest run test/validate` rewrites
 * it after an intended change (review the diff like code). A missing file is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { REPO } from '../helpers.js';

/** ../shared/samples beside the repository (absent outside the development setup). */
export const SAMPLES = join(REPO, '..', 'shared', 'samples');

/** A suite title that says why it is skipped when its samples are absent. */
export function titleFor(title: string, path: string): string {
  return existsSync(path) ? title : `${title} (skipped: ${relative(REPO, path)} not found)`;
}

/** A disagreement someone looked at: why validate differs on this case. */
export interface ReviewedDifference {
  case: string;
  /** The other tool's check id (or our code for checks the other tool does not have). */
  check: string;
  note: string;
}

export interface CaseResult {
  case: string;
  /** The other tool reports the check on this case. */
  theirs: boolean;
  /** Validate reports one of the mapped codes on this case. */
  ours: boolean;
}

export interface AgreementRow {
  ours: string[];
  cases: number;
  both: number;
  theirsOnly: number;
  oursOnly: number;
  neither: number;
  /** (both + neither) / cases, 3 decimals. */
  agreement: number;
  /** both / (both + theirsOnly): how many of the other tool's findings validate also makes; null without any. */
  theirsFound: number | null;
  /** The floor the mapping claims; the test fails below it. */
  floor?: number;
  differences: { case: string; side: 'theirs only' | 'ours only'; note: string }[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * One row of the table. Every disagreement must have a reviewed note (returned in `unexplained` otherwise),
 * and `used` collects the notes that matched, so stale ones can be found.
 */
export function agreementRow(
  check: string,
  ours: string[],
  results: CaseResult[],
  reviewed: readonly ReviewedDifference[],
  used: Set<ReviewedDifference>,
  unexplained: string[],
  floor?: number,
): AgreementRow {
  const row: AgreementRow = {
    ours,
    cases: results.length,
    both: 0,
    theirsOnly: 0,
    oursOnly: 0,
    neither: 0,
    agreement: 0,
    theirsFound: null,
    differences: [],
  };
  if (floor !== undefined) row.floor = floor;
  for (const r of results) {
    if (r.theirs && r.ours) row.both++;
    else if (!r.theirs && !r.ours) row.neither++;
    else {
      const side = r.theirs ? 'theirs only' : 'ours only';
      if (r.theirs) row.theirsOnly++;
      else row.oursOnly++;
      const note = reviewed.find((d) => d.case === r.case && d.check === check);
      if (note) used.add(note);
      else unexplained.push(`${check} on ${r.case}: ${side}`);
      row.differences.push({ case: r.case, side, note: note?.note ?? 'UNEXPLAINED' });
    }
  }
  row.agreement = results.length === 0 ? 0 : round((row.both + row.neither) / results.length);
  row.theirsFound = row.both + row.theirsOnly === 0 ? null : round(row.both / (row.both + row.theirsOnly));
  return row;
}

/** Totals over rows (each case counted once per check). */
export function totals(rows: Record<string, AgreementRow>) {
  const all = Object.values(rows);
  const sum = (k: 'cases' | 'both' | 'theirsOnly' | 'oursOnly' | 'neither') =>
    all.reduce((n, r) => n + r[k], 0);
  const cases = sum('cases');
  return {
    checks: all.length,
    comparisons: cases,
    both: sum('both'),
    theirsOnly: sum('theirsOnly'),
    oursOnly: sum('oursOnly'),
    neither: sum('neither'),
    agreement: cases === 0 ? 0 : round((sum('both') + sum('neither')) / cases),
    theirsFound:
      sum('both') + sum('theirsOnly') === 0 ? null : round(sum('both') / (sum('both') + sum('theirsOnly'))),
  };
}

/** Compare the table with the committed file beside the test; write it when asked or when absent. */
export function pinAgreement(file: string, table: unknown): void {
  const text = `${JSON.stringify(table, null, 2)}\n`;
  if (process.env.UPDATE_AGREEMENT === '1' || !existsSync(file)) {
    writeFileSync(file, text);
    // Formatted as the repository's formatter wants it, so `npm run lint` stays clean.
    spawnSync(join(REPO, 'node_modules', '.bin', 'biome'), ['format', '--write', file], { cwd: REPO });
    return;
  }
  const committed = JSON.parse(readFileSync(file, 'utf8'));
  expect(table, `${file} differs: rerun with UPDATE_AGREEMENT=1 and review the diff`).toEqual(committed);
}

/** Every row meets the floor its mapping claims. */
export function expectFloors(rows: Record<string, AgreementRow>): void {
  const below = Object.entries(rows)
    .filter(([, r]) => r.floor !== undefined && r.agreement < r.floor)
    .map(([check, r]) => `${check}: ${r.agreement} < floor ${r.floor}`);
  expect(below).toEqual([]);
}
