import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { templateScope } from './cloudformation.js';
import { NO_VALUE, Resolver, type ResolverProblem } from './intrinsics.js';
import { collectUnresolved } from './located-policy.js';
import { fromPlain, toPlain } from './source-node.js';
import type { ReaderOptions } from './types.js';
import { parseYaml } from './yaml-parser.js';

interface Case {
  name: string;
  input: unknown;
  options?: ReaderOptions;
  branch?: 'then' | 'else';
  expected: unknown;
  /** A part of the placeholder's message, when the value cannot be resolved. */
  unresolved?: string;
  code?: string;
  /** A problem reported without a placeholder. */
  problem?: string;
  focus?: boolean;
}

const cases = JSON.parse(readFileSync(new URL('./intrinsics.cases.json', import.meta.url), 'utf8')) as Case[];
const template = parseYaml(
  readFileSync(new URL('./fixtures/intrinsics-template.yaml', import.meta.url), 'utf8'),
).node!;
const focused = cases.filter((c) => c.focus);

describe('intrinsics (intrinsics.cases.json against fixtures/intrinsics-template.yaml)', () => {
  it.each((focused.length ? focused : cases).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Given the fixture template's parameters, mappings, conditions and resources
    const problems: ResolverProblem[] = [];
    const resolver = new Resolver(templateScope(template, c.options ?? {}), (p) => problems.push(p));
    resolver.branch = c.branch ?? 'then';
    // When the case's value is resolved
    const r = resolver.resolve(fromPlain(c.input, { start: 0, end: 0 }));
    // Then it gives the expected plain value
    expect(r === NO_VALUE ? undefined : toPlain(r)).toEqual(c.expected);
    // And only an unresolvable value is marked, with why
    const marks = r === NO_VALUE ? [] : collectUnresolved(r);
    if (c.unresolved) {
      expect(marks.length).toBeGreaterThan(0);
      expect(marks[0]!.message).toContain(c.unresolved);
      expect(marks[0]!.code).toBe(c.code ?? 'unresolved-value');
    } else expect(marks).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(c.problem ? [c.problem] : []);
  });
});
