/**
 * `.leastpriv.yml` for validate: suppressions that carry a reason and may expire.
 *
 * ```yaml
 * suppressions:
 *   - code: PASS_ROLE_WITH_STAR_IN_RESOURCE
 *     resource: DeployRole            # optional: the template resource
 *     file: templates/ci/*.yaml       # optional: a path or glob
 *     reason: the deploy role passes roles it creates itself
 *     expires: 2026-03-31             # optional: YYYY-MM-DD, inclusive
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { closest, didYouMean } from './checks/support/did-you-mean.js';
import type { SourceLocation } from './types.js';

export interface Suppression {
  code: string;
  resource?: string;
  file?: string;
  reason: string;
  /** YYYY-MM-DD: the last day it suppresses. */
  expires?: string;
  /** Where it is written, for the EXPIRED_SUPPRESSION finding. */
  location?: SourceLocation;
}

export interface ValidateConfig {
  file: string;
  suppressions: Suppression[];
}

export interface ConfigProblem {
  line: number;
  column: number;
  message: string;
}

/** A `.leastpriv.yml` that cannot be used: every problem, each with its line. */
export class ValidateConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(problems.map((p) => `${file}:${p.line}:${p.column}  ${p.message}`).join('\n'));
    this.name = 'ValidateConfigError';
  }
}

export const CONFIG_FILE_NAMES = ['.leastpriv.yml', '.leastpriv.yaml'];

const FIELDS = ['code', 'resource', 'file', 'reason', 'expires'];

function isDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/**
 * Read the validate settings of `.leastpriv.yml` in `dir`; undefined when there is no such file.
 * `knownCodes` turns a misspelt code into a problem instead of a suppression that never matches.
 * Throws ValidateConfigError listing every problem.
 */
export function loadValidateConfig(dir: string, knownCodes?: readonly string[]): ValidateConfig | undefined {
  const name = CONFIG_FILE_NAMES.find((n) => existsSync(join(dir, n)));
  if (!name) return undefined;
  const file = join(dir, name);
  return parseValidateConfig(readFileSync(file, 'utf8'), file, knownCodes);
}

export function parseValidateConfig(
  text: string,
  file: string,
  knownCodes?: readonly string[],
): ValidateConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: ConfigProblem[] = [];
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  for (const e of doc.errors)
    problems.push({ ...at(e.pos[0]), message: e.message.split('\n')[0] ?? 'invalid YAML' });
  const suppressions: Suppression[] = [];
  const list =
    problems.length === 0 && isMap(doc.contents) ? doc.contents.get('suppressions', true) : undefined;
  if (list !== undefined && list !== null && !isSeq(list)) {
    problems.push({
      ...at((list as { range?: [number] }).range?.[0]),
      message: '`suppressions` must be a list',
    });
  }
  const known = knownCodes ? new Set(knownCodes) : undefined;
  for (const item of isSeq(list) ? list.items : []) {
    const where = at((item as { range?: [number] }).range?.[0]);
    if (!isMap(item)) {
      problems.push({ ...where, message: 'each suppression is a mapping with `code` and `reason`' });
      continue;
    }
    const values: Record<string, string> = {};
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyAt = at((pair.key as { range?: [number] }).range?.[0]);
      if (!FIELDS.includes(key)) {
        problems.push({
          ...keyAt,
          message: `\`${key}\` is not a suppression field (${FIELDS.join(', ')})${didYouMean(closest(key, FIELDS))}`,
        });
        continue;
      }
      const v = isScalar(pair.value) ? pair.value.value : undefined;
      const text =
        v instanceof Date ? v.toISOString().slice(0, 10) : v === undefined || v === null ? '' : String(v);
      values[key] = text.trim();
    }
    const s: Suppression = {
      code: values.code ?? '',
      reason: values.reason ?? '',
      location: { file, ...where },
    };
    if (values.resource) s.resource = values.resource;
    if (values.file) s.file = values.file;
    if (values.expires) s.expires = values.expires;
    if (!s.code) problems.push({ ...where, message: 'a suppression needs the `code` it suppresses' });
    else if (known && !known.has(s.code)) {
      problems.push({
        ...where,
        message: `\`${s.code}\` is not a validate finding code${didYouMean(closest(s.code, known))}`,
      });
    }
    if (!s.reason)
      problems.push({
        ...where,
        message: `the suppression of \`${s.code || '?'}\` needs a \`reason\`: say why the finding is acceptable`,
      });
    if (s.expires !== undefined && !isDate(s.expires)) {
      problems.push({ ...where, message: `\`expires: ${s.expires}\` is not a date; write YYYY-MM-DD` });
    }
    suppressions.push(s);
  }
  if (problems.length > 0) throw new ValidateConfigError(file, problems);
  return { file, suppressions };
}
