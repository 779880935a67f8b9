/** The `validate` command as a user meets it: flags, formats, exit codes, messages on stderr. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers.js';

const FIXTURES = relative(REPO, join(import.meta.dirname, 'fixtures'));
const APP = join(FIXTURES, 'app');
const TEMPLATE = join(APP, 'template.yaml');
const CLEAN = join(FIXTURES, 'clean');
const BROKEN = join(FIXTURES, 'broken');
const SUPPRESS = join(REPO, FIXTURES, 'suppress');

interface JsonFinding {
  file: string;
  code: string;
  findingType: string;
  line: number;
  column: number;
  resourceName?: string;
  blocking: boolean;
}

function json(args: string[], options: { cwd?: string } = {}) {
  const run = cli(['validate', '--json', ...args], options);
  return {
    ...run,
    doc: JSON.parse(run.stdout) as { findings: JsonFinding[]; summary: Record<string, unknown> },
  };
}

function codes(findings: JsonFinding[]): string[] {
  return findings.map((f) => `${f.resourceName ?? f.file.split('/').pop()}:${f.code}`);
}

describe('leastpriv validate', () => {
  it('prints file:line:col  CODE  message per finding and exits 2 on blocking findings', () => {
    // Given a template with a misspelt action and PassRole on *, and a public bucket policy
    const run = cli(['validate', APP]);
    // Then each finding is a line an editor opens, at the template's line, and the run fails
    expect(run.status).toBe(2);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(
      `${TEMPLATE}:24:21  INVALID_ACTION  \`s3:GetObjects\` is not an action of Amazon S3; did you mean \`s3:GetObject\`?`,
    );
    expect(lines.some((l) => l.startsWith(`${TEMPLATE}:25:21  PASS_ROLE_WITH_STAR_IN_RESOURCE  `))).toBe(
      true,
    );
    expect(lines.some((l) => l.startsWith(`${join(APP, 'bucket-policy.json')}:7:20  PUBLIC_ACCESS  `))).toBe(
      true,
    );
    expect(run.stdout).toContain(
      '    at Resources/DeployRole/Properties/Policies/0/PolicyDocument Statement[0].Action[0]',
    );
    // And the summary counts them, and the reader's warning about the parameter without a default
    expect(run.stdout).toMatch(
      /\d+ findings \(1 ERROR, \d+ SECURITY_WARNING, \d+ WARNING\), \d+ blocking: 5 policies in 2 files checked\./,
    );
    expect(run.stdout).toContain(
      'Reading the files gave 1 warning, 1 notice, on stderr; --verbose lists the notices.',
    );
    expect(run.stderr).toContain(
      `warning: ${TEMPLATE}:29:27 (Resources/DeployRole/Properties/Policies/0/PolicyDocument/Statement/1/Resource): Parameter ArtifactBucket has no Default`,
    );
  });

  it('exits 0 with no findings on clean files', () => {
    // Given a least-privilege policy file and a serverless.yml
    const run = cli(['validate', CLEAN]);
    // Then nothing is reported and the run passes
    expect(run.stdout).toBe('No findings: 2 policies in 2 files checked.\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('prints the DESIGN.md JSON shape with the reading diagnostics counted in the summary', () => {
    // Given the app folder, When printed as JSON
    const { doc, status } = json([APP]);
    // Then it is one document with Access Analyzer's codes and finding types, and each finding's place
    expect(status).toBe(2);
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'findings', 'summary']);
    const invalid = doc.findings.find((f) => f.code === 'INVALID_ACTION');
    expect(invalid).toMatchObject({
      file: TEMPLATE,
      findingType: 'ERROR',
      path: 'Statement[0].Action[0]',
      line: 24,
      column: 21,
      resourceName: 'DeployRole',
      blocking: true,
    });
    expect(doc.summary).toMatchObject({
      policies: 5,
      files: 2,
      filesRead: 2,
      diagnostics: { errors: 0, warnings: 1, notices: 1 },
    });
  });

  it("treats the templates' own account as not external, and --account and --allow-external-principals", () => {
    // Given a role trusting its own account (${AWS::AccountId}) and a partner role trusting 444455556666
    const own = json([TEMPLATE]).doc.findings.filter((f) => f.code === 'EXTERNAL_PRINCIPAL');
    // Then only the partner is external
    expect(codes(own)).toEqual(['PartnerRole:EXTERNAL_PRINCIPAL']);
    // When the account is said, the own account is still not external
    expect(codes(json([TEMPLATE, '--account', '111122223333']).doc.findings)).not.toContain(
      'DeployRole:EXTERNAL_PRINCIPAL',
    );
    // When the partner is allowed, nothing is external
    const allowed = json([TEMPLATE, '--allow-external-principals', '444455556666,777788889999']).doc.findings;
    expect(allowed.filter((f) => f.code === 'EXTERNAL_PRINCIPAL')).toEqual([]);
  });

  it('resolves template parameters from --parameters, as Key=Value or a JSON file', () => {
    // Given the template's ArtifactBucket parameter without a default: its ARN is not checked
    expect(json([TEMPLATE]).doc.findings.map((f) => f.code)).toContain('UNRESOLVED_VALUE');
    // When it is given, the value is resolved and nothing is left unresolved
    for (const value of ['ArtifactBucket=example-artifacts', join(FIXTURES, 'params.json')]) {
      const run = json([TEMPLATE, '--parameters', value]);
      expect(
        run.doc.findings.map((f) => f.code),
        value,
      ).not.toContain('UNRESOLVED_VALUE');
      expect(run.stderr, value).not.toContain('unresolved-value');
    }
  });

  it('--treat-as-blocking picks the finding types that fail the run', () => {
    // Given findings of every blocking kind, When nothing blocks, Then the run passes
    expect(cli(['validate', APP, '--treat-as-blocking', 'NONE']).status).toBe(0);
    // Given a policy with only a WARNING (no Version), When WARNING blocks, Then it fails
    const partner = ['validate', TEMPLATE, '--ignore-finding', 'DeployRole,PartnerRole.EXTERNAL_PRINCIPAL'];
    expect(cli([...partner, '--ignore-finding', 'UNRESOLVED_VALUE']).status).toBe(0);
    expect(
      cli([...partner, '--ignore-finding', 'UNRESOLVED_VALUE', '--treat-as-blocking', 'warning']).status,
    ).toBe(2);
    // And a wrong type is bad usage, with the valid ones named
    const bad = cli(['validate', APP, '--treat-as-blocking', 'ERRORS']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      '--treat-as-blocking ERRORS: expected finding types among ERROR, SECURITY_WARNING',
    );
  });

  it('--ignore-finding leaves out a CODE, a RESOURCE or a RESOURCE.CODE, and counts them', () => {
    const all = json([APP]).doc;
    // When a code is ignored everywhere
    const byCode = json([APP, '--ignore-finding', 'PUBLIC_ACCESS']).doc;
    expect(byCode.findings.map((f) => f.code)).not.toContain('PUBLIC_ACCESS');
    expect(byCode.summary.ignored).toBe(1);
    // When a resource is ignored, all of its findings go
    const byResource = json([APP, '--ignore-finding', 'DeployRole']).doc;
    expect(byResource.findings.filter((f) => f.resourceName === 'DeployRole')).toEqual([]);
    // When one code of one resource is ignored, the same code elsewhere stays
    const one = json([APP, '--ignore-finding', 'PartnerRole.MISSING_VERSION,Nothing.INVALID_ACTION']).doc;
    expect(codes(one.findings)).not.toContain('PartnerRole:MISSING_VERSION');
    expect(codes(one.findings)).toContain('DeployRole:INVALID_ACTION');
    expect(one.findings.length).toBe(all.findings.length - 1);
  });

  it('reads .leastpriv.yml from the working directory: suppressions with a reason, expired ones reported', () => {
    // Given a folder whose config suppresses PassRole on the build role and has an expired suppression
    const { doc, status } = json(['.'], { cwd: SUPPRESS });
    // Then the PassRole finding is suppressed, and the expired suppression is a finding at its line
    expect(doc.findings.map((f) => [f.code, f.file, f.line])).toEqual([
      ['EXPIRED_SUPPRESSION', '.leastpriv.yml', 5],
    ]);
    expect(doc.summary).toMatchObject({ suppressed: 1, blocking: 0 });
    expect(status).toBe(0);
    // And without the config (another directory) the finding blocks
    expect(cli(['validate', join(SUPPRESS, 'role.yaml')]).status).toBe(2);
  });

  it('--config names the file; a bad one is bad usage with every problem and its line', () => {
    const good = json([join(SUPPRESS, 'role.yaml'), '--config', join(SUPPRESS, '.leastpriv.yml')]);
    expect(good.doc.summary.suppressed).toBe(1);
    const bad = cli(['validate', join(SUPPRESS, 'role.yaml'), '--config', join(FIXTURES, 'bad-config.yml')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      '/bad-config.yml:2:5  `PASS_ROLE_WITH_STAR_IN_RESOURSE` is not a validate finding code; did you mean `PASS_ROLE_WITH_STAR_IN_RESOURCE`?',
    );
    expect(bad.stderr).toContain(
      '/bad-config.yml:4:5  the suppression of `MISSING_VERSION` needs a `reason`',
    );
    expect(cli(['validate', CLEAN, '--config', join(FIXTURES, 'missing.yml')]).status).toBe(1);
  });

  it('prints reader problems on stderr with file:line, checks the rest, and fails on an unreadable policy', () => {
    // Given a policy file with a missing comma and a template importing another stack's output
    const run = cli(['validate', BROKEN]);
    // Then the JSON error names the file, line and column; the import is a warning; the rest is checked
    expect(run.stderr).toContain(
      `error: ${join(BROKEN, 'bad.json')}:7:7: Not valid JSON: Expected ',' or '}'`,
    );
    expect(run.stderr).toContain(`warning: ${join(BROKEN, 'import.yaml')}:10:23`);
    expect(run.stdout).toContain('1 policy in 1 file checked.');
    expect(run.stdout).toContain(
      'Reading the files gave 1 error, 1 warning (what they name was not checked), on stderr.',
    );
    // And the file that could not be read is not passed as clean
    expect(run.status).toBe(2);
    // Unless ERROR is not blocking
    expect(cli(['validate', BROKEN, '--treat-as-blocking', 'SECURITY_WARNING']).status).toBe(0);
  });

  it('reads Terraform plans, with the finding placed inside the policy string', () => {
    const { doc } = json([join(FIXTURES, 'plan')]);
    const admin = doc.findings.find((f) => f.code === 'FULL_ADMIN_ACCESS');
    expect(admin).toMatchObject({ resourceName: 'aws_iam_policy.deploy', line: 16 });
    expect(admin?.column).toBeGreaterThan(20);
  });

  it('--policy-type says what a plain policy file is', () => {
    // Given a bucket policy, When read as an identity policy, Then its Principal is wrong there
    const asIdentity = json([join(APP, 'bucket-policy.json'), '--policy-type', 'identity']).doc.findings;
    expect(asIdentity.map((f) => f.code)).toContain('UNSUPPORTED_PRINCIPAL');
    // When read as a trust policy, Then a Principal of * is the trust-policy error
    const asTrust = json([join(APP, 'bucket-policy.json'), '--policy-type', 'trust']).doc.findings;
    expect(asTrust.map((f) => f.code)).toContain('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL');
    const bad = cli(['validate', CLEAN, '--policy-type', 'boundary']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--policy-type boundary: expected identity, resource, trust, scp or rcp.');
  });

  it('--format markdown and sarif; --out writes the report to a file instead of stdout', () => {
    const md = cli(['validate', APP, '--format', 'markdown']);
    expect(md.stdout.split('\n')[0]).toMatch(/^### leastpriv validate: ❌ \d+ blocking$/);
    const dir = mkdtempSync(join(tmpdir(), 'leastpriv-validate-'));
    // When the report goes to a .sarif file, Then its extension picks the format and stdout stays empty
    const out = join(dir, 'results.sarif');
    const run = cli(['validate', APP, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`Wrote the sarif report to ${out}.`);
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
    // And --format wins over the extension
    const forced = join(dir, 'report.txt');
    cli(['validate', CLEAN, '--out', forced, '--format', 'json']);
    expect(JSON.parse(readFileSync(forced, 'utf8')).schemaVersion).toBe(1);
  });

  it('says in one line when --out cannot be written (exit 1)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'leastpriv-validate-')), 'missing', 'report.json');
    const run = cli(['validate', CLEAN, '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`leastpriv: --out ${out}: cannot write ${out}: no such file or directory\n`);
  });

  it('exits 1 on bad usage and when nothing is readable', () => {
    const none = cli(['validate']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('validate needs at least one FILE');
    expect(cli(['validate', join(FIXTURES, 'no-such-dir')]).stderr).toContain('no such file or directory');
    expect(cli(['validate', CLEAN, '--account', '1234']).stderr).toContain(
      'expected a 12-digit AWS account ID',
    );
    expect(cli(['validate', CLEAN, '--format', 'html']).status).toBe(1);
    expect(cli(['validate', CLEAN, '--json', '--format', 'sarif']).status).toBe(1);
    expect(cli(['validate', CLEAN, '--parameters', 'NoEquals']).stderr).toContain('expected Key=Value');
    // Given a flag validate does not have, Then one line names it and points at validate's --help
    const unknown = cli(['validate', CLEAN, '--bogus']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("'--bogus'");
    expect(unknown.stderr.trim()).toMatch(/Run 'leastpriv validate --help'\.$/);
    // Given a file that is no policy, template or plan, Then nothing is readable
    const text = cli(['validate', join(FIXTURES, 'notpolicy', 'notes.txt')]);
    expect(text.status).toBe(1);
    expect(text.stderr).toContain('nothing to validate');
  });

  it('reads standard input as -', () => {
    // Given a policy piped in (cli() has no input, so the built CLI is spawned here the same way)
    const bin = join(REPO, process.env.LEASTPRIV_DIST ?? 'dist', 'cli', 'main.js');
    const run = spawnSync(process.execPath, [bin, 'validate', '-'], {
      cwd: REPO,
      encoding: 'utf8',
      input:
        '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObjects","Resource":"*"}}',
    });
    // Then findings name <stdin>
    expect(run.stdout).toContain('<stdin>:1:64  INVALID_ACTION');
    expect(run.status).toBe(2);
  });

  it('has a --help that names every flag', () => {
    const help = cli(['validate', '--help']).stdout;
    for (const flag of [
      '--policy-type',
      '--region',
      '--account',
      '--parameters',
      '--json',
      '--format',
      '--out',
      '--treat-as-blocking',
      '--ignore-finding',
      '--config',
      '--allow-external-principals',
    ]) {
      expect(help).toContain(flag);
    }
    expect(cli(['--help']).stdout).toContain('validate FILE...');
  });
});
