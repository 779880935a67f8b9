/**
 * The reviewed tables behind `resolveActions` (schemas in data/README.md), loaded once and indexed by
 * lower-cased keys. Nothing here knows IAM: it only reads and indexes what data/ says.
 */
import { readFileSync } from 'node:fs';

/** A test on the request parameters; every key given must hold. Paths: see actions-request.ts. */
export interface Predicate {
  /** At least one of the paths holds a non-empty value. */
  present?: string[];
  /** At least one of the paths holds this value (case-insensitive; booleans and numbers as text). */
  equals?: { paths: string[]; value: string };
  /** At least one of the paths holds a string matching this regular expression (case-insensitive). */
  matches?: { paths: string[]; pattern: string };
}

export interface CallRule {
  action: string;
  /** `call` (default): the operation itself; `dependent`: needed because of what the request carried. */
  reason?: 'call' | 'dependent';
  resourceFrom?: string;
  when?: Predicate;
  unless?: Predicate;
  /** One call per value found at this path, each with `resourceFrom: param:<concrete path>`; none when absent. */
  each?: string;
  note?: string;
}

export type ExpandKind = 'dynamodb-items' | 'partiql-statements';

export interface ExpandRule {
  kind: ExpandKind;
  /** Item kind (`Put`, `SELECT`...) or `*` for every item -> action. */
  actions: Record<string, string>;
}

export interface OperationEntry {
  service: string;
  operation: string;
  calls?: CallRule[];
  expand?: ExpandRule;
  source: string;
  note?: string;
}

export interface EventSourceEntry {
  eventSource: string;
  service: string;
  source: string;
  note?: string;
}

export interface PassRoleEntry {
  service: string;
  operation: string;
  path: string;
  kind: 'role' | 'instanceProfile';
  passedTo: string;
  source: string;
  note?: string;
}

export interface PermissionlessEntry {
  service: string;
  operation: string;
  reason: string;
  source: string;
  note?: string;
}

export interface EventTypeEntry {
  eventType: string;
  kind: 'call' | 'permissionless';
  reason?: string;
  source: string;
  note?: string;
}

export interface HttpVerbEntry {
  service: string;
  match: 'prefix' | 'operation';
  name: string;
  methods: string[];
  source: string;
  note?: string;
}

/** The raw tables, as the files hold them. */
export interface ActionTables {
  eventSources: EventSourceEntry[];
  eventTypes: EventTypeEntry[];
  httpVerbs: HttpVerbEntry[];
  operations: OperationEntry[];
  passRole: PassRoleEntry[];
  permissionless: PermissionlessEntry[];
}

/** File name in data/ of each table. */
export const TABLE_FILES: Record<keyof ActionTables, string> = {
  eventSources: 'event-sources.json',
  eventTypes: 'event-types.json',
  httpVerbs: 'http-verb-actions.json',
  operations: 'operations.json',
  passRole: 'pass-role.json',
  permissionless: 'permissionless.json',
};

/** The tables indexed for lookups; keys are lower-cased. */
export interface ActionIndex {
  tables: ActionTables;
  /** host -> IAM prefix */
  eventSources: Map<string, string>;
  eventTypes: Map<string, EventTypeEntry>;
  /** `service:operation` */
  operations: Map<string, OperationEntry>;
  passRole: Map<string, PassRoleEntry[]>;
  permissionless: Map<string, PermissionlessEntry>;
  /** service -> its HTTP-verb rules */
  httpVerbs: Map<string, HttpVerbEntry[]>;
}

const dataDir = new URL('../../data/', import.meta.url);

function readTable<T>(file: string): T[] {
  const doc = JSON.parse(readFileSync(new URL(file, dataDir), 'utf8')) as { entries?: T[] };
  if (!Array.isArray(doc.entries)) throw new Error(`data/${file} has no "entries" array`);
  return doc.entries;
}

/** Read every table from data/ (no caching: tests use it to check the files themselves). */
export function readActionTables(): ActionTables {
  return {
    eventSources: readTable<EventSourceEntry>(TABLE_FILES.eventSources),
    eventTypes: readTable<EventTypeEntry>(TABLE_FILES.eventTypes),
    httpVerbs: readTable<HttpVerbEntry>(TABLE_FILES.httpVerbs),
    operations: readTable<OperationEntry>(TABLE_FILES.operations),
    passRole: readTable<PassRoleEntry>(TABLE_FILES.passRole),
    permissionless: readTable<PermissionlessEntry>(TABLE_FILES.permissionless),
  };
}

export function operationKey(service: string, operation: string): string {
  return `${service}:${operation}`.toLowerCase();
}

export function indexActionTables(tables: ActionTables): ActionIndex {
  const passRole = new Map<string, PassRoleEntry[]>();
  for (const e of tables.passRole) {
    const key = operationKey(e.service, e.operation);
    passRole.set(key, [...(passRole.get(key) ?? []), e]);
  }
  const httpVerbs = new Map<string, HttpVerbEntry[]>();
  for (const e of tables.httpVerbs) {
    const key = e.service.toLowerCase();
    httpVerbs.set(key, [...(httpVerbs.get(key) ?? []), e]);
  }
  return {
    tables,
    eventSources: new Map(tables.eventSources.map((e) => [e.eventSource.toLowerCase(), e.service])),
    eventTypes: new Map(tables.eventTypes.map((e) => [e.eventType.toLowerCase(), e])),
    operations: new Map(tables.operations.map((e) => [operationKey(e.service, e.operation), e])),
    passRole,
    permissionless: new Map(tables.permissionless.map((e) => [operationKey(e.service, e.operation), e])),
    httpVerbs,
  };
}

let loaded: ActionIndex | undefined;

/** The tables from data/, read and indexed once per process. */
export function actionIndex(): ActionIndex {
  loaded ??= indexActionTables(readActionTables());
  return loaded;
}
