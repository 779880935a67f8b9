/** Which kind of file a parsed document is, from its shape (the name only breaks ties). */
import { isSamTemplate } from './cloudformation.js';
import { get, type SourceNode } from './source-node.js';
import type { FileKind } from './types.js';

function hasProviderBlocks(node: SourceNode | undefined): boolean {
  return node?.kind === 'object' && node.entries.some((e) => /^[a-z][a-z0-9]*_[a-z0-9_]+$/.test(e.key));
}

export function detectFileKind(root: SourceNode | undefined, file: string): FileKind {
  if (root?.kind !== 'object') return 'unknown';
  if (get(root, 'Statement') !== undefined) return 'policy';
  const resources = get(root, 'Resources');
  if (get(root, 'AWSTemplateFormatVersion') !== undefined || resources?.kind === 'object') {
    return isSamTemplate(root) ? 'sam' : 'cloudformation';
  }
  if (
    get(root, 'format_version') !== undefined &&
    (get(root, 'planned_values') ||
      get(root, 'values') ||
      get(root, 'resource_changes') ||
      get(root, 'configuration'))
  ) {
    return 'terraform-plan';
  }
  const resource = get(root, 'resource');
  const data = get(root, 'data');
  if (
    (/\.tf\.json$/i.test(file) && (resource?.kind === 'object' || data?.kind === 'object')) ||
    hasProviderBlocks(resource) ||
    hasProviderBlocks(data)
  ) {
    return 'terraform-config';
  }
  if (
    get(root, 'provider') !== undefined &&
    (get(root, 'service') !== undefined || get(root, 'functions') !== undefined)
  ) {
    return 'serverless';
  }
  return 'unknown';
}
