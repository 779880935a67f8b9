/**
 * False positives: the example policies of the AWS IAM user guide (../shared/samples/policies/iam-user-guide)
 * are policies AWS publishes as working, so validate must give them no ERROR finding. The code blocks holding a
 * Statement are extracted, placeholders filled through the reviewed table in iam-user-guide.review.json, and
 * every policy validated. The rate (ERROR findings / policies) and the counts per finding type are pinned in
 * iam-user-guide.false-positives.json; the only ERRORs allowed are the reviewed exceptions, exactly.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPolicies } from '../../src/validate/readers/index.js';
import type { LocatedPolicy } from '../../src/validate/types.js';
import { validatePolicies } from '../../src/validate/validate-policy.js';
import { pinAgreement, SAMPLES, titleFor } from './agreement.js';

const DOCS = join(SAMPLES, 'policies', 'iam-user-guide', 'doc_source');
const REVIEW_FILE = join(import.meta.dirname, 'iam-user-guide.review.json');
const RESULT_FILE = join(import.meta.dirname, 'iam-user-guide.false-positives.json');

interface Review {
  substitutions: { find: string; replace: string; note: string }[];
  notPolicies: { block: string; reason: string }[];
  exceptions: { block: string; codes: string[]; reason: string }[];
}

export interface CodeBlock {
  /** `page.md:LINE`, the line of the block's first line of content. */
  id: string;
  text: string;
}

/** The fenced code blocks of a markdown page that mention a Statement. */
export function policyBlocks(page: string, markdown: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  for (const m of markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)) {
    const text = m[1] ?? '';
    if (!text.includes('"Statement"')) continue;
    const line = markdown.slice(0, m.index).split('\n').length + 1;
    out.push({ id: `${page}:${line}`, text });
  }
  return out;
}

function isJsonObject(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

describe.skipIf(!existsSync(DOCS))(titleFor('false positives on the IAM user guide examples', DOCS), () => {
  it('gives no ERROR on the example policies, apart from the reviewed exceptions', () => {
    const review = JSON.parse(readFileSync(REVIEW_FILE, 'utf8')) as Review;
    const usedSubstitutions = new Set<string>();
    const notPolicies: string[] = [];
    const policies: LocatedPolicy[] = [];
    // Given every code block with a Statement, placeholders filled
    for (const page of readdirSync(DOCS)
      .filter((f) => f.endsWith('.md'))
      .sort()) {
      for (const block of policyBlocks(page, readFileSync(join(DOCS, page), 'utf8'))) {
        let text = block.text;
        for (const s of review.substitutions) {
          if (!text.includes(s.find)) continue;
          usedSubstitutions.add(s.find);
          text = text.split(s.find).join(s.replace);
        }
        if (!isJsonObject(text)) {
          notPolicies.push(block.id);
          continue;
        }
        const read = readPolicies(block.id, text);
        expect(
          read.diagnostics.filter((d) => d.severity !== 'notice'),
          block.id,
        ).toEqual([]);
        policies.push(...read.policies);
      }
    }
    // When validated as the CLI does
    const result = validatePolicies(policies, { accountId: '123456789012' });

    // Then the only ERRORs are the reviewed exceptions, each with exactly its codes
    const errors = result.findings.filter((f) => f.findingType === 'ERROR');
    const errorCodes = (block: string) =>
      [...new Set(errors.filter((f) => f.file === block).map((f) => f.code))].sort();
    const excepted = new Set(review.exceptions.map((e) => e.block));
    const unexpected = errors
      .filter((f) => !excepted.has(f.file))
      .map((f) => `${f.file} ${f.code} ${f.path}: ${f.message}`);
    expect(unexpected).toEqual([]);
    for (const e of review.exceptions) expect(errorCodes(e.block), e.block).toEqual([...e.codes].sort());
    // And the table of substitutions and non-policies is exact
    expect(review.substitutions.map((s) => s.find).filter((f) => !usedSubstitutions.has(f))).toEqual([]);
    expect(notPolicies).toEqual(review.notPolicies.map((n) => n.block));

    const byType = result.summary.byFindingType;
    const exceptedErrors = errors.filter((f) => excepted.has(f.file)).length;
    const byCode: Record<string, number> = {};
    for (const f of result.findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    pinAgreement(RESULT_FILE, {
      source: 'AWS IAM user guide example policies (../shared/samples/policies/iam-user-guide/doc_source)',
      generatedBy:
        'test/validate/iam-user-guide-false-positives.test.ts; substitutions and exceptions in iam-user-guide.review.json',
      policies: policies.length,
      notPolicies: notPolicies.length,
      errorFindings: errors.length,
      reviewedExceptions: { policies: review.exceptions.length, errorFindings: exceptedErrors },
      falsePositiveRate: round(errors.length - exceptedErrors, policies.length),
      errorRateIncludingExceptions: round(errors.length, policies.length),
      byFindingType: byType,
      byCode: Object.fromEntries(Object.entries(byCode).sort()),
    });
  });

  it('extracts fenced blocks with their line', () => {
    const md = 'title\n\n```\n{"Statement": []}\n```\ntext\n```\nnot this\n```\n';
    expect(policyBlocks('p.md', md)).toEqual([{ id: 'p.md:4', text: '{"Statement": []}\n' }]);
  });
});

function round(n: number, d: number): number {
  return d === 0 ? 0 : Math.round((n / d) * 10000) / 10000;
}
