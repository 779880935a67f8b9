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
import { innerMap } from '../util/maps.js';
import { type Expansion, expandItems } from './actions-expand.js';
import { findValues, holds, isPresent } from './actions-request.js';
import {
  type ActionIndex,
  actionIndex,
  type CallRule,
  type ExpandRule,
  type OperationEntry,
  operationKey,
  type PassRoleEntry,
  type Predicate,
} from './actions-tables.js';
import { serviceForEventSource } from './event-source.js';
import {
  type AnswerKey,
  DirectProbe,
  EVENT_SOURCE,
  EVENT_TYPE,
  listKey,
  OPERATION,
  Query,
  type RecordProbe,
} from './probe.js';
import { type ServiceData, serviceData, splitAction } from './service-data.js';
import type { ActionCall, ActionResolution } from './types.js';

/** The resourceFrom of API Gateway HTTP-method actions (see the vocabulary above). */
export const APIGATEWAY_PATH = 'apigatewayPath';

// CloudTrail appends the API version to some operation names: UpdateFunctionCode20150331v2,
// CreateDistribution2020_05_31, ListFunctions20150331.
const VERSION_SUFFIX = /^([A-Za-z][A-Za-z0-9]*?[A-Za-z])(?:\d{8}|\d{4}_\d{2}_\d{2})(?:v\d+)?$/;

const stripped = new Map<string, string>();

/** The operation name without an API-version suffix. */
export function stripVersionSuffix(operation: string): string {
  let out = stripped.get(operation);
  if (out === undefined) {
    out = VERSION_SUFFIX.exec(operation)?.[1] ?? operation;
    if (stripped.size > 10_000) stripped.clear();
    stripped.set(operation, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// What resolveActions reads of the request parameters, as queries (probe.ts). Each is a pure function of the
// record; interned per table object, and per content for predicates (`when` and `unless` often test the same).

function paramsOf(record: ActivityRecord): unknown {
  return record.requestParameters ?? {};
}

class HoldsQuery extends Query<boolean> {
  constructor(private readonly predicate: Predicate) {
    super(`holds:${JSON.stringify(predicate)}`);
  }
  run(record: ActivityRecord): boolean {
    return holds(this.predicate, paramsOf(record));
  }
  key(answer: boolean): AnswerKey {
    return answer;
  }
}

/** The concrete paths of the present values at a path (`each` of a rule). */
class EachQuery extends Query<string[]> {
  constructor(private readonly path: string) {
    super(`each:${path}`);
  }
  run(record: ActivityRecord): string[] {
    const out: string[] = [];
    for (const found of findValues(paramsOf(record), this.path))
      if (isPresent(found.value)) out.push(found.path);
    return out;
  }
  key(answer: string[]): AnswerKey {
    return listKey(answer);
  }
}

class ExpandQuery extends Query<Expansion> {
  constructor(
    private readonly operation: string,
    private readonly rule: ExpandRule,
  ) {
    super(`expand:${operation}`);
  }
  run(record: ActivityRecord): Expansion {
    return expandItems(this.operation, this.rule, paramsOf(record));
  }
  key(answer: Expansion): AnswerKey {
    return JSON.stringify(answer);
  }
}

class PassRoleQuery extends Query<ActionCall[]> {
  constructor(private readonly entries: PassRoleEntry[]) {
    super('passRole');
  }
  run(record: ActivityRecord): ActionCall[] {
    return passRoleCalls(this.entries, paramsOf(record));
  }
  key(answer: ActionCall[]): AnswerKey {
    return JSON.stringify(answer);
  }
}

const holdsByContent = new Map<string, HoldsQuery>();
const holdsQueries = new WeakMap<Predicate, HoldsQuery>();
const eachQueries = new Map<string, EachQuery>();
const expandQueries = new WeakMap<ExpandRule, Map<string, ExpandQuery>>();
const passRoleQueries = new WeakMap<PassRoleEntry[], PassRoleQuery>();

function holdsQuery(predicate: Predicate): HoldsQuery {
  let q = holdsQueries.get(predicate);
  if (!q) {
    const content = JSON.stringify(predicate);
    q = holdsByContent.get(content);
    if (!q) {
      q = new HoldsQuery(predicate);
      holdsByContent.set(content, q);
    }
    holdsQueries.set(predicate, q);
  }
  return q;
}

function eachQuery(path: string): EachQuery {
  let q = eachQueries.get(path);
  if (!q) {
    q = new EachQuery(path);
    eachQueries.set(path, q);
  }
  return q;
}

function expandQuery(operation: string, rule: ExpandRule): ExpandQuery {
  const byOperation = innerMap(expandQueries, rule);
  let q = byOperation.get(operation);
  if (!q) {
    q = new ExpandQuery(operation, rule);
    byOperation.set(operation, q);
  }
  return q;
}

function passRoleQuery(entries: PassRoleEntry[]): PassRoleQuery {
  let q = passRoleQueries.get(entries);
  if (!q) {
    q = new PassRoleQuery(entries);
    passRoleQueries.set(entries, q);
  }
  return q;
}

function unmapped(reason: string): ActionResolution {
  return { kind: 'unmapped', reason };
}

/** The calls of the rules that apply; with `tested`, the rules given are known to apply. */
function fromRules(rules: CallRule[], probe: RecordProbe, tested = false): ActionCall[] {
  const calls: ActionCall[] = [];
  for (const rule of rules) {
    if (!tested && rule.when && !probe.ask(holdsQuery(rule.when))) continue;
    if (!tested && rule.unless && probe.ask(holdsQuery(rule.unless))) continue;
    const base: ActionCall = { action: rule.action, reason: rule.reason ?? 'call' };
    if (rule.resourceFrom !== undefined) base.resourceFrom = rule.resourceFrom;
    if (rule.note !== undefined) base.note = rule.note;
    if (rule.each === undefined) {
      calls.push(base);
      continue;
    }
    for (const path of probe.ask(eachQuery(rule.each)))
      calls.push({ ...base, resourceFrom: `param:${path}` });
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
  if (calls.length < 2) return calls;
  const seen = new Set<string>();
  return calls.filter((c) => {
    // Exact: the action is length-prefixed, and only calls with a condition pay for JSON.
    const key =
      c.condition == null
        ? `${c.action.length}:${c.action}${c.resourceFrom ?? ''}`
        : `\u0000${JSON.stringify([c.action, c.resourceFrom ?? '', c.condition])}`;
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
  // The resolution may be shared with other records (per operation plan): hand out a copy of it.
  return structuredClone(resolveActionsWith(new DirectProbe(record), data));
}

/**
 * What the tables say of one (eventType, eventSource, operation): either the resolution itself, when the
 * request parameters cannot change it, or what is needed to finish it from them.
 */
interface OperationPlan {
  /** The resolution, whatever the request parameters. */
  fixed: ActionResolution | undefined;
  service: string;
  operation: string;
  entry: OperationEntry | undefined;
  /** Calls before pass-role ones, for an operation without an entry in operations.json. */
  calls: ActionCall[] | undefined;
  passRole: PassRoleEntry[] | undefined;
  /** Only `when`/`unless` rules, no `each`, expansion or pass-role: the calls depend only on which tests hold. */
  byTests: Map<string, ActionResolution> | undefined;
}

const plansByData = new WeakMap<
  ServiceData,
  Map<string | undefined, Map<string | undefined, Map<string | undefined, OperationPlan>>>
>();
let planCount = 0;
/** The plans of the service data asked for last (nearly every call is for the same one). */
let lastPlansData: ServiceData | undefined;
let lastPlans:
  | Map<string | undefined, Map<string | undefined, Map<string | undefined, OperationPlan>>>
  | undefined;

function operationPlan(
  data: ServiceData,
  eventType: string | undefined,
  eventSource: string | undefined,
  operation: string | undefined,
): OperationPlan {
  let byType = data === lastPlansData ? lastPlans : plansByData.get(data);
  if (!byType || planCount > 10_000) {
    byType = new Map();
    plansByData.set(data, byType);
    planCount = 0;
  }
  lastPlansData = data;
  lastPlans = byType;
  const bySource = innerMap(byType, eventType);
  const byOperation = innerMap(bySource, eventSource);
  let plan = byOperation.get(operation);
  if (!plan) {
    plan = buildPlan(data, eventType, eventSource, operation);
    byOperation.set(operation, plan);
    planCount++;
  }
  return plan;
}

function fixedPlan(resolution: ActionResolution): OperationPlan {
  return {
    fixed: resolution,
    service: '',
    operation: '',
    entry: undefined,
    calls: undefined,
    passRole: undefined,
    byTests: undefined,
  };
}

function buildPlan(
  data: ServiceData,
  eventType: string | undefined,
  eventSource: string | undefined,
  rawOperation: string | undefined,
): OperationPlan {
  const index = actionIndex();
  if (eventType !== undefined) {
    const type = index.eventTypes.get(eventType.toLowerCase());
    if (!type) return fixedPlan(unmapped(`unknown CloudTrail eventType '${eventType}'`));
    if (type.kind === 'permissionless')
      return fixedPlan({ kind: 'permissionless', reason: type.reason ?? type.eventType });
  }

  const source = serviceForEventSource(eventSource, index, data);
  if (source.kind === 'unknown') return fixedPlan(unmapped(source.reason));
  const service = source.service;
  const operation = stripVersionSuffix((rawOperation ?? '').trim());
  if (operation === '') return fixedPlan(unmapped(`no operation recorded (eventSource ${eventSource})`));
  const key = operationKey(service, operation);

  const free = index.permissionless.get(key);
  if (free) return fixedPlan({ kind: 'permissionless', reason: free.reason });

  const entry = index.operations.get(key);
  const passRole = index.passRole.get(key);
  const plan: OperationPlan = {
    fixed: undefined,
    service,
    operation,
    entry,
    calls: undefined,
    passRole,
    byTests: undefined,
  };
  if (entry) {
    const rules = entry.calls ?? [];
    if (!entry.expand && !passRole && rules.every((r) => r.each === undefined)) {
      if (rules.every((r) => !r.when && !r.unless))
        plan.fixed = finish(fromRules(rules, NO_PROBE), plan, data);
      else plan.byTests = new Map();
    }
    return plan;
  }
  const same = data.action(service, operation);
  const verbs = same ? undefined : httpVerbCalls(index, service, operation);
  if (same) plan.calls = [{ action: same.action, reason: 'call' }];
  else if (verbs) plan.calls = verbs;
  else return fixedPlan(unmapped(`no action ${service}:${operation} in the service data`));
  if (!passRole) plan.fixed = finish(plan.calls, plan, data);
  return plan;
}

/** For rules that test nothing: never asked. */
const NO_PROBE: RecordProbe = {
  ask(): never {
    throw new Error('a rule without tests read the request');
  },
};

/** Deduplicated, canonical, checked. */
function finish(calls: ActionCall[], plan: OperationPlan, data: ServiceData): ActionResolution {
  const checked = canonical(dedupe(calls), data);
  if ('missing' in checked) {
    return unmapped(
      `${plan.service}:${plan.operation} maps to ${checked.missing}, which the service data does not list`,
    );
  }
  if (checked.calls.length === 0)
    return unmapped(`${plan.service}:${plan.operation}: no rule in data/operations.json applied`);
  return { kind: 'actions', calls: checked.calls };
}

/**
 * `resolveActions` reading the record through a probe (what map-operation.ts memoises). The resolution may
 * be shared between records: never change it.
 */
export function resolveActionsWith(probe: RecordProbe, data: ServiceData): ActionResolution {
  const plan = operationPlan(data, probe.ask(EVENT_TYPE), probe.ask(EVENT_SOURCE), probe.ask(OPERATION));
  if (plan.fixed) return plan.fixed;
  const entry = plan.entry;
  if (entry && plan.byTests) {
    // Which rules apply is all that varies: one resolution per combination of test results.
    const rules = entry.calls ?? [];
    let tests = '';
    for (const rule of rules) {
      if (rule.when && !probe.ask(holdsQuery(rule.when))) {
        tests += '0';
        continue;
      }
      tests += rule.unless && probe.ask(holdsQuery(rule.unless)) ? '0' : '1';
    }
    let resolution = plan.byTests.get(tests);
    if (!resolution) {
      resolution = finish(
        fromRules(
          rules.filter((_, i) => tests.charCodeAt(i) === 0x31),
          NO_PROBE,
          true,
        ),
        plan,
        data,
      );
      plan.byTests.set(tests, resolution);
    }
    return resolution;
  }

  let calls: ActionCall[];
  if (entry) {
    calls = fromRules(entry.calls ?? [], probe);
    if (entry.expand) {
      const expanded = probe.ask(expandQuery(plan.operation, entry.expand));
      if (expanded.kind === 'unmapped') return expanded;
      calls.push(...expanded.calls);
    }
  } else {
    calls = [...(plan.calls ?? [])];
  }
  if (plan.passRole) calls.push(...probe.ask(passRoleQuery(plan.passRole)));
  return finish(calls, plan, data);
}
