/** ARN globs for `--principal`: `*` any run of characters, `?` one character; case-sensitive like ARNs. */
export function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`${re}$`);
}

export function matchesAnyGlob(value: string, globs: RegExp[]): boolean {
  return globs.some((g) => g.test(value));
}
