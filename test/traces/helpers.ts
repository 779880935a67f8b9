/** Running the built CLIs while a local server in the same process answers them (spawnSync would block it). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { GeneratedPolicy } from '../../src/pipeline/generate.js';
import { asArray } from '../../src/policy/types.js';
import { type CliRun, REPO } from '../helpers.js';

/**
 * The environment without a setting of the AWS SDK's Node version notice, so that the CLIs are run as a user
 * runs them: they must keep the notice off themselves.
 */
function withoutSdkNotice(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...rest } = env;
  return rest;
}

export function cliAsync(
  args: string[],
  options: { cwd?: string; bin?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const bin = join(REPO, process.env.LEASTPRIV_DIST ?? 'dist', 'cli', options.bin ?? 'main.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...withoutSdkNotice(process.env), ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/** action -> resources a policy grants, over all statements, sorted. */
export function grants(policy: GeneratedPolicy['policy']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const st of policy.Statement) {
    for (const a of asArray(st.Action)) {
      for (const r of asArray(st.Resource)) out[a] = [...(out[a] ?? []), r].sort();
    }
  }
  return out;
}
