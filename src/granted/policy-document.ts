/**
 * Policy documents as the IAM API returns them: URL-encoded JSON text (RFC 3986, `%7B%22Version%22...`). The AWS
 * CLI and most collectors decode them into objects first; both forms are accepted.
 */

export type DocumentRead = { kind: 'ok'; document: unknown } | { kind: 'error'; message: string };

/** A policy document from a dump: an object as is, a string URL-decoded (when encoded) and parsed. */
export function readPolicyDocument(value: unknown): DocumentRead {
  if (value === undefined || value === null)
    return { kind: 'error', message: 'the policy document is missing' };
  if (typeof value === 'object') return { kind: 'ok', document: value };
  if (typeof value !== 'string') {
    return {
      kind: 'error',
      message: `a policy document must be an object or JSON text, not a ${typeof value}`,
    };
  }
  let text = value.trim();
  if (!text.startsWith('{')) {
    try {
      text = decodeURIComponent(text).trim();
    } catch {
      return { kind: 'error', message: 'the policy document is neither JSON nor URL-encoded JSON' };
    }
  }
  try {
    return { kind: 'ok', document: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'error', message: `the policy document is not valid JSON: ${(error as Error).message}` };
  }
}
