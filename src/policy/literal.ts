/**
 * Literal text inside IAM resource patterns. In a Resource element `*` and `?` are wildcards and `${` starts
 * a policy variable, so a name that holds one of them (an S3 object key may hold anything) must be written
 * with IAM's escapes, `${*}`, `${?}` and `${$}`, or the statement grants more than that name (`reports/*.csv`
 * would cover every CSV under `reports/`). The mapping writes the values a record gave in this form, and the
 * wildcards of its tables and ARN formats (a log group's `:*`, a variable the record lacked, a secret's
 * `-??????`) as they are: a permission's resource is then a pattern that says exactly what was used
 * (mapping/types.ts). Replay and audit turn it back into the text a request carries.
 */

const NEEDS_ESCAPE = /[*?]|\$\{/;
const TO_ESCAPE = /[*?]|\$\{/g;
const ESCAPED = /\$\{([*?$])\}/g;

function escapeOne(found: string): string {
  return found === '*' ? '${*}' : found === '?' ? '${?}' : '${$}{';
}

/** `text` as an IAM pattern that matches exactly `text`. Text without `*`, `?` or `${` comes back as it is. */
export function escapeIamLiteral(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(TO_ESCAPE, escapeOne) : text;
}

/** The text a pattern stands for with its escapes read (`${*}` `*`, `${?}` `?`, `${$}` `$`); wildcards stay. */
export function unescapeIamLiteral(pattern: string): string {
  return pattern.includes('${') ? pattern.replace(ESCAPED, '$1') : pattern;
}

/** Whether the escape `${*}`, `${?}` or `${$}` starts at `at`. */
function isEscapeAt(pattern: string, at: number): boolean {
  if (pattern.charCodeAt(at) !== 0x24 /* $ */ || pattern.charCodeAt(at + 1) !== 0x7b /* { */) return false;
  const c = pattern.charCodeAt(at + 2);
  return (c === 0x2a || c === 0x3f || c === 0x24) && pattern.charCodeAt(at + 3) === 0x7d /* } */;
}

/** Where the first wildcard (`*` or `?` that is not inside an escape) is, or -1. */
export function firstWildcard(pattern: string): number {
  let i = 0;
  for (;;) {
    const star = pattern.indexOf('*', i);
    const question = pattern.indexOf('?', i);
    const w = star < 0 ? question : question < 0 ? star : Math.min(star, question);
    // An escape's `*` or `?` is its third character.
    if (w < 2 || !isEscapeAt(pattern, w - 2)) return w;
    i = w + 2;
  }
}
