/**
 * Agreement with parliament (an IAM linter): its unit tests pair policies with the finding ids it expects
 * (../shared/samples/policies/parliament/_derived/parliament_test_policies.jsonl). Where a parliament id and
 * validate's codes make the same judgement (parliament.mapping.json, reviewed), each test policy is a case:
 * does parliament expect it, does validate report it? The per-check table is pinned in
 * parliament.agreement.json; every disagreement carries a reviewed note; each check meets the floor it claims.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPolicies } from '../../src/validate/readers/index.js';
import { validatePolicies } from '../../src/validate/validate-policy.js';
import {
  type AgreementRow,
  agreementRow,
  type CaseResult,
  expectFloors,
  pinAgreement,
  type ReviewedDifference,
  SAMPLES,
  titleFor,
  totals,
} from './agreement.js';

const SOURCE = join(SAMPLES, 'policies', 'parliament', '_derived', 'parliament_test_policies.jsonl');
const MAPPING_FILE = join(import.meta.dirname, 'parliament.mapping.json');
const AGREEMENT_FILE = join(import.meta.dirname, 'parliament.agreement.json');

interface Mapping {
  mappings: {
    parliament: string;
    ours: string[];
    community?: boolean;
    pathIncludes?: string;
    floor?: number;
  }[];
  unmapped: { parliament: string; reason: string }[];
  differences: ReviewedDifference[];
}

interface ParliamentCase {
  source_file: string;
  test: string;
  line: number;
  kwargs: { include_community_auditors?: boolean };
  policy: string;
  expected_finding_ids: string[] | null;
  assert_op: string | null;
}

/** What validate says about one policy: finding codes with their paths, and reading diagnostics. */
function validateText(id: string, text: string): { code: string; path: string }[] {
  const read = readPolicies(`${id}.json`, text);
  // As the CLI does: the placeholder account stands for the policies' own account.
  const result = validatePolicies(read.policies, { accountId: '123456789012' });
  return [
    ...read.diagnostics
      .filter((d) => d.severity !== 'notice')
      .map((d) => ({ code: `reader:${d.code}`, path: '' })),
    ...result.findings.map((f) => ({ code: f.code, path: f.path })),
  ];
}

describe.skipIf(!existsSync(SOURCE))(titleFor('agreement with parliament', SOURCE), () => {
  it('agrees per check as pinned in parliament.agreement.json, each difference explained', () => {
    const mapping = JSON.parse(readFileSync(MAPPING_FILE, 'utf8')) as Mapping;
    const all = readFileSync(SOURCE, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as ParliamentCase);
    // Given the cases with an exact expectation (assert_op Eq); the others assert something else
    const cases = all.filter((c) => c.assert_op === 'Eq' && Array.isArray(c.expected_finding_ids));
    const ours = new Map(cases.map((c) => [caseId(c), validateText(caseId(c), c.policy)]));

    // When each mapped check is compared case by case
    const used = new Set<ReviewedDifference>();
    const unexplained: string[] = [];
    const rows: Record<string, AgreementRow> = {};
    for (const m of mapping.mappings) {
      const applicable = cases.filter((c) => !m.community || c.kwargs.include_community_auditors === true);
      const results: CaseResult[] = applicable.map((c) => ({
        case: caseId(c),
        theirs: (c.expected_finding_ids ?? []).includes(m.parliament),
        ours: (ours.get(caseId(c)) ?? []).some(
          (f) => m.ours.includes(f.code) && (m.pathIncludes === undefined || f.path.includes(m.pathIncludes)),
        ),
      }));
      rows[m.parliament] = agreementRow(
        m.parliament,
        m.ours,
        results,
        mapping.differences,
        used,
        unexplained,
        m.floor,
      );
    }

    // Then the table is as committed, every difference is explained, no note is stale, floors hold
    const expectedIds = new Set(cases.flatMap((c) => c.expected_finding_ids ?? []));
    const table = {
      source:
        'parliament unit tests (../shared/samples/policies/parliament/_derived/parliament_test_policies.jsonl)',
      generatedBy: 'test/validate/parliament-agreement.test.ts; mapping and notes in parliament.mapping.json',
      cases: cases.length,
      notCompared: all.length - cases.length,
      total: totals(rows),
      perCheck: rows,
      unmappedIds: [...expectedIds].filter((id) => !mapping.mappings.some((m) => m.parliament === id)).sort(),
    };
    pinAgreement(AGREEMENT_FILE, table);
    expect(unexplained).toEqual([]);
    expect(mapping.differences.filter((d) => !used.has(d)).map((d) => `${d.check} on ${d.case}`)).toEqual([]);
    expectFloors(rows);
    // Every id parliament expects is either mapped or said why not
    expect(table.unmappedIds.filter((id) => !mapping.unmapped.some((u) => u.parliament === id))).toEqual([]);
  });
});

function caseId(c: ParliamentCase): string {
  return `${basename(c.source_file)}:${c.line}`;
}
