/**
 * The bundled example is what the README's quick start runs: its promises are tested here, through the
 * library (in-process) and through the CLI with worker threads.
 */
import { describe, expect, it } from 'vitest';
import { canonicalAction } from '../src/mapping/service-data.js';
import { type GeneratedPolicy, type GenerateResult, generate } from '../src/pipeline/generate.js';
import { asArray } from '../src/policy/types.js';
import { cli, EXAMPLES } from './helpers.js';

const ACCOUNT = '111122223333';
const LAMBDA_ROLE = `arn:aws:iam::${ACCOUNT}:role/notes-api-lambdaRole`;
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/notes`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:notes-events`;
const BUCKET_OBJECTS = `arn:aws:s3:::notes-attachments-${ACCOUNT}/attachments/*`;

/** action -> resources granted, over all statements. */
function grants(p: GeneratedPolicy): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const st of p.policy.Statement) {
    for (const a of asArray(st.Action)) {
      for (const r of asArray(st.Resource)) out.set(a, [...(out.get(a) ?? []), r].sort());
    }
  }
  return out;
}

function dataActions(p: GeneratedPolicy): Record<string, string[]> {
  // Only the app's data plane: logs permissions are the Lambda runtime's own, checked separately.
  const out: Record<string, string[]> = {};
  for (const [a, r] of grants(p)) if (!a.startsWith('logs:')) out[a] = r;
  return out;
}

const fn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:notes-api-${name}`;

describe('the bundled example', () => {
  let result: GenerateResult;
  const find = (principal: string, workload: string | null = null) => {
    const p = result.policies.find((x) => x.principal === principal && x.workload === workload);
    if (!p) throw new Error(`no policy for ${principal} ${workload}`);
    return p;
  };

  it('reads every record without a problem', async () => {
    result = await generate({ sources: [EXAMPLES], workers: 1 });
    expect(result.summary.malformed).toBe(0);
    expect(result.summary.records).toBeGreaterThan(1000);
    expect(result.summary.unmapped).toBe(0);
  });

  it('gives each of the five functions only the actions it used on its own table, bucket, key and queue', () => {
    expect(dataActions(find(LAMBDA_ROLE, fn('create')))).toEqual({
      'dynamodb:PutItem': [TABLE],
      'kms:GenerateDataKey': [KEY],
      's3:PutObject': [BUCKET_OBJECTS],
      'sqs:SendMessage': [QUEUE],
    });
    expect(dataActions(find(LAMBDA_ROLE, fn('get')))).toEqual({
      'dynamodb:GetItem': [TABLE],
      'kms:Decrypt': [KEY],
      's3:GetObject': [BUCKET_OBJECTS],
    });
    expect(dataActions(find(LAMBDA_ROLE, fn('list')))).toEqual({ 'dynamodb:Query': [TABLE] });
    expect(dataActions(find(LAMBDA_ROLE, fn('update')))).toEqual({
      'dynamodb:UpdateItem': [TABLE],
      'sqs:SendMessage': [QUEUE],
    });
    expect(dataActions(find(LAMBDA_ROLE, fn('delete')))).toEqual({
      'dynamodb:DeleteItem': [TABLE],
      's3:DeleteObject': [BUCKET_OBJECTS],
    });
  });

  it('says the role is shared by the five functions and should be split', () => {
    const role = find(LAMBDA_ROLE);
    expect(role.sharedBy).toEqual(['create', 'delete', 'get', 'list', 'update'].map(fn));
  });

  it("explains the KMS permission as S3's forward access", () => {
    const kms = find(LAMBDA_ROLE, fn('get')).evidence.find((e) => e.actions.includes('kms:Decrypt'));
    expect(kms?.reasons).toContain('forward-access');
    expect(kms?.notes.join(' ')).toMatch(/s3\.amazonaws\.com/);
  });

  it('gives the CI role iam:PassRole on exactly the role it passed, to Lambda only', () => {
    const ci = find(`arn:aws:iam::${ACCOUNT}:role/ci/notes-deploy`);
    const passRole = ci.policy.Statement.filter((s) => asArray(s.Action).includes('iam:PassRole'));
    expect(passRole).toHaveLength(1);
    expect(passRole[0]?.Resource).toBe(LAMBDA_ROLE);
    expect(passRole[0]?.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    });
  });

  it("keeps the user's refused calls out of the policy and reports them", () => {
    const alice = find(`arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(alice.denied.map((d) => d.errorCode).sort()).toEqual(
      expect.arrayContaining(['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation']),
    );
    const granted = [...grants(alice).keys()];
    for (const d of alice.denied) for (const a of d.actions) expect(granted).not.toContain(a);
    expect(alice.permissionless.map((p) => p.operation)).toContain('sts.amazonaws.com:GetCallerIdentity');
  });

  it('allows every observed successful call (replay) and emits only actions the service data knows', () => {
    for (const p of result.policies) {
      expect(p.replay.failures, `${p.principal} ${p.workload}`).toEqual([]);
      expect(p.replay.checked).toBeGreaterThan(0);
      for (const a of grants(p).keys()) expect(canonicalAction(a)).toBe(a);
    }
  });

  it('counts AWS service calls apart from any principal', () => {
    expect(result.summary.service).toBeGreaterThan(0);
    expect(result.policies.every((p) => p.principal?.startsWith('arn:aws:iam::'))).toBe(true);
  });

  it('is byte-identical with worker threads through the CLI, and never prints an access key id', () => {
    const run = cli(['generate', EXAMPLES, '--json', '--workers', '2']);
    expect(run.status).toBe(0);
    const viaCli = JSON.parse(run.stdout) as GenerateResult;
    expect(viaCli.policies).toEqual(result.policies);
    expect(run.stdout).not.toMatch(/A[SK]IA[A-Z0-9]{12,}/);
    expect(cli(['generate', EXAMPLES]).stdout).not.toMatch(/A[SK]IA[A-Z0-9]{12,}/);
  });
});
