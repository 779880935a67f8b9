/**
 * The reviewed tables in data/ that the readers use, read once and cached. Their schemas are described in each
 * file's `$comment` and in README.md beside this file.
 */
import { readFileSync } from 'node:fs';
import type { PolicyType } from '../types.js';

export interface ResourceArnEntry {
  type: string;
  nameProperty?: string;
  lowercaseName?: boolean;
  ref: string;
  attributes: Record<string, string>;
  source: string;
  note?: string;
}

export interface PolicyPlaceEntry {
  type: string;
  /** Property steps (CloudFormation) or attribute steps (Terraform), `*` for every element of a list. */
  path: string[];
  policyType: PolicyType;
  resourceType?: string;
  policyTypeFrom?: string;
  wrap?: 'statement' | 'statements';
  synthesize?: 'lambda-permission' | 'sam-policies';
  guessPolicyType?: boolean;
}

export interface SamPolicyTemplate {
  name: string;
  parameters: string[];
  statements: unknown[];
}

function load(name: string): unknown {
  // src/validate/readers/ and dist/validate/readers/ both sit three levels under the package root.
  return JSON.parse(readFileSync(new URL(`../../../data/${name}`, import.meta.url), 'utf8'));
}

let resourceArns: Map<string, ResourceArnEntry> | undefined;
export function resourceArnTable(): Map<string, ResourceArnEntry> {
  if (!resourceArns) {
    const t = load('cfn-resource-arns.json') as { entries: ResourceArnEntry[] };
    resourceArns = new Map(t.entries.map((e) => [e.type, e]));
  }
  return resourceArns;
}

function placeTable(name: string, pathField: 'path' | 'attribute'): Map<string, PolicyPlaceEntry[]> {
  const t = load(name) as { entries: (Omit<PolicyPlaceEntry, 'path'> & Record<string, unknown>)[] };
  const out = new Map<string, PolicyPlaceEntry[]>();
  for (const e of t.entries) {
    const raw = String(e[pathField] ?? '');
    const entry: PolicyPlaceEntry = { ...e, path: raw === '' ? [] : raw.split('/') };
    const list = out.get(e.type) ?? [];
    list.push(entry);
    out.set(e.type, list);
  }
  return out;
}

let cfnPlaces: Map<string, PolicyPlaceEntry[]> | undefined;
export function cfnPolicyPlaces(): Map<string, PolicyPlaceEntry[]> {
  cfnPlaces ??= placeTable('cfn-policy-properties.json', 'path');
  return cfnPlaces;
}

let tfPlaces: Map<string, PolicyPlaceEntry[]> | undefined;
export function terraformPolicyPlaces(): Map<string, PolicyPlaceEntry[]> {
  tfPlaces ??= placeTable('terraform-policy-attributes.json', 'attribute');
  return tfPlaces;
}

let samTemplates: Map<string, SamPolicyTemplate> | undefined;
export function samPolicyTemplates(): Map<string, SamPolicyTemplate> {
  if (!samTemplates) {
    const t = load('sam-policy-templates.json') as { templates: SamPolicyTemplate[] };
    samTemplates = new Map(t.templates.map((e) => [e.name, e]));
  }
  return samTemplates;
}
