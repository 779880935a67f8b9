import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadValidateConfig, parseValidateConfig, ValidateConfigError } from './validate-config.js';

const KNOWN = ['INVALID_ACTION', 'PASS_ROLE_WITH_STAR_IN_RESOURCE'];

describe('.leastpriv.yml for validate', () => {
  it('reads suppressions with their location', () => {
    // Given a directory with a .leastpriv.yml
    const dir = mkdtempSync(join(tmpdir(), 'leastpriv-'));
    writeFileSync(
      join(dir, '.leastpriv.yml'),
      [
        'generate:',
        '  other: setting of another command',
        'suppressions:',
        '  - code: PASS_ROLE_WITH_STAR_IN_RESOURCE',
        '    resource: DeployRole',
        '    file: templates/*.yaml',
        '    reason: passes only roles it creates',
        '    expires: 2026-03-31',
        '  - code: INVALID_ACTION',
        '    reason: vendor extension',
        '',
      ].join('\n'),
    );
    // When it is loaded
    const config = loadValidateConfig(dir, KNOWN);
    // Then each suppression has its fields and line
    expect(config?.suppressions).toEqual([
      {
        code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
        resource: 'DeployRole',
        file: 'templates/*.yaml',
        reason: 'passes only roles it creates',
        expires: '2026-03-31',
        location: { file: join(dir, '.leastpriv.yml'), line: 4, column: 5 },
      },
      {
        code: 'INVALID_ACTION',
        reason: 'vendor extension',
        location: { file: join(dir, '.leastpriv.yml'), line: 9, column: 5 },
      },
    ]);
  });

  it('is absent when there is no file', () => {
    expect(loadValidateConfig(mkdtempSync(join(tmpdir(), 'leastpriv-')))).toBeUndefined();
  });

  it('reports every problem at once: no reason, bad date, unknown code, unknown field', () => {
    // Given suppressions with four problems
    const text = [
      'suppressions:',
      '  - code: INVALID_ACTION',
      '  - code: PASS_ROLE_WITH_STAR_IN_RESOURCE',
      '    reason: ok',
      '    expires: 31/03/2026',
      '  - code: INVALID_ACTIONS',
      '    reason: typo',
      '    resorce: ApiRole',
    ].join('\n');
    // When parsed, Then one error lists all of them with their lines
    let error: unknown;
    try {
      parseValidateConfig(text, '.leastpriv.yml', KNOWN);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidateConfigError);
    const problems = (error as ValidateConfigError).problems.map((p) => `${p.line}: ${p.message}`);
    expect(problems).toEqual([
      '2: the suppression of `INVALID_ACTION` needs a `reason`: say why the finding is acceptable',
      '3: `expires: 31/03/2026` is not a date; write YYYY-MM-DD',
      '8: `resorce` is not a suppression field (code, resource, file, reason, expires); did you mean `resource`?',
      '6: `INVALID_ACTIONS` is not a validate finding code; did you mean `INVALID_ACTION`?',
    ]);
    expect((error as Error).message).toContain('.leastpriv.yml:2:5');
  });

  it('reports broken YAML with its line', () => {
    expect(() => parseValidateConfig('suppressions:\n  - code: [unclosed\n', 'x.yml')).toThrow(
      ValidateConfigError,
    );
  });
});
