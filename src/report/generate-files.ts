/** `generate --out DIR`: one IAM-ready policy file per principal and workload, plus summary.json. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GeneratedPolicy, GenerateResult } from '../pipeline/generate.js';
import { asOutputError, makeDirectory } from '../util/write-out.js';

function lastPart(arn: string): string {
  return arn.slice(Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':')) + 1);
}

/** `role-notes-api-lambdaRole`, `function-notes-api-create`, `user-alice`: file-system safe and readable. */
export function policyFileStem(p: GeneratedPolicy): string {
  const raw = p.workload
    ? `function-${lastPart(p.workload)}`
    : p.kind === 'root'
      ? `root-${p.principal?.split(':')[4] ?? 'unknown'}`
      : `${p.kind === 'federated-user' ? 'user' : p.kind}-${lastPart(p.principal ?? 'unknown')}`;
  return raw.replace(/[^A-Za-z0-9_.+=@-]/g, '_');
}

/** Writes the files into `dir` (made if missing); a file-system error is one line naming `--out` (exit 1). */
export function writeGenerateFiles(dir: string, result: GenerateResult): Promise<string[]> {
  return asOutputError(`--out ${dir}`, () => writeFiles(dir, result));
}

async function writeFiles(dir: string, result: GenerateResult): Promise<string[]> {
  await makeDirectory(dir);
  const written: string[] = [];
  // File names given so far, lower-cased: on a file system that ignores case (macOS, Windows) `role-Deploy`
  // and `role-deploy` are one file. A principal whose names are taken gets `-2`, `-3`...: no file is written
  // twice, whatever the names (a role `deploy` in two accounts and a role `deploy-2`, a role `x.1` and the
  // first part of role `x`'s split policy).
  const taken = new Set<string>(['summary.json']);
  const index: { principal: string | null; workload: string | null; files: string[] }[] = [];
  for (const p of result.policies) {
    const base = policyFileStem(p);
    const docs = p.parts ?? [p.policy];
    const namesFor = (stem: string) =>
      docs.map((_, i) => (docs.length === 1 ? `${stem}.policy.json` : `${stem}.${i + 1}.policy.json`));
    let files = namesFor(base);
    for (let n = 2; files.some((f) => taken.has(f.toLowerCase())); n++) files = namesFor(`${base}-${n}`);
    for (const f of files) taken.add(f.toLowerCase());
    for (const [i, doc] of docs.entries()) {
      const file = files[i] as string;
      await writeFile(join(dir, file), `${JSON.stringify(doc, null, 2)}\n`);
      written.push(file);
    }
    index.push({ principal: p.principal, workload: p.workload, files });
  }
  const summary = {
    schemaVersion: 1,
    summary: result.summary,
    policies: index,
    unattributed: result.unattributed,
    serviceCalls: result.serviceCalls,
  };
  await writeFile(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  written.push('summary.json');
  return written;
}
