/**
 * CloudTrail operation -> the IAM actions it needs. The knowledge is in data/ (schemas in data/README.md):
 *   event-types.json       which CloudTrail eventTypes are calls at all
 *   event-sources.json     eventSource hosts whose IAM prefix is not the host's first label
 *   permissionless.json    calls that need no permission
 *   operations.json        renamed actions, several actions per call, actions that depend on the request
 *   http-verb-actions.json services authorised by HTTP method (API Gateway)
 *   pass-role.json         iam:PassRole for a role named in the request
 * This file is the generic engine over them. When none of them applies, the action is `prefix:operation`
 * if the service data has it (its casing wins); otherwise the call is unmapped, never guessed.
 *
 * `resourceFrom` vocabulary: which part of the request identifies an action's resource, when it is not
 * the operation's usual resource. Absent means the usual one (the bucket/key, the function, the table...).
 *   'copySource'              the source object of a copy: `x-amz-copy-source` / `CopySource`,
 *                             `bucket/key` URL-encoded, maybe `?versionId=`, or an access point ARN.
 *   'sourceKey'               KMS ReEncrypt: the key the ciphertext was encrypted under (`sourceKeyId`,
 *                             else the key in `resources[]` that is not the destination).
 *   'destinationKey'          KMS ReEncrypt: `destinationKeyId`.
 *   'table:<name>'            a DynamoDB table named in a batch, transaction or PartiQL statement,
 *                             as written there (name or ARN); 'table:<name>/index/<index>' for an index.
 *   'apigatewayPath'          API Gateway management call: the REST path of the resource it addresses
 *                             (`/restapis/<restApiId>/...`), built from the request parameters.
 *   'param:<path>'            the value at this concrete path of requestParameters, in the record's own
 *                             spelling with array indices filled in (`role`, `targets[0].roleArn`); for
 *                             iam:PassRole it holds a role ARN (Glue also accepts a role name).
 *   'instanceProfile:<path>'  the value at this path is an EC2 instance profile ARN or name; the role it
 *                             holds is not in the event.
 */
import type { ActivityRecord } from '../normalize/activity-record.js';
import { expandItems } from './actions-expand.js';
import { findValues, holds, isPresent } from './actions-request.js';
import {
  type ActionIndex,
  actionIndex,
  type CallRule,
  operationKey,
  type PassRoleEntry,
} from './actions-tables.js';
import { serviceForEventSource } from './event-source.js';
import { type ServiceData, serviceData, splitAction } from './service-data.js';
import type { ActionCall, ActionResolution } from './types.js';

/** The resourceFrom of API Gateway HTTP-method actions (see the vocabulary above). */
export const APIGATEWAY_PATH = 'apigatewayPath';

// CloudTrail appends the API version to some operation names: UpdateFunctionCode20150331v2,
// CreateDistribution2020_05_31, ListFunctions20150331.
const VERSION_SUFFIX = /^([A-Za-z][A-Za-z0-9]*?[A-Za-z])(?:\d{8}|\d{4}_\d{2}_\d{2})(?:v\d+)?$/;

/** The operation name without an API-version suffix. */
export function stripVersionSuffix(operation: string): string {
  return VERSION_SUFFIX.exec(operation)?.[1] ?? operation;
}

function unmapped(reason: string): ActionResolution {
  return { kind: 'unmapped', reason };
}

function fromRules(rules: CallRule[], params: unknown): ActionCall[] {
  const calls: ActionCall[] = [];
  for (const rule of rules) {
    if (rule.when && !holds(rule.when, params)) continue;
    if (rule.unless && holds(rule.unless, params)) continue;
    const base: ActionCall = { action: rule.action, reason: rule.reason ?? 'call' };
    if (rule.resourceFrom !== undefined) base.resourceFrom = rule.resourceFrom;
    if (rule.note !== undefined) base.note = rule.note;
    if (rule.each === undefined) {
      calls.push(base);
      continue;
    }
    for (const found of findValues(params, rule.each)) {
      if (isPresent(found.value)) calls.push({ ...base, resourceFrom: `param:${found.path}` });
    }
  }
  return calls;
}

/** API Gateway and the like: the HTTP method of the operation, by override or longest name prefix. */
function httpVerbCalls(index: ActionIndex, service: string, operation: string): ActionCall[] | undefined {
  const rules = index.httpVerbs.get(service);
  if (!rules) return undefined;
  const exact = rules.find(
    (r) => r.match === 'operation' && r.name.toLowerCase() === operation.toLowerCase(),
  );
  const byPrefix = rules
    .filter((r) => r.match === 'prefix' && operation.startsWith(r.name))
    .sort((a, b) => b.name.length - a.name.length)[0];
  const rule = exact ?? byPrefix;
  if (!rule) return undefined;
  return rule.methods.map((m) => ({
    action: `${service}:${m}`,
    reason: 'call',
    resourceFrom: APIGATEWAY_PATH,
  }));
}

function passRoleCalls(entries: PassRoleEntry[], params: unknown): ActionCall[] {
  const calls: ActionCall[] = [];
  for (const entry of entries) {
    const condition = { StringEquals: { 'iam:PassedToService': [entry.passedTo] } };
    for (const found of findValues(params, entry.path)) {
      if (entry.kind === 'role') {
        if (typeof found.value === 'string' && found.value.trim() !== '') {
          calls.push({
            action: 'iam:PassRole',
            reason: 'pass-role',
            resourceFrom: `param:${found.path}`,
            condition,
            note: `role passed to ${entry.passedTo}`,
          });
        }
        continue;
      }
      // An instance profile: a name or ARN string, or `{arn}` / `{name}` as EC2 records it.
      const named =
        typeof found.value === 'string'
          ? [found]
          : [...findValues(found.value, 'arn'), ...findValues(found.value, 'name')].map((f) => ({
              path: `${found.path}.${f.path}`,
              value: f.value,
            }));
      const first = named.find((f) => typeof f.value === 'string' && f.value.trim() !== '');
      if (first) {
        calls.push({
          action: 'iam:PassRole',
          reason: 'pass-role',
          resourceFrom: `instanceProfile:${first.path}`,
          condition,
          note: `instance profile passed to ${entry.passedTo}; its role is not in the event`,
        });
      }
    }
  }
  return calls;
}

function dedupe(calls: ActionCall[]): ActionCall[] {
  const seen = new Set<string>();
  return calls.filter((c) => {
    const key = JSON.stringify([c.action, c.resourceFrom ?? '', c.condition ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The calls' actions in canonical casing, or the first one the service data does not know. */
function canonical(calls: ActionCall[], data: ServiceData): { calls: ActionCall[] } | { missing: string } {
  const out: ActionCall[] = [];
  for (const call of calls) {
    const parts = splitAction(call.action);
    const info = parts && data.action(parts[0], parts[1]);
    if (!info) return { missing: call.action };
    out.push(info.action === call.action ? call : { ...call, action: info.action });
  }
  return { calls: out };
}

/** The IAM actions one recorded call needs, or why it needs none, or why that cannot be told. */
export function resolveActions(record: ActivityRecord, data: ServiceData = serviceData()): ActionResolution {
  const index = actionIndex();

  if (record.eventType !== undefined) {
    const type = index.eventTypes.get(record.eventType.toLowerCase());
    if (!type) return unmapped(`unknown CloudTrail eventType '${record.eventType}'`);
    if (type.kind === 'permissionless')
      return { kind: 'permissionless', reason: type.reason ?? type.eventType };
  }

  const source = serviceForEventSource(record.eventSource, index, data);
  if (source.kind === 'unknown') return unmapped(source.reason);
  const service = source.service;
  const operation = stripVersionSuffix((record.operation ?? '').trim());
  if (operation === '') return unmapped(`no operation recorded (eventSource ${record.eventSource})`);
  const key = operationKey(service, operation);

  const free = index.permissionless.get(key);
  if (free) return { kind: 'permissionless', reason: free.reason };

  const params = record.requestParameters ?? {};
  let calls: ActionCall[];
  const entry = index.operations.get(key);
  if (entry) {
    calls = fromRules(entry.calls ?? [], params);
    if (entry.expand) {
      const expanded = expandItems(operation, entry.expand, params);
      if (expanded.kind === 'unmapped') return expanded;
      calls.push(...expanded.calls);
    }
  } else {
    const same = data.action(service, operation);
    const verbs = same ? undefined : httpVerbCalls(index, service, operation);
    if (same) calls = [{ action: same.action, reason: 'call' }];
    else if (verbs) calls = verbs;
    else return unmapped(`no action ${service}:${operation} in the service data`);
  }

  calls.push(...passRoleCalls(index.passRole.get(key) ?? [], params));
  const checked = canonical(dedupe(calls), data);
  if ('missing' in checked) {
    return unmapped(
      `${service}:${operation} maps to ${checked.missing}, which the service data does not list`,
    );
  }
  if (checked.calls.length === 0)
    return unmapped(`${service}:${operation}: no rule in data/operations.json applied`);
  return { kind: 'actions', calls: checked.calls };
}
