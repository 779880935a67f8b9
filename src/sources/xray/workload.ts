/**
 * The workload a trace names: the Lambda function, EC2 instance, ECS task or EKS cluster that ran the code
 * making the AWS SDK calls. Traces carry no IAM identity; the workload is what the calls are grouped by, and
 * what the aggregate joins to the role session CloudTrail shows for the same function.
 */

export type WorkloadKind =
  | 'lambda-function'
  | 'ec2-instance'
  | 'ecs-task'
  | 'ecs-container-instance'
  | 'eks-cluster';

export interface TraceWorkload {
  /** The workload's ARN: a function ARN without version or alias, an instance, task or cluster ARN. */
  arn: string;
  kind: WorkloadKind;
  partition: string;
  region: string | undefined;
  accountId: string | undefined;
}

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;

/** A Lambda function ARN (maybe with `:version` or `:alias`) -> the function workload, unqualified. */
export function lambdaWorkload(value: unknown): TraceWorkload | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ARN.exec(value.trim());
  if (m?.[2] !== 'lambda' || !m[4] || !m[3]) return undefined;
  const rest = m[5] as string;
  if (!rest.startsWith('function:')) return undefined;
  const name = rest.slice('function:'.length).split(':')[0];
  if (!name) return undefined;
  const partition = m[1] as string;
  return {
    arn: `arn:${partition}:lambda:${m[3]}:${m[4]}:function:${name}`,
    kind: 'lambda-function',
    partition,
    region: m[3],
    accountId: m[4],
  };
}

/** An ECS task or container-instance ARN, or an EKS cluster ARN, as a workload. */
export function containerWorkload(value: unknown): TraceWorkload | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ARN.exec(value.trim());
  if (!m?.[3] || !m[4]) return undefined;
  const rest = m[5] as string;
  let kind: WorkloadKind | undefined;
  if (m[2] === 'ecs' && rest.startsWith('task/')) kind = 'ecs-task';
  else if (m[2] === 'ecs' && rest.startsWith('container-instance/')) kind = 'ecs-container-instance';
  else if (m[2] === 'eks' && rest.startsWith('cluster/')) kind = 'eks-cluster';
  if (!kind) return undefined;
  return { arn: value.trim(), kind, partition: m[1] as string, region: m[3], accountId: m[4] };
}

export function ec2Workload(instanceId: string, region: string, accountId: string): TraceWorkload {
  const partition = partitionOf(region);
  return {
    arn: `arn:${partition}:ec2:${region}:${accountId}:instance/${instanceId}`,
    kind: 'ec2-instance',
    partition,
    region,
    accountId,
  };
}

export function eksClusterWorkload(cluster: string, region: string, accountId: string): TraceWorkload {
  const partition = partitionOf(region);
  return {
    arn: `arn:${partition}:eks:${region}:${accountId}:cluster/${cluster}`,
    kind: 'eks-cluster',
    partition,
    region,
    accountId,
  };
}

export function lambdaWorkloadFromName(
  name: string,
  region: string,
  accountId: string,
): TraceWorkload | undefined {
  return lambdaWorkload(`arn:${partitionOf(region)}:lambda:${region}:${accountId}:function:${name}`);
}

/** The partition of a region name (`cn-north-1` -> `aws-cn`). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** `us-west-2c` -> `us-west-2`; a Local Zone `us-west-2-lax-1a` -> `us-west-2`. */
export function regionOfZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string') return undefined;
  const m = /^([a-z]{2}(?:-[a-z]+)+-\d+)/.exec(zone.trim());
  return m?.[1];
}

export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{12}$/.test(value);
}

export function isRegion(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(value);
}
