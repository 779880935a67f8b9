/** The `generate` command as a user meets it: flags, outputs, exit codes, messages. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate } from '../../src/evaluate/index.js';
import { parsePolicy } from '../../src/policy/index.js';
import { cli, EXAMPLES } from '../helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const TWO = join(FIXTURES, 'two-calls.json');
const BAD_LINES = join(FIXTURES, 'bad-lines.ndjson');
const LITERAL_KEYS = join(FIXTURES, 'literal-keys.json');
const TEXT_REPORT = join(FIXTURES, 'text-report.ndjson');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'leastpriv-cli-'));
}

describe('leastpriv generate', () => {
  it('prints the documented JSON shape, the role ARN (with path) as principal, and keeps refused calls apart', () => {
    // Given a trail with one successful call and one AccessDenied of a role session
    const run = cli(['generate', TWO, '--json']);
    // Then the command succeeds with one JSON document on stdout
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.schemaVersion).toBe(1);
    expect(out.summary).toMatchObject({ records: 2, used: 1, denied: 1, unmapped: 0, malformed: 0 });
    expect(out.policies).toHaveLength(1);
    const [p] = out.policies;
    expect(p.principal).toBe('arn:aws:iam::111122223333:role/service/reports-role');
    expect(p.workload).toBeNull();
    expect(p.policy.Statement).toEqual([
      {
        Sid: 'SqsQueueReports',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: 'arn:aws:sqs:eu-west-1:111122223333:reports',
      },
    ]);
    expect(p.evidence[0]).toMatchObject({ count: 1, samples: ['11111111-0000-4000-8000-000000000001'] });
    expect(p.denied).toEqual([
      expect.objectContaining({
        operation: 'DeleteTable',
        errorCode: 'AccessDeniedException',
        actions: ['dynamodb:DeleteTable'],
      }),
    ]);
    expect(p.unmapped).toEqual([]);
    // And no credentials are copied into the output
    expect(run.stdout).not.toContain('ASIAEXAMPLEKEY');
  });

  it('prints, by default, each policy with its evidence, refusals, unmapped calls and notes, then the summary', () => {
    // Given a role shared by two Lambda functions, a user with a call refused, one not mapped and one whose
    // resource needed an assumption (a role name without its path), and a user whose only call was refused
    const run = cli(['generate', TEXT_REPORT]);
    // Then the text is exactly the one written beside the fixture: counts in words ("1 call", "at" for a
    // single time), the shared role and its per-function policies, and the replay's verdict per policy
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(join(FIXTURES, 'text-report.expected.txt'), 'utf8'));
  });

  it('writes one IAM-ready policy file per principal and a summary with --out', () => {
    const dir = tmp();
    const run = cli(['generate', TWO, '--out', dir]);
    expect(run.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['role-reports-role.policy.json', 'summary.json']);
    const policy = JSON.parse(readFileSync(join(dir, 'role-reports-role.policy.json'), 'utf8'));
    expect(policy.Version).toBe('2012-10-17');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.policies[0].files).toEqual(['role-reports-role.policy.json']);
  });

  it('writes each principal to its own files with --out, even when their names would make the same file', () => {
    // Given roles named deploy in two accounts, a role named deploy-2 and one named Deploy, each sending to its
    // own queue
    const dir = tmp();
    const run = cli(['generate', join(FIXTURES, 'same-names.ndjson'), '--out', dir]);
    expect(run.status).toBe(0);
    // Then the summary names four files, no two of which one file system ignoring case would take for one
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const files: string[] = summary.policies.flatMap((p: { files: string[] }) => p.files);
    expect(files).toHaveLength(4);
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(4);
    expect(readdirSync(dir).sort()).toEqual([...files, 'summary.json'].sort());
    // And each file holds its own principal's policy: the queue named after its role, in its account
    for (const p of summary.policies as { principal: string; files: string[] }[]) {
      const [, , , , account, resource] = p.principal.split(':');
      const policy = JSON.parse(readFileSync(join(dir, p.files[0] as string), 'utf8'));
      expect(policy.Statement[0].Resource, p.principal).toBe(
        `arn:aws:sqs:eu-west-1:${account}:${resource?.slice('role/'.length)}-queue`,
      );
    }
  });

  it('makes the --out folder and its missing parents, and says in one line when it cannot', () => {
    // Given a folder two levels below one that exists
    const nested = join(tmp(), 'a', 'b');
    expect(cli(['generate', TWO, '--out', nested]).status).toBe(0);
    expect(readdirSync(nested).sort()).toEqual(['role-reports-role.policy.json', 'summary.json']);
    // Given a path through a file, Then one line names --out and why, exit 1, no stack
    const file = join(tmp(), 'file');
    writeFileSync(file, '');
    const through = cli(['generate', TWO, '--out', join(file, 'out')]);
    expect(through.status).toBe(1);
    expect(through.stderr).toBe(
      `leastpriv: --out ${join(file, 'out')}: cannot write ${join(file, 'out')}: a part of the path is not a directory\n`,
    );
    // Given a folder where mkdir answers ENOENT under a parent that exists (node's own recursive mkdir never
    // returns there), Then the same one line
    if (existsSync('/proc/self')) {
      const proc = cli(['generate', TWO, '--out', '/proc/leastpriv-out'], { timeoutMs: 20_000 });
      expect(proc.status).toBe(1);
      expect(proc.stderr).toBe(
        'leastpriv: --out /proc/leastpriv-out: cannot write /proc/leastpriv-out: no such file or directory\n',
      );
    }
  });

  it('splits a policy over the size limit into documents within it, and --out writes each', () => {
    // Given the example's shared role and a small limit
    const dir = tmp();
    const role = 'arn:aws:iam::111122223333:role/notes-api-lambdaRole';
    const run = cli([
      'generate',
      EXAMPLES,
      '--json',
      '--principal',
      role,
      '--max-policy-size',
      '700',
      '--out',
      dir,
    ]);
    expect(run.status).toBe(0);
    const [p] = JSON.parse(run.stdout).policies;
    // Then the parts together carry exactly the whole policy's statements, each part within the limit
    expect(p.parts.length).toBeGreaterThan(1);
    const sids = (docs: { Statement: { Sid: string }[] }[]) =>
      docs.flatMap((d) => d.Statement.map((st) => st.Sid)).sort();
    expect(sids(p.parts)).toEqual(sids([p.policy]));
    for (const part of p.parts) expect(JSON.stringify(part).length).toBeLessThanOrEqual(700);
    const files = readdirSync(dir).filter((f) => f.startsWith('role-notes-api-lambdaRole.'));
    expect(files).toHaveLength(p.parts.length);
    expect(files).toContain('role-notes-api-lambdaRole.1.policy.json');
  });

  it("writes a key's own *, ? and ${ as IAM's escapes, so the policy grants those keys and no other", () => {
    // Given calls on S3 keys that hold characters IAM reads as wildcards or a policy variable
    const run = cli(['generate', LITERAL_KEYS, '--json']);
    expect(run.status).toBe(0);
    const [p] = JSON.parse(run.stdout).policies;
    // Then each key is written with ${*}, ${?} and ${$}, and the statements are named as one object each
    expect(p.policy.Statement).toEqual([
      {
        Sid: 'S3ObjectMediaQTxt',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::media/q${?}.txt',
      },
      {
        Sid: 'S3ObjectMediaReportsCsv',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::media/reports/${*}.csv',
      },
      {
        Sid: 'S3ObjectMediaTmpXA',
        Effect: 'Allow',
        Action: 's3:DeleteObject',
        Resource: 'arn:aws:s3:::media/tmp/${$}{x}/a',
      },
    ]);
    // And replay finds every observed call allowed
    expect(p.replay).toEqual({ checked: 3, failures: [] });
    // And the policy allows the keys as named, not the keys the unescaped text would have matched
    const set = {
      identity: [compilePolicy(parsePolicy(p.policy, { source: 'generated' }).policy, 'identity')],
    };
    const allowed = (action: string, key: string) =>
      evaluate({ action, resource: `arn:aws:s3:::media/${key}` }, set).decision === 'Allowed';
    expect(allowed('s3:GetObject', 'reports/*.csv')).toBe(true);
    expect(allowed('s3:GetObject', 'reports/2026.csv')).toBe(false);
    expect(allowed('s3:PutObject', 'q?.txt')).toBe(true);
    expect(allowed('s3:PutObject', 'qa.txt')).toBe(false);
    expect(allowed('s3:DeleteObject', 'tmp/${x}/a')).toBe(true);
  });

  it('filters by time window and principal glob', () => {
    const since = cli(['generate', TWO, '--json', '--since', '2026-11-02T00:00:00Z']);
    expect(JSON.parse(since.stdout).summary).toMatchObject({ used: 0, denied: 1, filteredOut: 1 });
    const none = cli(['generate', TWO, '--json', '--principal', 'arn:aws:iam::*:user/*']);
    expect(JSON.parse(none.stdout).policies).toEqual([]);
    const some = cli(['generate', TWO, '--json', '--principal', '*:role/service/*']);
    expect(JSON.parse(some.stdout).policies).toHaveLength(1);
    expect(some.stderr).toBe('');
  });

  it('says which principals there were when --principal matches none of them', () => {
    // Given a glob that matches no principal of the trail
    const run = cli(['generate', TWO, '--principal', 'arn:aws:iam::*:role/reports-role']);
    // Then the run succeeds, and says on stderr which principals the input has (the role has a path)
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      'leastpriv: --principal arn:aws:iam::*:role/reports-role matched nothing; the input has 1 principal and 0 workloads (a glob matches the whole role, user or function ARN): arn:aws:iam::111122223333:role/service/reports-role\n',
    );
    // And the summary does not claim that nobody made a call
    expect(run.stdout).toContain('No principal that made these calls matches --principal.');
    expect(run.stdout).not.toContain('No principal made a call');
  });

  it('refuses a window that ends before it starts', () => {
    const run = cli(['generate', TWO, '--since', '2026-11-10', '--until', '2026-11-01']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'leastpriv: --since 2026-11-10 is after --until 2026-11-01: no record can be in that window\n',
    );
    expect(run.stdout).toBe('');
  });

  it('reports each bad line with the file and line, counts it, and processes the rest', () => {
    // Given NDJSON with a good line, a cut line, and a record without eventTime
    const run = cli(['generate', BAD_LINES, '--json']);
    // Then the good record still makes a policy and each problem is named on stderr
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.summary.malformed).toBe(2);
    expect(out.policies[0].principal).toBe('arn:aws:iam::111122223333:user/bob');
    expect(run.stderr).toContain(`${BAD_LINES}:2`);
    expect(run.stderr).toContain(`${BAD_LINES}:3`);
    expect(run.stderr).toMatch(/eventTime/);
  });

  it('reads a trail of many small files on two workers as on one, with every bad file named and counted', () => {
    // Given 300 small files, as a trail delivers them (workers get them many to a message), some of them bad
    const dir = tmp();
    const good = readFileSync(TWO);
    const bad = readFileSync(BAD_LINES);
    for (let i = 0; i < 300; i++) {
      const name = `f${String(i).padStart(3, '0')}`;
      if (i % 50 === 7) writeFileSync(join(dir, `${name}.ndjson`), bad);
      else if (i === 120) writeFileSync(join(dir, `${name}.json`), JSON.stringify({ Version: '2012-10-17' }));
      else writeFileSync(join(dir, `${name}.json.gz`), gzipSync(good));
    }
    const one = cli(['generate', dir, '--json', '--workers', '1']);
    const two = cli(['generate', dir, '--json', '--workers', '2']);
    // Then the two runs agree, and each bad file's lines are reported once
    expect(two.status).toBe(0);
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
    const summary = JSON.parse(two.stdout).summary;
    expect(summary.files).toBe(300);
    expect(summary.skippedFiles).toBe(1);
    expect(summary.malformed).toBe(2 * 6);
    expect(summary.records).toBe(2 * 293 + 6);
    const lines = (run: { stderr: string }) => run.stderr.split('\n').filter(Boolean).sort();
    expect(lines(two)).toEqual(lines(one));
    for (let i = 7; i < 300; i += 50) expect(two.stderr).toContain(`f${String(i).padStart(3, '0')}.ndjson:2`);
    expect(two.stderr).toContain('f120.json');
  });

  it('says how far reading got with --verbose, and nothing of it without', () => {
    const files = readdirSync(EXAMPLES, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const verbose = cli(['generate', EXAMPLES, '--json', '--verbose']);
    expect(verbose.status).toBe(0);
    const records = (JSON.parse(verbose.stdout) as { summary: { records: number } }).summary.records;
    expect(verbose.stderr).toContain(
      `leastpriv: read ${files.length} of ${files.length} files, ${records.toLocaleString('en-US')} records\n`,
    );
    const quiet = cli(['generate', EXAMPLES, '--json']);
    expect(quiet.stderr).not.toMatch(/leastpriv: read /);
    expect(quiet.stdout).toBe(verbose.stdout);
  });

  it('reads a small input in its own thread unless --workers says otherwise, with the same result', () => {
    // Given the bundled example (355 KB gzipped: far less than one worker's worth of work)
    const byDefault = cli(['generate', EXAMPLES, '--json', '--verbose']);
    const two = cli(['generate', EXAMPLES, '--json', '--verbose', '--workers', '2']);
    // Then by default one thread reads it, and --workers 2 starts two worker threads
    expect(byDefault.stderr).toContain('leastpriv: reading in one thread\n');
    expect(byDefault.stderr).not.toMatch(/worker thread/);
    expect(two.stderr).toContain('leastpriv: reading on 1 worker thread\n');
    expect(two.stderr).toContain('leastpriv: reading on 2 worker threads\n');
    expect(two.stdout).toBe(byDefault.stdout);
  });

  it('makes bad input fatal with --strict', () => {
    const run = cli(['generate', BAD_LINES, '--strict']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--strict/);
  });

  it('reads a truncated gzip up to the break and says so', () => {
    const dir = tmp();
    const gz = gzipSync(readFileSync(TWO));
    writeFileSync(join(dir, 'cut.json.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    const run = cli(['generate', dir, '--json']);
    expect(run.stderr).toContain('cut.json.gz');
    expect(JSON.parse(run.stdout).summary.malformed).toBeGreaterThanOrEqual(1);
  });

  it('exits 1 with a clear message when nothing could be read', () => {
    const empty = tmp();
    const run = cli(['generate', empty]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(empty);
    const missing = cli(['generate', join(empty, 'nope')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope');
    const notTrail = join(empty, 'policy.json');
    writeFileSync(notTrail, JSON.stringify({ Version: '2012-10-17', Statement: [] }));
    const other = cli(['generate', notTrail]);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('policy.json');
  });

  it('rejects bad usage with exit 1 and a pointer to --help', () => {
    expect(cli(['generate']).status).toBe(1);
    const bad = cli(['generate', TWO, '--since', 'yesterday']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--since yesterday/);
    const unknown = cli(['generate', TWO, '--frobnicate']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/--help/);
    expect(cli(['nonsense']).status).toBe(1);
    expect(cli(['generate', '--help']).stdout).toMatch(/Usage: leastpriv generate/);
  });
});
