/**
 * Finds every IAM policy in a file, with where each value is, for the checks in ../checks.
 *
 *   readPolicies(file, text, options)   one file's text: policies, diagnostics, what kind of file it is
 *   readPolicyFiles(paths, options)     files and directories (recursively), in a stable order
 *
 * Never throws on bad input: a file that cannot be parsed, a policy that is not one, a value that cannot be
 * resolved each becomes a diagnostic naming the file and line (or the template's logical path), and the rest is
 * still read. See README.md for the file kinds, intrinsics and placeholders.
 */
export { isPlaceholder, PLACEHOLDER_PREFIX } from './intrinsics.js';
export { guessPolicyType, TRUST_POLICY_RESOURCE_TYPE } from './policy-file.js';
export { readPolicies } from './read-policies.js';
export type { FileKind, ReaderDiagnostic, ReaderDiagnosticCode, ReaderOptions, ReadResult } from './types.js';
export { type ReadFilesOptions, type ReadFilesResult, readPolicyFiles } from './walk.js';
